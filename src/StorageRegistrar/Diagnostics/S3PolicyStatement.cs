using System.Text.Json;
using System.Text.RegularExpressions;

namespace StorageRegistrar.Diagnostics;

/// <summary>
/// One statement of an S3 bucket policy, read the way IAM reads it: single values or arrays,
/// <c>Not…</c> elements, and <c>*</c>/<c>?</c> wildcards (case-insensitive for actions only).
/// </summary>
internal sealed record S3PolicyStatement(
    string? Sid,
    bool IsAllow,
    PolicyElement Principal,
    PolicyElement Action,
    PolicyElement Resource,
    IReadOnlyList<string> ConditionKeys)
{
    /// <summary>Condition keys that only Stream's transport decides: it always uploads over TLS 1.2 or newer.</summary>
    private static readonly HashSet<string> TransportConditionKeys = new(StringComparer.OrdinalIgnoreCase)
    {
        "aws:SecureTransport",
        "s3:TlsVersion",
    };

    public bool HasCondition => ConditionKeys.Count > 0;

    public bool HasOnlyTransportConditions => HasCondition && ConditionKeys.All(TransportConditionKeys.Contains);

    public string Describe() => Sid is { Length: > 0 } ? $"statement \"{Sid}\"" : "an unnamed statement";

    public bool AppliesToPrincipal(string accountId, string principalArn) =>
        Principal.Matches(value => value == "*" || value == accountId || value == principalArn || Glob.Matches(value, principalArn, ignoreCase: false));

    public bool AppliesToAction(string action) =>
        Action.Matches(pattern => Glob.Matches(pattern, action, ignoreCase: true));

    public bool AppliesToResource(string resourceArn) =>
        Resource.Matches(pattern => Glob.Matches(pattern, resourceArn, ignoreCase: false));

    /// <summary>Reads every statement; throws <see cref="JsonException"/> on a document that is not a policy.</summary>
    public static IReadOnlyList<S3PolicyStatement> ParseAll(string policyJson)
    {
        using var document = JsonDocument.Parse(policyJson);
        if (!document.RootElement.TryGetProperty("Statement", out var statements))
        {
            throw new JsonException("The policy has no \"Statement\".");
        }

        // IAM accepts a lone statement object as well as an array of them.
        var elements = statements.ValueKind == JsonValueKind.Array ? statements.EnumerateArray().ToList() : [statements];
        return [.. elements.Select(Parse)];
    }

    private static S3PolicyStatement Parse(JsonElement statement)
    {
        var effect = statement.TryGetProperty("Effect", out var e) ? e.GetString() : null;
        if (effect is not ("Allow" or "Deny"))
        {
            throw new JsonException("A statement's \"Effect\" must be \"Allow\" or \"Deny\".");
        }

        var conditionKeys = new List<string>();
        if (statement.TryGetProperty("Condition", out var condition) && condition.ValueKind == JsonValueKind.Object)
        {
            foreach (var op in condition.EnumerateObject().Where(o => o.Value.ValueKind == JsonValueKind.Object))
            {
                conditionKeys.AddRange(op.Value.EnumerateObject().Select(k => k.Name));
            }
        }

        return new S3PolicyStatement(
            statement.TryGetProperty("Sid", out var sid) ? sid.GetString() : null,
            effect == "Allow",
            PolicyElement.Read(statement, "Principal", "NotPrincipal", principal: true),
            PolicyElement.Read(statement, "Action", "NotAction", principal: false),
            PolicyElement.Read(statement, "Resource", "NotResource", principal: false),
            conditionKeys);
    }
}

/// <summary>The values of one element (or of its <c>Not…</c> form, which then matches everything else).</summary>
internal sealed record PolicyElement(IReadOnlyList<string> Values, bool Negated)
{
    public bool Matches(Func<string, bool> matchesValue) => Values.Any(matchesValue) != Negated;

    public static PolicyElement Read(JsonElement statement, string name, string negatedName, bool principal)
    {
        if (statement.TryGetProperty(name, out var value))
        {
            return new PolicyElement(ReadValues(value, principal), Negated: false);
        }

        return statement.TryGetProperty(negatedName, out var negated)
            ? new PolicyElement(ReadValues(negated, principal), Negated: true)
            : new PolicyElement([], Negated: false);
    }

    /// <summary>A principal is <c>"*"</c> or an object such as <c>{"AWS": [...]}</c>; only AWS principals can be Stream.</summary>
    private static List<string> ReadValues(JsonElement value, bool principal)
    {
        if (principal && value.ValueKind == JsonValueKind.Object)
        {
            return value.TryGetProperty("AWS", out var aws) ? ReadValues(aws, principal: false) : [];
        }

        return value.ValueKind switch
        {
            JsonValueKind.String => [value.GetString()!],
            JsonValueKind.Array => [.. value.EnumerateArray().Where(v => v.ValueKind == JsonValueKind.String).Select(v => v.GetString()!)],
            _ => [],
        };
    }
}

internal static class Glob
{
    public static bool Matches(string pattern, string value, bool ignoreCase)
    {
        var regex = "^" + Regex.Escape(pattern).Replace(@"\*", ".*", StringComparison.Ordinal).Replace(@"\?", ".", StringComparison.Ordinal) + @"\z";
        var options = RegexOptions.CultureInvariant | RegexOptions.Singleline | (ignoreCase ? RegexOptions.IgnoreCase : RegexOptions.None);
        return Regex.IsMatch(value, regex, options, TimeSpan.FromSeconds(1));
    }
}
