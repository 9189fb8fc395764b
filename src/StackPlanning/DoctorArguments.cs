using System.Globalization;
using StorageRegistrar.Diagnostics;
using StorageRegistrar.Grants;

namespace StackPlanning;

/// <summary>
/// What <c>stream-storage doctor</c> must be told about a stack's storages, because Stream does not return it: the
/// S3 region or an S3-compatible store's endpoint, the Azure account and container id, who Stream signs in as, the
/// age its key may reach, the Azure role it is given where not the stack's own, the retention lock the bucket must
/// have and where it may be, and the customer-managed key, tiers, access logs and soft delete it must have. One place
/// for the option names: the CLI declares its options with them, and the program outputs
/// a stack's arguments (<c>doctorArguments</c>) so that a drift check runs <c>doctor --all</c> with nothing to keep
/// in step by hand. Each value is given per storage (<c>STORAGE=VALUE</c>).
/// </summary>
public static class DoctorArguments
{
    public const string Region = "--region";
    public const string Endpoint = "--endpoint";
    public const string Account = "--account";
    public const string IamUser = "--iam-user";
    public const string ServiceAccount = "--service-account";
    public const string ClientId = "--client-id";
    public const string MaxAgeDays = "--max-age-days";
    public const string Immutability = "--immutability";
    public const string AllowedLocations = "--allowed-locations";
    public const string ContainerId = "--container-id";

    /// <summary>S3 policy mode accepted by the stack (<c>true</c>): the doctor notes that the grant trusts every Stream app instead of warning.</summary>
    public const string TrustAccepted = "--trust-accepted";

    /// <summary>The customer-managed key: its id, the stack's own once created or the existing one's, or <c>create</c> before the stack's own exists (<see cref="ExpectedKey"/>).</summary>
    public const string EncryptionKey = "--encryption-key";

    /// <summary>The tiers as <c>DAYS:CLASS</c>, comma-separated, with the cloud's class names (<see cref="ExpectedTier"/>).</summary>
    public const string Tiers = "--tiers";

    /// <summary>Where access logs go: <c>create</c>, <c>auditLogs</c> or the existing destination (<see cref="ExpectedAccessLogs"/>).</summary>
    public const string AccessLogs = "--access-logs";

    /// <summary>The days of soft delete the stack sets on the GCS bucket or Azure account it creates, 0 for off (its <c>softDeleteDays</c>).</summary>
    public const string SoftDeleteDays = "--soft-delete-days";

    /// <summary>
    /// The role Stream's Azure service principal is given, in the stack's words (its <c>azureRole</c>:
    /// <see cref="AzureStreamRole.WriteOnly"/> or <see cref="AzureStreamRole.BlobDataContributor"/>); given only where it is
    /// not the stack's own <c>writeOnly</c>, which the doctor holds the principal to without it.
    /// </summary>
    public const string AzureRole = "--azure-role";

    /// <summary>Whether the stack created the storage's bucket (<c>true</c>): a bucket of Stream's own, at whose root it may write.</summary>
    public const string BucketCreated = "--bucket-created";

    /// <summary>How <see cref="AllowedLocations"/> lists them in one value.</summary>
    public const char LocationSeparator = ',';

    /// <summary>The arguments for one storage, space-separated.</summary>
    /// <param name="identity">Who Stream signs in as: the IAM user (S3 keys mode), the service account's email (GCS), the application's client id (Azure); null where Stream holds no credential the stack issued.</param>
    /// <param name="azureAccount">The storage account holding an Azure storage's container.</param>
    /// <param name="azureSubscriptionId">The subscription of an Azure storage's account, for the container's ARM id (where the doctor reads Stream's role assignments, the lock and the location); null leaves those unread.</param>
    /// <param name="createdKeyId">
    /// The id of the key the stack created, known once <c>pulumi up</c> made it (KMS key ARN, Cloud KMS key name, Key Vault
    /// key's resource id), so that the doctor holds the bucket to that very key; null says <c>create</c>, any customer key.
    /// </param>
    /// <param name="createdLogDestination">
    /// The log bucket's name (Azure: the log account's resource id) the stack created for the access logs, known once
    /// <c>pulumi up</c> made it, so that the doctor holds the logging to it (<c>create:NAME</c>); null says <c>create</c>, any
    /// destination.
    /// </param>
    public static string For(
        StoragePlan plan, string? identity, string? azureAccount, string? azureSubscriptionId = null, string? createdKeyId = null, string? createdLogDestination = null)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var arguments = new List<(string Option, string Value)>();
        switch (plan)
        {
            case S3StoragePlan s3:
                arguments.Add((Region, s3.Region));
                AddIdentity(IamUser);
                if (s3 is { TrustsEveryStreamApp: true, AcceptsEveryStreamApp: true })
                {
                    arguments.Add((TrustAccepted, "true"));
                }
                break;
            case GcsStoragePlan:
                AddIdentity(ServiceAccount);
                break;
            case AzureStoragePlan azure:
                arguments.Add((Account, azureAccount ?? throw new ArgumentNullException(nameof(azureAccount), "An Azure storage's arguments need its account.")));
                AddIdentity(ClientId);
                if (azureSubscriptionId is not null)
                {
                    arguments.Add((ContainerId, azure.ContainerId(azureSubscriptionId, azureAccount)));
                }

                if (azure.StreamRole != AzureStreamRole.WriteOnly)
                {
                    arguments.Add((AzureRole, azure.StreamRole.ToString()));
                }

                break;
            case S3CompatibleStoragePlan compatible:
                arguments.Add((Endpoint, compatible.Endpoint));
                arguments.Add((Region, compatible.Region));
                break;
        }

