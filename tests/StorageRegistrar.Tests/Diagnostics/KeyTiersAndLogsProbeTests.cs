using System.Net;
using Amazon.KeyManagementService;
using Amazon.Runtime;
using Amazon.S3;
using Google.Cloud.Storage.V1;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Time.Testing;
using StorageRegistrar.Diagnostics;
using TestSupport;
using static StorageRegistrar.Tests.Diagnostics.SampleAzureIds;

namespace StorageRegistrar.Tests.Diagnostics;

/// <summary>
/// How each cloud's key, tiers and access logs are read. No local store has bucket encryption, lifecycle or logging
/// settings, and KMS and Resource Manager are not emulated: the SDKs talk to loopback servers answering in the documented
/// shapes, refusals included.
/// </summary>
public sealed class KeyTiersAndLogsProbeTests
{
    private const string KeyArn = "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";
    private const string S3Namespace = "http://s3.amazonaws.com/doc/2006-03-01/";

    private static readonly IReadOnlyList<ExpectedTier> S3Tiers = [new(30, "STANDARD_IA"), new(180, "DEEP_ARCHIVE")];

    private static string EncryptionXml(string algorithm, string? key, bool bucketKey) => $"""
        <?xml version="1.0" encoding="UTF-8"?>
        <ServerSideEncryptionConfiguration xmlns="{S3Namespace}"><Rule><ApplyServerSideEncryptionByDefault><SSEAlgorithm>{algorithm}</SSEAlgorithm>{(key is null ? "" : $"<KMSMasterKeyID>{key}</KMSMasterKeyID>")}</ApplyServerSideEncryptionByDefault><BucketKeyEnabled>{(bucketKey ? "true" : "false")}</BucketKeyEnabled></Rule></ServerSideEncryptionConfiguration>
        """;

    private const string LifecycleXml = $"""
        <?xml version="1.0" encoding="UTF-8"?>
        <LifecycleConfiguration xmlns="{S3Namespace}">
          <Rule><ID>abort-incomplete-multipart-uploads</ID><Filter><Prefix></Prefix></Filter><Status>Enabled</Status><AbortIncompleteMultipartUpload><DaysAfterInitiation>7</DaysAfterInitiation></AbortIncompleteMultipartUpload></Rule>
          <Rule><ID>tier-1-standard-ia</ID><Filter><And><Prefix>calls/</Prefix><ObjectSizeGreaterThan>65536</ObjectSizeGreaterThan></And></Filter><Status>Enabled</Status><Transition><Days>30</Days><StorageClass>STANDARD_IA</StorageClass></Transition></Rule>
          <Rule><ID>tier-2-deep-archive</ID><Filter><And><Prefix>calls/</Prefix><ObjectSizeGreaterThan>65536</ObjectSizeGreaterThan></And></Filter><Status>Disabled</Status><Transition><Days>180</Days><StorageClass>DEEP_ARCHIVE</StorageClass></Transition></Rule>
          <Rule><ID>tagged-only</ID><Filter><Tag><Key>class</Key><Value>cold</Value></Tag></Filter><Status>Enabled</Status><Transition><Days>180</Days><StorageClass>DEEP_ARCHIVE</StorageClass></Transition></Rule>
          <Rule><ID>tagged-calls</ID><Filter><And><Prefix>calls/</Prefix><Tag><Key>class</Key><Value>cold</Value></Tag></And></Filter><Status>Enabled</Status><Transition><Days>180</Days><StorageClass>DEEP_ARCHIVE</StorageClass></Transition></Rule>
        </LifecycleConfiguration>
        """;

    private const string LoggingXml = $"""
        <?xml version="1.0" encoding="UTF-8"?>
        <BucketLoggingStatus xmlns="{S3Namespace}"><LoggingEnabled><TargetBucket>dev-rec-logs-9f8e7d6c</TargetBucket><TargetPrefix>dev/rec/</TargetPrefix></LoggingEnabled></BucketLoggingStatus>
        """;

    private static string S3Error(string code, string message) =>
        $"""<?xml version="1.0" encoding="UTF-8"?><Error><Code>{code}</Code><Message>{message}</Message><BucketName>acme-recordings</BucketName><RequestId>4442587FB7D0A2F9</RequestId></Error>""";

    private static string DescribeKeyJson(string state) => $$"""
        {"KeyMetadata":{"AWSAccountId":"111122223333","Arn":"{{KeyArn}}","KeyId":"1234abcd-12ab-34cd-56ef-1234567890ab","CreationDate":1.767606E9,
         "Enabled":{{(state == "Enabled" ? "true" : "false")}},"KeyState":"{{state}}","KeyManager":"CUSTOMER","KeyUsage":"ENCRYPT_DECRYPT","KeySpec":"SYMMETRIC_DEFAULT","Origin":"AWS_KMS","MultiRegion":false} }
        """;

    /// <summary>One loopback server answering S3's bucket sub-resources and KMS's DescribeKey, recording what was asked.</summary>
    private sealed class AwsAnswers
    {
        public Dictionary<string, (HttpStatusCode Status, string Body)> S3 { get; } = [];

        public (HttpStatusCode Status, string Body) Kms { get; set; } = (HttpStatusCode.OK, DescribeKeyJson("Enabled"));

        public List<string> Asked { get; } = [];

        public async Task AnswerAsync(HttpContext context)
        {
            var target = context.Request.Headers["X-Amz-Target"].ToString();
            if (target.Length > 0)
            {
                Asked.Add($"{target} {await new StreamReader(context.Request.Body).ReadToEndAsync()}");
                await Write(context, Kms, "application/x-amz-json-1.1");
                return;
            }

            var subresource = context.Request.QueryString.Value!.TrimStart('?').Split('=')[0];
            Asked.Add($"{context.Request.Method} {context.Request.Path}?{subresource}");
            await Write(context, S3.GetValueOrDefault(subresource, (HttpStatusCode.NotImplemented, S3Error("NotImplemented", "not answered here"))), "application/xml");
        }

        private static async Task Write(HttpContext context, (HttpStatusCode Status, string Body) answer, string contentType)
        {
            context.Response.StatusCode = (int)answer.Status;
            context.Response.ContentType = contentType;
            await context.Response.WriteAsync(answer.Body);
        }
    }

    private static async Task<KeyTiersAndLogsFacts> ReadS3Async(
        AwsAnswers answers, ExpectedKey? key, IReadOnlyList<ExpectedTier>? tiers, ExpectedAccessLogs? logs, bool readKeyState = true)
    {
        var ct = TestContext.Current.CancellationToken;
        var (app, endpoint) = await LoopbackApi.StartAsync(answers.AnswerAsync, ct);
        await using (app)
        {
            var credentials = new BasicAWSCredentials("AKIAOWNEREXAMPLE0001", "owner-secret");
            using var s3 = new AmazonS3Client(credentials, new AmazonS3Config { ServiceURL = endpoint.ToString(), ForcePathStyle = true, AuthenticationRegion = "eu-west-1", MaxErrorRetry = 0 });
            using var kms = new AmazonKeyManagementServiceClient(credentials, new AmazonKeyManagementServiceConfig { ServiceURL = endpoint.ToString(), AuthenticationRegion = "eu-west-1", MaxErrorRetry = 0 });
            return await new S3BucketProbe(s3, readKeyState ? kms : null).ReadKeyTiersAndLogsAsync("acme-recordings", "calls/", key, tiers, logs, ct);
        }
    }

