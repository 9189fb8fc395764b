namespace StorageRegistrar.Diagnostics;

/// <summary>One policy of an IAM user, as a JSON document: one embedded in the user (inline) or a managed one attached to it.</summary>
/// <param name="Name">The inline policy's name, or the managed policy's ARN.</param>
/// <param name="Managed">Whether it is a managed policy, attached to the user rather than embedded in it.</param>
/// <param name="Document">The policy document, decoded from the URL encoding IAM answers it in.</param>
public sealed record IamUserPolicy(string Name, bool Managed, string Document)
{
    public string Describe() => Managed ? $"managed policy {Name}" : $"inline policy '{Name}'";
}

/// <summary>
/// What the owner's credentials could read, in keys mode, of what IAM grants the user whose access key Stream holds: its
/// own policies and the groups it is in (whose policies are not read). A read with no answer is in <see cref="Unread"/>,
/// never taken for a policy granting nothing.
/// </summary>
public sealed record IamUserPolicyFacts
{
    public required string UserName { get; init; }

    /// <summary>The storage's bucket and path, the stack's grant to the user.</summary>
    public required string Bucket { get; init; }

    public string Path { get; init; } = "";

    /// <summary>The user's inline policies and the managed policies attached to it, each at its default version.</summary>
    public IReadOnlyList<IamUserPolicy> Policies { get; init; } = [];

    /// <summary>Each read refused or failed, with why (what was read, the permission, IAM's status and message): what it would have said is not known.</summary>
    public IReadOnlyList<string> Unread { get; init; } = [];

    /// <summary>The names of the IAM groups the user is in.</summary>
    public IReadOnlyList<string> Groups { get; init; } = [];
}
