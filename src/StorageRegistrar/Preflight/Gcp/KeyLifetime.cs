using System.Globalization;

namespace StorageRegistrar.Preflight.Gcp;

/// <summary>
/// How long a new service account key lives under <c>iam.serviceAccountKeyExpiryHours</c>'s effective policy on a
/// project: no expiry (no rule, or <c>allowAll</c>), the shortest lifetime the policy allows (such as <c>720h</c>), or
/// entries preflight does not read as one (<c>denyAll</c>, denied values, values not in hours), which Google documents
/// none of for this constraint.
/// </summary>
/// <param name="Hours">The shortest allowed lifetime; null where keys do not expire or <paramref name="Unread"/> has entries.</param>
public sealed record KeyLifetime(int? Hours, IReadOnlyList<string> Unread)
{
    public static KeyLifetime Of(EffectivePolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        if (policy.Rules.Any(r => r.DenyAll) || policy.DeniedValues.Count > 0)
        {
            return new(null, [.. policy.Rules.Any(r => r.DenyAll) ? ["denyAll"] : Array.Empty<string>(), .. policy.DeniedValues.Select(v => $"the denied value {v}")]);
        }

        if (policy.Rules.Any(r => r.AllowAll) || policy.AllowedValues.Count == 0)
        {
            return new(null, []);
        }

        var hours = policy.AllowedValues.Select(value => (value, hours: HoursOf(value))).ToList();
        var unread = hours.Where(h => h.hours is null).Select(h => h.value).ToList();
        return unread.Count > 0 ? new(null, unread) : new(hours.Min(h => h.hours), []);
    }

    /// <summary>An allowed lifetime as Org Policy writes it (<c>720h</c>, perhaps with <c>is:</c>) in hours; null for anything else.</summary>
    private static int? HoursOf(string value)
    {
        var duration = value.StartsWith(EffectivePolicy.IsPrefix, StringComparison.Ordinal) ? value[EffectivePolicy.IsPrefix.Length..] : value;
        return duration.EndsWith('h') && int.TryParse(duration[..^1], NumberStyles.None, CultureInfo.InvariantCulture, out var hours) && hours > 0 ? hours : null;
    }
}
