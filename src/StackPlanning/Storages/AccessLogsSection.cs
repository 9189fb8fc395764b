using System.Text.RegularExpressions;
using StorageRegistrar.Declarations;
using StorageRegistrar.Validation;
using Keys = StackPlanning.ConfigKeys.Storage;

namespace StackPlanning.Storages;

/// <summary>
/// Access logs: who read, wrote and deleted what in the bucket, delivered to a log bucket the stack creates
/// (<c>create</c>), to an existing one (S3, GCS: its name; Azure: a storage account or Log Analytics workspace, by
/// resource id), or on GCS to the project's Data Access audit logs (<c>auditLogs</c>). Never into the recordings' bucket.
/// </summary>
internal sealed partial class AccessLogsSection : StorageSection
{
    private const string AzureForms =
        "\"create\", a Log Analytics workspace id (/subscriptions/<id>/resourceGroups/<group>/providers/Microsoft.OperationalInsights/workspaces/<name>) or a storage account id (/subscriptions/<id>/resourceGroups/<group>/providers/Microsoft.Storage/storageAccounts/<name>)";

    public override IReadOnlyList<StorageSetting> Settings { get; } =
    [
        new(Keys.AccessLogs, [Cloud.S3, Cloud.Gcs, Cloud.Abs], new Dictionary<Cloud, string>
        {
            [Cloud.S3Compatible] = "the stack creates nothing at an S3-compatible store, so it cannot turn on its logging: use the store's own access logs, where it has them, and remove it.",
        }),
    ];

    public override StorageConfig Read(StorageReader reader, StorageConfig storage) => storage with
    {
        AccessLogs = reader.ReadString(Keys.AccessLogs) switch
        {
            null => null,
            Keys.CreateValue => new AccessLogs(AccessLogTarget.CreatedLogBucket),
            Keys.AuditLogsValue => new AccessLogs(AccessLogTarget.ProjectAuditLogs),
            var workspace when reader.Cloud == Cloud.Abs && LogAnalyticsWorkspaceId().IsMatch(workspace) => new AccessLogs(AccessLogTarget.LogAnalyticsWorkspace, workspace),
            var bucket => new AccessLogs(AccessLogTarget.ExistingLogBucket, bucket),
        },
    };

