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
/// Each option takes a plain value for every storage, or <c>STORAGE=VALUE</c> for one (repeatable), so that
/// <c>doctor --all</c> can be told about storages in different regions and accounts.
/// </summary>
internal sealed class StorageOptions
{
    public Option<string[]> Region { get; } = PerStorage(DoctorArguments.Region, "The bucket's S3 region, as registered (s3_region); STORAGE=REGION for one storage. Default: AWS_REGION.");

    public Option<string[]> Endpoint { get; } = PerStorage(DoctorArguments.Endpoint, "S3-compatible stores (R2, MinIO, Wasabi...): the endpoint the storage is registered with (s3_custom_endpoint_url), with --region the store's signing region; STORAGE=URL for one storage. Your own key for the store comes from the AWS variables or profile.");

    public Option<string[]> AwsProfile { get; } = PerStorage("--aws-profile", "S3 and S3-compatible stores: your AWS shared-config profile for the bucket (another account, or the store's key); STORAGE=PROFILE for one storage. Default: the SDK's chain (AWS_PROFILE...).");

    public Option<string[]> Account { get; } = PerStorage(DoctorArguments.Account, "The Azure storage account that holds the container (abs_account_name); STORAGE=ACCOUNT for one storage.");

    public void AddTo(Command command)
    {
        command.Options.Add(Region);
        command.Options.Add(Endpoint);
        command.Options.Add(AwsProfile);
        command.Options.Add(Account);
    }

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
            var endpoint = CheckedEndpoint(ValueFor(parseResult.GetValue(Endpoint), name), name);
            var region = ValueFor(parseResult.GetValue(Region), name);
            Func<string, string?> checkRegion = value => DeclarationValidator.CheckS3Region(value, customEndpoint: endpoint is not null);
            Refuse(DoctorArguments.Region, name, region, checkRegion);
            // The region from the environment goes to the same client, and is refused as the option would be.
            Refuse("AWS_REGION (or AWS_DEFAULT_REGION)", name, region is null ? defaultRegion : null, checkRegion);
            s3 = new S3Settings { Region = region ?? defaultRegion, CustomEndpointUrl = endpoint };
        }

        AzureBlobSettings? azure = null;
        if (storage.Type == StorageTypes.Abs)
        {
            var account = ValueFor(parseResult.GetValue(Account), name);
            Refuse(DoctorArguments.Account, name, account, DeclarationValidator.CheckAzureAccountName);
            azure = new AzureBlobSettings { AccountName = account };
        }

        return new StorageDeclaration { Name = name, StorageType = storage.Type, Bucket = storage.Bucket, Path = storage.Path, AwsS3 = s3, AzureBlob = azure };
    }

    /// <summary>The profile given for <paramref name="storage"/>; null: the SDK's chain.</summary>
    public string? AwsProfileFor(ParseResult parseResult, string storage) => ValueFor(parseResult.GetValue(AwsProfile), storage);

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

    /// <summary>
    /// An option that takes a plain value for every storage or <c>STORAGE=VALUE</c> for one, one value a token and
    /// repeatable; read with <see cref="ValueFor"/>.
    /// </summary>
    public static Option<string[]> PerStorage(string name, string description) => new(name)
    {
        Description = description,
        AllowMultipleArgumentsPerToken = false,
    };

    /// <summary>
    /// Parses every value <paramref name="option"/> was given with <paramref name="parse"/>, the reader its value is
    /// later read with; one it refuses (<see cref="FormatException"/>) stops the command, before anything is asked of
    /// Stream, with <paramref name="refusal"/> of the argument as given and the parser's reason.
    /// </summary>
    public static void ParseEach<T>(ParseResult parseResult, Option<string[]> option, Func<string, T> parse, Func<string, string, string> refusal)
    {
        foreach (var value in parseResult.GetValue(option) ?? [])
        {
            FormatException? refused = null;
            foreach (var candidate in ValuesOf(value))
            {
                try
                {
                    parse(candidate);
                    refused = null;
                    break;
                }
                catch (FormatException e)
                {
                    refused ??= e;
                }
            }

            if (refused is not null)
            {
                throw new ArgumentException(refusal(value, refused.Message), refused);
            }
        }
    }

    /// <summary>
    /// Reads <paramref name="option"/>'s value for <paramref name="storage"/> as the doctor will, refusing one its reader
    /// refuses: where a value holds '=' too, only the storage's name settles which part is the value.
    /// </summary>
    /// <exception cref="ArgumentException">The reader refuses the value.</exception>
    public static void ReadFor(string option, string storage, Action read)
    {
        ArgumentNullException.ThrowIfNull(read);
        try
        {
            read();
        }
        catch (FormatException e)
        {
            throw new ArgumentException($"{option} for '{storage}' cannot be read ({e.Message}): pass the stack's doctorArguments.", e);
        }
    }

    /// <summary>
    /// What a plain or <c>STORAGE=VALUE</c> argument may give, whichever storage it names: the text after its first '=',
    /// then after each later one, since a storage's name may hold '=' too (<see cref="ValueFor"/> reads it after the whole name).
    /// </summary>
    public static IEnumerable<string> ValuesOf(string argument)
    {
        var separator = StorageSeparator(argument);
        if (separator < 0)
        {
            yield return argument;
            yield break;
        }

        for (; separator >= 0; separator = argument.IndexOf('=', separator + 1))
        {
            yield return argument[(separator + 1)..];
        }
    }

    /// <summary>The value given for <paramref name="storage"/> by name, else the last plain value, else null.</summary>
    public static string? ValueFor(string[]? values, string storage)
    {
        string? plain = null;
        foreach (var value in values ?? [])
        {
            // A storage Stream lists may hold '=' in its name: the whole name, then '=', names it.
            if (value.StartsWith($"{storage}=", StringComparison.Ordinal) && StorageSeparator(value) >= 0)
            {
                return value[(storage.Length + 1)..];
            }

            if (StorageSeparator(value) < 0)
            {
                plain = value;
            }
        }

        return plain;
    }

    /// <summary>
    /// Where a <c>STORAGE=VALUE</c> argument's name ends; -1 for a plain value. A URL is plain, whatever '=' its query
    /// holds (its scheme's "://" comes first), so that an endpoint is judged rather than taken for another storage's.
    /// </summary>
    private static int StorageSeparator(string argument)
    {
        var separator = argument.IndexOf('=', StringComparison.Ordinal);
        return separator < 0 || argument.AsSpan(0, separator).Contains("://", StringComparison.Ordinal) ? -1 : separator;
    }
}
