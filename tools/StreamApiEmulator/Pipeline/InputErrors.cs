namespace StreamApiEmulator.Pipeline;

/// <summary>
/// Collects every validation problem of one request so that the single code-4 error Stream answers
/// with lists them all in <c>exception_fields</c> (field path → problem).
/// </summary>
public sealed class InputErrors
{
    private readonly Dictionary<string, string> _fields = new(StringComparer.Ordinal);

    public void Add(string field, string problem) => _fields.TryAdd(field, problem);

    public void Require(string? value, string field)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            Add(field, "is a required field");
        }
    }

    public void OneOf(string? value, string field, IReadOnlyCollection<string> allowed)
    {
        if (value is not null && !allowed.Contains(value))
        {
            Add(field, $"must be one of [{string.Join(' ', allowed)}], got \"{value}\"");
        }
    }

    public void ThrowIfAny()
    {
        if (_fields.Count == 0)
        {
            return;
        }

        var (field, problem) = _fields.First();
        var reason = _fields.Count == 1 ? $"{field} {problem}" : $"{field} {problem} (and {_fields.Count - 1} more in exception_fields)";
        throw new StreamException(StreamErrorCode.InputError, reason, _fields);
    }
}
