using StorageRegistrar.Declarations;
using StorageRegistrar.Diagnostics;

namespace StorageRegistrar.Preflight;

/// <summary>
/// The stack's own rules held against a bucket it does not create (<c>existingBucket</c>): the retention lock it declares
/// (<c>immutability</c>), where recordings may live (<c>allowedLocations</c>) and, on GCS, the uniform bucket-level
/// access its grant limited to the path needs. The stack changes nothing on such a bucket, so only its owner can bring
/// it in line; the judgement is the doctor's (<see cref="LockAndResidencyAnalyzer"/>, <see cref="UniformAccessAnalyzer"/>).
/// </summary>
public static class ExistingBucketGuardrails
{
    private const string BucketOwner = "the bucket's owner (or, to change what the stack declares, the stack's owner)";

    private const string LogBucketOwner = "the stack's owner (accessLogs), or the log bucket's owner (its default retention)";

    public static readonly Guardrail S3Lock = new("s3-existing-bucket-lock", GuardrailCloud.Aws, BucketOwner);
    public static readonly Guardrail S3Location = new("s3-existing-bucket-location", GuardrailCloud.Aws, BucketOwner);
    public static readonly Guardrail S3LogBucket = new("s3-existing-log-bucket", GuardrailCloud.Aws, LogBucketOwner);
    public static readonly Guardrail GcsLock = new("gcs-existing-bucket-lock", GuardrailCloud.Gcp, BucketOwner);
    public static readonly Guardrail GcsLocation = new("gcs-existing-bucket-location", GuardrailCloud.Gcp, BucketOwner);
    public static readonly Guardrail GcsUniformAccess = new("gcs-existing-bucket-uniform-access", GuardrailCloud.Gcp, BucketOwner);
    public static readonly Guardrail AbsLock = new("abs-existing-container-lock", GuardrailCloud.Azure, BucketOwner);
    public static readonly Guardrail AbsLocation = new("abs-existing-account-location", GuardrailCloud.Azure, BucketOwner);
    public static readonly Guardrail AbsLogAccount = new("abs-existing-log-account", GuardrailCloud.Azure, "the stack's owner (accessLogs)");

    /// <summary>Each cloud's guardrails, in the catalog's cloud order.</summary>
    public static IReadOnlyList<Guardrail> Gcp { get; } = [GcsLock, GcsLocation, GcsUniformAccess];

    public static IReadOnlyList<Guardrail> Aws { get; } = [S3Lock, S3Location, S3LogBucket];

    public static IReadOnlyList<Guardrail> Azure { get; } = [AbsLock, AbsLocation, AbsLogAccount];

    /// <summary>The lock and location guardrails of a storage type.</summary>
    public static (Guardrail Lock, Guardrail Location) For(string storageType) => storageType switch
    {
        StorageTypes.S3 => (S3Lock, S3Location),
        StorageTypes.Gcs => (GcsLock, GcsLocation),
        StorageTypes.Abs => (AbsLock, AbsLocation),
        _ => throw new ArgumentOutOfRangeException(nameof(storageType), storageType, "Only S3, GCS and Azure Blob buckets are read."),
    };

