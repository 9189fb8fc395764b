using System.CommandLine;
using StackPlanning;
using StorageRegistrar.Declarations;
using StorageRegistrar.Stream.Models;
using StorageRegistrar.Validation;
using StorageRegistrar.Verification;

namespace StreamStorage.Cli.Commands;

/// <summary>
/// What Stream does not echo back about a storage but the owner's clients need: the S3 region, an S3-compatible
/// store's endpoint and the Azure account.
/// </summary>
internal sealed class StorageOptions : PerStorageOptions
{
    public Option<string[]> Region { get; } = PerStorage(DoctorArguments.Region, "The bucket's S3 region, as registered (s3_region); STORAGE=REGION for one storage. Default: AWS_REGION.");

    public Option<string[]> Endpoint { get; } = PerStorage(DoctorArguments.Endpoint, "S3-compatible stores (R2, MinIO, Wasabi...): the endpoint the storage is registered with (s3_custom_endpoint_url), with --region the store's signing region; STORAGE=URL for one storage. Your own key for the store comes from the AWS variables or profile.");

    public Option<string[]> AwsProfile { get; } = PerStorage("--aws-profile", "S3 and S3-compatible stores: your AWS shared-config profile for the bucket (another account, or the store's key); STORAGE=PROFILE for one storage. Default: the SDK's chain (AWS_PROFILE...).");

    public Option<string[]> Account { get; } = PerStorage(DoctorArguments.Account, "The Azure storage account that holds the container (abs_account_name); STORAGE=ACCOUNT for one storage.");

    protected override IReadOnlyList<Option<string[]>> All => [Region, Endpoint, AwsProfile, Account];

    /// <summary>
    /// What stops the owner's clients from finding the check file, asked before Stream's check runs so that no file is
    /// written when the command will refuse: a storage the check file cannot be located in, or a setting the owner's
    /// default clients cannot do without. Null when nothing does.
    /// </summary>
    public static string? ProblemFor(StorageDeclaration declaration)
    {
        if (DeclarationValidator.CheckExistingStorageName(declaration.Name) is { } badName)
        {
            return $"The storage's name as Stream lists it {badName}";
        }

        if (CheckFileVerifier.CheckLocatable(declaration) is { } unlocatable)
        {
            return $"'{declaration.Name}' as Stream lists it: {unlocatable}";
        }

        return declaration switch
        {
            { StorageType: StorageTypes.S3, AwsS3.Region: null or "" } =>
                $"Finding the check file in S3 bucket '{declaration.Bucket}' needs its region: pass --region (the s3_region it is registered with; --region {declaration.Name}=REGION for this storage alone) or set AWS_REGION.",
            { StorageType: StorageTypes.Abs, AzureBlob.AccountName: null or "" } =>
                $"Finding the check file in Azure container '{declaration.Bucket}' needs its storage account: pass --account (the abs_account_name it is registered with; --account {declaration.Name}=ACCOUNT for this storage alone).",
            _ => null,
        };
    }

    /// <summary>
    /// The storage as the owner's clients see it. Stream lists no credentials, and none are needed here. An option
    /// value the owner's clients cannot take stops the storage before Stream's check writes into it.
    /// </summary>
    /// <exception cref="ArgumentException">A --region, --endpoint or --account value given for the storage is not one.</exception>
    public StorageDeclaration Declare(ParseResult parseResult, ExternalStorageResponse storage, string? defaultRegion)
    {
        var name = storage.Name;
        S3Settings? s3 = null;
        if (storage.Type == StorageTypes.S3)
        {
            var endpoint = CheckedEndpoint(ValueFor(parseResult, Endpoint, name), name);
            var region = ValueFor(parseResult, Region, name);
            Func<string, string?> checkRegion = value => DeclarationValidator.CheckS3Region(value, customEndpoint: endpoint is not null);
            Refuse(DoctorArguments.Region, name, region, checkRegion);
            // The region from the environment goes to the same client, and is refused as the option would be.
            Refuse("AWS_REGION (or AWS_DEFAULT_REGION)", name, region is null ? defaultRegion : null, checkRegion);
            s3 = new S3Settings { Region = region ?? defaultRegion, CustomEndpointUrl = endpoint };
        }

        AzureBlobSettings? azure = null;
        if (storage.Type == StorageTypes.Abs)
        {
            var account = ValueFor(parseResult, Account, name);
            Refuse(DoctorArguments.Account, name, account, DeclarationValidator.CheckAzureAccountName);
            azure = new AzureBlobSettings { AccountName = account };
        }

        return new StorageDeclaration { Name = name, StorageType = storage.Type, Bucket = storage.Bucket, Path = storage.Path, AwsS3 = s3, AzureBlob = azure };
    }

    /// <summary>The region given with <c>--region</c> for <paramref name="storage"/>: what it is registered with; null when none was given.</summary>
    public string? RegionGivenFor(ParseResult parseResult, string storage) => ValueFor(parseResult, Region, storage);

    /// <summary>The profile given for <paramref name="storage"/>; null: the SDK's chain.</summary>
    public string? AwsProfileFor(ParseResult parseResult, string storage) => ValueFor(parseResult, AwsProfile, storage);

    /// <summary>The verifier's options with the profile given for each storage.</summary>
    public CheckFileVerifierOptions VerifierOptions(CliServices services, ParseResult parseResult)
    {
        var options = services.CreateVerifierOptions();
        options.AwsProfile = declaration => AwsProfileFor(parseResult, declaration.Name!);
        return options;
    }

    /// <summary>
    /// The owner's S3 client sends the owner's key to the endpoint: the rule Stream's registration has applies. A refused
    /// endpoint is not repeated, since it may carry a user name and password.
    /// </summary>
    private static string? CheckedEndpoint(string? endpoint, string storage) =>
        endpoint is not null && DeclarationValidator.CheckCustomEndpointUrl(endpoint) is { } problem
            ? throw new ArgumentException($"{DoctorArguments.Endpoint} for '{storage}' {problem}")
            : endpoint;

    /// <summary>Stops the storage when <paramref name="value"/>, given with <paramref name="option"/>, is refused by <paramref name="check"/>.</summary>
    private static void Refuse(string option, string storage, string? value, Func<string, string?> check)
    {
        if (value is not null && check(value) is { } problem)
        {
            throw new ArgumentException($"{option} \"{TerminalText.Shorten(value)}\" for '{storage}' {problem}");
        }
    }
}
