using System.Text.Json.Nodes;
using StackPlanning;
using StorageRegistrar.Declarations;

namespace StreamStorage.Cli.Reports;

/// <summary>
/// What <c>pulumi preview</c> would create for a stack, from its plan alone: for people, and for the pipelines'
/// policy checks (OPA/Conftest) and preflight. Grant documents are embedded as JSON; secrets never appear.
/// New protections add members per storage.
/// </summary>
/// <param name="Preflight">The stack's <c>preflight</c> setting as written (<c>off</c>, <c>warn</c>, <c>strict</c>), so a policy check can refuse <c>off</c>.</param>
internal sealed record PlanReport(
    string Stack,
    string Project,
    bool Production,
    IReadOnlyList<string>? AllowedLocations,
    string Preflight,
    IReadOnlyList<PlanWarning> Warnings,
    IReadOnlyList<PlannedStorageReport> Storages,
    IReadOnlyList<PlannedBindingReport> Bindings)
{
    public static PlanReport Build(StackFile file, StackPlan plan, ResourceNaming naming) => new(
        plan.StackName,
        file.ProjectName,
        plan.Production,
        plan.AllowedLocations,
        PreflightWord(plan.Preflight),
        plan.Warnings,
        [.. plan.Storages.Select(storage => PlannedStorageReport.Build(storage, naming))],
        [.. plan.Bindings.Select(b => new PlannedBindingReport(b.CallType, b.StorageName, PlannedResourceReport.From(ResourceListing.Binding(b))))]);

    /// <summary>The configuration's word for a preflight mode: its name in lower case.</summary>
    public static string PreflightWord(PreflightMode mode) => mode.ToString().ToLowerInvariant();
}

/// <param name="Cloud">The configuration's word: <c>s3</c>, <c>gcs</c>, <c>abs</c> or <c>s3compatible</c>.</param>
/// <param name="Bucket">The bucket (Azure: the container) Stream writes into, with a placeholder for the suffix <c>pulumi up</c> draws.</param>
/// <param name="BucketCreated">False for an existing bucket, which the stack neither creates, changes nor deletes.</param>
/// <param name="Path">Where Stream writes in the bucket; with <c>unguessablePath</c>, ending in the folder <c>pulumi up</c> draws (<c>calls/{random}/</c>).</param>
/// <param name="Location">The region or location of the recordings where the stack chooses it.</param>
/// <param name="BucketPolicyStatementToMerge">S3 policy mode on an existing bucket: Stream's statement, for the owner to merge into the bucket's policy.</param>
/// <param name="Trusts">Who can make Stream write into the storage: S3 policy mode grants Stream's AWS account, so every Stream app; otherwise only the holder of the credential the stack issues (null).</param>
/// <param name="Immutability">The retention lock, and whether the stack applies it (a bucket it creates) or expects it (an existing bucket).</param>
/// <param name="Encryption">The key recordings are encrypted with at rest.</param>
/// <param name="Tiers">The classes recordings move through as they age, coldest last (the cloud's own class names).</param>
/// <param name="AccessLogs">Where requests to the bucket are logged; null when they are not.</param>
/// <param name="SoftDeleteDays">GCS and Azure: how many days the buckets (Azure: the account) the stack creates keep deleted recordings restorable (0: never); null where the stack sets none (GCS) or creates none.</param>
internal sealed record PlannedStorageReport(
    string Name,
    string Cloud,
    string StorageType,
    string Bucket,
    bool BucketCreated,
    string Path,
    string? Location,
    PlannedCredentialReport Credential,
    int CheckDeadlineSeconds,
    DataResourcePolicy DataProtection,
    IReadOnlyDictionary<string, string> Tags,
    JsonNode? BucketPolicyStatementToMerge,
    string? Trusts,
    PlannedImmutabilityReport? Immutability,
    PlannedEncryptionReport Encryption,
    IReadOnlyList<Tier> Tiers,
    AccessLogsPlan? AccessLogs,
    int? SoftDeleteDays,
    IReadOnlyList<PlannedResourceReport> Resources)
{
    public static PlannedStorageReport Build(StoragePlan plan, ResourceNaming naming) => new(
        plan.StreamName,
        plan.CloudName,
        plan.StorageType,
        ResourceListing.BucketName(plan, naming),
        plan.CreatesBucket,
        ResourceListing.StreamPath(plan, naming),
        ResourceListing.Location(plan),
        new PlannedCredentialReport(plan.Credential, plan.CredentialRotation, plan.CredentialMaxAgeDays),
        plan.CheckDeadlineSeconds,
        plan.Data,
        plan.Tags,
        plan is S3StoragePlan { StatementToMerge: { } statement } ? JsonNode.Parse(statement) : null,
        plan is S3StoragePlan { TrustsEveryStreamApp: true } ? EveryStreamApp : null,
        plan.Immutability is { } locked ? new PlannedImmutabilityReport(locked.Days, locked.Mode == ImmutabilityMode.Compliance ? "compliance" : "governance", Applied: plan.LocksBucket) : null,
        PlannedEncryptionReport.Build(plan, naming),
        plan.Tiers,
        plan.AccessLogs,
        plan switch { GcsStoragePlan gcs => gcs.SoftDeleteDays, AzureStoragePlan azure => azure.SoftDeleteDays, _ => null },
        [.. plan.Resources(naming).Select(PlannedResourceReport.From)]);

    /// <summary>Policy mode grants Stream's AWS account with no external ID: any Stream app that learns the bucket and path.</summary>
    public const string EveryStreamApp = "every Stream app";
}

