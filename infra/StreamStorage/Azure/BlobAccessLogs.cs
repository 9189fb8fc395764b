using Pulumi.Random;
using Monitor = Pulumi.AzureNative.Monitor;
using Storage = Pulumi.AzureNative.Storage;

namespace StreamStorage.Azure;

/// <summary>
/// Access logs (<see cref="StoragePlan.AccessLogs"/>) on Azure: a diagnostic setting on the account's blob service sending its
/// reads, writes and deletes to a Log Analytics workspace, an existing storage account, or a log account the stack creates
/// beside the recordings' account, which destroy treats as it treats the recordings (<see cref="StoragePlan.Data"/>).
/// </summary>
internal static class BlobAccessLogs
{
    /// <summary>Adds the diagnostic setting, when the storage's requests are logged.</summary>
    /// <returns>The id of the log account the stack created for them; null when it created none.</returns>
    public static Output<string>? Add(
        Resource parent, string name, AzureStoragePlan plan, RandomId? suffix, Input<string> resourceGroupName, Output<string> accountId)
    {
        if (plan.AccessLogs is not { } logs)
        {
            return null;
        }

        Output<string>? createdLogAccountId = null;
        var workspaceId = logs.Target == AccessLogTarget.LogAnalyticsWorkspace ? logs.Destination : null;
        var storageAccountId = InputValues.Optional(logs.Target == AccessLogTarget.ExistingLogBucket ? logs.Destination : null);
        if (logs.CreatesLogBucket)
        {
            var logAccount = new Storage.StorageAccount($"{name}-log-account", new Storage.StorageAccountArgs
            {
                AccountName = suffix!.Hex.Apply(hex => plan.LogAccountName(hex)),
                ResourceGroupName = resourceGroupName,

                // Azure Monitor writes logs only into an account in the region of the resource they are about.
                Location = plan.Location is { } location ? location : ExistingAccountLocation(parent, plan),
                Kind = Storage.Kind.StorageV2,
                Sku = new Storage.Inputs.SkuArgs { Name = AzureStoragePlan.LogAccountSku },
                MinimumTlsVersion = Storage.MinimumTlsVersion.TLS1_2,
                EnableHttpsTrafficOnly = true,
                AllowBlobPublicAccess = false,
                Tags = InputValues.Tags(plan),
            }, ChildOptions.Holding(parent, plan.Data));
            createdLogAccountId = logAccount.Id;
            storageAccountId = createdLogAccountId;
        }

        _ = new Monitor.DiagnosticSetting($"{name}-access-logs", new Monitor.DiagnosticSettingArgs
        {
            ResourceUri = accountId.Apply(AzureStoragePlan.BlobServiceId),
            Logs = AzureStoragePlan.AccessLogCategories.Select(category => new Monitor.Inputs.DiagnosticsLogSettingsArgs { Category = category, Enabled = true }).ToList(),
            WorkspaceId = InputValues.Optional(workspaceId),
            StorageAccountId = storageAccountId,
        }, ChildOptions.Of(parent));
        return createdLogAccountId;
    }

    /// <summary>The region of the existing account whose container the storage uses, which the stack only reads.</summary>
    private static Output<string> ExistingAccountLocation(Resource parent, AzureStoragePlan plan) =>
        Storage.GetStorageAccount.Invoke(
            new Storage.GetStorageAccountInvokeArgs { AccountName = plan.ExistingAccount!, ResourceGroupName = plan.ResourceGroupName },
            new InvokeOptions { Parent = parent })
        .Apply(account => account.Location);
}