    [Fact]
    public async Task S3s_key_its_state_the_enabled_transitions_and_the_log_bucket_are_read()
    {
        var answers = new AwsAnswers();
        answers.S3["encryption"] = (HttpStatusCode.OK, EncryptionXml("aws:kms", KeyArn, bucketKey: true));
        answers.S3["lifecycle"] = (HttpStatusCode.OK, LifecycleXml);
        answers.S3["logging"] = (HttpStatusCode.OK, LoggingXml);

        var facts = await ReadS3Async(answers, new ExpectedKey(KeyArn), S3Tiers, new ExpectedAccessLogs("create"));

        Assert.Equal((KeyArn, (bool?)true, "Enabled", KeyArn), (facts.KeyId, facts.BucketKeyEnabled, facts.KeyState, facts.KeyArn));
        Assert.Equal([new TierTransition(30, "STANDARD_IA", "calls/")], facts.Transitions);
        Assert.Equal(["dev-rec-logs-9f8e7d6c"], facts.LogDestinations);
        Assert.Contains($"TrentService.DescribeKey {{\"KeyId\":\"{KeyArn}\"}}", answers.Asked);
        // Neither the disabled rule nor those for tagged objects is a tier: DEEP_ARCHIVE is missing.
        Assert.Equal([FindingCodes.TiersMissing], KeyTiersAndLogsAnalyzer.Analyze(facts).Select(f => f.Code));
    }