    /// <summary>
    /// The bucket's lock and location, and a GCS bucket's uniform access when read, judged as the doctor judges them: a
    /// finding it counts as a problem blocks, one that says the fact could not be read is not examined, and a rule with
    /// neither is met.
    /// </summary>
    /// <param name="uniformAccess">Read only where Stream's grant carries an IAM condition; null otherwise.</param>
    public static IReadOnlyList<GuardrailCheck> Judge(LockAndResidencyFacts facts, UniformAccessFacts? uniformAccess = null)
    {
        ArgumentNullException.ThrowIfNull(facts);
        var (lockGuardrail, locationGuardrail) = For(facts.StorageType);
        var findings = LockAndResidencyAnalyzer.Analyze(facts);
        var checks = new List<GuardrailCheck>();
        if (facts.ExpectedLock is { } expected)
        {
            var lockFindings = findings.Where(f => f.Code.StartsWith("lock.", StringComparison.Ordinal)).ToList();
            checks.Add(lockFindings.Count == 0
                ? GuardrailCheck.Met(lockGuardrail, $"'{facts.Bucket}' keeps recordings from deletion for {DayCount.Of(facts.Lock!.Days)}{(facts.Lock.Irreversible ? ", irreversibly" : "")}: at least the {expected.Days}-day {Word(expected.Mode)} lock the stack declares.")
                : Judge(lockGuardrail, lockFindings, LockAndResidencyAnalyzer.LockReadPermission(facts.StorageType)));
        }

        if (facts.AllowedLocations is { } allowed)
        {
            var placeFindings = findings.Where(f => f.Code.StartsWith("residency.", StringComparison.Ordinal)).ToList();
            checks.Add(placeFindings.Count == 0
                ? GuardrailCheck.Met(locationGuardrail, $"'{facts.Bucket}' is in {LockAndResidencyAnalyzer.Where(facts)}, inside allowedLocations ({string.Join(", ", allowed)}).")
                : Judge(locationGuardrail, placeFindings, LockAndResidencyAnalyzer.LocationReadPermission(facts.StorageType)));
        }

        if (uniformAccess is not null)
        {
            checks.Add(Judge(uniformAccess));
        }

        return checks;
    }

    /// <summary>
    /// An existing log bucket as S3 judges a logging configuration naming it: a read fact S3 refuses blocks, even when the
    /// other could not be read; with none and a read refused, the guardrail is not examined.
    /// </summary>
    public static GuardrailCheck Judge(S3LogBucketFacts facts)
    {
        ArgumentNullException.ThrowIfNull(facts);
        var bucket = facts.Bucket;
        var refusals = new List<string>();
        var fixes = new List<string>();
        if (facts.Region is { } region && region != facts.SourceRegion)
        {
            refusals.Add($"Log bucket '{bucket}' is in {region}, the recordings' bucket in {facts.SourceRegion}: S3 delivers server access logs only to a bucket of the source bucket's region, and refuses the logging configuration (403 CrossLocationLoggingProhibited).");
            fixes.Add($"Name a log bucket in {facts.SourceRegion} (accessLogs: BUCKET), or set accessLogs: create to have the stack make one there.");
        }

        if (facts.DefaultRetention is { } retention)
        {
            refusals.Add($"Log bucket '{bucket}' has an Object Lock default retention ({DayCount.Of(retention.Days)}, {(retention.Irreversible ? "compliance" : "governance")} mode): S3 takes no logging target with one, and refuses the logging configuration.");
            fixes.Add($"Have its owner remove the default retention, keeping Object Lock on (aws s3api put-object-lock-configuration --bucket {bucket} --object-lock-configuration ObjectLockEnabled=Enabled), name another log bucket, or set accessLogs: create.");
        }

        if (refusals.Count > 0)
        {
            return GuardrailCheck.Blocks(
                S3LogBucket,
                $"{string.Join(' ', refusals)} pulumi up would stop at the bucket's logging, its last setting, after the bucket and its other settings are made.",
                string.Join('\n', fixes));
        }

        var unread = new[] { ("region", facts.RegionError), ("Object Lock configuration", facts.RetentionError) }.Where(r => r.Item2 is not null).ToList();
        if (unread.Count > 0)
        {
            return GuardrailCheck.NotExamined(
                S3LogBucket,
                $"Log bucket '{bucket}': its {string.Join(" and ", unread.Select(r => $"{r.Item1} could not be read ({r.Item2})"))}, so whether S3 takes it as the logging target is not known.",
                $"Run preflight with credentials allowed s3:GetBucketLocation and s3:GetBucketObjectLockConfiguration on the log bucket '{bucket}'.",
                grantedBy: "the log bucket's owner");
        }

        return GuardrailCheck.Met(
            S3LogBucket,
            $"Log bucket '{bucket}' is in {facts.SourceRegion}, as the recordings' bucket, with no Object Lock default retention: S3 takes it as the logging target if it is of the deployer's account, which preflight does not read.");
    }