    public override void Check(StorageReader reader, StorageConfig storage)
    {
        if (storage.AccessLogs is not { } logs)
        {
            return;
        }

        if (logs.Target == AccessLogTarget.ProjectAuditLogs && storage.Cloud != Cloud.Gcs)
        {
            reader.Problem(Keys.AccessLogs, $"\"{Keys.AuditLogsValue}\" is GCS's project-wide logging: here use \"{Keys.CreateValue}\" or {(storage.Cloud == Cloud.Abs ? "a storage account or Log Analytics workspace id" : "an existing log bucket's name")}.");
            return;
        }

        if (logs.Target == AccessLogTarget.ExistingLogBucket && LogDestinationProblem(storage, logs.Destination!) is { } problem)
        {
            reader.Problem(Keys.AccessLogs, problem);
            return;
        }

        // Server access logging (S3) and usage logs (GCS) are settings of the bucket itself; a diagnostic setting (Azure)
        // and the project's audit logs (GCS) are resources of their own beside it.
        var setOnBucket = storage.Cloud == Cloud.S3 || (storage.Cloud == Cloud.Gcs && logs.Target != AccessLogTarget.ProjectAuditLogs);
        if (storage.ExistingBucket is { } existing && setOnBucket)
        {
            reader.Problem(Keys.AccessLogs, storage.Cloud == Cloud.S3
                ? $"turns on server access logging, a setting of {Keys.ExistingBucket} \"{TerminalText.Shorten(existing)}\", which the stack never changes: turn it on at the bucket, or remove it."
                : $"sends usage logs, a setting of {Keys.ExistingBucket} \"{TerminalText.Shorten(existing)}\", which the stack never changes: use \"{Keys.AuditLogsValue}\" (the project's Data Access audit logs), or remove it.");
        }
    }

    /// <summary>
    /// Rules between storages: no storage logs into the bucket another records into, and the project's audit logs, which
    /// cover every bucket of the project, are turned on by one storage of the project.
    /// </summary>
    public static void CheckAcrossStorages(IReadOnlyList<(int Index, StorageConfig Storage)> storages, List<ValidationProblem> problems)
    {
        foreach (var (index, storage) in storages)
        {
            var at = $"{ConfigKeys.Storages}[{index}].{Keys.AccessLogs}";
            if (storage.AccessLogs is { Target: AccessLogTarget.ExistingLogBucket, Destination: { } destination })
            {
                var recording = storages.FirstOrDefault(other => other.Index != index && other.Storage.Cloud == storage.Cloud && other.Storage.ExistingBucket == destination);
                if (recording.Storage is not null)
                {
                    problems.Add(new(at, $"\"{TerminalText.Shorten(destination)}\" is the bucket {ConfigKeys.Storages}[{recording.Index}] records into: its logs would be written among recordings. Use \"{Keys.CreateValue}\", or a bucket kept for logs."));
                }
            }

            if (storage.Cloud == Cloud.Gcs && storage.AccessLogs?.Target == AccessLogTarget.ProjectAuditLogs)
            {
                var auditors = storages.Where(other => other.Storage.Cloud == Cloud.Gcs && other.Storage.AccessLogs?.Target == AccessLogTarget.ProjectAuditLogs).ToList();
                var first = auditors.First(other => other.Storage.Project == storage.Project);
                if (first.Index != index)
                {
                    problems.Add(new(at, $"\"{Keys.AuditLogsValue}\" is set by {ConfigKeys.Storages}[{first.Index}] for the same project already, and the project's audit logs cover every bucket in it: remove it here."));
                }
                else if (auditors.FirstOrDefault(other => other.Index < index && ProjectForms.Differ(other.Storage, storage)) is (var earlierIndex, { } earlier))
                {
                    problems.Add(ProjectForms.Mixed(index, storage, earlierIndex, earlier, $"sets {Keys.AccessLogs}: {Keys.AuditLogsValue}", "whether they turn on the same project's audit logs"));
                }
            }
        }
    }

    private static string? LogDestinationProblem(StorageConfig storage, string destination)
    {
        if (storage.Cloud == Cloud.Abs)
        {
            if (StorageAccountId().Match(destination) is not { Success: true } account)
            {
                return $"must be {AzureForms}.";
            }

            return string.Equals(account.Groups[1].Value, storage.ExistingAccount, StringComparison.OrdinalIgnoreCase) ? Itself("account") : null;
        }

        if (destination == storage.ExistingBucket)
        {
            return Itself("bucket");
        }

        return DeclarationValidator.CheckBucketName(destination, storage.Cloud == Cloud.Gcs ? StorageTypes.Gcs : StorageTypes.S3) is { } nameProblem
            ? $"must be \"{Keys.CreateValue}\"{(storage.Cloud == Cloud.Gcs ? $", \"{Keys.AuditLogsValue}\"" : "")} or an existing log bucket's name, and \"{TerminalText.Shorten(destination)}\" {nameProblem}"
            : null;
    }

    private static string Itself(string what) =>
        $"is the {what} the recordings are in: its access logs would be written among them, and log their own writes. Use \"{Keys.CreateValue}\", or a {what} kept for logs.";

    private const string AzureResourceGroupPrefix = @"^/subscriptions/[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}/resourceGroups/[-\w.()]{1,90}/providers/";

    [GeneratedRegex(AzureResourceGroupPrefix + @"Microsoft\.OperationalInsights/workspaces/[A-Za-z0-9][A-Za-z0-9-]{2,61}[A-Za-z0-9]\z", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex LogAnalyticsWorkspaceId();

    [GeneratedRegex(AzureResourceGroupPrefix + @"Microsoft\.Storage/storageAccounts/([a-z0-9]{3,24})\z", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex StorageAccountId();
}
