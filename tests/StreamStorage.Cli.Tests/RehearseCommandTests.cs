using System.Diagnostics;
using System.Text.RegularExpressions;
using StackPlanning;

namespace StreamStorage.Cli.Tests;

/// <summary>
/// <c>rehearse</c> against its own local world: the example dev stack end to end, with and without
/// faults, a failure that cannot be survived, an invalid stack file, an interrupted run and a machine without Node.
/// </summary>
public sealed class RehearseCommandTests(CliEnvironment environment) : IDisposable
{
    /// <summary>A production stack whose three storages, on S3, GCS and Azure, lock their recordings.</summary>
    private static readonly string LockedStack = Path.Combine(RepositoryPaths.Root, "tests", "fixtures", "locked-stack", "Pulumi.locked.yaml");

    private readonly StackFolder _scratch = new();

    public void Dispose() => _scratch.Dispose();

    /// <summary>The plan of <paramref name="stackFile"/> as the rehearsal makes it, with Stream's credentials supplied.</summary>
    private static StackPlan PlanOf(string stackFile) => StackPlanner.Plan(StackFile.Read(stackFile).ToInput(streamCredentialsSupplied: true));

    [Fact]
    public async Task The_dev_stack_is_planned_stood_up_recorded_into_and_torn_down()
    {
        var run = await environment.RunAsync(["rehearse", StackFolder.DevStack]);

        Assert.True(run.ExitCode == ExitCodes.Success, run.Error);
        var plan = PlanOf(StackFolder.DevStack);
        foreach (var storage in plan.Storages)
        {
            Assert.Contains($"+ streamstorage:index:ExternalStorage {storage.StreamName}", run.Output, StringComparison.Ordinal);
            Assert.Contains($"{storage.StreamName}: registered and checked", run.Error, StringComparison.Ordinal);
            Assert.Contains($"{storage.StreamName}: deleted at Stream", run.Error, StringComparison.Ordinal);
        }

        // The grant documents are the planner's, with the drawn bucket name.
        Assert.Contains("\"Sid\": \"StreamRecordingWrite\"", run.Output, StringComparison.Ordinal);
        Assert.Contains("roles/storage.objectCreator", run.Output, StringComparison.Ordinal);
        Assert.Contains("Microsoft.Storage/storageAccounts/blobServices/containers/blobs/write", run.Output, StringComparison.Ordinal);
        Assert.Contains("no condition: the whole container is the storage", run.Output, StringComparison.Ordinal);
        foreach (var binding in plan.Bindings)
        {
            Assert.Contains($"+ streamstorage:index:CallTypeBinding {binding.CallType} → {binding.StorageName}", run.Output, StringComparison.Ordinal);
            Assert.Contains($"binding {binding.CallType}: Restored: records to stream-s3", run.Error, StringComparison.Ordinal);
        }

        Assert.Contains("Rehearsal held: 3/3 storages checked, 3 recording(s) in the stack's buckets, 0 left behind", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_json_document_lists_checked_storages_their_recordings_and_no_leftovers()
    {
        var run = await environment.RunAsync(["rehearse", StackFolder.DevStack, "--json"]);

        Assert.True(run.ExitCode == ExitCodes.Success, run.Error);
        Assert.Empty(run.Error);
        using var document = JsonDocument.Parse(run.Output);
        var root = document.RootElement;
        Assert.True(root.GetProperty("held").GetBoolean());
        var stack = PlanOf(StackFolder.DevStack);
        var storages = root.GetProperty("storages").EnumerateArray().ToList();
        Assert.Equal(stack.Storages.Select(s => s.StreamName), storages.Select(s => s.GetProperty("name").GetString()));
        foreach (var (storage, planned) in storages.Zip(stack.Storages))
        {
            Assert.True(storage.GetProperty("checked").GetBoolean());
            Assert.Equal(planned.StorageType, storage.GetProperty("cloud").GetString());
            Assert.Equal(planned.Path, storage.GetProperty("path").GetString());
            var bucket = storage.GetProperty("bucket").GetString()!;
            if (planned is S3StoragePlan or GcsStoragePlan)
            {
                // <stack>-<storage>-<8 hex>: the program's name with a drawn suffix.
                Assert.Matches($"^{planned.StackName}-{planned.StreamName}-[0-9a-f]{{8}}$", bucket);
            }

            var recording = Assert.Single(storage.GetProperty("recordings").EnumerateArray());
            Assert.Equal(bucket, recording.GetProperty("bucket").GetString());
            Assert.StartsWith(planned.Path, recording.GetProperty("key").GetString(), StringComparison.Ordinal);
            Assert.Equal(JsonValueKind.Null, storage.GetProperty("immutability").ValueKind);
        }

        Assert.Equal(
            stack.Bindings.Select(b => (b.CallType, b.StorageName)),
            root.GetProperty("bindings").EnumerateArray().Select(b => (b.GetProperty("callType").GetString()!, b.GetProperty("storage").GetString()!)));
        Assert.Equal(0, root.GetProperty("faults").GetProperty("injected").GetInt32());
        Assert.Empty(root.GetProperty("leftovers").EnumerateArray());
        // Every bucket of the dev stack is forceDestroy and unlocked: destroy keeps none.
        Assert.Empty(root.GetProperty("kept").EnumerateArray());
        Assert.Empty(root.GetProperty("warnings").EnumerateArray());
        var seconds = root.GetProperty("seconds");
        // Planning is pure computation and may round to nothing; the other phases talk to servers.
        Assert.True(seconds.GetProperty("plan").GetDouble() >= 0);
        Assert.All(["world", "up", "prove", "destroy"], phase => Assert.True(seconds.GetProperty(phase).GetDouble() > 0, phase));
        Assert.True(
            seconds.GetProperty("total").GetDouble()
            >= new[] { "plan", "world", "up", "prove", "destroy" }.Sum(phase => seconds.GetProperty(phase).GetDouble()) - 0.01);
    }

    [Fact]
    public async Task Unguessable_paths_are_drawn_per_storage_and_the_recordings_land_in_the_drawn_folders()
    {
        var stack = _scratch.WriteStack("hidden", """
            config:
              gcp:project: acme-video
              recording-storage:production: false
              recording-storage:storages:
                - {name: hidden-s3, cloud: s3, region: eu-west-1, path: calls/, unguessablePath: true, dataProtection: forceDestroy}
                - {name: hidden-gcs, cloud: gcs, location: EU, unguessablePath: true, dataProtection: forceDestroy}
                - {name: hidden-abs, cloud: abs, location: westeurope, path: calls/, unguessablePath: true, dataProtection: forceDestroy}
              recording-storage:bindings:
                default: hidden-s3
                livestream: hidden-gcs
                audio_room: hidden-abs
            """);

        using var document = await RehearseJsonAsync(ExitCodes.Success, stack);
        var storages = document.RootElement.GetProperty("storages").EnumerateArray().ToDictionary(s => s.GetProperty("name").GetString()!, s => s);
        var paths = new[] { ("hidden-s3", "calls/"), ("hidden-gcs", ""), ("hidden-abs", "calls/") }.Select(expected =>
        {
            var storage = storages[expected.Item1];
            var path = storage.GetProperty("path").GetString()!;
            Assert.Matches($"^{expected.Item2}[0-9a-f]{{32}}/$", path);
            Assert.True(storage.GetProperty("checked").GetBoolean());
            Assert.StartsWith(path, Assert.Single(storage.GetProperty("recordings").EnumerateArray()).GetProperty("key").GetString(), StringComparison.Ordinal);
            return path;
        }).ToList();
        Assert.Equal(3, paths.Select(p => p[^33..]).Distinct().Count());
        Assert.Empty(document.RootElement.GetProperty("leftovers").EnumerateArray());
    }

    [Fact]
    public async Task Under_faults_it_converges_counts_every_fault_survived_and_leaves_nothing()
    {
        using var document = await RehearseJsonAsync(ExitCodes.Success, StackFolder.DevStack, "--faults");
        var root = document.RootElement;
        var faults = root.GetProperty("faults");
        Assert.True(faults.GetProperty("injected").GetInt32() >= 8, faults.ToString());
        Assert.Equal(faults.GetProperty("injected").GetInt32(), faults.GetProperty("survived").GetInt32());
        Assert.All(root.GetProperty("storages").EnumerateArray(), s => Assert.True(s.GetProperty("checked").GetBoolean()));
        Assert.Empty(root.GetProperty("leftovers").EnumerateArray());
    }

    [Fact]
    public async Task Day_two_storages_rotate_without_a_gap_and_existing_buckets_keep_their_objects()
    {
        var stack = _scratch.WriteStack("day2", """
            config:
              recording-storage:production: false
              recording-storage:storages:
                - name: day2-s3-keys
                  cloud: s3
                  region: eu-west-1
                  authMode: keys
                  path: calls/
                  credentialRotation: "1"
                  dataProtection: forceDestroy
                - name: day2-s3-existing
                  cloud: s3
                  region: eu-west-1
                  existingBucket: acme-existing-archive
                  bucketPolicy: manual
                  path: stream/
                - name: day2-r2
                  cloud: s3compatible
                  endpoint: https://0123456789abcdef.r2.cloudflarestorage.com
                  bucket: acme-r2-recordings
                  region: auto
                  accessKeyId:
                    secure: v1:AAAA
                  secretAccessKey:
                    secure: v1:BBBB
                - name: day2-gcs-existing
                  cloud: gcs
                  project: acme-video-dev
                  existingBucket: acme-gcs-archive
                  path: stream/
                - name: day2-abs-existing
                  cloud: abs
                  existingBucket: recordings
                  existingAccount: acmerecordingsarchive
                  resourceGroup: video-archive
              recording-storage:bindings:
                default: day2-s3-keys
                livestream: day2-gcs-existing
                audio_room: day2-abs-existing
                development: day2-r2
                archive: day2-s3-existing
            """);

        using var document = await RehearseJsonAsync(ExitCodes.Success, stack, "--rotate");
        var root = document.RootElement;
        var rotations = root.GetProperty("rotations").EnumerateArray()
            .ToDictionary(r => r.GetProperty("storage").GetString()!, r => r.GetProperty("oldCredentialRefused"));
        // Every storage with a credential the stack issues, and only those; the token endpoints refuse the old ones.
        Assert.Equal(["day2-s3-keys", "day2-gcs-existing", "day2-abs-existing"], rotations.Keys);
        Assert.Equal(JsonValueKind.Null, rotations["day2-s3-keys"].ValueKind);
        Assert.True(rotations["day2-gcs-existing"].GetBoolean());
        Assert.True(rotations["day2-abs-existing"].GetBoolean());
        var storages = root.GetProperty("storages").EnumerateArray().ToDictionary(s => s.GetProperty("name").GetString()!);
        // Recordings before, during and after each rotation all landed.
        Assert.Equal(3, storages["day2-gcs-existing"].GetProperty("recordings").GetArrayLength());
        Assert.Equal(1, storages["day2-r2"].GetProperty("recordings").GetArrayLength());
        Assert.Equal("s3compatible", storages["day2-r2"].GetProperty("cloud").GetString());
        Assert.Equal("acme-existing-archive", storages["day2-s3-existing"].GetProperty("bucket").GetString());
        // Existing buckets stay, with the owner's objects (a lost one would be listed as a leftover).
        Assert.Equal(4, root.GetProperty("kept").GetArrayLength());
        Assert.Contains(root.GetProperty("kept").EnumerateArray(), k => k.GetProperty("bucket").GetString() == "acme-gcs-archive" && k.GetProperty("reason").GetString() == "existing bucket");
        Assert.Empty(root.GetProperty("leftovers").EnumerateArray());
        // The existing container adopted at its root is the plan's warning, as the preview shows it; the rehearsal still holds.
        var warning = Assert.Single(root.GetProperty("warnings").EnumerateArray());
        Assert.Equal("storages[4].path", warning.GetProperty("field").GetString());
        Assert.Contains("set a path of Stream's own", warning.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Storages_on_one_existing_bucket_share_it_under_the_lock_one_of_them_declares()
    {
        var stack = _scratch.WriteStack("shared", """
            config:
              recording-storage:production: false
              recording-storage:storages:
                - name: shared-s3-open
                  cloud: s3
                  region: eu-west-1
                  authMode: keys
                  existingBucket: acme-shared
                  path: open/
                - name: shared-s3-locked
                  cloud: s3
                  region: eu-west-1
                  authMode: keys
                  existingBucket: acme-shared
                  path: locked/
                  immutability: {days: 1, mode: governance}
                - name: shared-abs-a
                  cloud: abs
                  existingBucket: shared
                  existingAccount: acmeshared
                  resourceGroup: video-archive
                  path: a/
                - name: shared-abs-b
                  cloud: abs
                  existingBucket: shared
                  existingAccount: acmeshared
                  resourceGroup: video-archive
                  path: b/
              recording-storage:bindings:
                default: shared-s3-locked
                audio_room: shared-abs-b
            """);

        var run = await environment.RunAsync(["rehearse", stack]);

        Assert.True(run.ExitCode == ExitCodes.Success, run.Error + run.Output);
        var output = ConsoleText.Flat(run.Output + run.Error);
        // The bucket is put in place once, by the storage that expects its lock; the other finds it there.
        Assert.Single(Regex.Matches(output, "acme-shared: pre-existing, holding "));
        Assert.Contains("shared-s3-open-bucket: acme-shared, the owner's, shared with shared-s3-locked; its lock: 1 day, governance", output, StringComparison.Ordinal);
        Assert.Single(Regex.Matches(output, "acmeshared/shared: pre-existing, holding "));
        Assert.Contains("shared-abs-b-bucket: shared, the owner's, shared with shared-abs-a", output, StringComparison.Ordinal);
        Assert.Contains("Retention lock on shared-s3-locked (1 day, governance): the owner's delete of every recording was refused", output, StringComparison.Ordinal);
        Assert.Contains("Rehearsal held: 4/4 storages checked, 2 recording(s) in the stack's buckets, 0 left behind", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Keys_tiers_access_logs_and_soft_delete_are_rehearsed_shown_as_planned_and_said_not_enforced_locally()
    {
        const string KeyArn = "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";
        var stack = _scratch.WriteStack("keys", $$"""
            config:
              recording-storage:production: false
              recording-storage:storages:
                - name: keys-s3
                  cloud: s3
                  region: eu-west-1
                  authMode: keys
                  path: calls/
                  encryptionKey: {{KeyArn}}
                  tiers: [{ afterDays: 30, class: infrequent }, { afterDays: 180, class: archive }]
                  accessLogs: create
                  dataProtection: forceDestroy
                - name: keys-gcs
                  cloud: gcs
                  location: EU
                  project: acme-video-dev
                  encryptionKey: create
                  tiers: [{ afterDays: 60, class: cold }]
                  accessLogs: auditLogs
                  softDeleteDays: 14
                  dataProtection: forceDestroy
                - name: keys-abs
                  cloud: abs
                  location: westeurope
                  redundancy: ZRS
                  infrastructureEncryption: true
                  encryptionKey: create
                  tiers: [{ afterDays: 30, class: infrequent }]
                  accessLogs: create
                  dataProtection: forceDestroy
              recording-storage:bindings:
                default: keys-s3
            """);
        var plan = PlanOf(stack);

        using var document = await RehearseJsonAsync(ExitCodes.Success, stack);
        var board = await environment.RunAsync(["rehearse", stack]);

        var storages = document.RootElement.GetProperty("storages").EnumerateArray().ToDictionary(s => s.GetProperty("name").GetString()!);
        foreach (var planned in plan.Storages)
        {
            var storage = storages[planned.StreamName];
            Assert.True(storage.GetProperty("checked").GetBoolean());
            foreach (var protection in new[] { "encryption", "tiers", "accessLogs" })
            {
                Assert.False(storage.GetProperty(protection).GetProperty("enforcedLocally").GetBoolean());
                Assert.StartsWith("not enforced locally (", storage.GetProperty(protection).GetProperty("locally").GetString(), StringComparison.Ordinal);
            }

            // The plan's decisions, not the rehearsal's: the classes each cloud names.
            Assert.Equal(
                string.Join(", ", planned.Tiers.Select(t => $"{t.StorageClass} after {t.AfterDays} days")),
                storage.GetProperty("tiers").GetProperty("declared").GetString());
        }

        Assert.Equal("STANDARD_IA after 30 days, DEEP_ARCHIVE after 180 days", storages["keys-s3"].GetProperty("tiers").GetProperty("declared").GetString());
        Assert.Equal($"the customer-managed key {KeyArn}", storages["keys-s3"].GetProperty("encryption").GetProperty("declared").GetString());
        Assert.Contains("the S3 emulator keeps no lifecycle configuration", storages["keys-s3"].GetProperty("tiers").GetProperty("locally").GetString(), StringComparison.Ordinal);
        Assert.StartsWith("a customer-managed key the stack creates in europe", storages["keys-gcs"].GetProperty("encryption").GetProperty("declared").GetString(), StringComparison.Ordinal);
        Assert.Equal("the project's Data Access audit logs", storages["keys-gcs"].GetProperty("accessLogs").GetProperty("declared").GetString());
        Assert.Equal("a log storage account the stack creates", storages["keys-abs"].GetProperty("accessLogs").GetProperty("declared").GetString());
        Assert.Equal("deleted objects kept 14 days on the buckets the stack creates", storages["keys-gcs"].GetProperty("softDelete").GetProperty("declared").GetString());
        Assert.False(storages["keys-gcs"].GetProperty("softDelete").GetProperty("enforcedLocally").GetBoolean());
        Assert.Equal(JsonValueKind.Null, storages["keys-s3"].GetProperty("softDelete").ValueKind);
        Assert.Single(storages["keys-s3"].GetProperty("recordings").EnumerateArray());
        Assert.Empty(document.RootElement.GetProperty("leftovers").EnumerateArray());

        Assert.True(board.ExitCode == ExitCodes.Success, board.Error + board.Output);
        Assert.Contains($"keys-s3-encryption-key: the customer-managed key {KeyArn}; not enforced locally (the S3 emulator has no KMS", board.Error, StringComparison.Ordinal);
        Assert.Contains("keys-gcs-tiers: COLDLINE after 60 days; not enforced locally (the GCS emulator has no bucket API", board.Error, StringComparison.Ordinal);
        Assert.Contains("keys-gcs-soft-delete: deleted objects kept 14 days on the buckets the stack creates; not enforced locally (the GCS emulator has no bucket API, hence no soft delete)", board.Error, StringComparison.Ordinal);
        Assert.Contains("keys-abs-access-logs: a log storage account the stack creates; not enforced locally (azurite has no diagnostic settings)", board.Error, StringComparison.Ordinal);
        Assert.Contains("served by azurite; Standard_ZRS with infrastructure encryption: not enforced locally", board.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Locked_recordings_cannot_be_deleted_by_the_owner_and_destroy_keeps_their_buckets()
    {
        using var document = await RehearseJsonAsync(ExitCodes.Success, LockedStack);
        var root = document.RootElement;
        Assert.True(root.GetProperty("held").GetBoolean());
        var plan = PlanOf(LockedStack);
        var storages = root.GetProperty("storages").EnumerateArray().ToDictionary(s => s.GetProperty("name").GetString()!);
        Assert.Equal(["s3", "gcs", "abs"], plan.Storages.Select(s => s.StorageType));
        foreach (var planned in plan.Storages)
        {
            var storage = storages[planned.StreamName];
            // Checked although the check file could not be deleted: the lock keeps it, as expected.
            Assert.True(storage.GetProperty("checked").GetBoolean());
            Assert.Single(storage.GetProperty("recordings").EnumerateArray());
            var immutability = storage.GetProperty("immutability");
            Assert.Equal(planned.Immutability!.Mode == ImmutabilityMode.Compliance ? "compliance" : "governance", immutability.GetProperty("mode").GetString());
            Assert.Equal(planned.Immutability.Days, immutability.GetProperty("days").GetInt32());
            Assert.True(immutability.GetProperty("deleteRefused").GetBoolean());
        }

        var kept = root.GetProperty("kept").EnumerateArray().ToDictionary(k => k.GetProperty("storage").GetString()!);
        Assert.Equal(plan.Storages.Select(s => s.StreamName).Order(), kept.Keys.Order());
        Assert.All(plan.Storages, s => Assert.Equal(
            $"protected; retention lock: no recording can be deleted for {s.Immutability!.Days} days after it is written ({storages[s.StreamName].GetProperty("immutability").GetProperty("mode").GetString()})",
            kept[s.StreamName].GetProperty("reason").GetString()));
        Assert.All(plan.Storages, s => Assert.Equal(storages[s.StreamName].GetProperty("bucket").GetString(), kept[s.StreamName].GetProperty("bucket").GetString()));
        Assert.Empty(root.GetProperty("leftovers").EnumerateArray());
    }

    [Fact]
    public async Task The_board_shows_each_locks_refusal_and_the_check_file_kept_until_the_lock_ends()
    {
        var run = await environment.RunAsync(["rehearse", LockedStack]);

        Assert.True(run.ExitCode == ExitCodes.Success, run.Error + run.Output);
        foreach (var (storage, days, refusal) in new[] { ("locked-s3", 2555, "403 AccessDenied"), ("locked-gcs", 365, "403 retentionPolicyNotMet"), ("locked-abs", 30, "409 BlobImmutableDueToPolicy") })
        {
            Assert.Matches($"{storage}: registered and checked; check file found under .* and kept until \\d{{4}}-\\d{{2}}-\\d{{2}} under the retention lock \\(enforced locally by the rehearsal's lock layer\\)", run.Error);
            Assert.Contains($"was refused ({refusal}): the retention lock keeps it; enforced locally by the rehearsal's lock layer", run.Error, StringComparison.Ordinal);
            Assert.Contains($"Retention lock on {storage} ({days} days", run.Output, StringComparison.Ordinal);
        }

        // Destroy takes Stream's grant off the kept bucket and leaves its versioning, which S3 refuses to suspend under Object Lock.
        Assert.Contains("deleted from the kept bucket: Stream's grant goes with the stack", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("suspended on the kept bucket", run.Error, StringComparison.Ordinal);
        // S3's Object Lock row ends as the lock layer left it: the setting is the lock, enforced locally.
        Assert.Contains("Object Lock, default retention: 2555 days, compliance; enforced locally by the rehearsal's lock layer", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("created without Object Lock", run.Error, StringComparison.Ordinal);
        Assert.Contains("Rehearsal held: 3/3 storages checked, 3 recording(s) in the stack's buckets, 0 left behind", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_azure_compliance_lock_is_rehearsed_locked_and_says_that_azure_locks_it_only_on_a_later_up()
    {
        var stack = _scratch.WriteStack("compliant", """
            config:
              recording-storage:storages:
                - {name: compliant-abs, cloud: abs, location: westeurope, path: calls/, immutability: {days: 2, mode: compliance}}
            """);

        var run = await environment.RunAsync(["rehearse", stack]);

        Assert.True(run.ExitCode == ExitCodes.Success, run.Error + run.Output);
        Assert.Contains(
            "version-level immutability, locked default policy (which Azure creates only unlocked, to lock on a later pulumi up: that order is not enforced locally): 2 days, compliance; enforced locally",
            ConsoleText.Flat(run.Error),
            StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_ephemeral_S3_bucket_under_a_governance_lock_is_emptied_past_the_lock_and_deleted_as_forceDestroy_does()
    {
        var stack = _scratch.WriteStack("scratch", """
            config:
              recording-storage:production: false
              recording-storage:storages:
                - {name: scratch-s3, cloud: s3, region: eu-west-1, path: calls/, immutability: {days: 30, mode: governance}, dataProtection: forceDestroy}
                - {name: kept-s3, cloud: s3, region: eu-west-1, path: calls/}
              recording-storage:bindings:
                default: scratch-s3
            """);

        using var document = await RehearseJsonAsync(ExitCodes.Success, stack);
        var run = await environment.RunAsync(["rehearse", stack]);

        var root = document.RootElement;
        Assert.True(root.GetProperty("held").GetBoolean());
        Assert.Equal("kept-s3", Assert.Single(root.GetProperty("kept").EnumerateArray()).GetProperty("storage").GetString());
        Assert.Empty(root.GetProperty("leftovers").EnumerateArray());
        Assert.True(run.ExitCode == ExitCodes.Success, run.Error);
        Assert.Contains("deleted with its objects (dataProtection: forceDestroy)", run.Error, StringComparison.Ordinal);
        // The unlocked kept bucket loses Stream's grant and has its versioning suspended, as deleting those settings does.
        Assert.Contains("suspended on the kept bucket", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_check_that_never_passes_fails_cleanly_naming_the_storage_and_leaves_nothing()
    {
        using var document = await RehearseJsonAsync(ExitCodes.RehearsalFailed, StackFolder.DevStack, "--failing-check", "dev-recordings-gcs", "--check-deadline", "3");
        var root = document.RootElement;
        Assert.False(root.GetProperty("held").GetBoolean());
        var failure = root.GetProperty("failure").GetString()!;
        Assert.Contains("Storage 'dev-recordings-gcs'", failure, StringComparison.Ordinal);
        Assert.Contains("was removed from Stream again", failure, StringComparison.Ordinal);
        Assert.DoesNotContain("dev-recordings-s3", failure, StringComparison.Ordinal);
        var gcs = root.GetProperty("storages").EnumerateArray().Single(s => s.GetProperty("name").GetString() == "dev-recordings-gcs");
        Assert.False(gcs.GetProperty("checked").GetBoolean());
        var faults = root.GetProperty("faults");
        Assert.True(faults.GetProperty("survived").GetInt32() < faults.GetProperty("injected").GetInt32(), faults.ToString());
        Assert.Empty(root.GetProperty("leftovers").EnumerateArray());
    }

    [Fact]
    public async Task An_invalid_stack_is_refused_with_the_programs_message_before_anything_starts()
    {
        var stack = _scratch.WriteStack("broken", """
            config:
              recording-storage:storages:
                - name: Bad Name
                  cloud: s4
              recording-storage:bindings:
                default: nowhere
            """);
        var expected = Assert.Throws<StackConfigException>(() => PlanOf(stack)).Message;
        var marker = MarkerVariable();

        var run = await CliProcess.RunAsync(new Dictionary<string, string?> { [marker.Name] = marker.Value }, "rehearse", stack);

        Assert.Equal(ExitCodes.InvalidInput, run.ExitCode);
        Assert.Equal(ConsoleText.Flat(expected), ConsoleText.Flat(run.Error));
        Assert.DoesNotContain("Starting", run.Error, StringComparison.Ordinal);
        Assert.Empty(run.Output);
        Assert.Empty(CliProcess.ProcessesMarkedWith(marker.Value));
    }

    /// <summary>A stack file from a pull request that tries to write to the terminal, in its values and in key names.</summary>
    [Fact]
    public async Task A_stack_file_cannot_write_to_the_terminal_through_its_keys_or_values()
    {
        var stack = _scratch.WriteStack("dev", """
            config:
              recording-storage:storages:
                - name: "dev\e[2K\rRehearsal held: 9/9 storages checked"
                  cloud: gcs
                  project: "acme-video\u202E"
                  location: EU
                  credentialRotation: "1\a"
                  path: "calls/\L+ streamstorage:index:ExternalStorage forged"
                  "\e[2K\r+ streamstorage:index:ExternalStorage forged": true
              recording-storage:bindings:
                "\e[2K\rRehearsal held": "dev\e[2K\n+ streamstorage:index:ExternalStorage forged"
            """);

        var run = await CliProcess.RunAsync(new Dictionary<string, string?>(), "rehearse", stack);

        Assert.Equal(ExitCodes.InvalidInput, run.ExitCode);
        ConsoleInteractionServiceTests.AssertPrintable(run.Output + run.Error);
        // Every refused value and key is named, each problem on a line of its own; a long key is clipped where it is named.
        Assert.Contains(@"  storages[0].\u001B[2K\u000D+ streamstorage:index:ExternalStora…: is not a known setting", run.Error, StringComparison.Ordinal);
        foreach (var (key, codePoint) in ((string Key, string CodePoint)[])[("name", "U+001B"), ("project", "U+202E"), ("credentialRotation", "U+0007"), ("path", "U+2028")])
        {
            Assert.Contains($"  storages[0].{key}: contains {codePoint}", run.Error, StringComparison.Ordinal);
        }

        Assert.Contains(@"  bindings.\u001B[2K\u000DRehearsal held: ", run.Error, StringComparison.Ordinal);
        Assert.Empty(run.Output);
    }

    [Fact]
    public async Task A_run_interrupted_during_up_destroys_what_it_made_and_stops_every_process()
    {
        var marker = MarkerVariable();
        using var process = Process.Start(CliProcess.StartInfo(new Dictionary<string, string?> { [marker.Name] = marker.Value }, "rehearse", StackFolder.DevStack))!;
        var output = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var error = new System.Text.StringBuilder();
        var interrupted = false;
        while (await process.StandardError.ReadLineAsync(TestContext.Current.CancellationToken) is { } line)
        {
            error.AppendLine(line);
            if (!interrupted && line.Contains("registering with Stream", StringComparison.Ordinal))
            {
                // Ctrl+C, as a terminal sends it.
                using var kill = Process.Start("kill", ["-INT", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
                await kill.WaitForExitAsync(TestContext.Current.CancellationToken);
                interrupted = true;
            }
        }

        await process.WaitForExitAsync(TestContext.Current.CancellationToken);
        var stdout = await output;

        Assert.True(interrupted, error.ToString());
        Assert.Equal(ExitCodes.Cancelled, process.ExitCode);
        Assert.Contains("Interrupted; destroying what was made.", error.ToString(), StringComparison.Ordinal);
        Assert.Contains("+ streamstorage:index:ExternalStorage dev-recordings-s3", stdout, StringComparison.Ordinal);
        Assert.Matches(@"Rehearsal did not hold: \d/3 storages checked, 0 recording\(s\) in the stack's buckets, 0 left behind,", error.ToString());
        Assert.DoesNotContain("Left behind:", error.ToString(), StringComparison.Ordinal);
        Assert.Empty(CliProcess.ProcessesMarkedWith(marker.Value));
    }

    [Fact]
    public async Task Keep_leaves_the_world_running_for_the_cli_until_ctrl_c_then_destroys_it()
    {
        var marker = MarkerVariable();
        using var process = Process.Start(CliProcess.StartInfo(new Dictionary<string, string?> { [marker.Name] = marker.Value }, "rehearse", StackFolder.DevStack, "--keep"))!;

        // A kept world waits for Ctrl+C: should the rehearsal never get there, the test fails instead of waiting with it.
        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        bounded.CancelAfter(TimeSpan.FromMinutes(5));
        using var stop = bounded.Token.Register(() => process.Kill(entireProcessTree: true));
        var error = process.StandardError.ReadToEndAsync(bounded.Token);
        var variables = new Dictionary<string, string?>();
        var output = new System.Text.StringBuilder();
        while (await process.StandardOutput.ReadLineAsync(bounded.Token) is { } line)
        {
            output.AppendLine(line);
            if (line.Trim().StartsWith("export ", StringComparison.Ordinal))
            {
                var assignment = line.Trim()["export ".Length..].Split('=', 2);
                variables[assignment[0]] = assignment[1];
            }

            if (line.StartsWith("Press Ctrl+C", StringComparison.Ordinal))
            {
                break;
            }
        }

        // The printed variables point another CLI at the kept world.
        var status = await CliProcess.RunAsync(variables, "status", "--json");
        using (var kill = Process.Start("kill", ["-INT", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync(TestContext.Current.CancellationToken);
        }

        output.Append(await process.StandardOutput.ReadToEndAsync(bounded.Token));
        await process.WaitForExitAsync(bounded.Token);

        Assert.True(status.ExitCode == ExitCodes.Success, status.Error);
        using (var document = JsonDocument.Parse(status.Output))
        {
            Assert.Equal(3, document.RootElement.GetProperty("storages").GetArrayLength());
        }

        Assert.True(process.ExitCode == ExitCodes.Success, await error);
        Assert.Contains("Rehearsal held: 3/3 storages checked", output.ToString(), StringComparison.Ordinal);
        Assert.Contains(", 0 left behind,", output.ToString(), StringComparison.Ordinal);
        Assert.Empty(CliProcess.ProcessesMarkedWith(marker.Value));
    }

    [Fact]
    public async Task Keep_with_json_says_how_to_reach_the_world_on_standard_error_and_prints_one_document()
    {
        var marker = MarkerVariable();
        using var process = Process.Start(CliProcess.StartInfo(new Dictionary<string, string?> { [marker.Name] = marker.Value }, "rehearse", StackFolder.DevStack, "--keep", "--json"))!;

        // A kept world waits for Ctrl+C: should the rehearsal never get there, the test fails instead of waiting with it.
        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        bounded.CancelAfter(TimeSpan.FromMinutes(5));
        using var stop = bounded.Token.Register(() => process.Kill(entireProcessTree: true));
        var output = process.StandardOutput.ReadToEndAsync(bounded.Token);
        var exported = new List<string>();
        while (await process.StandardError.ReadLineAsync(bounded.Token) is { } line)
        {
            if (line.Trim().StartsWith("export ", StringComparison.Ordinal))
            {
                exported.Add(line.Trim()["export ".Length..].Split('=', 2)[0]);
            }

            if (line.StartsWith("Press Ctrl+C", StringComparison.Ordinal))
            {
                break;
            }
        }

        using (var kill = Process.Start("kill", ["-INT", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync(TestContext.Current.CancellationToken);
        }

        var error = process.StandardError.ReadToEndAsync(bounded.Token);
        await process.WaitForExitAsync(bounded.Token);

        Assert.True(process.ExitCode == ExitCodes.Success, await error);
        Assert.Contains("STREAM_BASE_URL", exported);
        // Standard output is the document alone: parsing fails on any line before or after it.
        using var document = JsonDocument.Parse(await output);
        Assert.True(document.RootElement.GetProperty("held").GetBoolean());
        Assert.Empty(CliProcess.ProcessesMarkedWith(marker.Value));
    }

    [Fact]
    public async Task Without_Node_it_says_what_to_install_and_exits_with_its_code()
    {
        var run = await RunWithoutNodeAsync("rehearse", StackFolder.DevStack);

        Assert.Equal(ExitCodes.PrerequisiteMissing, run.ExitCode);
        Assert.Contains("Node.js is not installed", run.Error, StringComparison.Ordinal);
        Assert.Contains("Install Node.js 20 or later", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_plans_warnings_follow_the_plan_before_anything_starts()
    {
        var stack = _scratch.WriteStack("adopt", """
            config:
              recording-storage:storages:
                - name: adopted-gcs
                  cloud: gcs
                  project: acme-video-dev
                  existingBucket: acme-media
              recording-storage:bindings:
                default: adopted-gcs
            """);
        var warning = Assert.Single(PlanOf(stack).Warnings);

        // Without Node the local world cannot start: what is printed by then is the plan alone.
        var run = await RunWithoutNodeAsync("rehearse", stack);

        Assert.Equal(ExitCodes.PrerequisiteMissing, run.ExitCode);
        Assert.Contains("= existing bucket acme-media: not created, not changed, left on destroy", run.Output, StringComparison.Ordinal);
        Assert.Contains("Warning: storages[0].path: is empty, so Stream is granted the whole of the existing bucket \"acme-media\"", run.Output, StringComparison.Ordinal);
        Assert.EndsWith($"Warning: {warning}", run.Output.TrimEnd(), StringComparison.Ordinal);
    }

    /// <summary>The <c>rehearse --json</c> document of <paramref name="arguments"/>, once the run exited with <paramref name="exitCode"/>.</summary>
    private async Task<JsonDocument> RehearseJsonAsync(int exitCode, params string[] arguments)
    {
        var run = await environment.RunAsync(["rehearse", .. arguments, "--json"]);
        Assert.True(run.ExitCode == exitCode, run.Error + run.Output);
        return JsonDocument.Parse(run.Output);
    }

    /// <summary>Runs the executable on a machine without Node: nothing on the PATH, and the emulators' home an empty folder.</summary>
    private Task<CliRun> RunWithoutNodeAsync(params string[] args) => CliProcess.RunAsync(
        new Dictionary<string, string?>
        {
            ["PATH"] = Directory.CreateDirectory(Path.Combine(_scratch.FullName, "bin")).FullName,
            [LocalWorld.EmulatorInstallation.HomeVariable] = Path.Combine(_scratch.FullName, "emulators"),
        },
        args);

    private static (string Name, string Value) MarkerVariable() => ("STREAM_STORAGE_TEST_RUN", Guid.NewGuid().ToString("N"));
}
