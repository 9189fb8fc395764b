using System.CommandLine;
using System.Globalization;
using StackPlanning;

namespace StreamStorage.Cli.Commands;

/// <summary>
/// Who Stream signs in as, for the doctor's credential-age check (and, in S3 keys mode, the user's policies): Stream never echoes it back, and the stack
/// outputs it in <c>doctorArguments</c>.
/// </summary>
internal sealed class CredentialOptions : PerStorageOptions
{
    public Option<string[]> IamUser { get; } = PerStorage(DoctorArguments.IamUser, "S3 keys mode: the IAM user whose access key Stream holds (implies --keys); STORAGE=USER for one storage. Its keys' ages are read with IAM ListAccessKeys, and its policies' grant with IAM's policy reads.");

    public Option<string[]> ServiceAccount { get; } = PerStorage(DoctorArguments.ServiceAccount, "GCS: the email of the service account whose key Stream holds; STORAGE=EMAIL for one storage. Its keys' ages are read with IAM keys.list.");

    public Option<string[]> ClientId { get; } = PerStorage(DoctorArguments.ClientId, "Azure: the client id of the Entra application whose secret Stream holds; STORAGE=ID for one storage. Default: STREAM_AZURE_CLIENT_ID. Its secrets' end dates are read from Graph.");

    public Option<string[]> MaxAgeDays { get; } = PerStorage(DoctorArguments.MaxAgeDays, "S3 keys mode and GCS: the storage's credentialMaxAgeDays, to warn 14 days before the key Stream holds reaches that age; STORAGE=DAYS for one storage.");

    protected override IReadOnlyList<Option<string[]>> All => [IamUser, ServiceAccount, ClientId, MaxAgeDays];

    /// <summary>Refuses a <c>--max-age-days</c> that is not a whole number of days, before anything is asked of Stream.</summary>
    public void Validate(ParseResult parseResult) => ParseEach(
        parseResult,
        MaxAgeDays,
        Days,
        (value, _) => $"--max-age-days '{value}' is not a number of days: pass the storage's credentialMaxAgeDays, e.g. --max-age-days 90 or --max-age-days recordings-s3=90.");

    /// <summary>Refuses a <c>--max-age-days</c> for <paramref name="storage"/> that is not a number of days, before anything is asked of the storage.</summary>
    public void ValidateFor(ParseResult parseResult, string storage) =>
        ReadFor(DoctorArguments.MaxAgeDays, storage, () => MaxAgeDaysFor(parseResult, storage));

    public string? IamUserFor(ParseResult parseResult, string storage) => ValueFor(parseResult, IamUser, storage);

    public string? ServiceAccountFor(ParseResult parseResult, string storage) => ValueFor(parseResult, ServiceAccount, storage);

    public string? ClientIdFor(ParseResult parseResult, string storage) => ValueFor(parseResult, ClientId, storage);

    public int? MaxAgeDaysFor(ParseResult parseResult, string storage) =>
        ValueFor(parseResult, MaxAgeDays, storage) is { } days ? Days(days) : null;

    /// <summary>A whole number of days, at least one.</summary>
    private static int Days(string value) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var days) && days >= 1 ? days : throw new FormatException("is not a number of days");
}
