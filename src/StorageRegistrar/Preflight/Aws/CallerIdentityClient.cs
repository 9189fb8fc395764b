using Amazon;

namespace StorageRegistrar.Preflight.Aws;

/// <summary>Who the owner's AWS credentials sign in as: STS <c>GetCallerIdentity</c> (Query API, needs no permission).</summary>
public sealed class CallerIdentityClient(AwsRest rest)
{
    public const string ApiVersion = "2011-06-15";

    /// <summary>STS's endpoint; null: the global one of the commercial partition. Set by PreflightCheckerOptions.AwsEndpoint (the local world points it at its stand-in).</summary>
    public Uri? Endpoint { get; init; }

    public Task<CloudRead<AwsCaller>> GetCallerIdentityAsync(CancellationToken cancellationToken)
    {
        var uri = new Uri(Endpoint ?? new Uri("https://sts.amazonaws.com/"), $"?Action=GetCallerIdentity&Version={ApiVersion}");
        return rest.ReadAsync(
            () => new HttpRequestMessage(HttpMethod.Get, uri),
            RegionEndpoint.USEast1,
            "sts",
            "who your AWS credentials sign in as (sts:GetCallerIdentity)",
            document =>
            {
                var result = AwsRest.Child(AwsRest.Child(document, "GetCallerIdentityResponse"), "GetCallerIdentityResult");
                return AwsCaller.FromArn(AwsRest.Child(result, "Arn").Value.Trim(), AwsRest.Child(result, "Account").Value.Trim());
            },
            cancellationToken);
    }
}

/// <summary>
/// The caller STS names, and the IAM principal whose policies IAM can simulate: a user as it is; an assumed role as its
/// role. The assumed-role ARN (<c>arn:aws:sts::ACCOUNT:assumed-role/ROLE/SESSION</c>) leaves out the role's path, which
/// IAM Identity Center's roles have (<c>role/aws-reserved/sso.amazonaws.com/REGION/AWSReservedSSO_...</c>) and IAM needs to
/// find the role by its ARN: <see cref="FromArn"/> names the role without it (<c>arn:aws:iam::ACCOUNT:role/ROLE</c>), and
/// the role's ARN as IAM's <c>GetRole</c> answers it replaces that (<see cref="WithRoleArn"/>).
/// </summary>
/// <param name="Partition">The ARN's partition (<c>aws</c>, <c>aws-cn</c>, <c>aws-us-gov</c>), which picks IAM's endpoint.</param>
/// <param name="PrincipalArn">The ARN to simulate; null for the account's root user and federated users, which IAM cannot simulate.</param>
/// <param name="RoleName">The assumed role's name; null for any other caller.</param>
public sealed record AwsCaller(string Arn, string Account, string Partition, string? PrincipalArn, string? RoleName)
{
    public bool AssumedRole => RoleName is not null;

    /// <summary>
    /// Why the assumed role's path is not known (its <c>GetRole</c> refused or failed), so that <see cref="PrincipalArn"/>
    /// names the role without it; null when known, or when the caller is no assumed role.
    /// </summary>
    public string? RolePathUnread { get; init; }

    public static AwsCaller FromArn(string arn, string account)
    {
        var parts = arn.Split(':', 6);
        if (parts is not ["arn", var partition, var service, "", var arnAccount, var resource] || arnAccount != account)
        {
            throw new FormatException($"'{arn}' is not the ARN of a principal of account {account}");
        }

        return (service, resource.Split('/')) switch
        {
            ("iam", ["user", ..]) => new AwsCaller(arn, account, partition, arn, RoleName: null),
            ("sts", ["assumed-role", var role, _]) => new AwsCaller(arn, account, partition, $"arn:{partition}:iam::{account}:role/{role}", role),
            _ => new AwsCaller(arn, account, partition, null, RoleName: null),
        };
    }

    /// <summary>The assumed role named by <paramref name="read"/>'s ARN (with its path), or, without one, by its name alone and why.</summary>
    public AwsCaller WithRoleArn(CloudRead<string> read)
    {
        ArgumentNullException.ThrowIfNull(read);
        return read.Value is { } roleArn ? this with { PrincipalArn = roleArn } : this with { RolePathUnread = read.Refusal };
    }
}
