using System.Text;
using System.Text.RegularExpressions;

namespace StorageRegistrar.Grants;

/// <summary>One blob request a role assignment condition is asked about: the data action, its suboperation and its attributes.</summary>
/// <param name="Action">The data action, e.g. <see cref="AzureGrants.CreateBlob"/>.</param>
/// <param name="SubOperation">The suboperation (<see cref="AzureGrants.ListSubOperation"/>...), or null for the action's plain operations.</param>
/// <param name="Container">The container's name.</param>
/// <param name="BlobPath">The blob's name within the container; null for a request that names no blob (listing).</param>
/// <param name="ListPrefix">The prefix a listing asks for; null when it asks for none or is no listing.</param>
public sealed record AzureBlobRequest(string Action, string? SubOperation, string Container, string? BlobPath, string? ListPrefix);

/// <summary>
/// A role assignment condition (version 2.0) read into its meaning, for the part of the language that conditions on blob
/// names use: <c>ActionMatches</c>, <c>SubOperationMatches</c>, <c>!</c>/<c>NOT</c>, <c>AND</c>/<c>&amp;&amp;</c>,
/// <c>OR</c>/<c>||</c>, parentheses, and string comparisons of the blob path, the listing prefix and the container name.
/// As the language requires, AND and OR are not mixed without parentheses. Anything else is refused with
/// <see cref="FormatException"/>: a condition that cannot be read is never taken to mean something.
/// </summary>
public sealed class AzureRoleCondition
{
    private const string ContainerNameAttribute = "Microsoft.Storage/storageAccounts/blobServices/containers:name";

    private readonly Func<AzureBlobRequest, bool> evaluate;

    private AzureRoleCondition(Func<AzureBlobRequest, bool> evaluate) => this.evaluate = evaluate;

    /// <summary>Whether the role's grant of <paramref name="request"/>'s action holds for this request.</summary>
    public bool Allows(AzureBlobRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return evaluate(request);
    }

