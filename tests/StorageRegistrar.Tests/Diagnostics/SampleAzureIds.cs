namespace StorageRegistrar.Tests.Diagnostics;

/// <summary>The Resource Manager ids of the storage account and container that the Azure diagnostics tests examine.</summary>
internal static class SampleAzureIds
{
    public const string Subscription = "/subscriptions/00000000-0000-0000-0000-000000000001";
    public const string Account = Subscription + "/resourceGroups/video-rg/providers/Microsoft.Storage/storageAccounts/strecabs9f8e7d6c";
    public const string ContainerId = Account + "/blobServices/default/containers/recordings";
}