    [Fact]
    public async Task A_bucket_without_encryption_lifecycle_or_logging_reads_as_none_of_them()
    {
        var answers = new AwsAnswers();
        answers.S3["encryption"] = (HttpStatusCode.NotFound, S3Error("ServerSideEncryptionConfigurationNotFoundError", "The server side encryption configuration was not found"));
        answers.S3["lifecycle"] = (HttpStatusCode.NotFound, S3Error("NoSuchLifecycleConfiguration", "The lifecycle configuration does not exist"));
        answers.S3["logging"] = (HttpStatusCode.OK, $"""<?xml version="1.0" encoding="UTF-8"?><BucketLoggingStatus xmlns="{S3Namespace}" />""");

        var facts = await ReadS3Async(answers, new ExpectedKey(KeyArn), S3Tiers, new ExpectedAccessLogs("acme-logs"));

        Assert.Equal(
            [FindingCodes.EncryptionKeyMissing, FindingCodes.TiersMissing, FindingCodes.TiersMissing, FindingCodes.AccessLogsOff],
            KeyTiersAndLogsAnalyzer.Analyze(facts).Select(f => f.Code));
        Assert.DoesNotContain(answers.Asked, a => a.StartsWith("TrentService", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Sse_s3_and_the_aws_managed_key_are_not_a_customer_key()
    {
        var answers = new AwsAnswers();
        answers.S3["encryption"] = (HttpStatusCode.OK, EncryptionXml("AES256", key: null, bucketKey: false));
        var sseS3 = await ReadS3Async(answers, new ExpectedKey(KeyId: null), tiers: null, logs: null);
        answers.S3["encryption"] = (HttpStatusCode.OK, EncryptionXml("aws:kms", "arn:aws:kms:eu-west-1:111122223333:alias/aws/s3", bucketKey: false));
        var awsManaged = await ReadS3Async(answers, new ExpectedKey(KeyId: null), tiers: null, logs: null);

        Assert.All([sseS3, awsManaged], facts => Assert.Null(facts.KeyId));
        Assert.Equal(FindingCodes.EncryptionKeyMissing, Assert.Single(KeyTiersAndLogsAnalyzer.Analyze(awsManaged)).Code);
    }

    [Fact]
    public async Task Dual_layer_encryption_takes_no_bucket_key_and_is_not_warned_of_one()
    {
        var answers = new AwsAnswers();
        answers.S3["encryption"] = (HttpStatusCode.OK, EncryptionXml("aws:kms:dsse", KeyArn, bucketKey: false));

        var facts = await ReadS3Async(answers, new ExpectedKey(KeyArn), tiers: null, logs: null);

        Assert.Equal((KeyArn, (bool?)null), (facts.KeyId, facts.BucketKeyEnabled));
        Assert.Empty(KeyTiersAndLogsAnalyzer.Analyze(facts));
    }

    [Fact]
    public async Task A_kms_answer_of_another_shape_leaves_the_key_state_unread_and_the_rest_of_the_report_standing()
    {
        var answers = new AwsAnswers { Kms = (HttpStatusCode.OK, "<html><body>Proxy login</body></html>") };
        answers.S3["encryption"] = (HttpStatusCode.OK, EncryptionXml("aws:kms", KeyArn, bucketKey: true));

        var facts = await ReadS3Async(answers, new ExpectedKey(KeyArn), tiers: null, logs: null);

        Assert.StartsWith("the read failed: ", facts.KeyStateError, StringComparison.Ordinal);
        Assert.Equal(FindingCodes.EncryptionUnreadable, Assert.Single(KeyTiersAndLogsAnalyzer.Analyze(facts)).Code);
    }

    [Fact]
    public async Task A_key_pending_deletion_is_read_from_kms()
    {
        var answers = new AwsAnswers { Kms = (HttpStatusCode.OK, DescribeKeyJson("PendingDeletion")) };
        answers.S3["encryption"] = (HttpStatusCode.OK, EncryptionXml("aws:kms", "1234abcd-12ab-34cd-56ef-1234567890ab", bucketKey: true));

        var facts = await ReadS3Async(answers, new ExpectedKey(KeyArn), tiers: null, logs: null);

        Assert.Equal(("PendingDeletion", KeyArn), (facts.KeyState, facts.KeyArn));
        Assert.Equal(FindingCodes.EncryptionKeyUnusable, Assert.Single(KeyTiersAndLogsAnalyzer.Analyze(facts)).Code);
    }

    [Fact]
    public async Task Refused_reads_and_an_unread_key_state_are_errors_not_absences()
    {
        var answers = new AwsAnswers
        {
            Kms = (HttpStatusCode.BadRequest, """{"__type":"AccessDeniedException","message":"User is not authorized to perform: kms:DescribeKey"}"""),
        };
        answers.S3["encryption"] = (HttpStatusCode.OK, EncryptionXml("aws:kms", KeyArn, bucketKey: true));
        answers.S3["lifecycle"] = (HttpStatusCode.Forbidden, S3Error("AccessDenied", "Access Denied"));
        answers.S3["logging"] = (HttpStatusCode.Forbidden, S3Error("AccessDenied", "Access Denied"));

        var facts = await ReadS3Async(answers, new ExpectedKey(KeyArn), S3Tiers, new ExpectedAccessLogs("create"));
        var unread = await ReadS3Async(answers, new ExpectedKey(KeyArn), tiers: null, logs: null, readKeyState: false);

        Assert.Equal(("AccessDeniedException", "AccessDenied", "AccessDenied"), (facts.KeyStateError, facts.TransitionsError, facts.AccessLogsError));
        Assert.Equal(
            [FindingCodes.EncryptionUnreadable, FindingCodes.TiersUnreadable, FindingCodes.AccessLogsUnreadable],
            KeyTiersAndLogsAnalyzer.Analyze(facts).Select(f => f.Code));
        Assert.Equal(FindingCodes.EncryptionUnreadable, Assert.Single(KeyTiersAndLogsAnalyzer.Analyze(unread)).Code);
    }

    private const string GcsBucketJson = """
        { "kind": "storage#bucket", "id": "dev-rec-9f8e7d6c", "name": "dev-rec-9f8e7d6c", "projectNumber": "123456789012", "location": "EU", "storageClass": "STANDARD",
          "customPlacementConfig": { "dataLocations": ["EUROPE-WEST1", "EUROPE-WEST4"] },
          "encryption": { "defaultKmsKeyName": "projects/acme-video/locations/europe/keyRings/dev-rec-9f8e7d6c/cryptoKeys/recordings" },
          "logging": { "logBucket": "dev-rec-logs-9f8e7d6c", "logObjectPrefix": "dev/rec/" },
          "lifecycle": { "rule": [
            { "action": { "type": "Delete" }, "condition": { "age": 2, "matchesPrefix": ["calls/stream-"], "matchesSuffix": [".md"] } },
            { "action": { "type": "SetStorageClass", "storageClass": "NEARLINE" }, "condition": { "age": 30, "matchesPrefix": ["calls/"] } },
            { "action": { "type": "SetStorageClass", "storageClass": "ARCHIVE" }, "condition": { "age": 365 } },
            { "action": { "type": "SetStorageClass", "storageClass": "COLDLINE" }, "condition": { "age": 60, "isLive": false } },
            { "action": { "type": "SetStorageClass", "storageClass": "COLDLINE" }, "condition": { "age": 60, "numNewerVersions": 1 } },
            { "action": { "type": "SetStorageClass", "storageClass": "COLDLINE" }, "condition": { "age": 60, "daysSinceNoncurrentTime": 30 } },
            { "action": { "type": "SetStorageClass", "storageClass": "COLDLINE" }, "condition": { "age": 60, "matchesSuffix": [".md"] } },
            { "action": { "type": "SetStorageClass", "storageClass": "COLDLINE" }, "condition": { "age": 60, "createdBefore": "2019-01-01" } },
            { "action": { "type": "SetStorageClass", "storageClass": "COLDLINE" }, "condition": { "age": 60, "daysSinceCustomTime": 30 } },
            { "action": { "type": "SetStorageClass", "storageClass": "COLDLINE" }, "condition": { "age": 60, "customTimeBefore": "2030-01-01" } },
            { "action": { "type": "SetStorageClass", "storageClass": "COLDLINE" }, "condition": { "age": 60, "matchesPattern": "^calls/old-" } },
            { "action": { "type": "SetStorageClass", "storageClass": "COLDLINE" }, "condition": { "age": 60, "sizeBelowBytes": 1024 } } ] } }
        """;

    [Fact]
    public async Task A_gcs_buckets_default_key_set_storage_class_rules_and_log_bucket_are_read_through_the_sdk()
    {
        var (facts, asked) = await RecordedGcsBucket.GatherAsync(GcsBucketJson);

        Assert.Equal("projects/acme-video/locations/europe/keyRings/dev-rec-9f8e7d6c/cryptoKeys/recordings", facts.DefaultKmsKeyName);
        // Rules for objects created before a date, with a custom time, of a pattern or a size move no new recording.
        Assert.Equal([new TierTransition(30, "NEARLINE", "calls/"), new TierTransition(365, "ARCHIVE", "")], facts.Transitions);
        Assert.Equal("dev-rec-logs-9f8e7d6c", facts.LogBucket);
        Assert.Equal(["EUROPE-WEST1", "EUROPE-WEST4"], GcsBucketProbe.LockAndLocation(facts, expectedLock: null, ["europe-west1"]).DataLocations);
        Assert.Equal("123456789012", facts.ProjectNumber);
        Assert.Equal("/b/dev-rec-9f8e7d6c", asked[0]);
    }

    [Theory]
    [InlineData("""{ "service": "storage.googleapis.com", "auditLogConfigs": [ { "logType": "DATA_READ" }, { "logType": "DATA_WRITE" } ] }""", true)]
    [InlineData("""{ "service": "allServices", "auditLogConfigs": [ { "logType": "ADMIN_READ" }, { "logType": "DATA_READ" }, { "logType": "DATA_WRITE" } ] }""", true)]
    [InlineData("""{ "service": "storage.googleapis.com", "auditLogConfigs": [ { "logType": "DATA_WRITE" } ] }""", false)]
    [InlineData("""{ "service": "bigquery.googleapis.com", "auditLogConfigs": [ { "logType": "DATA_READ" }, { "logType": "DATA_WRITE" } ] }""", false)]
    public async Task A_projects_audit_configs_are_read_from_its_iam_policy(string auditConfig, bool on)
    {
        // A project in no folder or organization: nothing above it adds to its configs.
        var handler = new ScriptedHandler()
            .Respond(HttpStatusCode.OK, $$"""
                { "version": 3, "etag": "BwYl7kH1Cxg=", "bindings": [ { "role": "roles/owner", "members": ["user:ops@acme.example"] } ], "auditConfigs": [ {{auditConfig}} ] }
                """)
            .Respond(HttpStatusCode.OK, """{ "ancestor": [ { "resourceId": { "type": "project", "id": "acme-video" } } ] }""");
        var scopes = new List<string>();

        var read = await new GcpAuditLogsProbe(new HttpClient(handler), (scope, _) =>
        {
            scopes.Add(scope);
            return Task.FromResult("owner-token");
        }).ReadAsync("123456789012", TestContext.Current.CancellationToken);

        Assert.Equal((on, null, null), (read.On, read.Error, read.ExemptionsError));
        Assert.Empty(read.Exemptions);
        var request = handler.Requests[0];
        Assert.Equal(("POST", "https://cloudresourcemanager.googleapis.com/v3/projects/123456789012:getIamPolicy"), (request.Method, request.Uri.AbsoluteUri));
        Assert.Contains("\"requestedPolicyVersion\":3", request.Body, StringComparison.Ordinal);
        Assert.Equal("https://cloudresourcemanager.googleapis.com/v1/projects/123456789012:getAncestry", handler.Requests[1].Uri.AbsoluteUri);
        Assert.Equal(2, handler.Requests.Count);
        Assert.All(scopes, scope => Assert.Equal("https://www.googleapis.com/auth/cloud-platform", scope));
    }

    /// <summary>Audit configs add up down the hierarchy: the organization's turns on what the project's and its folder's leave off.</summary>
    [Fact]
    public async Task Audit_logs_the_organization_turns_on_are_on_for_a_project_whose_own_configs_leave_them_off()
    {
        const string folderOff = """{ "version": 1, "etag": "BwYl7kH1Cxg=", "auditConfigs": [ { "service": "storage.googleapis.com", "auditLogConfigs": [ { "logType": "DATA_WRITE" } ] } ] }""";
        var handler = new ScriptedHandler()
            .Respond(HttpStatusCode.OK, """{ "version": 1, "etag": "BwYl7kH1Cxg=", "bindings": [] }""")
            .Respond(HttpStatusCode.OK, """
                { "ancestor": [ { "resourceId": { "type": "project", "id": "acme-video" } }, { "resourceId": { "type": "folder", "id": "381247" } },
                                { "resourceId": { "type": "organization", "id": "905613" } } ] }
                """)
            .Respond(HttpStatusCode.OK, folderOff)
            .Respond(HttpStatusCode.OK, """{ "version": 1, "auditConfigs": [ { "service": "allServices", "auditLogConfigs": [ { "logType": "DATA_READ" } ] } ] }""");
        var probe = new GcpAuditLogsProbe(new HttpClient(handler), (_, _) => Task.FromResult("owner-token"));

        var read = await probe.ReadAsync("123456789012", TestContext.Current.CancellationToken);

        Assert.Equal((true, null, null), (read.On, read.Error, read.ExemptionsError));
        Assert.Equal(
            [
                "https://cloudresourcemanager.googleapis.com/v3/projects/123456789012:getIamPolicy",
                "https://cloudresourcemanager.googleapis.com/v1/projects/123456789012:getAncestry",
                "https://cloudresourcemanager.googleapis.com/v3/folders/381247:getIamPolicy",
                "https://cloudresourcemanager.googleapis.com/v3/organizations/905613:getIamPolicy",
            ],
            handler.Requests.Select(r => r.Uri.AbsoluteUri));
    }

    /// <summary>
    /// Exemptions add up like the log types: those of the project's own configs, its folder's and its organization's are
    /// all read, in that order, each with its config; a member a config lists twice counts once; an ADMIN_READ exemption,
    /// or another service's, leaves no recording's read or write out.
    /// </summary>
    [Fact]
    public async Task Exempted_principals_are_read_from_the_project_and_every_policy_above_it()
    {
        const string Stream = "serviceAccount:stream-rec@acme-video.iam.gserviceaccount.com";
        var handler = new ScriptedHandler()
            .Respond(HttpStatusCode.OK, $$"""
                { "version": 1, "auditConfigs": [
                    { "service": "storage.googleapis.com", "auditLogConfigs": [ { "logType": "DATA_READ" }, { "logType": "DATA_WRITE", "exemptedMembers": ["{{Stream}}", "{{Stream}}"] } ] },
                    { "service": "allServices", "auditLogConfigs": [ { "logType": "DATA_WRITE", "exemptedMembers": ["{{Stream}}"] } ] },
                    { "service": "bigquery.googleapis.com", "auditLogConfigs": [ { "logType": "DATA_READ", "exemptedMembers": ["group:analysts@acme.example"] } ] } ] }
                """)
            .Respond(HttpStatusCode.OK, """
                { "ancestor": [ { "resourceId": { "type": "project", "id": "acme-video" } }, { "resourceId": { "type": "folder", "id": "381247" } },
                                { "resourceId": { "type": "organization", "id": "905613" } } ] }
                """)
            .Respond(HttpStatusCode.OK, """{ "version": 1, "auditConfigs": [ { "service": "storage.googleapis.com", "auditLogConfigs": [ { "logType": "DATA_READ", "exemptedMembers": ["group:backup@acme.example"] } ] } ] }""")
            .Respond(HttpStatusCode.OK, """
                { "version": 1, "auditConfigs": [ { "service": "allServices", "auditLogConfigs": [
                    { "logType": "ADMIN_READ", "exemptedMembers": ["group:auditors@acme.example"] }, { "logType": "DATA_READ", "exemptedMembers": ["group:etl@acme.example"] } ] } ] }
                """);

        var read = await new GcpAuditLogsProbe(new HttpClient(handler), (_, _) => Task.FromResult("owner-token")).ReadAsync("123456789012", TestContext.Current.CancellationToken);

        Assert.Equal((true, null, null), (read.On, read.Error, read.ExemptionsError));
        Assert.Equal(
            [
                new AuditLogExemption(Stream, "DATA_WRITE", "projects/123456789012", "storage.googleapis.com"),
                new AuditLogExemption(Stream, "DATA_WRITE", "projects/123456789012", "allServices"),
                new AuditLogExemption("group:backup@acme.example", "DATA_READ", "folders/381247", "storage.googleapis.com"),
                new AuditLogExemption("group:etl@acme.example", "DATA_READ", "organizations/905613", "allServices"),
            ],
            read.Exemptions);
        Assert.Equal([true, false, false, false], read.Exemptions.Select(e => e.InStacksConfig));
    }

    /// <summary>Logs off hold no exemptions: whom logs that are off leave out says nothing.</summary>
    [Fact]
    public async Task Logs_that_are_off_carry_no_exemptions()
    {
        var handler = new ScriptedHandler()
            .Respond(HttpStatusCode.OK, """{ "version": 1, "auditConfigs": [ { "service": "allServices", "auditLogConfigs": [ { "logType": "DATA_READ", "exemptedMembers": ["group:etl@acme.example"] } ] } ] }""")
            .Respond(HttpStatusCode.OK, """{ "ancestor": [ { "resourceId": { "type": "project", "id": "acme-video" } } ] }""");

        var read = await new GcpAuditLogsProbe(new HttpClient(handler), (_, _) => Task.FromResult("owner-token")).ReadAsync("123456789012", TestContext.Current.CancellationToken);

        Assert.Equal((false, null), (read.On, read.Error));
        Assert.Empty(read.Exemptions);
    }

    [Fact]
    public async Task A_buckets_project_audit_logs_that_exempt_streams_service_account_are_reported_naming_it()
    {
        var handler = new ScriptedHandler()
            .Respond(HttpStatusCode.OK, """
                { "version": 1, "auditConfigs": [ { "service": "storage.googleapis.com", "auditLogConfigs": [
                    { "logType": "DATA_READ" }, { "logType": "DATA_WRITE", "exemptedMembers": ["serviceAccount:stream-rec@acme-video.iam.gserviceaccount.com"] } ] } ] }
                """)
            .Respond(HttpStatusCode.OK, """{ "ancestor": [ { "resourceId": { "type": "project", "id": "acme-video" } } ] }""");
        var bucket = new GcsBucketFacts
        {
            Bucket = "dev-rec-9f8e7d6c", Path = "calls/", ProjectNumber = "123456789012", ServiceAccountEmail = "stream-rec@acme-video.iam.gserviceaccount.com",
        };

        var facts = await GcsBucketProbe.ReadKeyTiersAndLogsAsync(
            bucket, null, null, new ExpectedAccessLogs(ExpectedAccessLogs.AuditLogsValue),
            () => new GcpAuditLogsProbe(new HttpClient(handler), (_, _) => Task.FromResult("owner-token")), keyStates: null, TestContext.Current.CancellationToken);

        var finding = Assert.Single(KeyTiersAndLogsAnalyzer.Analyze(facts));
        Assert.Equal(FindingCodes.AccessLogsExempted, finding.Code);
        Assert.Contains("serviceAccount:stream-rec@acme-video.iam.gserviceaccount.com (DATA_WRITE in storage.googleapis.com of projects/123456789012; Stream's service account)", finding.Cause, StringComparison.Ordinal);
    }

    /// <summary>Off at the project, and a folder above it unread: whether the logs are on is not known, never "off".</summary>
    [Fact]
    public async Task A_folder_policy_refused_where_the_projects_own_configs_leave_the_logs_off_is_an_error_naming_the_folder()
    {
        var handler = new ScriptedHandler()
            .Respond(HttpStatusCode.OK, """{ "version": 1, "bindings": [] }""")
            .Respond(HttpStatusCode.OK, """{ "ancestor": [ { "resourceId": { "type": "project", "id": "acme-video" } }, { "resourceId": { "type": "folder", "id": "381247" } } ] }""")
            .Respond(HttpStatusCode.Forbidden, """{ "error": { "code": 403, "message": "The caller does not have permission", "status": "PERMISSION_DENIED" } }""");

        var read = await new GcpAuditLogsProbe(new HttpClient(handler), (_, _) => Task.FromResult("owner-token")).ReadAsync("123456789012", TestContext.Current.CancellationToken);

        Assert.Null(read.On);
        Assert.Equal(
            "the project's own configs leave them off, and the IAM policy of folders/381247 above the project, whose configs add to its own, could not be read: HTTP 403 The caller does not have permission",
            read.Error);
    }

    /// <summary>On at the project: a policy above it refused, or the ancestry itself, leaves only whom the logs leave out unknown.</summary>
    [Theory]
    [InlineData(true, "the IAM policy of organizations/905613 above the project, whose configs add to its own, could not be read: HTTP 403 The caller does not have permission")]
    [InlineData(false, "the folders and organization above the project, whose configs add to its own, could not be listed: ANCESTRY")]
    public async Task Logs_the_project_turns_on_stay_on_when_a_policy_above_it_is_refused_and_say_their_exemptions_were_not_all_read(bool ancestryRead, string unread)
    {
        var handler = new ScriptedHandler()
            .Respond(HttpStatusCode.OK, """{ "version": 1, "auditConfigs": [ { "service": "storage.googleapis.com", "auditLogConfigs": [ { "logType": "DATA_READ" }, { "logType": "DATA_WRITE" } ] } ] }""");
        if (ancestryRead)
        {
            handler.Respond(HttpStatusCode.OK, """{ "ancestor": [ { "resourceId": { "type": "project", "id": "acme-video" } }, { "resourceId": { "type": "organization", "id": "905613" } } ] }""");
        }

        handler.Respond(HttpStatusCode.Forbidden, Refused);

        var read = await new GcpAuditLogsProbe(new HttpClient(handler), (_, _) => Task.FromResult("owner-token")).ReadAsync("123456789012", TestContext.Current.CancellationToken);

        Assert.Equal((true, null), (read.On, read.Error));
        Assert.Equal(unread.Replace("ANCESTRY", AncestryRefused, StringComparison.Ordinal), read.ExemptionsError);
    }

    /// <summary>Off at the project, its folder refused, its organization turning the logs on: on, the folder's exemptions not examined.</summary>
    [Fact]
    public async Task Logs_an_organization_turns_on_above_a_refused_folder_are_on_with_the_folder_said_unread()
    {
        var handler = new ScriptedHandler()
            .Respond(HttpStatusCode.OK, """{ "version": 1, "bindings": [] }""")
            .Respond(HttpStatusCode.OK, """
                { "ancestor": [ { "resourceId": { "type": "project", "id": "acme-video" } }, { "resourceId": { "type": "folder", "id": "381247" } },
                                { "resourceId": { "type": "organization", "id": "905613" } } ] }
                """)
            .Respond(HttpStatusCode.Forbidden, Refused)
            .Respond(HttpStatusCode.OK, """{ "version": 1, "auditConfigs": [ { "service": "allServices", "auditLogConfigs": [ { "logType": "DATA_READ" }, { "logType": "DATA_WRITE" } ] } ] }""");

        var read = await new GcpAuditLogsProbe(new HttpClient(handler), (_, _) => Task.FromResult("owner-token")).ReadAsync("123456789012", TestContext.Current.CancellationToken);

        Assert.Equal((true, null), (read.On, read.Error));
        Assert.Equal(
            "the IAM policy of folders/381247 above the project, whose configs add to its own, could not be read: HTTP 403 The caller does not have permission",
            read.ExemptionsError);
    }

    [Fact]
    public async Task Logs_the_project_leaves_off_with_its_ancestry_refused_are_not_known()
    {
        var handler = new ScriptedHandler()
            .Respond(HttpStatusCode.OK, """{ "version": 1, "bindings": [] }""")
            .Respond(HttpStatusCode.Forbidden, Refused);

        var read = await new GcpAuditLogsProbe(new HttpClient(handler), (_, _) => Task.FromResult("owner-token")).ReadAsync("123456789012", TestContext.Current.CancellationToken);

        Assert.Null(read.On);
        Assert.Equal(
            $"the project's own configs leave them off, and the folders and organization above the project, whose configs add to its own, could not be listed: {AncestryRefused}",
            read.Error);
    }

    private const string Refused = """{ "error": { "code": 403, "message": "The caller does not have permission", "status": "PERMISSION_DENIED" } }""";

    private const string AncestryRefused = "the ancestry of project 123456789012: HTTP 403 The caller does not have permission";

    [Fact]
    public async Task A_project_policy_read_that_fails_or_answers_another_shape_is_an_error_not_a_crash()
    {
        var handler = new ScriptedHandler()
            .Fail(new HttpRequestException("Connection reset"))
            .Respond(HttpStatusCode.OK, "[]");
        var probe = new GcpAuditLogsProbe(new HttpClient(handler), (_, _) => Task.FromResult("owner-token"));

        var reset = await probe.ReadAsync("123456789012", TestContext.Current.CancellationToken);
        var otherShape = await probe.ReadAsync("123456789012", TestContext.Current.CancellationToken);

        Assert.Equal((null, "the read failed: Connection reset"), (reset.On, reset.Error));
        Assert.Null(otherShape.On);
        Assert.StartsWith("the read failed: ", otherShape.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_refused_project_policy_is_an_error_not_logs_off()
    {
        var handler = new ScriptedHandler().Respond(HttpStatusCode.Forbidden, """
            { "error": { "code": 403, "message": "The caller does not have permission", "status": "PERMISSION_DENIED" } }
            """);

        var read = await new GcpAuditLogsProbe(new HttpClient(handler), (_, _) => Task.FromResult("owner-token")).ReadAsync("123456789012", TestContext.Current.CancellationToken);

        Assert.Equal(((bool?)null, "HTTP 403 The caller does not have permission"), (read.On, read.Error));
    }

    private const string CloudKmsKey = "projects/acme-video/locations/europe/keyRings/dev-rec-9f8e7d6c/cryptoKeys/recordings";

    private static string CryptoKeyJson(string? primaryState) => primaryState is null
        ? $$"""{ "name": "{{CloudKmsKey}}", "purpose": "ENCRYPT_DECRYPT", "createTime": "2026-01-05T10:00:00.000000Z", "versionTemplate": { "protectionLevel": "SOFTWARE", "algorithm": "GOOGLE_SYMMETRIC_ENCRYPTION" } }"""
        : $$"""
            { "name": "{{CloudKmsKey}}", "purpose": "ENCRYPT_DECRYPT", "createTime": "2026-01-05T10:00:00.000000Z",
              "primary": { "name": "{{CloudKmsKey}}/cryptoKeyVersions/3", "state": "{{primaryState}}", "createTime": "2026-01-05T10:00:00.000000Z",
                           "protectionLevel": "SOFTWARE", "algorithm": "GOOGLE_SYMMETRIC_ENCRYPTION", "generateTime": "2026-01-05T10:00:00.000000Z" },
              "versionTemplate": { "protectionLevel": "SOFTWARE", "algorithm": "GOOGLE_SYMMETRIC_ENCRYPTION" }, "destroyScheduledDuration": "2592000s" }
            """;

    /// <summary>
    /// A bucket on the version of its default key Cloud Storage reports, whose key a loopback Cloud KMS answers with
    /// <paramref name="status"/> and <paramref name="body"/>; what it was asked, with which token, is recorded.
    /// </summary>
    private static async Task<(KeyTiersAndLogsFacts Facts, List<string> Asked, List<string> Scopes)> ReadCloudKmsStateAsync(HttpStatusCode status, string body)
    {
        var ct = TestContext.Current.CancellationToken;
        var asked = new List<string>();
        var scopes = new List<string>();
        var (app, endpoint) = await LoopbackApi.StartAsync(async context =>
        {
            asked.Add($"{context.Request.Method} {context.Request.Path} {context.Request.Headers.Authorization}");
            context.Response.StatusCode = (int)status;
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(body);
        }, ct);
        await using (app)
        {
            using var http = new HttpClient();
            var bucket = new GcsBucketFacts { Bucket = "dev-rec-9f8e7d6c", Path = "calls/", DefaultKmsKeyName = CloudKmsKey + "/cryptoKeyVersions/1" };
            var facts = await GcsBucketProbe.ReadKeyTiersAndLogsAsync(
                bucket, new ExpectedKey(CloudKmsKey), null, null, auditLogs: null,
                () => new CloudKmsKeyProbe(http, (scope, _) =>
                {
                    scopes.Add(scope);
                    return Task.FromResult("owner-token");
                }) { Endpoint = endpoint },
                ct);
            return (facts, asked, scopes);
        }
    }

    [Fact]
    public async Task A_gcs_buckets_key_is_read_from_cloud_kms_by_its_key_name_and_an_enabled_primary_version_passes()
    {
        var (facts, asked, scopes) = await ReadCloudKmsStateAsync(HttpStatusCode.OK, CryptoKeyJson("ENABLED"));

        Assert.Equal([$"GET /v1/{CloudKmsKey} Bearer owner-token"], asked);
        Assert.Equal(["https://www.googleapis.com/auth/cloud-platform"], scopes);
        Assert.Equal(("ENABLED", CloudKmsKey + "/cryptoKeyVersions/3", (string?)null), (facts.KeyState, facts.KeyVersion, facts.KeyStateError));
        Assert.Empty(KeyTiersAndLogsAnalyzer.Analyze(facts));
    }

    [Theory]
    [InlineData("DISABLED", "gcloud kms keys versions enable 3 --key recordings --keyring dev-rec-9f8e7d6c --location europe --project acme-video")]
    [InlineData("DESTROYED", "gcloud kms keys versions create --key recordings --keyring dev-rec-9f8e7d6c --location europe --project acme-video --primary")]
    [InlineData(null, "gcloud kms keys versions create --key recordings")]
    public async Task A_gcs_key_whose_primary_version_cannot_encrypt_is_a_problem(string? primaryState, string fix)
    {
        var (facts, _, _) = await ReadCloudKmsStateAsync(HttpStatusCode.OK, CryptoKeyJson(primaryState));

        Assert.Equal(primaryState ?? KeyTiersAndLogsFacts.NoPrimaryVersion, facts.KeyState);
        var finding = Assert.Single(KeyTiersAndLogsAnalyzer.Analyze(facts));
        Assert.Equal((FindingCodes.EncryptionKeyUnusable, FindingSeverity.Problem), (finding.Code, finding.Severity));
        Assert.Contains(fix, finding.Fix, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_primary_version_answered_without_a_state_is_not_examined_never_a_missing_primary()
    {
        var (facts, _, _) = await ReadCloudKmsStateAsync(HttpStatusCode.OK, CryptoKeyJson("ENABLED").Replace("\"state\": \"ENABLED\", ", "", StringComparison.Ordinal));

        Assert.Null(facts.KeyState);
        Assert.Equal($"cryptoKeys.get of {CloudKmsKey} answered a primary version without a state", facts.KeyStateError);
        var finding = Assert.Single(KeyTiersAndLogsAnalyzer.Analyze(facts));
        Assert.Equal((FindingCodes.EncryptionUnreadable, FindingSeverity.Warning), (finding.Code, finding.Severity));
    }

    [Fact]
    public async Task A_refused_cloud_kms_read_is_not_examined_never_a_pass()
    {
        var (facts, _, _) = await ReadCloudKmsStateAsync(HttpStatusCode.Forbidden, $$"""
            { "error": { "code": 403, "message": "Permission 'cloudkms.cryptoKeys.get' denied on resource '{{CloudKmsKey}}' (or it may not exist).", "status": "PERMISSION_DENIED" } }
            """);

        Assert.Null(facts.KeyState);
        Assert.Contains("HTTP 403 Permission 'cloudkms.cryptoKeys.get' denied", facts.KeyStateError, StringComparison.Ordinal);
        var finding = Assert.Single(KeyTiersAndLogsAnalyzer.Analyze(facts));
        Assert.Equal((FindingCodes.EncryptionUnreadable, FindingSeverity.Warning), (finding.Code, finding.Severity));
        Assert.Contains("cloudkms.cryptoKeys.get on the key", finding.Fix, StringComparison.Ordinal);
    }

    private const string Workspace = Subscription + "/resourceGroups/ops/providers/Microsoft.OperationalInsights/workspaces/acme-logs";

    private const string AccountWithVaultKey = """
        { "id": "x", "name": "strecabs9f8e7d6c", "location": "westeurope", "kind": "StorageV2",
          "properties": { "encryption": { "keySource": "Microsoft.Keyvault", "requireInfrastructureEncryption": false,
            "keyvaultproperties": { "keyvaulturi": "https://acme-keys.vault.azure.net/", "keyname": "recordings", "keyversion": "",
                                    "currentVersionedKeyIdentifier": "https://acme-keys.vault.azure.net/keys/recordings/0123456789abcdef0123456789abcdef" },
            "identity": { "userAssignedIdentity": "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/video-rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities/dev-rec-key" },
            "services": { "blob": { "enabled": true, "keyType": "Account" } } } } }
        """;

    private const string ManagementPolicy = """
        { "id": "x", "name": "DefaultManagementPolicy", "type": "Microsoft.Storage/storageAccounts/managementPolicies",
          "properties": { "lastModifiedTime": "2026-01-05T10:00:00Z", "policy": { "rules": [
            { "enabled": true, "name": "tier-1-cool", "type": "Lifecycle", "definition": {
                "filters": { "blobTypes": ["blockBlob"], "prefixMatch": ["recordings/calls/"] },
                "actions": { "baseBlob": { "tierToCool": { "daysAfterCreationGreaterThan": 30 }, "tierToArchive": { "daysAfterModificationGreaterThan": 180 } } } } },
            { "enabled": true, "name": "other-container", "type": "Lifecycle", "definition": {
                "filters": { "blobTypes": ["blockBlob"], "prefixMatch": ["exports/"] },
                "actions": { "baseBlob": { "tierToCold": { "daysAfterCreationGreaterThan": 60 } } } } },
            { "enabled": true, "name": "tagged-only", "type": "Lifecycle", "definition": {
                "filters": { "blobTypes": ["blockBlob"], "prefixMatch": ["recordings/calls/"], "blobIndexMatch": [ { "name": "class", "op": "==", "value": "cold" } ] },
                "actions": { "baseBlob": { "tierToArchive": { "daysAfterModificationGreaterThan": 7 } } } } },
            { "enabled": false, "name": "switched-off", "type": "Lifecycle", "definition": {
                "filters": { "blobTypes": ["blockBlob"] }, "actions": { "baseBlob": { "tierToCold": { "daysAfterCreationGreaterThan": 90 } } } } },
            { "enabled": true, "name": "append-blobs-only", "type": "Lifecycle", "definition": {
                "filters": { "blobTypes": ["appendBlob"], "prefixMatch": ["recordings/calls/"] }, "actions": { "baseBlob": { "tierToCold": { "daysAfterCreationGreaterThan": 10 } } } } },
            { "enabled": true, "name": "containers-named-rec", "type": "Lifecycle", "definition": {
                "filters": { "blobTypes": ["blockBlob"], "prefixMatch": ["rec"] }, "actions": { "baseBlob": { "tierToArchive": { "daysAfterCreationGreaterThan": 180 } } } } } ] } } }
        """;

    private const string DiagnosticSettings = $$"""
        { "value": [
          { "id": "x", "name": "writes-only", "properties": { "workspaceId": "{{Subscription}}/resourceGroups/ops/providers/Microsoft.OperationalInsights/workspaces/partial",
              "logs": [ { "category": "StorageWrite", "enabled": true }, { "category": "StorageRead", "enabled": false }, { "category": "StorageDelete", "enabled": true } ], "metrics": [] } },
          { "id": "x", "name": "recordings-access", "properties": { "workspaceId": "{{Workspace}}",
              "logs": [ { "category": "StorageRead", "enabled": true }, { "category": "StorageWrite", "enabled": true }, { "category": "StorageDelete", "enabled": true } ], "metrics": [] } },
          { "id": "x", "name": "everything", "properties": { "storageAccountId": "{{Subscription}}/resourceGroups/ops/providers/Microsoft.Storage/storageAccounts/acmelogs",
              "logs": [ { "categoryGroup": "allLogs", "enabled": true } ] } } ] }
        """;

    private static AzureResourceProbe Probe(ScriptedHandler handler) => new(new HttpClient(handler), (_, _) => Task.FromResult("owner-token"));

    [Fact]
    public async Task Azures_account_key_tier_rules_for_the_container_and_full_diagnostic_settings_are_read()
    {
        var handler = new ScriptedHandler()
            .Respond(HttpStatusCode.OK, AccountWithVaultKey)
            .Respond(HttpStatusCode.OK, VaultKeyJson(enabled: true, expires: null))
            .Respond(HttpStatusCode.OK, ManagementPolicy)
            .Respond(HttpStatusCode.OK, DiagnosticSettings);

        var facts = await Probe(handler).GatherKeyTiersAndLogsAsync(
            ContainerId, "calls/", new ExpectedKey("https://acme-keys.vault.azure.net/keys/recordings"), [new ExpectedTier(30, "Cool"), new ExpectedTier(180, "Archive")],
            new ExpectedAccessLogs(Workspace), TestContext.Current.CancellationToken);

        Assert.Equal(
            [
                $"https://management.azure.com{Account}?api-version=2023-05-01",
                "https://acme-keys.vault.azure.net/keys/recordings?api-version=7.4",
                $"https://management.azure.com{Account}/managementPolicies/default?api-version=2023-05-01",
                $"https://management.azure.com{Account}/blobServices/default/providers/Microsoft.Insights/diagnosticSettings?api-version=2021-05-01-preview",
            ],
            handler.Requests.Select(r => r.Uri.AbsoluteUri));
        Assert.Equal(("https://acme-keys.vault.azure.net/keys/recordings", "Enabled"), (facts.KeyId, facts.KeyState));
        // A prefix without '/' names containers ("rec" takes in "recordings", whole); a rule for append blobs only moves no recording.
        Assert.Equal([new TierTransition(30, "Cool", "calls/"), new TierTransition(180, "Archive", "calls/"), new TierTransition(180, "Archive", "")], facts.Transitions);
        Assert.Equal([Workspace, $"{Subscription}/resourceGroups/ops/providers/Microsoft.Storage/storageAccounts/acmelogs"], facts.LogDestinations);
        Assert.Empty(KeyTiersAndLogsAnalyzer.Analyze(facts));
    }

    /// <summary>Key Vault's key bundle for the account's key: its public part, and attributes in Unix seconds.</summary>
    private static string VaultKeyJson(bool enabled, DateTimeOffset? expires, DateTimeOffset? notBefore = null) => $$"""
        { "key": { "kid": "https://acme-keys.vault.azure.net/keys/recordings/0123456789abcdef0123456789abcdef", "kty": "RSA",
                   "key_ops": ["encrypt", "decrypt", "wrapKey", "unwrapKey"], "n": "2HJAE5fU3Cw2Rt9hEuq", "e": "AQAB" },
          "attributes": { "enabled": {{(enabled ? "true" : "false")}}, "created": 1767607200, "updated": 1767607200, "recoveryLevel": "Recoverable+Purgeable", "recoverableDays": 90
                          {{(expires is { } at ? $", \"exp\": {at.ToUnixTimeSeconds()}" : "")}}{{(notBefore is { } from ? $", \"nbf\": {from.ToUnixTimeSeconds()}" : "")}} } }
        """;

    private static readonly DateTimeOffset Now = new(2026, 6, 1, 12, 0, 0, TimeSpan.Zero);

    private static async Task<(KeyTiersAndLogsFacts Facts, ScriptedHandler Handler, List<string> Scopes)> ReadVaultKeyStateAsync(
        HttpStatusCode status, string body, string account = AccountWithVaultKey)
    {
        var handler = new ScriptedHandler().Respond(HttpStatusCode.OK, account).Respond(status, body);
        var scopes = new List<string>();
        var probe = new AzureResourceProbe(new HttpClient(handler), (scope, _) =>
        {
            scopes.Add(scope);
            return Task.FromResult("owner-token");
        }) { Time = new FakeTimeProvider(Now) };

        var facts = await probe.GatherKeyTiersAndLogsAsync(
            ContainerId, "calls/", new ExpectedKey("https://acme-keys.vault.azure.net/keys/recordings"), null, null, TestContext.Current.CancellationToken);
        return (facts, handler, scopes);
    }

    [Fact]
    public async Task An_azure_accounts_key_is_read_from_its_vault_with_a_vault_token_and_an_enabled_unexpired_key_passes()
    {
        var (facts, handler, scopes) = await ReadVaultKeyStateAsync(HttpStatusCode.OK, VaultKeyJson(enabled: true, expires: Now.AddDays(1)));

        Assert.Equal(("GET", "https://acme-keys.vault.azure.net/keys/recordings?api-version=7.4"), (handler.Requests[1].Method, handler.Requests[1].Uri.AbsoluteUri));
        Assert.Equal("Bearer owner-token", handler.Requests[1].Header("Authorization"));
        Assert.Equal([AzureResourceProbe.ArmScope, "https://vault.azure.net/.default"], scopes);
        Assert.Equal("Enabled", facts.KeyState);
        Assert.Empty(KeyTiersAndLogsAnalyzer.Analyze(facts));
    }

    [Fact]
    public async Task An_azure_key_not_yet_active_is_a_problem_that_names_its_activation_date()
    {
        var (facts, _, _) = await ReadVaultKeyStateAsync(HttpStatusCode.OK, VaultKeyJson(enabled: true, expires: null, notBefore: Now.AddHours(1)));

        Assert.Equal(KeyTiersAndLogsFacts.NotYetValidKey, facts.KeyState);
        var finding = Assert.Single(KeyTiersAndLogsAnalyzer.Analyze(facts));
        Assert.Equal((FindingCodes.EncryptionKeyUnusable, FindingSeverity.Problem), (finding.Code, finding.Severity));
        Assert.Contains("az keyvault key set-attributes --vault-name acme-keys --name recordings --not-before ", finding.Fix, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_account_that_pins_a_key_version_has_that_version_read_and_mended()
    {
        const string Version = "0123456789abcdef0123456789abcdef";
        var pinned = AccountWithVaultKey.Replace("\"keyversion\": \"\"", $"\"keyversion\": \"{Version}\"", StringComparison.Ordinal);

        var (facts, handler, _) = await ReadVaultKeyStateAsync(HttpStatusCode.OK, VaultKeyJson(enabled: false, expires: null), pinned);

        Assert.Equal($"https://acme-keys.vault.azure.net/keys/recordings/{Version}?api-version=7.4", handler.Requests[1].Uri.AbsoluteUri);
        var finding = Assert.Single(KeyTiersAndLogsAnalyzer.Analyze(facts));
        Assert.Contains($"--name recordings --version {Version} --enabled true", finding.Fix, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_pinned_version_that_is_not_a_key_version_is_not_sent_to_the_vault()
    {
        var pinned = AccountWithVaultKey.Replace("\"keyversion\": \"\"", "\"keyversion\": \"../../secrets/db\"", StringComparison.Ordinal);
        var handler = new ScriptedHandler().Respond(HttpStatusCode.OK, pinned);

        var facts = await Probe(handler).GatherKeyTiersAndLogsAsync(ContainerId, "calls/", new ExpectedKey(KeyId: null), null, null, TestContext.Current.CancellationToken);

        Assert.Single(handler.Requests);
        Assert.StartsWith("the account pins the key version", facts.KeyStateError, StringComparison.Ordinal);
        Assert.Equal(FindingCodes.EncryptionUnreadable, Assert.Single(KeyTiersAndLogsAnalyzer.Analyze(facts)).Code);
    }

    [Theory]
    [InlineData(false, null, "Disabled", "--enabled true")]
    [InlineData(true, -1, KeyTiersAndLogsFacts.ExpiredKey, "--expires ")]
    [InlineData(false, -1, "Disabled", "--enabled true")]
    public async Task An_azure_key_disabled_or_past_its_expiry_is_a_problem(bool enabled, int? expiresInDays, string state, string fix)
    {
        var (facts, _, _) = await ReadVaultKeyStateAsync(HttpStatusCode.OK, VaultKeyJson(enabled, expiresInDays is { } days ? Now.AddDays(days) : null));

        Assert.Equal(state, facts.KeyState);
        var finding = Assert.Single(KeyTiersAndLogsAnalyzer.Analyze(facts));
        Assert.Equal((FindingCodes.EncryptionKeyUnusable, FindingSeverity.Problem), (finding.Code, finding.Severity));
        Assert.Contains($"az keyvault key set-attributes --vault-name acme-keys --name recordings {fix}", finding.Fix, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_key_the_vault_does_not_have_is_deleted_and_a_problem_with_the_recovery()
    {
        var (facts, _, _) = await ReadVaultKeyStateAsync(HttpStatusCode.NotFound, """
            { "error": { "code": "KeyNotFound", "message": "A key with (name/id) recordings was not found in this key vault." } }
            """);

        Assert.Equal((KeyTiersAndLogsFacts.DeletedKey, (string?)null), (facts.KeyState, facts.KeyStateError));
        var finding = Assert.Single(KeyTiersAndLogsAnalyzer.Analyze(facts));
        Assert.Equal((FindingCodes.EncryptionKeyUnusable, FindingSeverity.Problem), (finding.Code, finding.Severity));
        Assert.Contains("az keyvault key recover --vault-name acme-keys --name recordings", finding.Fix, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_vault_out_of_reach_is_not_examined_rather_than_ending_the_report()
    {
        var handler = new ScriptedHandler().Respond(HttpStatusCode.OK, AccountWithVaultKey).Fail(new HttpRequestException("Name or service not known (acme-keys.vault.azure.net:443)"));
        var probe = new AzureResourceProbe(new HttpClient(handler), (_, _) => Task.FromResult("owner-token")) { Time = new FakeTimeProvider(Now) };

        var facts = await probe.GatherKeyTiersAndLogsAsync(
            ContainerId, "calls/", new ExpectedKey("https://acme-keys.vault.azure.net/keys/recordings"), null, null, TestContext.Current.CancellationToken);

        Assert.Null(facts.KeyState);
        Assert.Equal("no answer from acme-keys.vault.azure.net after retries (Name or service not known (acme-keys.vault.azure.net:443))", facts.KeyStateError);
        var finding = Assert.Single(KeyTiersAndLogsAnalyzer.Analyze(facts));
        Assert.Equal((FindingCodes.EncryptionUnreadable, FindingSeverity.Warning), (finding.Code, finding.Severity));
    }

    [Fact]
    public async Task A_vault_answer_that_is_not_json_is_not_examined()
    {
        var (facts, _, _) = await ReadVaultKeyStateAsync(HttpStatusCode.OK, "<html>proxy sign-in</html>");

        Assert.Equal((null, "acme-keys.vault.azure.net answered HTTP 200 with something other than JSON"), (facts.KeyState, facts.KeyStateError));
    }

    [Theory]
    [InlineData("ForbiddenByRbac")]
    [InlineData("AccessDenied")]
    public async Task A_refused_key_vault_read_is_not_examined_never_a_pass_and_says_how_the_vault_refused(string innerCode)
    {
        var (facts, _, _) = await ReadVaultKeyStateAsync(HttpStatusCode.Forbidden, $$"""
            { "error": { "code": "Forbidden", "message": "Caller is not authorized to perform action on resource.", "innererror": { "code": "{{innerCode}}" } } }
            """);

        Assert.Null(facts.KeyState);
        Assert.Equal($"HTTP 403 Forbidden ({innerCode}): Caller is not authorized to perform action on resource.", facts.KeyStateError);
        var finding = Assert.Single(KeyTiersAndLogsAnalyzer.Analyze(facts));
        Assert.Equal((FindingCodes.EncryptionUnreadable, FindingSeverity.Warning), (finding.Code, finding.Severity));
        Assert.Contains("Key Vault Reader on the vault", finding.Fix, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("https://keys.example.com/")]
    [InlineData("https://acme-keys.vault.azure.net.example.com/")]
    [InlineData("https://acme-keys.vault.example.com/")]
    [InlineData("http://acme-keys.vault.azure.net/")]
    public async Task A_key_outside_a_vaults_domain_gets_no_vault_token_and_is_not_examined(string vaultUri)
    {
        var handler = new ScriptedHandler().Respond(HttpStatusCode.OK, AccountWithVaultKey.Replace("https://acme-keys.vault.azure.net/", vaultUri, StringComparison.Ordinal));

        var facts = await Probe(handler).GatherKeyTiersAndLogsAsync(ContainerId, "calls/", new ExpectedKey(KeyId: null), null, null, TestContext.Current.CancellationToken);

        Assert.Single(handler.Requests);
        var finding = Assert.Single(KeyTiersAndLogsAnalyzer.Analyze(facts));
        Assert.Equal(FindingCodes.EncryptionUnreadable, finding.Code);
        Assert.StartsWith("The doctor reads keys in Key Vault only", finding.Fix, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Microsoft_managed_keys_no_policy_and_no_settings_are_none_and_a_refusal_is_not_examined()
    {
        var handler = new ScriptedHandler()
            .Respond(HttpStatusCode.OK, """{ "name": "strecabs9f8e7d6c", "properties": { "encryption": { "keySource": "Microsoft.Storage" } } }""")
            .Respond(HttpStatusCode.NotFound, """{ "error": { "code": "ManagementPolicyNotFound", "message": "No ManagementPolicy found for account strecabs9f8e7d6c" } }""")
            .Respond(HttpStatusCode.Forbidden, """{ "error": { "code": "AuthorizationFailed", "message": "does not have authorization to perform action 'microsoft.insights/diagnosticSettings/read'" } }""");

        var facts = await Probe(handler).GatherKeyTiersAndLogsAsync(
            ContainerId, "calls/", new ExpectedKey(KeyId: null), [new ExpectedTier(30, "Cool")], new ExpectedAccessLogs("create"), TestContext.Current.CancellationToken);

        Assert.Equal((null, null), (facts.KeyId, facts.TransitionsError));
        Assert.StartsWith("HTTP 403 AuthorizationFailed", facts.AccessLogsError, StringComparison.Ordinal);
        Assert.Equal(
            [FindingCodes.EncryptionKeyMissing, FindingCodes.TiersMissing, FindingCodes.AccessLogsUnreadable],
            KeyTiersAndLogsAnalyzer.Analyze(facts).Select(f => f.Code));
    }

    [Fact]
    public async Task Azure_reads_nothing_the_stack_does_not_declare()
    {
        var handler = new ScriptedHandler();

        var facts = await Probe(handler).GatherKeyTiersAndLogsAsync(ContainerId, "calls/", null, null, null, TestContext.Current.CancellationToken);

        Assert.Empty(handler.Requests);
        Assert.Empty(KeyTiersAndLogsAnalyzer.Analyze(facts));
    }
}
