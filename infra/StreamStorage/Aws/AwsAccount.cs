
namespace StreamStorage.Aws;

/// <summary>
/// The AWS account the program runs as, which the policies of a created key and log bucket name. It is the provider's
/// <c>getCallerIdentity</c>, invoked by its token: the account is known only to <c>pulumi up</c>.
/// </summary>
internal static class AwsAccount
{
    private const string CallerIdentityToken = "aws:index/getCallerIdentity:getCallerIdentity";

    /// <summary>Asked once per storage, and only by a storage whose policies name the account.</summary>
    public static Lazy<Output<string>> Id() =>
        new(() => Deployment.Instance.Invoke<CallerIdentity>(CallerIdentityToken, InvokeArgs.Empty).Apply(identity => identity.AccountId));

    /// <summary>The part of the invoke's result the program reads.</summary>
    [OutputType]
    private sealed class CallerIdentity
    {
        public readonly string AccountId;

        [OutputConstructor]
        private CallerIdentity(string accountId) => AccountId = accountId;
    }
}
