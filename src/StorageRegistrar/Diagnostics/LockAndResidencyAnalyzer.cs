using StorageRegistrar.Declarations;

namespace StorageRegistrar.Diagnostics;

/// <summary>
/// Holds the bucket's retention lock and location against what the stack declares (<c>immutability</c>,
/// <c>allowedLocations</c>). A bucket the stack creates gets both from pulumi up; an existing bucket is its owner's,
/// and only the owner can bring it in line. A fact that could not be read is a warning, never a pass.
/// </summary>
public static class LockAndResidencyAnalyzer
{
    public static IReadOnlyList<Finding> Analyze(LockAndResidencyFacts facts)
    {
        ArgumentNullException.ThrowIfNull(facts);
        var findings = new List<Finding>();
        if (facts.ExpectedLock is { } expected)
        {
            AddLockFinding(facts, expected, findings);
        }

        if (facts.AllowedLocations is { } allowed)
        {
            AddResidencyFinding(facts, allowed, findings);
        }

        return findings;
    }

    private static void AddLockFinding(LockAndResidencyFacts facts, ExpectedLock expected, List<Finding> findings)
    {
        var declared = $"the {expected.Days}-day {expected.Mode.ToString().ToLowerInvariant()} lock the stack declares (immutability)";
        if (facts.LockError is { } error)
        {
            findings.Add(new Finding(FindingCodes.LockUnreadable, FindingSeverity.Warning,
                $"The retention lock of '{facts.Bucket}' could not be read ({error}), so it was not held against {declared}.",
                $"Run the doctor with credentials allowed {LockReadPermission(facts.StorageType)}{ContainerIdHint(facts.StorageType)}."));
            return;
        }

        if (facts.Lock is not { } actual)
        {
            findings.Add(new Finding(FindingCodes.LockMissing, FindingSeverity.Problem,
                $"'{facts.Bucket}' has no retention lock, but {declared}: recordings in it can be deleted or overwritten.",
                SetLockFix(facts, expected)));
            return;
        }

        if (actual.Days < expected.Days)
        {
            findings.Add(new Finding(FindingCodes.LockWeaker, FindingSeverity.Problem,
                $"'{facts.Bucket}' keeps recordings from deletion for {DayCount.Of(actual.Days)}, fewer than {declared}.",
                LengthenLockFix(facts, expected, actual)));
        }

        if (expected.Mode == LockMode.Compliance && !actual.Irreversible)
        {
            findings.Add(facts.StorageType == StorageTypes.S3
                ? new Finding(FindingCodes.LockWeaker, FindingSeverity.Problem,
                    $"'{facts.Bucket}' locks recordings in governance mode, which anyone allowed s3:BypassGovernanceRetention can lift, but {declared}.",
                    SetLockFix(facts, expected))
                : new Finding(FindingCodes.LockNotLocked, FindingSeverity.Problem,
                    $"The retention policy of '{facts.Bucket}' is not locked, so it can still be shortened or removed, but {declared}.",
                    actual.AccountDefault ? LockAccountDefaultFix(facts) : LockPolicyFix(facts)));
        }
    }

    /// <summary>
    /// How a lock of fewer days than declared is lengthened. On Azure it depends on where the lock is: an account's
    /// default is changed on the account, a locked container policy can only be extended, an unlocked one is set again.
    /// </summary>
    private static string LengthenLockFix(LockAndResidencyFacts facts, ExpectedLock expected, BucketLock actual) =>
        facts.StorageType != StorageTypes.Abs ? SetLockFix(facts, expected)
        : actual.AccountDefault ? LengthenAccountDefaultFix(facts, expected, actual.Irreversible)
        : actual.Irreversible ? ExtendAzureLockFix(facts, expected)
        : SetLockFix(facts, expected);

