namespace StorageRegistrar.Diagnostics;

/// <summary>
/// What happened when the doctor logged in as Stream's service principal and wrote a probe blob
/// into the container, the way Stream's uploads do.
/// </summary>
public sealed record AzureContainerFacts
{
    public required string AccountName { get; init; }

    public required string Container { get; init; }

    public string Path { get; init; } = "";

    /// <summary>Entra ID's answer when the login failed (it starts with an <c>AADSTS</c> code); null when it succeeded.</summary>
    public string? LoginError { get; init; }

    /// <summary>True when the account's blob endpoint did not answer at all (no such account, or DNS).</summary>
    public bool AccountUnreachable { get; init; }

    /// <summary>The HTTP status of a failed probe write; null when the write succeeded or was not tried.</summary>
    public int? WriteStatus { get; init; }

    /// <summary>The storage error code of a failed probe write (<c>AuthorizationPermissionMismatch</c>, <c>ContainerNotFound</c>…).</summary>
    public string? WriteErrorCode { get; init; }

    /// <summary>The probe blob the owner's credential could not delete after the write, and Azure's answer; null when it was deleted.</summary>
    public (string Blob, int Status, string? ErrorCode)? ProbeLeft { get; init; }
}