    /// <summary>An existing log account's location against the recordings' account's, as Azure Monitor holds a diagnostic setting's storage account to it.</summary>
    public static GuardrailCheck Judge(AzureLogAccountFacts facts)
    {
        ArgumentNullException.ThrowIfNull(facts);
        var account = facts.AccountId[(facts.AccountId.LastIndexOf('/') + 1)..];
        if (facts.Location is not { } location || facts.RecordingsLocation is not { } recordings)
        {
            var unread = new[] { ($"log account {account}'s location", facts.LocationError), ("the recordings' account's location", facts.RecordingsLocationError) }
                .Where(r => r.Item2 is not null).Select(r => $"{r.Item1} could not be read ({r.Item2})");
            return GuardrailCheck.NotExamined(
                AbsLogAccount,
                $"{string.Join("; ", unread)}, so whether Azure Monitor takes log account {account} for the diagnostic setting is not known.",
                $"Run preflight with credentials allowed Microsoft.Storage/storageAccounts/read (Reader) on log account {account} and on the recordings' account, with the stack's subscription set (azure-native:subscriptionId).",
                grantedBy: "the accounts' owners");
        }

        return SameAzureLocation(location, recordings)
            ? GuardrailCheck.Met(AbsLogAccount, $"Log account {account} is in {location}, as the recordings' account: Azure Monitor takes it for the diagnostic setting.")
            : GuardrailCheck.Blocks(
                AbsLogAccount,
                $"Log account {account} is in {location}, the recordings' account in {recordings}: Azure Monitor sends resource logs only to a storage account in the monitored resource's region, and refuses the diagnostic setting pulumi up makes after the account.",
                $"Name a storage account in {recordings} (accessLogs: ACCOUNT_ID), a Log Analytics workspace (any region), or set accessLogs: create to have the stack make one there.");
    }

    /// <summary>ARM writes locations in lowercase without spaces (<c>westeurope</c>); people also write their display names (<c>West Europe</c>).</summary>
    private static bool SameAzureLocation(string one, string other) =>
        string.Equals(one.Replace(" ", "", StringComparison.Ordinal), other.Replace(" ", "", StringComparison.Ordinal), StringComparison.OrdinalIgnoreCase);

    private static GuardrailCheck Judge(UniformAccessFacts facts) =>
        UniformAccessAnalyzer.Analyze(facts) is { } finding
            ? Judge(GcsUniformAccess, [finding], GcsBucketProbe.ReadPermission)
            : GuardrailCheck.Met(GcsUniformAccess, $"'{facts.Bucket}' has uniform bucket-level access, so it accepts the IAM condition keeping Stream's grant to the storage's path.");

    private static GuardrailCheck Judge(Guardrail guardrail, List<Finding> findings, string readPermission) =>
        findings.All(f => f.Severity == FindingSeverity.Problem)
            ? GuardrailCheck.Blocks(guardrail, string.Join(' ', findings.Select(f => f.Cause)), string.Join('\n', findings.Select(f => f.Fix).Distinct(StringComparer.Ordinal)))
            : GuardrailCheck.NotExamined(guardrail, string.Join(' ', findings.Select(f => f.Cause)), $"Run preflight with credentials allowed {readPermission}.", grantedBy: BucketOwner);

    private static string Word(LockMode mode) => mode.ToString().ToLowerInvariant();
}

/// <summary>What preflight reads of an existing S3 log bucket with the owner's credentials; a fact not read carries its error instead.</summary>
/// <param name="SourceRegion">The region of the bucket whose access is logged.</param>
public sealed record S3LogBucketFacts(string Bucket, string SourceRegion)
{
    /// <summary>The log bucket's region; null when not read (<see cref="RegionError"/>).</summary>
    public string? Region { get; init; }

    public string? RegionError { get; init; }

    /// <summary>Its Object Lock default retention; null when it has none, or when not read (<see cref="RetentionError"/>).</summary>
    public BucketLock? DefaultRetention { get; init; }

    public string? RetentionError { get; init; }
}

/// <summary>What preflight reads of an existing Azure log account, and of the recordings' account where it exists; a location not read carries its error instead.</summary>
public sealed record AzureLogAccountFacts(string AccountId)
{
    public string? Location { get; init; }

    public string? LocationError { get; init; }

    /// <summary>The recordings' account's location: the one the stack creates it in, or the existing account's as read.</summary>
    public string? RecordingsLocation { get; init; }

    public string? RecordingsLocationError { get; init; }
}
