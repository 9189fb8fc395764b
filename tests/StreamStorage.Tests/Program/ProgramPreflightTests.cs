using System.Net;
using Amazon.Runtime;
using Pulumi;
using Pulumi.Testing;
using StorageRegistrar.Diagnostics;
using StorageRegistrar.Preflight;
using LocalWorld;
using TestSupport;

namespace StreamStorage.Tests.Program;

/// <summary>
/// The program runs preflight before it registers any resource, in <c>pulumi preview</c> as in <c>pulumi up</c>, with
/// the checkers the CLI uses, here pointed at local servers answering as Org Policy, Resource Manager, STS and IAM do.
/// </summary>
[Collection(PulumiDeployments.Name)]
public sealed class ProgramPreflightTests : IAsyncLifetime
{
    private const string ConfigVariable = "PULUMI_CONFIG";
    private const string Project = "acme-video-prod";

    private static readonly string[] GcsPermissions =
    [
        "storage.buckets.create", "storage.buckets.get", "storage.buckets.update", "storage.buckets.getIamPolicy", "storage.buckets.setIamPolicy",
        "iam.serviceAccounts.create", "iam.serviceAccounts.get", "iam.serviceAccountKeys.create", "iam.serviceAccountKeys.get",
    ];

    private const string Storages = """
        [{ "name": "rec-gcs", "cloud": "gcs", "location": "EU", "path": "calls/" },
         { "name": "rec-s3", "cloud": "s3", "region": "eu-west-1", "authMode": "keys", "path": "calls/" }]
        """;

    private readonly HttpClient _http = PreflightHttp.Create(new PreflightReadOptions { MaxRetries = 0 });
    private readonly List<string> _warnings = [];
    private GoogleGuardrailServer? _google;
    private AwsGuardrailServer? _aws;
    private int _checkerSets;

    private GoogleGuardrailServer Google => _google ?? throw new InvalidOperationException("The Google API server did not start.");

    private AwsGuardrailServer Aws => _aws ?? throw new InvalidOperationException("The AWS API server did not start.");

