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
/// role (<c>arn:aws:sts::ACCOUNT:assumed-role/ROLE/SESSION</c> → <c>arn:aws:iam::ACCOUNT:role/ROLE</c>). The assumed-role
/// ARN leaves out the role's path, so a role with a path is named without it.
/// </summary>
/// <param name="PrincipalArn">The ARN to simulate; null for the account's root user and federated users, which IAM cannot simulate.</param>
public sealed record AwsCaller(string Arn, string Account, string? PrincipalArn, bool AssumedRole)
{
    public static AwsCaller FromArn(string arn, string account)
    {
        var parts = arn.Split(':', 6);
        if (parts is not ["arn", var partition, var service, "", var arnAccount, var resource] || arnAccount != account)
        {
            throw new FormatException($"'{arn}' is not the ARN of a principal of account {account}");
        }

        return (service, resource.Split('/')) switch
        {
            ("iam", ["user", ..]) => new AwsCaller(arn, account, arn, AssumedRole: false),
            ("sts", ["assumed-role", var role, _]) => new AwsCaller(arn, account, $"arn:{partition}:iam::{account}:role/{role}", AssumedRole: true),
            _ => new AwsCaller(arn, account, null, AssumedRole: false),
        };
    }
}
