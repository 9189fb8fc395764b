using System.Collections.Concurrent;
using System.Net;
using System.Text;
using Amazon.Runtime;
using Amazon.S3;
using Google.Cloud.Storage.V1;
using StorageRegistrar.Diagnostics;
using StorageRegistrar.Preflight;
using StorageRegistrar.Preflight.Aws;
using StorageRegistrar.Preflight.Azure;
using StorageRegistrar.Preflight.Gcp;
using TestSupport;

namespace StorageRegistrar.Tests.Preflight;

/// <summary>
/// An existing bucket's lock and location (and a GCS bucket's uniform access), read by preflight with the owner's SDK clients. S3 and GCS answer from a
/// loopback server in their documented shapes (the local S3 server has no Object Lock, and the GCS emulator answers
/// every bucket lookup with 404, which serves as the refused read); Resource Manager from a scripted transport.
/// </summary>
public sealed class ExistingBucketCheckerTests : IAsyncLifetime
{
    private const string Bucket = "acme-recordings";
    private const string ContainerId = "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/video-rg/providers/Microsoft.Storage/storageAccounts/acmevideo/blobServices/default/containers/recordings";

    private static readonly ExpectedLock SevenYearsCompliance = new(2555, LockMode.Compliance);

    private readonly ConcurrentDictionary<string, (HttpStatusCode Status, string ContentType, string Body)> _answers = new();
    private readonly ConcurrentQueue<string> _requests = new();
    private readonly HttpListener _listener = new();
    private readonly int _port = LoopbackPorts.Closed();
    private Task? _serving;

    public ValueTask InitializeAsync()
    {
        _listener.Prefixes.Add($"http://127.0.0.1:{_port}/");
        _listener.Start();
        _serving = Task.Run(ServeAsync);
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        _listener.Close();
        await _serving!;
    }

    [Fact]
    public async Task An_s3_bucket_locked_in_compliance_for_the_declared_days_in_an_allowed_region_meets_both()
    {
        AnswerS3("location", HttpStatusCode.OK, """<?xml version="1.0" encoding="UTF-8"?><LocationConstraint xmlns="http://s3.amazonaws.com/doc/2006-03-01/">eu-central-1</LocationConstraint>""");
        AnswerS3("object-lock", HttpStatusCode.OK, ObjectLock("COMPLIANCE", "<Years>7</Years>"));

        var checks = await CheckAsync(S3Target(SevenYearsCompliance, ["eu-central-1", "eu-west-1"]));

        Assert.Equal(
            [("s3-existing-bucket-lock", PreflightOutcome.Met), ("s3-existing-bucket-location", PreflightOutcome.Met)],
            checks.Select(c => (c.Guardrail, c.Outcome)));
        Assert.Contains("2555 days, irreversibly", checks[0].Message, StringComparison.Ordinal);
        Assert.Contains("is in eu-central-1", checks[1].Message, StringComparison.Ordinal);
        Assert.All(checks, c => Assert.Null(c.Fix));
    }

