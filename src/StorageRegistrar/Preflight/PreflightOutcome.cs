using System.Text.Json.Serialization;

namespace StorageRegistrar.Preflight;

/// <summary>How one guardrail stands towards a storage's plan, read before anything is created.</summary>
public enum PreflightOutcome
{
    /// <summary>The guardrail refuses nothing the plan creates, or the deployer holds the right.</summary>
    [JsonStringEnumMemberName("met")]
    Met,

    /// <summary>The guardrail would refuse a resource of the plan: <c>pulumi up</c> would stop there.</summary>
    [JsonStringEnumMemberName("blocks")]
    Blocks,

    /// <summary>
    /// The guardrail could not be judged: its read was refused, failed or answered something preflight does not
    /// understand. Never a pass: the message says why, the fix how to make it readable.
    /// </summary>
    [JsonStringEnumMemberName("notExamined")]
    NotExamined,
}
