using Storage = Pulumi.AzureNative.Storage;

namespace StreamStorage.Azure;

/// <summary>
/// The blob service of the account the stack creates, which Azure makes with versioning and soft delete off: versioning
/// on under a retention lock (<see cref="BlobImmutability"/>), whose versions the policy keeps, and soft delete
/// (<see cref="AzureStoragePlan.SoftDeleteDays"/>), which keeps a deleted or overwritten recording restorable.
/// </summary>
internal static class BlobService
{
    /// <summary>The blob service's properties; null with an existing container, whose account is its owner's (<see cref="AzureStoragePlan.SetsBlobService"/>).</summary>
    public static Storage.BlobServiceProperties? Properties(Resource parent, string name, AzureStoragePlan plan, Storage.StorageAccount account, Input<string> resourceGroupName)
    {
        if (!plan.SetsBlobService)
        {
            return null;
        }

        var args = new Storage.BlobServicePropertiesArgs
        {
            AccountName = account.Name,
            ResourceGroupName = resourceGroupName,
            BlobServicesName = "default",
        };
        if (plan.LocksBucket)
        {
            args.IsVersioningEnabled = true;
        }

        // Off is sent as off: Azure keeps a property a write leaves out, so leaving it out would keep what an earlier run set.
        args.DeleteRetentionPolicy = plan.SoftDeleteDays is { } days and > 0
            ? new Storage.Inputs.DeleteRetentionPolicyArgs { Enabled = true, Days = days }
            : new Storage.Inputs.DeleteRetentionPolicyArgs { Enabled = false };

        return new Storage.BlobServiceProperties($"{name}-blob-service", args, ChildOptions.Of(parent));
    }
}
