using Amazon;

namespace StorageRegistrar.Diagnostics;

/// <summary>Where IAM's query API answers. IAM is one global service per partition, signed in that partition's home region.</summary>
internal static class AwsIam
{
    public const string ApiVersion = "2010-05-08";

    public const string SigningName = "iam";

    /// <summary>
    /// The URI of one GET of IAM's Query API at <paramref name="endpoint"/>: its action, then its parameters in the order
    /// given, each value escaped as RFC 3986 wants (an ARN's <c>:</c> and <c>/</c> included), then the API's version. A
    /// parameter without a value (the first page's <c>Marker</c>) is left out.
    /// </summary>
    public static Uri Query(Uri endpoint, string action, params IEnumerable<(string Name, string? Value)> parameters) =>
        new(endpoint, $"?Action={action}{string.Concat(parameters.Where(p => p.Value is not null).Select(p => $"&{p.Name}={Uri.EscapeDataString(p.Value!)}"))}&Version={ApiVersion}");

    /// <summary>The endpoint and signing region of IAM in the partition of <paramref name="bucketRegion"/> (the commercial one when unknown).</summary>
    public static (Uri Endpoint, RegionEndpoint SigningRegion) For(string? bucketRegion) =>
        InPartition(string.IsNullOrEmpty(bucketRegion) ? "aws" : RegionEndpoint.GetBySystemName(bucketRegion).PartitionName);

    /// <summary>The endpoint and signing region of IAM in <paramref name="partition"/> (an ARN's second field: <c>aws</c>, <c>aws-cn</c>...).</summary>
    public static (Uri Endpoint, RegionEndpoint SigningRegion) InPartition(string partition) => partition switch
    {
        "aws-cn" => (new Uri("https://iam.cn-north-1.amazonaws.com.cn/"), RegionEndpoint.CNNorth1),
        "aws-us-gov" => (new Uri("https://iam.us-gov.amazonaws.com/"), RegionEndpoint.USGovCloudWest1),
        _ => (new Uri("https://iam.amazonaws.com/"), RegionEndpoint.USEast1),
    };
}
