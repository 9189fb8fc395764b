using System.Text.Json;

namespace StorageRegistrar.Stream.Models;

// The error body every Stream endpoint returns, and the bare duration-only response.

/// <summary>
/// The fields of Stream's error body (<c>APIError</c>) that the client uses. Each is read on its own: Stream's
/// bodies stray from the spec now and then (<c>details</c> holding strings, a number among the
/// <c>exception_fields</c>), and one such field must not cost the code that says a storage does not exist.
/// </summary>
internal sealed record StreamErrorBody
{
    public int? Code { get; init; }

    public string? Message { get; init; }

    public bool Unrecoverable { get; init; }

    /// <summary><c>exception_fields</c>; a value that is not a string keeps its JSON text.</summary>
    public IReadOnlyDictionary<string, string> ExceptionFields { get; init; } = new Dictionary<string, string>();

    /// <summary>The body's fields, each missing when absent or off-shape; null when the body is no JSON object at all.</summary>
    public static StreamErrorBody? Read(ReadOnlyMemory<byte> body)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body);
        }
        catch (JsonException)
        {
            return null;
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return null;
            }

            return new StreamErrorBody
            {
                Code = root.TryGetProperty("code", out var code) && code.ValueKind == JsonValueKind.Number && code.TryGetInt32(out var number) ? number : null,
                Message = root.TryGetProperty("message", out var message) && message.ValueKind == JsonValueKind.String ? message.GetString() : null,
                Unrecoverable = root.TryGetProperty("unrecoverable", out var unrecoverable) && unrecoverable.ValueKind == JsonValueKind.True,
                ExceptionFields = ReadExceptionFields(root),
            };
        }
    }

    private static Dictionary<string, string> ReadExceptionFields(JsonElement root)
    {
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        if (root.TryGetProperty("exception_fields", out var element) && element.ValueKind == JsonValueKind.Object)
        {
            foreach (var field in element.EnumerateObject())
            {
                fields[field.Name] = field.Value.ValueKind == JsonValueKind.String ? field.Value.GetString()! : field.Value.GetRawText();
            }
        }

        return fields;
    }
}

/// <summary>The answer of every operation that returns nothing but its duration.</summary>
public sealed record Response
{
    public string Duration { get; init; } = "";
}
