using StorageRegistrar.Diagnostics;

namespace StorageRegistrar.Preflight.Aws;

/// <summary>
/// The ARN of an IAM role, path included, by its name: IAM <c>GetRole</c> (Query API,
/// <c>GetRoleResponse/GetRoleResult/Role/{Path, Arn}</c>; needs <c>iam:GetRole</c> on the role), as
/// <see cref="PolicySimulatorClient"/> reads IAM.
/// </summary>
public sealed class IamRoleClient(AwsRest rest)
{
    /// <summary>IAM's endpoint; null: the one of the role's partition. Set by PreflightCheckerOptions.AwsEndpoint (the local world points it at its stand-in).</summary>
    public Uri? Endpoint { get; init; }

    /// <param name="partition">The partition of the role's account (<c>aws</c>, <c>aws-cn</c>...), which picks IAM's endpoint.</param>
    public Task<CloudRead<string>> GetArnAsync(string partition, string roleName, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(roleName);
        var (endpoint, signingRegion) = AwsIam.InPartition(partition);
        var uri = AwsIam.Query(Endpoint ?? endpoint, "GetRole", ("RoleName", roleName));
        return rest.ReadAsync(
            () => new HttpRequestMessage(HttpMethod.Get, uri),
            signingRegion,
            AwsIam.SigningName,
            $"the path of your role {roleName} (iam:GetRole)",
            document =>
            {
                var role = AwsRest.Child(AwsRest.Child(AwsRest.Child(document, "GetRoleResponse"), "GetRoleResult"), "Role");
                var path = AwsRest.Child(role, "Path").Value.Trim();
                var arn = AwsRest.Child(role, "Arn").Value.Trim();
                return arn.EndsWith($":role{path}{roleName}", StringComparison.Ordinal)
                    ? arn
                    : throw new FormatException($"<Arn> {arn} is not role {roleName} at <Path> {path}");
            },
            cancellationToken);
    }
}