        if (plan.CreatesBucket && plan is not S3CompatibleStoragePlan)
        {
            arguments.Add((BucketCreated, "true"));
        }

        if (plan.CredentialMaxAgeDays is { } days)
        {
            arguments.Add((MaxAgeDays, days.ToString(CultureInfo.InvariantCulture)));
        }

        if (plan.Immutability is { } immutability)
        {
            arguments.Add((Immutability, ExpectedLockOf(immutability).ToString()));
        }

        // An S3-compatible store's signing region says nothing of where it keeps data.
        if (plan.AllowedLocations is { } allowed && plan is not S3CompatibleStoragePlan)
        {
            arguments.Add((AllowedLocations, string.Join(LocationSeparator, allowed)));
        }

        if (plan.EncryptionKey is { } key)
        {
            arguments.Add((EncryptionKey, new ExpectedKey(key.ExistingKeyId ?? createdKeyId).ToString()));
        }

        if (plan.Tiers.Count > 0)
        {
            arguments.Add((Tiers, ExpectedTier.Format(plan.Tiers.Select(t => new ExpectedTier(t.AfterDays, t.StorageClass)))));
        }

        if (plan.AccessLogs is { } logs)
        {
            arguments.Add((AccessLogs, ExpectedAccessLogsOf(logs, createdLogDestination).ToString()));
        }

        // Only where the stack sets it, off included: a cloud's own default, or an existing bucket's, is not the stack's to hold.
        if (plan switch { GcsStoragePlan gcs => gcs.SoftDeleteDays, AzureStoragePlan azure => azure.SoftDeleteDays, _ => null } is { } softDeleteDays)
        {
            arguments.Add((SoftDeleteDays, softDeleteDays.ToString(CultureInfo.InvariantCulture)));
        }

        return string.Join(' ', arguments.Select(a => $"{a.Option} {plan.StreamName}={a.Value}"));

        void AddIdentity(string option)
        {
            if (identity is not null)
            {
                arguments.Add((option, identity));
            }
        }
    }

    /// <summary>The declared lock as the doctor holds the bucket to it.</summary>
    public static ExpectedLock ExpectedLockOf(Immutability immutability)
    {
        ArgumentNullException.ThrowIfNull(immutability);
        return new ExpectedLock(immutability.Days, immutability.Mode == ImmutabilityMode.Compliance ? LockMode.Compliance : LockMode.Governance);
    }

    /// <summary>The declared access logs as the doctor holds the bucket to them: a created destination by its name once it has one.</summary>
    public static ExpectedAccessLogs ExpectedAccessLogsOf(AccessLogsPlan logs, string? createdLogDestination = null)
    {
        ArgumentNullException.ThrowIfNull(logs);
        return logs.Target switch
        {
            AccessLogTarget.CreatedLogBucket => ExpectedAccessLogs.CreatedAt(createdLogDestination),
            AccessLogTarget.ProjectAuditLogs => new ExpectedAccessLogs(ExpectedAccessLogs.AuditLogsValue),
            _ => new ExpectedAccessLogs(logs.Destination!),
        };
    }

    /// <summary>The stack's arguments: every storage's, in the order given.</summary>
    public static string Combine(IEnumerable<string> storageArguments) =>
        string.Join(' ', storageArguments.Where(a => a.Length > 0));
}
