using StorageRegistrar.Declarations;

namespace StorageRegistrar.Diagnostics;

/// <summary>
/// Holds a bucket's soft delete against the days the stack sets (<c>softDeleteDays</c>, only on the GCS buckets and the
/// Azure accounts it creates): fewer days, or none, leave a recording deleted or overwritten meanwhile beyond restore,
/// and <c>pulumi up</c> puts back what the stack set. Soft delete found on where the stack turns it off only costs
/// storage, a note. A soft delete that could not be read is a warning that it was not examined, never a pass.
/// </summary>
public static class SoftDeleteAnalyzer
{
    private const string UpPutsItBack = "pulumi up puts back what the stack set (pulumi preview --refresh shows the change); or by hand";

    public static IReadOnlyList<Finding> Analyze(SoftDeleteFacts facts)
    {
        ArgumentNullException.ThrowIfNull(facts);
        if (facts.ExpectedDays is not { } expected)
        {
            return [];
        }

        var declared = $"softDeleteDays: {expected}";
        if (facts.Days is not { } actual)
        {
            return
            [
                new Finding(FindingCodes.SoftDeleteUnreadable, FindingSeverity.Warning,
                    $"The soft delete of '{facts.Bucket}' could not be read ({facts.Error ?? "no answer"}), so it was not examined against the one the stack sets ({declared}).",
                    $"Run the doctor with credentials allowed {ReadPermission(facts.StorageType)}."),
            ];
        }

        if (expected == 0)
        {
            return actual == 0 ? []
                :
                [
                    new Finding(FindingCodes.SoftDeleteNotOff, FindingSeverity.Note,
                        $"'{facts.Bucket}' keeps deleted and overwritten recordings restorable, and billed, for {DayCount.Of(actual)}, though the stack turns soft delete off ({declared}).",
                        $"{UpPutsItBack}: {TurnOffCommand(facts)}. Or keep it, and declare softDeleteDays: {actual}."),
                ];
        }

        if (actual >= expected)
        {
            return [];
        }

        var cause = actual == 0
            ? $"'{facts.Bucket}' has soft delete off, though the stack sets {DayCount.Of(expected)} ({declared}): a recording deleted or overwritten meanwhile cannot be restored."
            : $"'{facts.Bucket}' keeps deleted and overwritten recordings restorable for {DayCount.Of(actual)}, fewer than the {DayCount.Of(expected)} the stack sets ({declared}): one deleted or overwritten more than {DayCount.Of(actual)} ago cannot be restored.";
        return
        [
            new Finding(actual == 0 ? FindingCodes.SoftDeleteOff : FindingCodes.SoftDeleteShorter, FindingSeverity.Warning, cause,
                $"{UpPutsItBack}: {SetCommand(facts, expected)}."),
        ];
    }

    /// <summary>What reading the soft delete takes: Cloud Storage's one bucket read, or the account's blob service in Resource Manager.</summary>
    private static string ReadPermission(string storageType) => storageType == StorageTypes.Gcs
        ? GcsBucketProbe.ReadPermission
        : "to read the account's blob service in Azure Resource Manager (Reader on the account) and pass --container-id";

    private static string SetCommand(SoftDeleteFacts facts, int days) => facts.StorageType == StorageTypes.Gcs
        ? $"gcloud storage buckets update gs://{facts.Bucket} --soft-delete-duration={days}d"
        : $"az storage account blob-service-properties update --account-name {AccountOf(facts.Bucket)} --enable-delete-retention true --delete-retention-days {days}";

    private static string TurnOffCommand(SoftDeleteFacts facts) => facts.StorageType == StorageTypes.Gcs
        ? $"gcloud storage buckets update gs://{facts.Bucket} --clear-soft-delete"
        : $"az storage account blob-service-properties update --account-name {AccountOf(facts.Bucket)} --enable-delete-retention false";

    /// <summary>The account of an Azure bucket as the doctor names it (<c>account/container</c>).</summary>
    private static string AccountOf(string bucket) => bucket.IndexOf('/', StringComparison.Ordinal) is var slash and > 0 ? bucket[..slash] : "ACCOUNT";
}
