using System.Net;
using System.Net.Sockets;
using StackPlanning;
using StorageRegistrar.Validation;

namespace StreamStorage.Cli.Tests;

/// <summary>
/// <c>plan</c>: the example dev stack (with Stream's credentials set, as pulumi preview needs them) for people and for
/// policy checks, the plan's warnings, a store's secret keys, invalid stacks, and that no request leaves the machine.
/// </summary>
public sealed class PlanCommandTests(CliEnvironment environment) : IDisposable
{
    private readonly StackFolder _stacks = new();

    public void Dispose() => _stacks.Dispose();

    [Fact]
    public async Task The_dev_stack_shows_every_resource_of_each_storage_its_grant_documents_and_the_bindings_without_a_request()
    {
        var stack = _stacks.WriteDevStackWithStreamCredentials();
        await environment.Emulator.Control.ClearRequestsAsync(TestContext.Current.CancellationToken);

        var run = await environment.RunAsync(["plan", stack]);

        Assert.True(run.ExitCode == ExitCodes.Success, run.Error);
        var plan = PlanOf(stack);
        foreach (var storage in plan.Storages)
        {
            Assert.All(storage.Resources(ResourceNaming.Unresolved("acme-video-dev")), resource =>
            {
                Assert.Contains(resource.Type, run.Output, StringComparison.Ordinal);
                Assert.Contains(resource.Name, run.Output, StringComparison.Ordinal);
            });
        }

        Assert.Contains("dev-dev-recordings-s3-{suffix}", run.Output, StringComparison.Ordinal);
        Assert.Contains("stream-dev-recordings-{suffix}@acme-video-dev.iam.gserviceaccount.com", run.Output, StringComparison.Ordinal);
        Assert.Contains("\"Sid\": \"StreamRecordingWrite\"", run.Output, StringComparison.Ordinal);
        Assert.Contains("condition \"Stream recordings path\": resource.name.startsWith(\"projects/_/buckets/dev-dev-recordings-gcs-{suffix}/objects/calls/\")", run.Output, StringComparison.Ordinal);
        Assert.Contains("Microsoft.Storage/storageAccounts/blobServices/containers/blobs/write", run.Output, StringComparison.Ordinal);
        Assert.Contains($"Bindings ({PulumiTypes.CallTypeBinding})", run.Output, StringComparison.Ordinal);
        Assert.Contains("records to dev-recordings-gcs, after its registration", run.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("Warning:", run.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(StackFolder.StreamApiSecretCiphertext, run.Output + run.Error, StringComparison.Ordinal);
        Assert.Empty(await environment.Emulator.Control.GetRequestsAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Grant_documents_are_printed_over_their_lines_and_a_control_character_in_a_provider_value_is_refused_printably()
    {
        const string Storages = """
              recording-storage:storages:
                - {name: s3, cloud: s3, region: eu-west-1, path: calls/}
                - {name: gcs, cloud: gcs, location: EU, path: calls/}
            """;
        var stack = _stacks.WriteStackWithStreamCredentials("lines", "  gcp:project: acme-video\n" + Storages);
        // gcp:project belongs to the provider, but the plan, preflight and the rehearsal send it in requests.
        var hostile = _stacks.WriteStackWithStreamCredentials("hostile", "  gcp:project: \"acme\\e[2Kvideo\"\n" + Storages);

        var run = await environment.RunAsync(["plan", stack]);
        var refused = await environment.RunAsync(["plan", hostile]);

        Assert.True(run.ExitCode == ExitCodes.Success, run.Error);
        var lines = run.Output.Split('\n').Select(line => line.TrimEnd()).ToList();
        var policy = lines.IndexOf("s3-policy:");
        Assert.True(policy >= 0, run.Output);
        Assert.Equal(["{", "  \"Version\": \"2012-10-17\",", "  \"Statement\": ["], lines[(policy + 1)..(policy + 4)]);
        Assert.Contains("      \"Sid\": \"StreamRecordingWrite\",", lines);
        Assert.DoesNotContain(@"\u000A", run.Output, StringComparison.Ordinal);
        Assert.Contains("stream-gcs-{suffix}@acme-video.iam.gserviceaccount.com", run.Output, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.InvalidInput, refused.ExitCode);
        Assert.Contains("gcp:project contains U+001B at position 5", refused.Error, StringComparison.Ordinal);
        ConsoleInteractionServiceTests.AssertPrintable(run.Output + run.Error + refused.Output + refused.Error);
    }

    [Fact]
    public async Task Json_is_one_document_with_the_plans_storages_resources_embedded_grants_and_bindings()
    {
        var stack = _stacks.WriteDevStackWithStreamCredentials();

        var run = await environment.RunAsync(["plan", stack, "--json"]);

        Assert.True(run.ExitCode == ExitCodes.Success, run.Error);
        Assert.Empty(run.Error);
        using var document = JsonDocument.Parse(run.Output);
        var root = document.RootElement;
        var plan = PlanOf(stack);
        Assert.Equal("dev", root.GetProperty("stack").GetString());
        Assert.Equal("recording-storage", root.GetProperty("project").GetString());
        Assert.False(root.GetProperty("production").GetBoolean());
        Assert.Empty(root.GetProperty("warnings").EnumerateArray());
        var storages = root.GetProperty("storages").EnumerateArray().ToList();
        Assert.Equal(plan.Storages.Select(s => s.StreamName), storages.Select(s => s.GetProperty("name").GetString()));
        foreach (var (storage, planned) in storages.Zip(plan.Storages))
        {
            Assert.Equal(planned.CloudName, storage.GetProperty("cloud").GetString());
            Assert.Equal(planned.Path, storage.GetProperty("path").GetString());
            Assert.Equal(planned.Credential.ToString(), storage.GetProperty("credential").GetProperty("kind").GetString());
            Assert.Equal(planned.CheckDeadlineSeconds, storage.GetProperty("checkDeadlineSeconds").GetInt32());
            Assert.True(storage.GetProperty("dataProtection").GetProperty("forceDestroy").GetBoolean());
            Assert.Equal(
                planned.Resources(ResourceNaming.Unresolved("acme-video-dev")).Select(r => (r.Type, r.Name, r.CloudName)),
                storage.GetProperty("resources").EnumerateArray().Select(r => (r.GetProperty("type").GetString()!, r.GetProperty("name").GetString()!, r.GetProperty("cloudName").GetString())));
        }

        Assert.Equal("dev-dev-recordings-s3-{suffix}", storages[0].GetProperty("bucket").GetString());
        Assert.Equal("eu-west-1", storages[0].GetProperty("location").GetString());
        var grant = Resource(storages[0], "dev-recordings-s3-policy").GetProperty("document").GetProperty("Statement").EnumerateArray()
            .Single(s => s.GetProperty("Sid").GetString() == "StreamRecordingWrite");
        Assert.Equal("arn:aws:s3:::dev-dev-recordings-s3-{suffix}/calls/*", grant.GetProperty("Resource").GetString());
        Assert.Equal(JsonValueKind.Null, Resource(storages[0], "dev-recordings-s3-bucket").GetProperty("document").ValueKind);

        var condition = Resource(storages[1], "dev-recordings-gcs-writer-access").GetProperty("document");
        Assert.Equal("Stream recordings path", condition.GetProperty("title").GetString());
        Assert.Equal("resource.name.startsWith(\"projects/_/buckets/dev-dev-recordings-gcs-{suffix}/objects/calls/\")", condition.GetProperty("expression").GetString());

        var role = Resource(storages[2], "dev-recordings-abs-writer-role").GetProperty("document");
        Assert.Contains("Microsoft.Storage/storageAccounts/blobServices/containers/blobs/write", role.GetProperty("dataActions").EnumerateArray().Select(a => a.GetString()));
        Assert.Equal("2026-11", storages[2].GetProperty("credential").GetProperty("rotation").GetString());

        Assert.Equal(
            plan.Bindings.Select(b => (b.CallType, b.StorageName, PulumiTypes.CallTypeBinding)),
            root.GetProperty("bindings").EnumerateArray().Select(b => (b.GetProperty("callType").GetString()!, b.GetProperty("storage").GetString()!, b.GetProperty("resource").GetProperty("type").GetString()!)));
        Assert.DoesNotContain(StackFolder.StreamApiSecretCiphertext, run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Warnings_are_listed_on_their_key_path_and_a_stores_secret_keys_are_only_said_to_be_given()
    {
        var stack = _stacks.WriteStackWithStreamCredentials("day2", """
              recording-storage:production: false
              recording-storage:storages:
                - name: adopted
                  cloud: gcs
                  existingBucket: acme-gcs-archive

            """ + StackFolder.R2Storage("store"));

        var (human, json) = await PlanForPeopleAndAsJsonAsync(stack);

        Assert.Contains("Warning: storages[0].path: is empty, so Stream is granted the whole of the existing bucket \"acme-gcs-archive\"", human.Output, StringComparison.Ordinal);
        Assert.Contains("existing bucket acme-gcs-archive, not created, not changed, left on destroy", human.Output, StringComparison.Ordinal);
        var warning = Assert.Single(json.GetProperty("warnings").EnumerateArray());
        Assert.Equal("storages[0].path", warning.GetProperty("field").GetString());
        var store = json.GetProperty("storages")[1];
        Assert.False(store.GetProperty("bucketCreated").GetBoolean());
        Assert.Equal("StoreAccessKey", store.GetProperty("credential").GetProperty("kind").GetString());
        Assert.Equal(
            [PulumiTypes.S3CompatibleComponent, PulumiTypes.ExternalStorage],
            store.GetProperty("resources").EnumerateArray().Select(r => r.GetProperty("type").GetString()));
        foreach (var output in new[] { human.Output + human.Error, json.GetRawText() })
        {
            Assert.DoesNotContain("QUNDRVNTLUtFWS1DSVBIRVJURVhU", output, StringComparison.Ordinal);
            Assert.DoesNotContain("U0VDUkVULUtFWS1DSVBIRVJURVhU", output, StringComparison.Ordinal);
            Assert.DoesNotContain(StackFile.SecureValueStandIn, output, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task The_stacks_preflight_mode_is_shown_and_in_the_json_so_a_policy_check_can_refuse_off()
    {
        var strict = _stacks.WriteStackWithStreamCredentials("strict", """
              recording-storage:preflight: strict
              recording-storage:storages:
                - {name: s3, cloud: s3, region: eu-west-1}
            """);

        var (human, strictJson) = await PlanForPeopleAndAsJsonAsync(strict);
        var dev = await environment.RunAsync(["plan", _stacks.WriteDevStackWithStreamCredentials(), "--json"]);

        Assert.Contains("Preflight in pulumi preview and up: strict (preflight).", human.Output, StringComparison.Ordinal);
        using var devDocument = JsonDocument.Parse(dev.Output);
        Assert.Equal("strict", strictJson.GetProperty("preflight").GetString());
        Assert.Equal("warn", devDocument.RootElement.GetProperty("preflight").GetString());
    }

    [Fact]
    public async Task An_unguessable_path_shows_its_folder_as_random_in_the_path_the_policy_and_the_trust_line()
    {
        var stack = _stacks.WriteStackWithStreamCredentials("hidden", """
              recording-storage:storages:
                - {name: s3, cloud: s3, region: eu-west-1, path: calls/, unguessablePath: true, acceptsEveryStreamApp: true}
            """);

        var (human, json) = await PlanForPeopleAndAsJsonAsync(stack);

        Assert.Contains("path 'calls/{random}/'", human.Output, StringComparison.Ordinal);
        Assert.Contains("the path ends in a folder the stack draws", ConsoleText.Flat(human.Output), StringComparison.Ordinal);
        Assert.Contains("accepted by the stack (acceptsEveryStreamApp)", ConsoleText.Flat(human.Output), StringComparison.Ordinal);
        var s3 = json.GetProperty("storages")[0];
        Assert.Equal("calls/{random}/", s3.GetProperty("path").GetString());
        Assert.Equal("every Stream app", s3.GetProperty("trusts").GetString());
        Assert.Equal(StackPlanning.PulumiTypes.RandomId, Resource(s3, "s3-folder").GetProperty("type").GetString());
        Assert.Contains("arn:aws:s3:::hidden-s3-{suffix}/calls/{random}/*", Resource(s3, "s3-policy").GetProperty("document").GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Json_carries_each_storages_encryption_tiers_access_logs_and_soft_delete_and_the_key_statement_its_owner_merges()
    {
        var stack = _stacks.WriteStackWithStreamCredentials("keys", """
              recording-storage:storages:
                - name: s3
                  cloud: s3
                  region: eu-west-1
                  encryptionKey: arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab
                  tiers:
                    - {afterDays: 30, class: infrequent}
                    - {afterDays: 180, class: archive}
                  accessLogs: create
                - name: gcs
                  cloud: gcs
                  location: EU
                  encryptionKey: create
                  accessLogs: auditLogs
                  softDeleteDays: 0
                - name: abs
                  cloud: abs
                  location: westeurope
            """);

        var (human, json) = await PlanForPeopleAndAsJsonAsync(stack);

        Assert.Contains("The key's owner merges this statement into the policy of arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab:", human.Output, StringComparison.Ordinal);
        Assert.Contains("\"kms:ViaService\": \"s3.eu-west-1.amazonaws.com\"", human.Output, StringComparison.Ordinal);
        var storages = json.GetProperty("storages");

        var s3 = storages[0];
        var encryption = s3.GetProperty("encryption");
        Assert.Equal("Existing", encryption.GetProperty("key").GetString());
        Assert.Equal("aws:kms", encryption.GetProperty("algorithm").GetString());
        Assert.Equal("eu-west-1", encryption.GetProperty("keyLocation").GetString());
        Assert.Equal("arn:aws:s3:::keys-s3-{suffix}", encryption.GetProperty("keyStatementToMerge").GetProperty("Condition").GetProperty("StringEquals").GetProperty("kms:EncryptionContext:aws:s3:arn").GetString());
        Assert.Equal(
            [(30, "STANDARD_IA"), (180, "DEEP_ARCHIVE")],
            s3.GetProperty("tiers").EnumerateArray().Select(t => (t.GetProperty("afterDays").GetInt32(), t.GetProperty("storageClass").GetString()!)));
        Assert.Equal("CreatedLogBucket", s3.GetProperty("accessLogs").GetProperty("target").GetString());
        Assert.Equal("keys/s3/", s3.GetProperty("accessLogs").GetProperty("prefix").GetString());
        Assert.Equal("S3ServerAccessLogsWrite", Resource(s3, "s3-log-bucket-policy").GetProperty("document").GetProperty("Statement")[2].GetProperty("Sid").GetString());

        var gcs = storages[1].GetProperty("encryption");
        Assert.Equal(("Created", "europe", 365), (gcs.GetProperty("key").GetString(), gcs.GetProperty("keyLocation").GetString(), gcs.GetProperty("rotationDays").GetInt32()));
        Assert.Equal("ProjectAuditLogs", storages[1].GetProperty("accessLogs").GetProperty("target").GetString());
        Assert.Equal(0, storages[1].GetProperty("softDeleteDays").GetInt32());
        Assert.Contains("soft delete off", Resource(storages[1], "gcs-bucket").GetProperty("summary").GetString(), StringComparison.Ordinal);

        var abs = storages[2];
        Assert.Equal("CloudManaged", abs.GetProperty("encryption").GetProperty("key").GetString());
        Assert.False(abs.GetProperty("encryption").GetProperty("infrastructureEncryption").GetBoolean());
        Assert.Empty(abs.GetProperty("tiers").EnumerateArray());
        Assert.Equal(JsonValueKind.Null, abs.GetProperty("accessLogs").ValueKind);
        // The account the stack creates keeps deleted and overwritten blobs a week unless told.
        Assert.Equal(7, abs.GetProperty("softDeleteDays").GetInt32());
    }

    [Fact]
    public async Task An_invalid_stack_exits_2_with_the_programs_message_naming_each_key_path()
    {
        var stack = _stacks.WriteStack("broken", """
            config:
              streamstorage:apiKey: plan-test-key
              recording-storage:storages:
                - name: rec
                  cloud: s3
                  region: eu-west-1
                  path: calls
              recording-storage:bindings:
                default: nowhere
            """);
        var expected = Assert.Throws<StackConfigException>(() => PlanOf(stack)).Message;

        var run = await environment.RunAsync(["plan", stack, "--json"]);

        Assert.Equal(ExitCodes.InvalidInput, run.ExitCode);
        Assert.Equal(ConsoleText.Flat(expected), ConsoleText.Flat(run.Error));
        Assert.Contains("storages[0].path", run.Error, StringComparison.Ordinal);
        Assert.Contains("bindings.default", run.Error, StringComparison.Ordinal);
        Assert.Contains("streamstorage:apiSecret", run.Error, StringComparison.Ordinal);
        // Standard output holds the one document all the same: the failure, each problem on its key path.
        using var failure = JsonDocument.Parse(run.Output);
        Assert.Equal(ExitCodes.InvalidInput, failure.RootElement.GetProperty("exitCode").GetInt32());
        Assert.Equal(ConsoleText.Flat(expected), ConsoleText.Flat(failure.RootElement.GetProperty("error").GetString()!));
        var fields = failure.RootElement.GetProperty("problems").EnumerateArray().Select(p => p.GetProperty("field").GetString()).ToList();
        Assert.Contains("storages[0].path", fields);
        Assert.Contains("bindings.default", fields);
        Assert.All(failure.RootElement.GetProperty("problems").EnumerateArray(), p => Assert.NotEmpty(p.GetProperty("message").GetString()!));
    }

    /// <summary>
    /// The document lists the problems as standard error does: a key quoting the input escaped (a pipeline printing it
    /// raw must not hand a terminal its escapes), and the first 50 of as many as the file makes, with how many in all.
    /// </summary>
    [Fact]
    public async Task The_documents_problems_are_escaped_and_as_many_as_standard_error_lists()
    {
        var unknownKeys = string.Concat(Enumerable.Range(0, 60).Select(i => $"      \"k{i}\\e[31m\": 1\n"));
        var stack = _stacks.WriteStack("many", $"config:\n  recording-storage:storages:\n    - name: rec\n      cloud: s3\n      region: eu-west-1\n{unknownKeys}");

        var run = await environment.RunAsync(["plan", stack, "--json"]);

        Assert.Equal(ExitCodes.InvalidInput, run.ExitCode);
        using var failure = JsonDocument.Parse(run.Output);
        var problems = failure.RootElement.GetProperty("problems").EnumerateArray().ToList();
        Assert.Equal(ValidationProblem.MaxListed, problems.Count);
        // The 60 unknown keys, and Stream's key and secret, which this run's environment does not give.
        Assert.Equal(62, failure.RootElement.GetProperty("problemCount").GetInt32());
        Assert.Contains("is invalid (62 problems)", run.Error, StringComparison.Ordinal);
        Assert.All(problems, p => Assert.DoesNotContain(p.GetProperty("field").GetString()!, char.IsControl));
        Assert.Contains(problems, p => p.GetProperty("field").GetString() == "storages[0].k0\\u001B[31m");
    }

    /// <summary>A refusal of the file's reading that concerns one key is that key's problem in the document too, for a pipeline to annotate.</summary>
    [Theory]
    [InlineData("recording-storage:production: true\n  recording-storage:production: false", "recording-storage:production", "is set twice (lines 2 and 3): keep one.")]
    [InlineData("\"recording-storage:\": 1", "recording-storage:", "is not a configuration key Pulumi reads (line 2): write recording-storage:<key> for this program's settings, or <provider>:<key> for a provider's.")]
    [InlineData("recording-storage:allowedLocations: [eu-west-1\n  recording-storage:production: false", "recording-storage:allowedLocations[0]", "is not valid YAML after line 2, column 39: check from there that every bracket, brace and quote is closed.")]
    public async Task A_stack_file_refused_at_one_key_names_it_among_the_documents_problems(string config, string field, string message)
    {
        var stack = _stacks.WriteStack("onekey", $"config:\n  {config}\n");

        var run = await environment.RunAsync(["plan", stack, "--json"]);

        Assert.Equal(ExitCodes.InvalidInput, run.ExitCode);
        using var failure = JsonDocument.Parse(run.Output);
        var problem = Assert.Single(failure.RootElement.GetProperty("problems").EnumerateArray());
        Assert.Equal(field, problem.GetProperty("field").GetString());
        Assert.StartsWith(message, problem.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Contains($"{field} {message}", failure.RootElement.GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_stack_without_Streams_credentials_is_refused_as_pulumi_preview_refuses_it()
    {
        var run = await environment.RunAsync(["plan", StackFolder.DevStack]);

        Assert.Equal(ExitCodes.InvalidInput, run.ExitCode);
        Assert.Contains("streamstorage:apiKey: is not set: run `pulumi config set streamstorage:apiKey <your Stream API key>`, or set STREAM_API_KEY where pulumi runs.", run.Error, StringComparison.Ordinal);
        Assert.Contains("streamstorage:apiSecret: is not set: run `pulumi config set --secret streamstorage:apiSecret", run.Error, StringComparison.Ordinal);
        Assert.Empty(run.Output);
    }

    [Fact]
    public async Task Streams_credentials_in_the_pipelines_environment_stand_for_the_stacks_as_the_provider_reads_them()
    {
        var run = await CliProcess.RunAsync(
            new Dictionary<string, string?> { ["STREAM_API_KEY"] = "pipeline-key", ["STREAM_API_SECRET"] = "pipeline-secret" },
            "plan", StackFolder.DevStack, "--json");

        Assert.True(run.ExitCode == ExitCodes.Success, run.Error);
        Assert.DoesNotContain("pipeline-secret", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_executable_plans_without_Streams_variables_and_sends_nothing_through_the_proxy_every_client_would_use()
    {
        var stack = _stacks.WriteDevStackWithStreamCredentials();
        // A proxy that counts connections and drops them, so that a request would fail at once rather than wait.
        using var proxy = new TcpListener(IPAddress.Loopback, 0);
        proxy.Start();
        var connections = 0;
        var accepting = Task.Run(async () =>
        {
            try
            {
                while (true)
                {
                    using var connection = await proxy.AcceptTcpClientAsync();
                    Interlocked.Increment(ref connections);
                }
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
                // Stopped.
            }
        }, TestContext.Current.CancellationToken);
        var proxyUrl = $"http://127.0.0.1:{((IPEndPoint)proxy.LocalEndpoint).Port}";

        var run = await CliProcess.RunAsync(
            new Dictionary<string, string?>
            {
                ["STREAM_API_KEY"] = null,
                ["STREAM_API_SECRET"] = null,
                ["STREAM_BASE_URL"] = null,
                ["HTTP_PROXY"] = proxyUrl,
                ["HTTPS_PROXY"] = proxyUrl,
                ["ALL_PROXY"] = proxyUrl,
                ["NO_PROXY"] = null,
            },
            "plan", stack, "--json");

        Assert.True(run.ExitCode == ExitCodes.Success, run.Error);
        using var document = JsonDocument.Parse(run.Output);
        Assert.Equal(3, document.RootElement.GetProperty("storages").GetArrayLength());
        proxy.Stop();
        await accepting;
        Assert.Equal(0, connections);
    }

    /// <summary>Plans <paramref name="stack"/> for people and as JSON, both successfully: the first run, and the second's document.</summary>
    private async Task<(CliRun Human, JsonElement Json)> PlanForPeopleAndAsJsonAsync(string stack)
    {
        var human = await environment.RunAsync(["plan", stack]);
        var json = await environment.RunAsync(["plan", stack, "--json"]);
        Assert.True(human.ExitCode == ExitCodes.Success, human.Error);
        Assert.True(json.ExitCode == ExitCodes.Success, json.Error);
        using var document = JsonDocument.Parse(json.Output);
        return (human, document.RootElement.Clone());
    }

    private static StackPlan PlanOf(string stack) => StackPlanner.Plan(StackFile.Read(stack).ToInput());

    private static JsonElement Resource(JsonElement storage, string name) =>
        Assert.Single(storage.GetProperty("resources").EnumerateArray(), r => r.GetProperty("name").GetString() == name);
}
