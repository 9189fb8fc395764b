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

    /// <summary>
    /// For each Resource pattern that matches an object of the bucket outside <paramref name="path"/>, the key of one such
    /// object. None for NotResource, whose patterns say what is left out, nor for a pattern holding a policy variable,
    /// whose value only the request knows.
    /// </summary>
    public IEnumerable<string> KeysOutside(string bucketArn, string path) => Resource.Negated
        ? []
        : Resource.Values
            .Where(pattern => !pattern.Contains("${", StringComparison.Ordinal))
            .Select(pattern => Glob.NameOutside(pattern, $"{bucketArn}/", path))
            .OfType<string>();

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

    /// <summary>
    /// A name that <paramref name="within"/> followed by it is matched by <paramref name="pattern"/> (case-sensitively) and
    /// that neither is empty nor starts with <paramref name="prefix"/>; null when the pattern matches none. The pattern is
    /// followed alongside the text <paramref name="within"/> + <paramref name="prefix"/>, breadth first: a character that
    /// departs from that text after <paramref name="within"/> makes a name outside the prefix whatever follows, one that
    /// departs before it leaves <paramref name="within"/>, and reaching the end of the text means a name inside the prefix.
    /// </summary>
    public static string? NameOutside(string pattern, string within, string prefix)
    {
        var text = within + prefix;
        const int Departed = -1;
        var start = (Pattern: 0, Text: 0);
        var reachedFrom = new Dictionary<(int Pattern, int Text), ((int Pattern, int Text) From, char? Read)> { [start] = (start, null) };
        var queue = new Queue<(int Pattern, int Text)>([start]);
        while (queue.TryDequeue(out var state))
        {
            var (at, matched) = state;
            if (at == pattern.Length)
            {
                if (matched == Departed || (matched > within.Length && matched < text.Length))
                {
                    return NameReaching(state)[within.Length..];
                }

                continue;
            }

            // The character the text expects next, and one that departs from it.
            var expected = matched == Departed ? 'x' : text[matched];
            var other = expected == 'x' ? 'y' : 'x';
            var steps = pattern[at] switch
            {
                '*' => new[] { (at + 1, (char?)null), (at, expected), (at, other) },
                '?' => [(at + 1, expected), (at + 1, other)],
                var literal => [(at + 1, literal)],
            };
            foreach (var (next, read) in steps)
            {
                var nextMatched = read is not { } character ? matched
                    : matched == Departed ? Departed
                    : character == text[matched] ? matched + 1
                    : matched >= within.Length ? Departed
                    : (int?)null;
                // Leaving `within` matches nothing wanted; matching the whole text, only names inside the prefix.
                if (nextMatched is not { } reached || reached == text.Length || !reachedFrom.TryAdd((next, reached), (state, read)))
                {
                    continue;
                }

                queue.Enqueue((next, reached));
            }
        }

        return null;

        string NameReaching((int Pattern, int Text) state)
        {
            var read = new List<char>();
            while (state != start)
            {
                var (from, character) = reachedFrom[state];
                if (character is { } c)
                {
                    read.Add(c);
                }

                state = from;
            }

            read.Reverse();
            return new string([.. read]);
        }
    }
}
