namespace StorageRegistrar.Diagnostics;

/// <summary>How much a finding matters to whether Stream can write recordings.</summary>
public enum FindingSeverity
{
    /// <summary>Context that helps the operator; nothing to fix.</summary>
    Note,

    /// <summary>Likely to break recordings or their use, but not proven to fail the check.</summary>
    Warning,

    /// <summary>Stops Stream's uploads, or leaves the owner unable to read what Stream writes.</summary>
    Problem,
}

/// <summary>
/// One cause found in the owner's cloud, with the fix. <see cref="Code"/> is stable (see
/// <see cref="FindingCodes"/>) so that scripts can match it; <see cref="Cause"/> and <see cref="Fix"/>
/// are for people. None of them ever carries a credential.
/// </summary>
public sealed record Finding(string Code, FindingSeverity Severity, string Cause, string Fix);
