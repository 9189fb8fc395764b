using StorageRegistrar.Preflight;

namespace StreamStorage;

/// <summary>
/// Runs preflight before the program registers any resource, in <c>pulumi preview</c> as in <c>pulumi up</c>; what
/// stops and what warns is <see cref="StackPreflight"/>'s decision.
/// </summary>
internal static class ProgramPreflight
{
    /// <param name="checkers">Makes the checkers (<see cref="PreflightCheckers.Create"/>), only when something is read.</param>
    /// <param name="environment">The program's environment variables, where a provider finds what the configuration leaves out.</param>
    /// <param name="warn">Where warnings go; Pulumi's log unless a test listens.</param>
    /// <exception cref="RunException">A guardrail stops the stack: every one of them, with its fix.</exception>
    public static async Task RunAsync(StackPlan plan, Func<IReadOnlyList<IGuardrailChecker>> checkers, Func<string, string?> environment, Action<string>? warn = null)
    {
        PreflightVerdict verdict;
        try
        {
            verdict = await StackPreflight.RunAsync(plan, ProviderConfig, environment, checkers, CancellationToken.None).ConfigureAwait(false);
        }
        catch (StackConfigException e)
        {
            throw new RunException(e.Message, e);
        }

        foreach (var warning in verdict.Warnings)
        {
            (warn ?? (message => Log.Warn(message)))(warning);
        }

        if (verdict.Error is { } error)
        {
            throw new RunException(error);
        }
    }

    /// <summary>A provider's setting by its full key (<c>gcp:project</c>), as the provider reads it from the stack.</summary>
    private static string? ProviderConfig(string key)
    {
        var separator = key.IndexOf(':', StringComparison.Ordinal);
        return new Config(key[..separator]).Get(key[(separator + 1)..]);
    }
}
