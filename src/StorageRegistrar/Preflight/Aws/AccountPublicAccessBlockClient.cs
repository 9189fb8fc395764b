using Amazon;

namespace StorageRegistrar.Preflight.Aws;

/// <summary>
/// The account's S3 Block Public Access (S3 Control <c>GetPublicAccessBlock</c>, REST; needs
/// <c>s3:GetAccountPublicAccessBlock</c>). The S3 Control client is not in AWSSDK.S3 and its package is not served
/// here, so this is its one client, signed for service <c>s3</c>.
/// </summary>
public sealed class AccountPublicAccessBlockClient(AwsRest rest)
{
    private const string NoConfiguration = "NoSuchPublicAccessBlockConfiguration";

    /// <summary>S3 Control's root; null: <c>https://ACCOUNT.s3-control.REGION.amazonaws.com/</c>. Set by PreflightCheckerOptions.AwsEndpoint (the local world points it at its stand-in).</summary>
    public Uri? Endpoint { get; init; }

    public Task<CloudRead<AccountPublicAccessBlock>> GetAsync(string account, string region, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(account);
        var signingRegion = RegionEndpoint.GetBySystemName(region);
        var root = Endpoint ?? new Uri($"https://{account}.s3-control.{region}.{signingRegion.PartitionDnsSuffix}/");
        var uri = new Uri(root, "v20180820/configuration/publicAccessBlock");
        return rest.ReadAsync(
            () =>
            {
                var request = new HttpRequestMessage(HttpMethod.Get, uri);
                request.Headers.Add("x-amz-account-id", account);
                return request;
            },
            signingRegion,
            "s3",
            $"account {account}'s S3 Block Public Access (s3:GetAccountPublicAccessBlock)",
            document =>
            {
                var configuration = AwsRest.Child(document, "PublicAccessBlockConfiguration");
                bool Setting(string name) => AwsRest.OptionalChild(configuration, name) is { } element && AwsRest.Boolean(element);
                return new AccountPublicAccessBlock(Setting("BlockPublicAcls"), Setting("IgnorePublicAcls"), Setting("BlockPublicPolicy"), Setting("RestrictPublicBuckets"));
            },
            cancellationToken,
            absent: (NoConfiguration, new AccountPublicAccessBlock(false, false, false, false)));
    }
}

/// <summary>The account-wide Block Public Access settings; all false when the account has none.</summary>
public sealed record AccountPublicAccessBlock(bool BlockPublicAcls, bool IgnorePublicAcls, bool BlockPublicPolicy, bool RestrictPublicBuckets);
