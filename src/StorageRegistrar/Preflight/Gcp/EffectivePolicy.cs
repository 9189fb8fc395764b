namespace StorageRegistrar.Preflight.Gcp;

/// <summary>
/// A constraint's effective policy on a project (Org Policy v2 <c>getEffectivePolicy</c>): the policies of the
/// organization, folders and project merged, tag conditions evaluated. No rule at all is the constraint's default.
/// </summary>
public sealed record EffectivePolicy(IReadOnlyList<PolicyRule> Rules)
{
    /// <summary>A boolean or managed constraint is enforced.</summary>
    public bool Enforced => Rules.Any(r => r.Enforce);

    /// <summary>A rule still conditioned on tags, which preflight cannot evaluate (the effective policy normally has none).</summary>
    public bool Conditional => Rules.Any(r => r.Condition is not null);

    public IReadOnlyList<string> AllowedValues => [.. Rules.SelectMany(r => r.AllowedValues).Distinct(StringComparer.Ordinal)];

    public IReadOnlyList<string> DeniedValues => [.. Rules.SelectMany(r => r.DeniedValues).Distinct(StringComparer.Ordinal)];

    /// <summary>
    /// Whether a managed constraint with member parameters (<c>iam.managed.allowedPolicyMembers</c>) lets
    /// <paramref name="member"/> be granted a role: not enforced, or every enforcing rule lists it among its
    /// <c>allowedMemberSubjects</c>. Its principal sets (<c>allowedPrincipalSets</c>) hold an organization's or a
    /// directory customer's own principals, never Google's groups, so they are not consulted.
    /// </summary>
    public bool AllowsMember(string member) =>
        Rules.Where(r => r.Enforce).All(r => r.AllowedMemberSubjects.Contains(member, StringComparer.Ordinal));

    /// <summary>A list constraint allows only some values (or none): a resource that sets no value at all is not among them.</summary>
    public bool AllowsOnlySome => Rules.Any(r => r.DenyAll) || (AllowedValues.Count > 0 && !Rules.Any(r => r.AllowAll));

    /// <summary>
    /// Whether a list constraint lets <paramref name="value"/> through. <paramref name="holds"/> says whether a policy
    /// entry (a value, <c>is:</c> value or <c>in:</c> group) holds the value; null when it cannot tell, which makes the
    /// verdict <see cref="ListVerdict.Undecided"/> wherever that entry could change it. A denied value outweighs an
    /// allowed one.
    /// </summary>
    public ListJudgement Judge(string value, Func<string, string, bool?> holds)
    {
        ArgumentNullException.ThrowIfNull(holds);
        if (Rules.Any(r => r.DenyAll))
        {
            return new(ListVerdict.Denied, []);
        }

        var denied = DeniedValues.Select(entry => (entry, held: holds(entry, value))).ToList();
        if (denied.Any(d => d.held == true))
        {
            return new(ListVerdict.Denied, []);
        }

        var undecided = denied.Where(d => d.held is null).Select(d => d.entry).ToList();
        if (!Rules.Any(r => r.AllowAll) && AllowedValues.Count > 0)
        {
            var allowed = AllowedValues.Select(entry => (entry, held: holds(entry, value))).ToList();
            if (!allowed.Any(a => a.held == true))
            {
                var undecidedAllowed = allowed.Where(a => a.held is null).Select(a => a.entry).ToList();
                return undecidedAllowed.Count == 0 ? new(ListVerdict.Denied, []) : new(ListVerdict.Undecided, [.. undecided, .. undecidedAllowed]);
            }
        }

        return undecided.Count == 0 ? new(ListVerdict.Allowed, []) : new(ListVerdict.Undecided, undecided);
    }

    /// <summary>Whether a plain policy entry (a value, or one with the <c>is:</c> prefix) is <paramref name="value"/>; null for a group or subtree.</summary>
    public static bool? IsValue(string entry, string value, StringComparison comparison)
    {
        ArgumentNullException.ThrowIfNull(entry);
        if (entry.StartsWith(IsPrefix, StringComparison.Ordinal))
        {
            return string.Equals(entry[IsPrefix.Length..], value, comparison);
        }

        return entry.StartsWith(InPrefix, StringComparison.Ordinal) || entry.StartsWith(UnderPrefix, StringComparison.Ordinal)
            ? null
            : string.Equals(entry, value, comparison);
    }

    public const string IsPrefix = "is:";
    public const string InPrefix = "in:";
    public const string UnderPrefix = "under:";
}

/// <param name="Enforce">Boolean and managed constraints.</param>
/// <param name="Condition">The rule's tag condition, when the answer still carries one.</param>
public sealed record PolicyRule(
    bool Enforce,
    bool AllowAll,
    bool DenyAll,
    IReadOnlyList<string> AllowedValues,
    IReadOnlyList<string> DeniedValues,
    string? Condition)
{
    /// <summary>An enforcing rule's <c>parameters.allowedMemberSubjects</c> (<c>iam.managed.allowedPolicyMembers</c>): the principals it allows by name.</summary>
    public IReadOnlyList<string> AllowedMemberSubjects { get; init; } = [];

    /// <summary>Its <c>parameters.allowedPrincipalSets</c>: the organizations and directory customers whose principals it allows.</summary>
    public IReadOnlyList<string> AllowedPrincipalSets { get; init; } = [];
}

public enum ListVerdict
{
    Allowed,
    Denied,

    /// <summary>Only entries preflight cannot expand could decide it.</summary>
    Undecided,
}

/// <param name="UndecidedEntries">The entries that could not be expanded, when <see cref="Verdict"/> is <see cref="ListVerdict.Undecided"/>.</param>
public sealed record ListJudgement(ListVerdict Verdict, IReadOnlyList<string> UndecidedEntries);