    /// <summary>What reading a bucket's lock takes, for a fix that asks for it.</summary>
    public static string LockReadPermission(string storageType) => storageType switch
    {
        StorageTypes.S3 => "s3:GetBucketObjectLockConfiguration on the bucket",
        StorageTypes.Gcs => GcsBucketProbe.ReadPermission,
        _ => "to read the container and its storage account in Azure Resource Manager (Reader on the account)",
    };

    /// <summary>The doctor reads an Azure container in Resource Manager only when given its id.</summary>
    private static string ContainerIdHint(string storageType) => storageType == StorageTypes.Abs ? " and pass --container-id" : "";

    private static string SetLockFix(LockAndResidencyFacts facts, ExpectedLock expected)
    {
        var how = facts.StorageType switch
        {
            StorageTypes.S3 => $"turn on Object Lock with a default retention of {DayCount.Of(expected.Days)} in {expected.Mode.ToString().ToUpperInvariant()} mode (aws s3api put-object-lock-configuration --bucket {facts.Bucket} --object-lock-configuration 'ObjectLockEnabled=Enabled,Rule={{DefaultRetention={{Mode={expected.Mode.ToString().ToUpperInvariant()},Days={expected.Days}}}}}')",
            StorageTypes.Gcs => $"set a retention policy of {DayCount.Of(expected.Days)} (gcloud storage buckets update gs://{facts.Bucket} --retention-period={expected.Days}d){(expected.Mode == LockMode.Compliance ? ", then lock it (--lock-retention-period)" : "")}",
            _ => $"set a time-based retention policy of {DayCount.Of(expected.Days)} on the container (az storage container immutability-policy create {AzContainer(facts.Bucket)} --period {expected.Days}){(expected.Mode == LockMode.Compliance ? $", then lock it ({AzLock(facts.Bucket)})" : "")}",
        };
        return $"A bucket the stack creates gets its lock from pulumi up; on an existing bucket its owner must {how}. Or declare the lock the bucket really has in immutability.";
    }

    private static string LockPolicyFix(LockAndResidencyFacts facts) => facts.StorageType == StorageTypes.Gcs
        ? $"Lock the retention policy (gcloud storage buckets update gs://{facts.Bucket} --lock-retention-period): it can then never be shortened or removed. Or declare mode: governance in immutability."
        : $"Lock the container's time-based retention policy ({AzLock(facts.Bucket)}): it can then only be extended. Or declare mode: governance in immutability.";

    /// <summary>A locked Azure policy can only be extended, never created again.</summary>
    private static string ExtendAzureLockFix(LockAndResidencyFacts facts, ExpectedLock expected) =>
        $"Have the account's owner extend the container's locked time-based retention policy to {DayCount.Of(expected.Days)} "
        + $"(az storage container immutability-policy extend {AzContainer(facts.Bucket)} --period {expected.Days} --if-match \"$({AzEtag(facts.Bucket)})\"). Or declare the lock the container really has in immutability.";

    /// <summary>
    /// An account's version-level default (the stack's Azure lock): a locked one can only be lengthened; an unlocked one is
    /// set with the stack's own protected append writes (off: recordings are block blobs), then locked for compliance.
    /// </summary>
    private static string LengthenAccountDefaultFix(LockAndResidencyFacts facts, ExpectedLock expected, bool locked)
    {
        var account = AzAccount(facts.Bucket);
        var how = locked
            ? $"extend the account's locked version-level immutability default, which the container inherits, to {DayCount.Of(expected.Days)} (az storage account update {account} --immutability-period {expected.Days}; a locked policy can only be lengthened)"
            : $"set the account's version-level immutability default, which the container inherits, to {DayCount.Of(expected.Days)} (az storage account update {account} --immutability-period {expected.Days} --immutability-state Unlocked --allow-protected-append-writes false)"
              + (expected.Mode == LockMode.Compliance ? $", then lock it (az storage account update {account} --immutability-state Locked)" : "");
        return $"An account the stack creates gets its default policy from pulumi up; on an existing account its owner must {how}. Or declare the lock the container really has in immutability.";
    }

