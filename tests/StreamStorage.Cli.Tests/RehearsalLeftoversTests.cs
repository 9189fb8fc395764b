using StackPlanning.Guardrails;
using StorageRegistrar.Stream;
using StorageRegistrar.Stream.Models;
using StreamStorage.Cli.Rehearsal;

namespace StreamStorage.Cli.Tests;

/// <summary>
/// The rehearsal's leftover check: what the up made and destroy did not remove is listed, so that a rehearsal whose
/// destroy forgets something does not hold.
/// </summary>
public sealed class RehearsalLeftoversTests : IDisposable
{
    private readonly StackFolder _project = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => _project.Dispose();

    [Fact]
    public async Task A_key_creation_exception_still_set_on_the_project_is_a_leftover_until_destroy_deletes_it()
    {
        var stack = _project.WriteStack("kce", """
            config:
              gcp:project: acme-video-dev
              recording-storage:production: false
              recording-storage:storages:
                - name: kce-owner
                  cloud: gcs
                  location: EU
                  path: calls/
                  dataProtection: forceDestroy
                  keyCreationException: true
            """);
        var guardrails = GuardrailsFile.Read(_project.Write("guardrails.yaml", "gcp:\n  constraints:\n    iam.disableServiceAccountKeyCreation: enforced\n"));
        await using var rehearsal = StackRehearsal.Prepare(stack, new RehearsalSettings(Faults: false, CheckDeadline: TimeSpan.FromSeconds(30), FailingCheck: null, Guardrails: guardrails));
        await rehearsal.StartWorldAsync(new Progress<string>(), Ct);

        await rehearsal.UpAsync((_, _) => { }, Ct);
        var beforeDestroy = await rehearsal.FindLeftoversAsync(Ct);
        await rehearsal.DestroyAsync((_, _) => { }, Ct);
        var afterDestroy = await rehearsal.FindLeftoversAsync(Ct);

        Assert.Contains("Org Policy policy projects/acme-video-dev/policies/iam.disableServiceAccountKeyCreation (key-creation exception of kce-owner)", beforeDestroy);
        Assert.Contains("Org Policy policy projects/acme-video-dev/policies/iam.managed.disableServiceAccountKeyCreation (key-creation exception of kce-owner)", beforeDestroy);
        Assert.Empty(afterDestroy);
    }

    [Fact]
    public async Task A_storage_still_in_use_fails_destroy_by_name_and_is_listed_as_left_with_the_call_type_using_it()
    {
        var stack = _project.WriteStack("inuse", """
            config:
              recording-storage:production: false
              recording-storage:storages:
                - name: inuse-s3
                  cloud: s3
                  region: us-east-1
                  path: calls/
                  dataProtection: forceDestroy
            """);
        await using var rehearsal = StackRehearsal.Prepare(stack, new RehearsalSettings(Faults: false, CheckDeadline: TimeSpan.FromSeconds(30), FailingCheck: null, Guardrails: null));
        await rehearsal.StartWorldAsync(new Progress<string>(), Ct);
        await rehearsal.UpAsync((_, _) => { }, Ct);
        var variables = rehearsal.WorldVariables().ToDictionary(v => v.Key, v => v.Value);
        using var stream = new StreamClient(new StreamClientOptions
        {
            ApiKey = variables[StreamClientOptions.ApiKeyVariable],
            ApiSecret = new StorageRegistrar.Declarations.SecretString(variables[StreamClientOptions.ApiSecretVariable]),
            BaseUrl = new Uri(variables[StreamClientOptions.BaseUrlVariable]),
        });
        // Someone points a call type at the rehearsal's storage: Stream refuses to delete a storage in use.
        await stream.UpdateCallTypeAsync("livestream", new UpdateCallTypeRequest { ExternalStorage = "inuse-s3" }, Ct);

        var failed = await Assert.ThrowsAsync<RehearsalFailedException>(() => rehearsal.DestroyAsync((_, _) => { }, Ct));
        var left = await rehearsal.FindLeftoversAsync(Ct);

        Assert.StartsWith("Storage 'inuse-s3' (s3, ", failed.Message, StringComparison.Ordinal);
        Assert.Contains("livestream", failed.Message, StringComparison.Ordinal);
        Assert.Contains("Stream storage inuse-s3", left);
        Assert.Contains("call type livestream records to inuse-s3", left);
        await stream.UpdateCallTypeAsync("livestream", new UpdateCallTypeRequest { ExternalStorage = "stream-s3" }, Ct);
        await rehearsal.DestroyAsync((_, _) => { }, Ct);
        Assert.Empty(await rehearsal.FindLeftoversAsync(Ct));
    }
}
