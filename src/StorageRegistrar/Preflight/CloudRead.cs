namespace StorageRegistrar.Preflight;

/// <summary>
/// One read of a guardrail: its value, or why there is none. A refused, failed or unreadable read is never taken for
/// an answer: the checker reports the guardrail not examined with <see cref="Refusal"/>.
/// </summary>
public sealed record CloudRead<T>
    where T : class
{
    private CloudRead(T? value, string? refusal, bool denied)
    {
        Value = value;
        Refusal = refusal;
        Denied = denied;
    }

    public T? Value { get; }

    /// <summary>Why the read has no value: the cloud's status and message, a transport failure, or an answer of the wrong shape.</summary>
    public string? Refusal { get; }

    /// <summary>The cloud refused the reader (401/403): the fix is a right to read, not a retry.</summary>
    public bool Denied { get; }

    public static CloudRead<T> Of(T value) => new(value, null, denied: false);

    public static CloudRead<T> Refused(string why, bool denied = false) => new(null, why, denied);
}