    /// <summary>An unlocked account default is locked on the account; a container policy added beside it would not lock it.</summary>
    private static string LockAccountDefaultFix(LockAndResidencyFacts facts) =>
        $"Lock the account's version-level immutability default, which the container inherits (az storage account update {AzAccount(facts.Bucket)} --immutability-state Locked): it can then only be lengthened. Or declare mode: governance in immutability.";

    /// <summary>az's argument naming the storage account, from the bucket as the doctor names it (<c>account/container</c>).</summary>
    private static string AzAccount(string bucket) => bucket.IndexOf('/', StringComparison.Ordinal) is var slash and > 0
        ? $"--name {bucket[..slash]}"
        : "--name ACCOUNT";

    /// <summary>az's arguments naming an Azure container, from the bucket as the doctor names it (<c>account/container</c>).</summary>
    private static string AzContainer(string bucket) => bucket.IndexOf('/', StringComparison.Ordinal) is var slash and > 0
        ? $"--account-name {bucket[..slash]} --container-name {bucket[(slash + 1)..]}"
        : $"--account-name ACCOUNT --container-name {bucket}";

    /// <summary>Locking takes the policy's ETag (If-Match), which Resource Manager requires.</summary>
    private static string AzLock(string bucket) =>
        $"az storage container immutability-policy lock {AzContainer(bucket)} --if-match \"$({AzEtag(bucket)})\"";

    private static string AzEtag(string bucket) => $"az storage container immutability-policy show {AzContainer(bucket)} --query etag -o tsv";

    private static void AddResidencyFinding(LockAndResidencyFacts facts, IReadOnlyList<string> allowed, List<Finding> findings)
    {
        var rule = $"allowedLocations ({string.Join(", ", allowed)})";
        if (facts.Location is not { } location)
        {
            findings.Add(new Finding(FindingCodes.ResidencyUnreadable, FindingSeverity.Warning,
                $"The location of '{facts.Bucket}' could not be read ({facts.LocationError ?? "no answer"}), so it was not held against {rule}.",
                $"Run the doctor with credentials allowed {LocationReadPermission(facts.StorageType)}{ContainerIdHint(facts.StorageType)}."));
            return;
        }

        // A configurable dual-region is where its two regions are, whatever multi-region's name it carries.
        if (facts.DataLocations is { Count: > 0 } regions
            ? !regions.All(region => allowed.Contains(region, StringComparer.OrdinalIgnoreCase)) && !allowed.Contains(location, StringComparer.OrdinalIgnoreCase)
            : !allowed.Contains(location, StringComparer.OrdinalIgnoreCase))
        {
            findings.Add(new Finding(FindingCodes.ResidencyOutside, FindingSeverity.Problem,
                $"'{facts.Bucket}' is in {Where(facts)}, outside {rule}: Stream writes recordings there.",
                "Point the storage at a bucket in an allowed location (recordings already written stay where they are until moved), or add the location to allowedLocations if it is allowed."));
        }
    }

    /// <summary>Where a bucket is, as its cloud names it, with a GCS configurable dual-region's two regions.</summary>
    public static string Where(LockAndResidencyFacts facts)
    {
        ArgumentNullException.ThrowIfNull(facts);
        return facts.DataLocations is { Count: > 0 } regions ? $"{facts.Location} ({string.Join(", ", regions)})" : facts.Location ?? "an unknown location";
    }

    /// <summary>What reading a bucket's location takes, for a fix that asks for it.</summary>
    public static string LocationReadPermission(string storageType) => storageType switch
    {
        StorageTypes.S3 => "s3:GetBucketLocation on the bucket",
        StorageTypes.Gcs => GcsBucketProbe.ReadPermission,
        _ => "to read the storage account in Azure Resource Manager (Reader on the account)",
    };
}
