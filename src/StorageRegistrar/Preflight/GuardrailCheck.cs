namespace StorageRegistrar.Preflight;

/// <summary>
/// One guardrail judged against one storage's plan. <see cref="Message"/> names the constraint or policy and what it
/// refuses (or, when not examined, why); <see cref="Fix"/> is the exact command or setting, and <see cref="GrantedBy"/>
/// who can grant it when the deployer cannot. Both are null when met.
/// </summary>
public sealed record GuardrailCheck(string Guardrail, PreflightOutcome Outcome, string Message)
{
    public string? Fix { get; init; }

    public string? GrantedBy { get; init; }

    public static GuardrailCheck Met(Guardrail guardrail, string message) => new(guardrail.Id, PreflightOutcome.Met, message);

    /// <summary>The guardrail's own grantor unless the fix needs someone else.</summary>
    public static GuardrailCheck Blocks(Guardrail guardrail, string message, string fix, string? grantedBy = null) =>
        new(guardrail.Id, PreflightOutcome.Blocks, message) { Fix = fix, GrantedBy = grantedBy ?? guardrail.GrantedBy };

    public static GuardrailCheck NotExamined(Guardrail guardrail, string message, string fix, string? grantedBy) =>
        new(guardrail.Id, PreflightOutcome.NotExamined, message) { Fix = fix, GrantedBy = grantedBy };

    /// <summary>
    /// A guardrail whose read has no value. A refused reader (<see cref="CloudRead{T}.Denied"/>) needs a right to read,
    /// which <paramref name="readerGrantedBy"/> gives (by default the guardrail's own grantor); any other failure, another try.
    /// </summary>
    internal static GuardrailCheck Unread<T>(Guardrail guardrail, CloudRead<T> read, string message, string readerFix, string retryFix, string? readerGrantedBy = null)
        where T : class =>
        NotExamined(guardrail, message, read.Denied ? readerFix : retryFix, read.Denied ? readerGrantedBy ?? guardrail.GrantedBy : null);
}

/// <summary>Every guardrail judged for one storage of the plan.</summary>
/// <param name="Cloud">The configuration's word for the storage's cloud (<c>gcs</c>, <c>s3</c>, <c>abs</c>, <c>s3compatible</c>).</param>
public sealed record StoragePreflight(string Name, string Cloud, IReadOnlyList<GuardrailCheck> Checks)
{
    /// <summary>The worst of its checks: a block outweighs a check not examined, which outweighs a met one.</summary>
    public PreflightOutcome Outcome => PreflightReport.Worst(Checks.Select(c => c.Outcome));
}

/// <summary>The preflight of a stack: per storage of its plan, in the plan's order, every guardrail judged.</summary>
public sealed record PreflightReport(string Stack, IReadOnlyList<StoragePreflight> Storages)
{
    /// <summary>Some guardrail would stop <c>pulumi up</c>.</summary>
    public bool Blocked => Outcome == PreflightOutcome.Blocks;

    public PreflightOutcome Outcome => Worst(Storages.Select(s => s.Outcome));

    internal static PreflightOutcome Worst(IEnumerable<PreflightOutcome> outcomes) =>
        outcomes.Aggregate(PreflightOutcome.Met, (worst, next) => Severity(next) > Severity(worst) ? next : worst);

    private static int Severity(PreflightOutcome outcome) => outcome switch
    {
        PreflightOutcome.Met => 0,
        PreflightOutcome.NotExamined => 1,
        PreflightOutcome.Blocks => 2,
        _ => throw new ArgumentOutOfRangeException(nameof(outcome), outcome, null),
    };
}
