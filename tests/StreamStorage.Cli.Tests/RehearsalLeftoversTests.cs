using StackPlanning.Guardrails;
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
}
