using System.CommandLine;
using StorageRegistrar.Declarations;
using StorageRegistrar.Stream.Models;

namespace StreamStorage.Cli.Commands;

/// <summary>What Stream does not echo back about a storage but the owner's clients need: the S3 region and the Azure account.</summary>
internal sealed class StorageOptions
{
    public Option<string?> Region { get; } = new("--region") { Description = "The bucket's S3 region, as registered (s3_region). Default: AWS_REGION." };

    public Option<string?> Account { get; } = new("--account") { Description = "The Azure storage account that holds the container (abs_account_name)." };

    public void AddTo(Command command)
    {
        command.Options.Add(Region);
        command.Options.Add(Account);
    }

    /// <summary>What the owner's default clients cannot do without, asked for before Stream's check runs; null when complete.</summary>
    public static string? MissingFor(StorageDeclaration declaration) => declaration switch
    {
        { StorageType: StorageTypes.S3, AwsS3.Region: null or "" } =>
            "Finding the check file in an S3 bucket needs its region: pass --region (the s3_region it is registered with) or set AWS_REGION.",
        { StorageType: StorageTypes.Abs, AzureBlob.AccountName: null or "" } =>
            "Finding the check file in an Azure container needs its storage account: pass --account (the abs_account_name it is registered with).",
        _ => null,
    };

    /// <summary>The storage as the owner's clients see it. Stream lists no credentials, and none are needed here.</summary>
    public StorageDeclaration Declare(ParseResult parseResult, ExternalStorageResponse storage, string? defaultRegion) => new()
    {
        Name = storage.Name,
        StorageType = storage.Type,
        Bucket = storage.Bucket,
        Path = storage.Path,
        AwsS3 = storage.Type == StorageTypes.S3 ? new S3Settings { Region = parseResult.GetValue(Region) ?? defaultRegion } : null,
        AzureBlob = storage.Type == StorageTypes.Abs ? new AzureBlobSettings { AccountName = parseResult.GetValue(Account) } : null,
    };
}