    [Fact]
    public async Task A_governance_lock_under_a_compliance_declaration_and_a_bucket_in_us_east_1_block_with_the_fixes()
    {
        // GetBucketLocation answers an empty constraint for us-east-1.
        AnswerS3("location", HttpStatusCode.OK, """<?xml version="1.0" encoding="UTF-8"?><LocationConstraint xmlns="http://s3.amazonaws.com/doc/2006-03-01/"/>""");
        AnswerS3("object-lock", HttpStatusCode.OK, ObjectLock("GOVERNANCE", "<Days>30</Days>"));

        var checks = await CheckAsync(S3Target(new ExpectedLock(365, LockMode.Compliance), ["eu-west-1"]));

        var locked = Assert.Single(checks, c => c.Guardrail == "s3-existing-bucket-lock");
        Assert.Equal(PreflightOutcome.Blocks, locked.Outcome);
        Assert.Contains("for 30 days, fewer than the 365-day compliance lock", locked.Message, StringComparison.Ordinal);
        Assert.Contains("governance mode", locked.Message, StringComparison.Ordinal);
        Assert.Contains($"aws s3api put-object-lock-configuration --bucket {Bucket}", locked.Fix, StringComparison.Ordinal);
        Assert.Equal(ExistingBucketGuardrails.S3Lock.GrantedBy, locked.GrantedBy);
        var placed = Assert.Single(checks, c => c.Guardrail == "s3-existing-bucket-location");
        Assert.Equal(PreflightOutcome.Blocks, placed.Outcome);
        Assert.Contains("is in us-east-1, outside allowedLocations (eu-west-1)", placed.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_refused_s3_read_is_not_examined_and_names_the_permission_it_needs()
    {
        AnswerS3("location", HttpStatusCode.Forbidden, S3Error("AccessDenied"));
        AnswerS3("object-lock", HttpStatusCode.Forbidden, S3Error("AccessDenied"));

        var checks = await CheckAsync(S3Target(SevenYearsCompliance, ["eu-west-1"]));

        Assert.All(checks, c => Assert.Equal(PreflightOutcome.NotExamined, c.Outcome));
        Assert.Contains("could not be read (AccessDenied)", checks[0].Message, StringComparison.Ordinal);
        Assert.Equal("Run preflight with credentials allowed s3:GetBucketObjectLockConfiguration on the bucket.", checks[0].Fix);
        Assert.Equal("Run preflight with credentials allowed s3:GetBucketLocation on the bucket.", checks[1].Fix);
    }

    [Fact]
    public async Task A_gcs_bucket_without_a_locked_policy_blocks_a_compliance_declaration_and_its_location_is_read_from_the_same_answer()
    {
        _answers[$"/storage/v1/b/{Bucket}"] = (HttpStatusCode.OK, "application/json",
            $$$"""{"kind":"storage#bucket","name":"{{{Bucket}}}","location":"EUROPE-WEST1","locationType":"region","retentionPolicy":{"retentionPeriod":"220752000","effectiveTime":"2026-01-05T10:00:00Z"}}""");

        var checks = await CheckAsync(GcsTarget() with { ExistingBucketRules = new(Bucket, SevenYearsCompliance, ["europe-west1"]) });

        var locked = Assert.Single(checks, c => c.Guardrail == "gcs-existing-bucket-lock");
        Assert.Equal(PreflightOutcome.Blocks, locked.Outcome);
        Assert.Contains("is not locked", locked.Message, StringComparison.Ordinal);
        Assert.Contains($"gcloud storage buckets update gs://{Bucket} --lock-retention-period", locked.Fix, StringComparison.Ordinal);
        Assert.Equal(PreflightOutcome.Met, Assert.Single(checks, c => c.Guardrail == "gcs-existing-bucket-location").Outcome);
        Assert.Single(_requests, r => r.StartsWith($"/storage/v1/b/{Bucket}", StringComparison.Ordinal));
    }

    /// <summary>A configurable dual-region is held by the two regions it keeps data in, and the check says them.</summary>
    [Fact]
    public async Task A_gcs_dual_region_in_two_allowed_regions_is_met_naming_them()
    {
        _answers[$"/storage/v1/b/{Bucket}"] = (HttpStatusCode.OK, "application/json",
            $$$"""{"kind":"storage#bucket","name":"{{{Bucket}}}","location":"EU","locationType":"dual-region","customPlacementConfig":{"dataLocations":["EUROPE-WEST1","EUROPE-WEST4"]}}""");

        var checks = await CheckAsync(GcsTarget() with { ExistingBucketRules = new(Bucket, null, ["europe-west1", "europe-west4"]) });

        var placed = Assert.Single(checks);
        Assert.Equal(("gcs-existing-bucket-location", PreflightOutcome.Met), (placed.Guardrail, placed.Outcome));
        Assert.Contains($"'{Bucket}' is in EU (EUROPE-WEST1, EUROPE-WEST4), inside allowedLocations", placed.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_gcs_bucket_with_uniform_access_accepts_the_grant_kept_to_the_path()
    {
        AnswerGcsBucket(uniformAccess: true);

        var checks = await CheckAsync(GcsTarget() with { ExistingBucketRules = new(Bucket, null, null) { ConditionalGrant = true } });

        var check = Assert.Single(checks);
        Assert.Equal(("gcs-existing-bucket-uniform-access", PreflightOutcome.Met), (check.Guardrail, check.Outcome));
        Assert.Contains($"'{Bucket}' has uniform bucket-level access", check.Message, StringComparison.Ordinal);
        Assert.Single(_requests);
    }

    [Fact]
    public async Task A_gcs_bucket_without_uniform_access_blocks_the_grant_kept_to_the_path_with_the_owners_command_from_the_same_read()
    {
        AnswerGcsBucket(uniformAccess: false);

        var checks = await CheckAsync(GcsTarget() with { ExistingBucketRules = new(Bucket, null, ["europe-west1"]) { ConditionalGrant = true } });

        Assert.Equal(
            [("gcs-existing-bucket-location", PreflightOutcome.Met), ("gcs-existing-bucket-uniform-access", PreflightOutcome.Blocks)],
            checks.Select(c => (c.Guardrail, c.Outcome)));
        var blocked = checks[1];
        Assert.Contains($"Bucket '{Bucket}' does not have uniform bucket-level access", blocked.Message, StringComparison.Ordinal);
        Assert.Contains("Cloud Storage accepts IAM conditions only on buckets that do", blocked.Message, StringComparison.Ordinal);
        Assert.Contains($"gcloud storage buckets update gs://{Bucket} --uniform-bucket-level-access", blocked.Fix, StringComparison.Ordinal);
        Assert.Contains("ACLs then grant nothing", blocked.Fix, StringComparison.Ordinal);
        Assert.Contains("set the storage's path to \"\"", blocked.Fix, StringComparison.Ordinal);
        Assert.Equal(ExistingBucketGuardrails.GcsUniformAccess.GrantedBy, blocked.GrantedBy);
        Assert.Single(_requests);
    }

    [Fact]
    public async Task A_refused_gcs_read_leaves_uniform_access_not_examined_and_names_the_permission_it_needs()
    {
        const string message = "owner@acme.example does not have storage.buckets.get access to the Google Cloud Storage bucket. Permission 'storage.buckets.get' denied on resource (or it may not exist).";
        _answers[$"/storage/v1/b/{Bucket}"] = (HttpStatusCode.Forbidden, "application/json",
            $$$"""{"error":{"code":403,"message":"{{{message}}}","errors":[{"message":"{{{message}}}","domain":"global","reason":"forbidden"}]}}""");

        var check = Assert.Single(await CheckAsync(GcsTarget() with { ExistingBucketRules = new(Bucket, null, null) { ConditionalGrant = true } }));

        Assert.Equal(("gcs-existing-bucket-uniform-access", PreflightOutcome.NotExamined), (check.Guardrail, check.Outcome));
        Assert.Contains("could not be read (HTTP 403 owner@acme.example does not have storage.buckets.get access", check.Message, StringComparison.Ordinal);
        Assert.Equal("Run preflight with credentials allowed storage.buckets.get on the bucket.", check.Fix);
    }

    [Fact]
    public async Task A_gcs_bucket_the_emulator_will_not_describe_is_not_examined()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var gcs = await GcsServer.StartAsync(ct);
        var checker = new ExistingBucketChecker(_ => throw new InvalidOperationException("No S3 storage here."), _ => Task.FromResult(gcs.CreateOwnerClient()), Azure(new ScriptedHandler()));

        var checks = (await new PreflightRunner([checker]).RunAsync("prod", [GcsTarget() with { ExistingBucketRules = new(UniqueNames.For("rec"), SevenYearsCompliance, ["EU"]) }], ct)).Storages.Single().Checks;

        Assert.Equal(
            [("gcs-existing-bucket-lock", PreflightOutcome.NotExamined), ("gcs-existing-bucket-location", PreflightOutcome.NotExamined)],
            checks.Select(c => (c.Guardrail, c.Outcome)));
        Assert.Contains("HTTP 404", checks[0].Message, StringComparison.Ordinal);
        Assert.Equal("Run preflight with credentials allowed storage.buckets.get on the bucket.", checks[0].Fix);
    }

    [Fact]
    public async Task A_read_that_times_out_is_not_examined_while_the_callers_own_cancellation_still_cancels()
    {
        // HttpClient's timeout surfaces as a cancellation nobody asked for.
        var timedOut = new TaskCanceledException("The request was canceled due to the configured HttpClient.Timeout of 100 seconds elapsing.", new TimeoutException());
        var checker = new ExistingBucketChecker(_ => throw new InvalidOperationException("No S3 storage here."), _ => Task.FromException<StorageClient>(timedOut), Azure(new ScriptedHandler()));
        var target = GcsTarget() with { ExistingBucketRules = new(Bucket, SevenYearsCompliance, ["EU"]) };

        var checks = (await new PreflightRunner([checker]).RunAsync("prod", [target], CancellationToken.None)).Storages.Single().Checks;
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        Assert.All(checks, c => Assert.Equal(PreflightOutcome.NotExamined, c.Outcome));
        Assert.Contains("HttpClient.Timeout", checks[0].Message, StringComparison.Ordinal);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => new PreflightRunner([checker]).RunAsync("prod", [target], cancelled.Token));
    }

    [Fact]
    public async Task An_azure_container_is_read_in_resource_manager_and_a_refused_account_read_is_not_examined()
    {
        var handler = new ScriptedHandler()
            .Respond(HttpStatusCode.Forbidden, """{ "error": { "code": "AuthorizationFailed", "message": "The client 'ops@acme.example' does not have authorization to perform action 'Microsoft.Storage/storageAccounts/read'." } }""")
            .Respond(HttpStatusCode.Forbidden, """{ "error": { "code": "AuthorizationFailed", "message": "The client 'ops@acme.example' does not have authorization to perform action 'Microsoft.Storage/storageAccounts/blobServices/containers/read'." } }""");
        var target = AzureTarget() with { ExistingBucketRules = new("acmevideo/recordings", SevenYearsCompliance, ["westeurope"]) { ContainerId = ContainerId } };

        var checks = await CheckAsync(target, handler);

        Assert.All(checks, c => Assert.Equal(PreflightOutcome.NotExamined, c.Outcome));
        Assert.Contains("HTTP 403 AuthorizationFailed", checks[0].Message, StringComparison.Ordinal);
        Assert.Contains("Reader on the account", checks[0].Fix, StringComparison.Ordinal);
        Assert.Equal($"https://management.azure.com{ContainerId[..ContainerId.IndexOf("/blobServices", StringComparison.Ordinal)]}?api-version=2023-05-01", handler.Requests[0].Uri.AbsoluteUri);
    }

    [Fact]
    public async Task An_azure_container_whose_account_is_elsewhere_blocks_and_one_without_a_subscription_is_not_examined_unread()
    {
        var handler = new ScriptedHandler()
            .Respond(HttpStatusCode.OK, """{ "id": "x", "name": "acmevideo", "location": "eastus", "properties": {} }""")
            .Respond(HttpStatusCode.OK, """{ "id": "y", "name": "recordings", "properties": { "hasImmutabilityPolicy": true, "immutabilityPolicy": { "properties": { "immutabilityPeriodSinceCreationInDays": 2555, "state": "Locked" } } } }""");
        var placed = AzureTarget() with { ExistingBucketRules = new("acmevideo/recordings", SevenYearsCompliance, ["westeurope"]) { ContainerId = ContainerId } };
        var unplaced = AzureTarget() with { StorageName = "rec-2", ExistingBucketRules = new("acmevideo/recordings", null, ["westeurope"]) };

        var report = await new PreflightRunner([new ExistingBucketChecker(_ => throw new InvalidOperationException("No S3 storage here."), NoGcs, Azure(handler))])
            .RunAsync("prod", [placed, unplaced], TestContext.Current.CancellationToken);

        Assert.Equal(
            [("abs-existing-container-lock", PreflightOutcome.Met), ("abs-existing-account-location", PreflightOutcome.Blocks)],
            report.Storages[0].Checks.Select(c => (c.Guardrail, c.Outcome)));
        var unread = Assert.Single(report.Storages[1].Checks);
        Assert.Equal(("abs-existing-account-location", PreflightOutcome.NotExamined), (unread.Guardrail, unread.Outcome));
        Assert.Contains("names no subscription", unread.Message, StringComparison.Ordinal);
        Assert.Equal(2, handler.Requests.Count);
    }

    [Fact]
    public async Task A_storage_is_checked_by_its_clouds_checker_and_for_its_existing_bucket_in_the_checkers_order()
    {
        AnswerS3("object-lock", HttpStatusCode.OK, ObjectLock("COMPLIANCE", "<Days>2555</Days>"));
        var guardrail = new Guardrail("test.cloud", GuardrailCloud.Aws, "nobody");

        var report = await new PreflightRunner([new CloudChecker(guardrail), Checker(new ScriptedHandler())])
            .RunAsync("prod", [S3Target(SevenYearsCompliance, null), S3Target(null, null) with { StorageName = "created", ExistingBucketRules = null }], TestContext.Current.CancellationToken);

        Assert.Equal(["test.cloud", "s3-existing-bucket-lock"], report.Storages[0].Checks.Select(c => c.Guardrail));
        Assert.Equal(["test.cloud"], report.Storages[1].Checks.Select(c => c.Guardrail));
        Assert.Equal([$"/{Bucket}/?object-lock"], _requests);
    }

    private static AwsPreflightTarget S3Target(ExpectedLock? expected, IReadOnlyList<string>? allowed) => new("rec-s3", "eu-west-1")
    {
        CreatesBucket = false,
        Actions = [],
        ExistingBucketRules = new(Bucket, expected, allowed),
    };

    private static GcpPreflightTarget GcsTarget() => new("rec-gcs", "acme-video")
    {
        ExistingBucket = Bucket,
        CreatesServiceAccount = true,
        CreatesServiceAccountKey = true,
        Permissions = [],
    };

    private static AzurePreflightTarget AzureTarget() => new("rec-abs", "video-rg")
    {
        CreatesResourceGroup = false,
        AccountSku = "Standard_LRS",
        ExistingAccount = "acmevideo",
        ClientSecretDays = 180,
        Actions = [],
    };

    private static string ObjectLock(string mode, string period) => $"""
        <?xml version="1.0" encoding="UTF-8"?>
        <ObjectLockConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/">
          <ObjectLockEnabled>Enabled</ObjectLockEnabled>
          <Rule><DefaultRetention><Mode>{mode}</Mode>{period}</DefaultRetention></Rule>
        </ObjectLockConfiguration>
        """;

    private static string S3Error(string code) =>
        $"""<?xml version="1.0" encoding="UTF-8"?><Error><Code>{code}</Code><Message>{code}</Message><BucketName>{Bucket}</BucketName><RequestId>4442587FB7D0A2F9</RequestId></Error>""";

    /// <summary>The bucket as <c>buckets.get</c> describes it, in europe-west1, without a retention policy.</summary>
    private void AnswerGcsBucket(bool uniformAccess) => _answers[$"/storage/v1/b/{Bucket}"] = (HttpStatusCode.OK, "application/json",
        $$$"""{"kind":"storage#bucket","name":"{{{Bucket}}}","location":"EUROPE-WEST1","locationType":"region","iamConfiguration":{"bucketPolicyOnly":{"enabled":{{{(uniformAccess ? "true" : "false")}}}},"uniformBucketLevelAccess":{"enabled":{{{(uniformAccess ? "true" : "false")}}}},"publicAccessPrevention":"inherited"}}""");

    private void AnswerS3(string subresource, HttpStatusCode status, string body) => _answers[$"/{Bucket}/?{subresource}"] = (status, "application/xml", body);

    private static Task<StorageClient> NoGcs(CancellationToken cancellationToken) => throw new InvalidOperationException("No GCS storage here.");

    private static AzureResourceProbe Azure(ScriptedHandler handler) => new(new HttpClient(handler), (_, _) => Task.FromResult("owner-token"));

    private ExistingBucketChecker Checker(ScriptedHandler azure) => new(
        region => new AmazonS3Client(
            new BasicAWSCredentials("AKIAOWNEREXAMPLE0001", "owner-secret"),
            new AmazonS3Config { ServiceURL = $"http://127.0.0.1:{_port}", ForcePathStyle = true, AuthenticationRegion = region, MaxErrorRetry = 0 }),
        _ => Task.FromResult(new StorageClientBuilder { BaseUri = $"http://127.0.0.1:{_port}/storage/v1/", UnauthenticatedAccess = true }.Build()),
        Azure(azure));

    private async Task<IReadOnlyList<GuardrailCheck>> CheckAsync(PreflightTarget target, ScriptedHandler? azure = null) =>
        (await new PreflightRunner([Checker(azure ?? new ScriptedHandler())]).RunAsync("prod", [target], TestContext.Current.CancellationToken)).Storages.Single().Checks;

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException)
            {
                return;
            }

            var path = context.Request.RawUrl!;
            _requests.Enqueue(path);
            var key = _answers.Keys.FirstOrDefault(k => path == k || path.StartsWith(k + "?", StringComparison.Ordinal));
            var (status, contentType, body) = key is null ? (HttpStatusCode.NotFound, "text/plain", "no answer") : _answers[key];
            context.Response.StatusCode = (int)status;
            context.Response.ContentType = contentType;
            var bytes = Encoding.UTF8.GetBytes(body);
            await context.Response.OutputStream.WriteAsync(bytes);
            context.Response.Close();
        }
    }

    private sealed class CloudChecker(Guardrail guardrail) : GuardrailChecker<AwsPreflightTarget>
    {
        protected override Task<IReadOnlyList<IReadOnlyList<GuardrailCheck>>> CheckAsync(IReadOnlyList<AwsPreflightTarget> targets, CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyList<IReadOnlyList<GuardrailCheck>>>([.. targets.Select(t => (IReadOnlyList<GuardrailCheck>)[GuardrailCheck.Met(guardrail, t.StorageName)])]);
    }
}