    public async ValueTask InitializeAsync()
    {
        _google = await GoogleGuardrailServer.StartAsync(TestContext.Current.CancellationToken);
        _aws = await AwsGuardrailServer.StartAsync(TestContext.Current.CancellationToken);
        Google.Grant(Project, GcsPermissions);
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        if (_google is not null)
        {
            await _google.DisposeAsync();
        }

        if (_aws is not null)
        {
            await _aws.DisposeAsync();
        }
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_blocked_stack_registers_no_resource_and_fails_with_every_blocker_of_every_storage(bool preview)
    {
        Google.SetPolicy(Project, "iam.managed.disableServiceAccountKeyCreation", """{"rules":[{"enforce":true}]}""");
        Aws.Decide("iam:CreateAccessKey", "implicitDeny", allowedByOrganizations: false);
        var mocks = new CloudMocks();

        var error = await Assert.ThrowsAsync<RunException>(() => RunAsync(mocks, "warn", preview));

        Assert.Empty(mocks.Inputs);
        Assert.Contains("Preflight of stack 'prod': 2 guardrail(s) would stop pulumi up; nothing was created.", error.Message, StringComparison.Ordinal);
        Assert.Contains($"rec-gcs (gcs): iam.managed.disableServiceAccountKeyCreation blocks: iam.managed.disableServiceAccountKeyCreation is enforced on project {Project}", error.Message, StringComparison.Ordinal);
        Assert.Contains($"name: projects/{Project}/policies/iam.managed.disableServiceAccountKeyCreation", error.Message, StringComparison.Ordinal);
        Assert.Contains("rec-s3 (s3): aws-scp blocks: An SCP of your organization denies iam:CreateAccessKey", error.Message, StringComparison.Ordinal);
        Assert.Contains("Granted by: the organization's administrators", error.Message, StringComparison.Ordinal);
        // Beside the SCP's refusal, whether the deployer's own policies allow the action is not known, and said so.
        Assert.StartsWith("preflight: aws-deployer-permissions of storage rec-s3", Assert.Single(_warnings), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Warn_logs_a_guardrail_it_could_not_read_and_registers_the_stack()
    {
        Google.FailPolicy(Project, "gcp.resourceLocations", HttpStatusCode.Forbidden, GoogleGuardrailServer.Error(HttpStatusCode.Forbidden, "Permission denied.", "PERMISSION_DENIED"));
        var mocks = new CloudMocks();

        await RunAsync(mocks, "warn", preview: true);

        var warning = Assert.Single(_warnings);
        Assert.StartsWith("preflight: gcp.resourceLocations of storage rec-gcs (gcs) was not examined:", warning, StringComparison.Ordinal);
        Assert.Contains("roles/orgpolicy.policyViewer", warning, StringComparison.Ordinal);
        Assert.Contains(mocks.Inputs.Keys, k => k.Type == PulumiTypes.GcpServiceAccountKey);
        Assert.Contains(mocks.Inputs.Keys, k => k.Type == PulumiTypes.IamAccessKey);
    }

    [Fact]
    public async Task Strict_stops_on_a_guardrail_it_could_not_read()
    {
        Google.FailPolicy(Project, "gcp.resourceLocations", HttpStatusCode.Forbidden, GoogleGuardrailServer.Error(HttpStatusCode.Forbidden, "Permission denied.", "PERMISSION_DENIED"));
        var mocks = new CloudMocks();

        var error = await Assert.ThrowsAsync<RunException>(() => RunAsync(mocks, "strict", preview: false));

        Assert.Empty(mocks.Inputs);
        Assert.Contains("rec-gcs (gcs): gcp.resourceLocations not examined:", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Off_reads_no_guardrail_and_registers_the_stack_even_where_one_would_block()
    {
        Google.SetPolicy(Project, "iam.disableServiceAccountKeyCreation", """{"rules":[{"enforce":true}]}""");
        var mocks = new CloudMocks();

        await RunAsync(mocks, "off", preview: false);

        Assert.Equal((0, 0, 0), (_checkerSets, Google.Requests.Count, Aws.Requests.Count));
        Assert.Contains(mocks.Inputs.Keys, k => k.Type == PulumiTypes.GcpServiceAccountKey);
    }

    /// <summary>The program as the engine runs it, its configuration in <c>PULUMI_CONFIG</c>, its checkers pointed at the local servers.</summary>
    private async Task RunAsync(CloudMocks mocks, string preflight, bool preview)
    {
        var config = new Dictionary<string, string>
        {
            ["streamstorage:apiKey"] = "stream-key",
            ["streamstorage:apiSecret"] = "stream-secret",
            ["gcp:project"] = Project,
            ["recording-storage:storages"] = Storages,
            ["recording-storage:preflight"] = preflight,
        };
        var configJson = JsonSerializer.Serialize(config);
        var saved = Environment.GetEnvironmentVariable(ConfigVariable);
        var variables = new Dictionary<string, string> { [ConfigVariable] = configJson };

        // The SDK's Config reads the variable itself, when the deployment starts.
        Environment.SetEnvironmentVariable(ConfigVariable, configJson);
        try
        {
            var options = new TestOptions { StackName = "prod", ProjectName = "recording-storage", IsPreview = preview };
            await Deployment.TestAsync(mocks, options, () => RecordingStorageStack.RunAsync(variables.GetValueOrDefault, Checkers, _warnings.Add));
        }
        finally
        {
            Environment.SetEnvironmentVariable(ConfigVariable, saved);
        }
    }

    private IReadOnlyList<IGuardrailChecker> Checkers()
    {
        _checkerSets++;
        return PreflightCheckers.Create(_http, new PreflightCheckerOptions
        {
            OwnerToken = (scope, _) => Task.FromResult(scope == CredentialAgeProbe.GoogleScope ? GoogleGuardrailServer.Token : "no-azure-here"),
            AwsCredentials = () => new BasicAWSCredentials(AwsGuardrailServer.AccessKeyId, AwsGuardrailServer.SecretAccessKey),
            GoogleEndpoint = Google.Endpoint,
            AwsEndpoint = Aws.Endpoint,
        });
    }
}
