using System.Text.Json;
using Amazon;

namespace StorageRegistrar.Preflight.Aws;

/// <summary>
/// The AWS organization the deployer's account is in: Organizations <c>DescribeOrganization</c> (JSON 1.1 API; needs
/// <c>organizations:DescribeOrganization</c>, which any account of the organization may be granted), whose id the
/// resources the stack creates carry as <c>aws:ResourceOrgID</c> and the deployer as <c>aws:PrincipalOrgID</c>.
/// </summary>
public sealed class OrganizationClient(AwsRest rest)
{
    /// <summary>Organizations' endpoint; null: the one of the account's partition. Set by PreflightCheckerOptions.AwsEndpoint (the local world points it at its stand-in).</summary>
    public Uri? Endpoint { get; init; }

    public const string DescribeOrganizationTarget = "AWSOrganizationsV20161128.DescribeOrganization";

    /// <param name="partition">The partition of the deployer's account (<c>aws</c>, <c>aws-cn</c>, <c>aws-us-gov</c>), which picks the endpoint.</param>
    public Task<CloudRead<AwsOrganization>> DescribeAsync(string partition, CancellationToken cancellationToken)
    {
        var (endpoint, signingRegion) = partition switch
        {
            "aws-cn" => (new Uri("https://organizations.cn-northwest-1.amazonaws.com.cn/"), RegionEndpoint.CNNorthWest1),
            "aws-us-gov" => (new Uri("https://organizations.us-gov-west-1.amazonaws.com/"), RegionEndpoint.USGovCloudWest1),
            _ => (new Uri("https://organizations.us-east-1.amazonaws.com/"), RegionEndpoint.USEast1),
        };
        return rest.CallJsonAsync(
            Endpoint ?? endpoint,
            DescribeOrganizationTarget,
            "{}",
            signingRegion,
            "organizations",
            "your account's organization (organizations:DescribeOrganization)",
            answer => new AwsOrganization(answer.GetProperty("Organization").GetProperty("Id").GetString() is { Length: > 0 } id
                ? id
                : throw new JsonException("an organization without an Id")),
            cancellationToken,
            absent: ("AWSOrganizationsNotInUseException", AwsOrganization.None));
    }
}

/// <param name="Id">The organization's id (<c>o-a1b2c3d4e5</c>); null for an account in no organization.</param>
public sealed record AwsOrganization(string? Id)
{
    public static AwsOrganization None { get; } = new(Id: null);
}