    /// <summary>
    /// Whether an action pattern, as <c>ActionMatches</c> and role definitions write them, matches <paramref name="action"/>:
    /// case-insensitively, with <c>*</c> for any run of characters.
    /// </summary>
    public static bool MatchesAction(string pattern, string action)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        ArgumentNullException.ThrowIfNull(action);
        return Like(action, pattern, StringComparison.OrdinalIgnoreCase);
    }

    /// <exception cref="FormatException">When the text is not a condition of the part of the language read here.</exception>
    public static AzureRoleCondition Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parser = new Parser(text);
        var expression = parser.Expression();
        parser.End();
        return new AzureRoleCondition(expression);
    }

    private sealed class Parser(string text)
    {
        private int position;

        public Func<AzureBlobRequest, bool> Expression()
        {
            var operands = new List<Func<AzureBlobRequest, bool>> { Unary() };
            string? joiner = null;
            while (TryJoiner() is { } next)
            {
                if (joiner is not null && joiner != next)
                {
                    throw Error("AND and OR are mixed without parentheses");
                }

                joiner = next;
                operands.Add(Unary());
            }

            return joiner switch
            {
                null => operands[0],
                "AND" => request => operands.All(operand => operand(request)),
                _ => request => operands.Any(operand => operand(request)),
            };
        }

        public void End()
        {
            SkipSpace();
            if (position < text.Length)
            {
                throw Error("unexpected text");
            }
        }

        private string? TryJoiner()
        {
            SkipSpace();
            foreach (var (token, joiner) in new[] { ("AND", "AND"), ("&&", "AND"), ("OR", "OR"), ("||", "OR") })
            {
                if (TryWord(token))
                {
                    return joiner;
                }
            }

            return null;
        }

        private Func<AzureBlobRequest, bool> Unary()
        {
            SkipSpace();
            if (TryWord("!") || TryWord("NOT"))
            {
                var operand = Unary();
                return request => !operand(request);
            }

            if (TryWord("("))
            {
                var inner = Expression();
                Expect(")");
                return inner;
            }

            if (TryWord("ActionMatches"))
            {
                var pattern = BracedString();
                return request => MatchesAction(pattern, request.Action);
            }

            if (TryWord("SubOperationMatches"))
            {
                var subOperation = BracedString();
                return request => string.Equals(request.SubOperation, subOperation, StringComparison.OrdinalIgnoreCase);
            }

            return Comparison();
        }

        private Func<AzureBlobRequest, bool> Comparison()
        {
            Func<AzureBlobRequest, string?> attribute = TryWord("@Resource[")
                ? Attribute() switch
                {
                    AzureGrants.BlobPathAttribute => request => request.BlobPath,
                    ContainerNameAttribute => request => request.Container,
                    var other => throw Error($"resource attribute {other} is not read here"),
                }
                : TryWord("@Request[")
                    ? Attribute() switch
                    {
                        AzureGrants.ListPrefixAttribute => request => request.ListPrefix,
                        var other => throw Error($"request attribute {other} is not read here"),
                    }
                    : throw Error("expected an action, a suboperation or an attribute");
            SkipSpace();
            var op = Word();
            Func<string, string, bool> compare = op switch
            {
                "StringEquals" => (actual, value) => string.Equals(actual, value, StringComparison.Ordinal),
                "StringEqualsIgnoreCase" => (actual, value) => string.Equals(actual, value, StringComparison.OrdinalIgnoreCase),
                "StringNotEquals" => (actual, value) => !string.Equals(actual, value, StringComparison.Ordinal),
                "StringStartsWith" => (actual, value) => actual.StartsWith(value, StringComparison.Ordinal),
                "StringStartsWithIgnoreCase" => (actual, value) => actual.StartsWith(value, StringComparison.OrdinalIgnoreCase),
                "StringNotStartsWith" => (actual, value) => !actual.StartsWith(value, StringComparison.Ordinal),
                "StringLike" => (actual, value) => Like(actual, value, StringComparison.Ordinal),
                "StringLikeIgnoreCase" => (actual, value) => Like(actual, value, StringComparison.OrdinalIgnoreCase),
                _ => throw Error($"operator '{op}' is not read here"),
            };
            var expected = QuotedString();

            // An attribute the request does not carry makes the comparison false (a listing has no blob path).
            return request => attribute(request) is { } actual && compare(actual, expected);
        }

        private string Attribute() => Until(']', "an attribute is not closed with ']'");

        private string BracedString()
        {
            Expect("{");
            var value = QuotedString();
            Expect("}");
            return value;
        }

        /// <summary>A value in single quotes; the language documents no escape for a quote inside one.</summary>
        private string QuotedString()
        {
            SkipSpace();
            Expect("'");
            return Until('\'', "a value is not closed with a quote");
        }

        /// <summary>The text up to <paramref name="close"/>, which is read too; <paramref name="unclosed"/> when it never comes.</summary>
        private string Until(char close, string unclosed)
        {
            var end = text.IndexOf(close, position);
            if (end < 0)
            {
                throw Error(unclosed);
            }

            var value = text[position..end];
            position = end + 1;
            return value;
        }

        private string Word()
        {
            var start = position;
            while (position < text.Length && char.IsAsciiLetter(text[position]))
            {
                position++;
            }

            return text[start..position];
        }

        private void Expect(string token)
        {
            SkipSpace();
            if (!TryWord(token))
            {
                throw Error($"expected '{token}'");
            }
        }

        /// <summary>Takes <paramref name="token"/> when it comes next and, for a keyword, ends there.</summary>
        private bool TryWord(string token)
        {
            SkipSpace();
            if (string.CompareOrdinal(text, position, token, 0, token.Length) != 0)
            {
                return false;
            }

            var end = position + token.Length;
            if (char.IsAsciiLetter(token[^1]) && end < text.Length && char.IsAsciiLetter(text[end]))
            {
                return false;
            }

            position = end;
            return true;
        }

        private void SkipSpace()
        {
            while (position < text.Length && char.IsWhiteSpace(text[position]))
            {
                position++;
            }
        }

        private FormatException Error(string what) => new($"The condition cannot be read at position {position + 1}: {what}.");
    }

    /// <summary>A match where <c>*</c> stands for any run of characters and <c>?</c> for one; <c>\*</c> and <c>\?</c> for themselves.</summary>
    private static bool Like(string actual, string pattern, StringComparison comparison)
    {
        var regex = new StringBuilder("^");
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            if (c == '\\' && i + 1 < pattern.Length && pattern[i + 1] is '*' or '?')
            {
                regex.Append(Regex.Escape(pattern[++i].ToString()));
            }
            else
            {
                regex.Append(c switch
                {
                    '*' => ".*",
                    '?' => ".",
                    _ => Regex.Escape(c.ToString()),
                });
            }
        }

        var options = RegexOptions.Singleline | RegexOptions.CultureInvariant
            | (comparison == StringComparison.OrdinalIgnoreCase ? RegexOptions.IgnoreCase : 0);
        return Regex.IsMatch(actual, regex.Append("\\z").ToString(), options, TimeSpan.FromSeconds(1));
    }
}
