using StorageRegistrar.Preflight;

namespace StackPlanning;

/// <summary>What <c>recording-storage:preflight</c> does with preflight's outcome, before anything is created.</summary>
public static class PreflightModes
{
    /// <summary>
    /// Whether <paramref name="outcome"/> stops the stack under <paramref name="mode"/>: a blocking guardrail always, one
    /// not examined only under <see cref="PreflightMode.Strict"/> (<see cref="PreflightMode.Warn"/> warns and goes on).
    /// Under <see cref="PreflightMode.Off"/> nothing is read, so nothing stops.
    /// </summary>
    public static bool Stops(this PreflightMode mode, PreflightOutcome outcome) => mode switch
    {
        PreflightMode.Off => false,
        PreflightMode.Strict => outcome != PreflightOutcome.Met,
        _ => outcome == PreflightOutcome.Blocks,
    };
}