/// <summary>Who holds the key recordings are encrypted with.</summary>
internal enum EncryptionKeyKind
{
    /// <summary>The cloud's own keys (S3: SSE-S3).</summary>
    CloudManaged,

    /// <summary>A customer-managed key the stack creates and rotates.</summary>
    Created,

    /// <summary>An existing customer-managed key, its owner's.</summary>
    Existing,
}

/// <param name="KeyId">The existing key's id; null otherwise.</param>
/// <param name="KeyLocation">Where the customer-managed key is, where known.</param>
/// <param name="RotationDays">A created key's rotation period.</param>
/// <param name="Algorithm">S3's default encryption: <c>AES256</c> or <c>aws:kms</c>; null on other clouds.</param>
/// <param name="InfrastructureEncryption">Azure's second layer; null on other clouds.</param>
/// <param name="KeyStatementToMerge">S3 policy mode with an existing key: Stream's statement, for the key's owner to merge into its policy.</param>
internal sealed record PlannedEncryptionReport(
    EncryptionKeyKind Key,
    string? KeyId,
    string? KeyLocation,
    int? RotationDays,
    string? Algorithm,
    bool? InfrastructureEncryption,
    JsonNode? KeyStatementToMerge)
{
    public static PlannedEncryptionReport Build(StoragePlan plan, ResourceNaming naming) => new(
        plan.EncryptionKey switch
        {
            null => EncryptionKeyKind.CloudManaged,
            { CreatesKey: true } => EncryptionKeyKind.Created,
            _ => EncryptionKeyKind.Existing,
        },
        plan.EncryptionKey?.ExistingKeyId,
        plan.EncryptionKey?.Location,
        plan.EncryptionKey?.RotationDays,
        (plan as S3StoragePlan)?.Encryption.Algorithm,
        (plan as AzureStoragePlan)?.InfrastructureEncryption,
        plan is S3StoragePlan s3 && s3.KeyStatementToMerge(ResourceListing.BucketName(s3, naming)) is { } statement ? JsonNode.Parse(statement) : null);
}

/// <param name="Applied">True when the stack locks the bucket it creates; false for an existing bucket, whose lock the doctor compares.</param>
/// <param name="Mode">As the configuration spells it: <c>governance</c> or <c>compliance</c>.</param>
internal sealed record PlannedImmutabilityReport(int Days, string Mode, bool Applied);

/// <summary>Which credential Stream gets, never its value: its kind, the rotation trigger and the age the doctor allows.</summary>
internal sealed record PlannedCredentialReport(CredentialKind Kind, string? Rotation, int? MaxAgeDays);

/// <param name="Document">A JSON grant as JSON; a GCS IAM condition as <c>{title, expression}</c>; null when the resource carries none.</param>
internal sealed record PlannedResourceReport(string Type, string Name, string? CloudName, string Summary, JsonNode? Document)
{
    public static PlannedResourceReport From(PlannedResource resource) =>
        new(resource.Type, resource.Name, resource.CloudName, resource.Summary, resource.Document switch
        {
            JsonGrantDocument json => JsonNode.Parse(json.Json),
            IamConditionDocument condition => new JsonObject { ["title"] = condition.Title, ["expression"] = condition.Expression },
            RoleAssignmentConditionDocument condition => new JsonObject { ["version"] = condition.Version, ["condition"] = condition.Condition },
            null => null,
            _ => throw new ArgumentOutOfRangeException(nameof(resource), resource.Document.GetType().Name, "unknown grant document"),
        });
}

internal sealed record PlannedBindingReport(string CallType, string Storage, PlannedResourceReport Resource);
