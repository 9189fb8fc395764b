using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace StorageRegistrar.Stream.Models;

/// <summary>
/// Stream's timestamps: the spec says Unix nanoseconds as a JSON number, while some endpoints and
/// webhooks send RFC 3339 strings. Both are read; nanoseconds are written.
/// </summary>
public sealed class StreamTimestampJsonConverter : JsonConverter<DateTimeOffset>
{
    private const long NanosecondsPerTick = 100;

    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.Number)
        {
            return FromUnixNanoseconds(reader.GetInt64());
        }

        if (reader.TokenType == JsonTokenType.String)
        {
            var text = reader.GetString()!;
            if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var nanoseconds))
            {
                return FromUnixNanoseconds(nanoseconds);
            }

            if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var parsed))
            {
                return parsed;
            }
        }

        throw new JsonException("A Stream timestamp must be Unix nanoseconds or an RFC 3339 string.");
    }

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteNumberValue((value - DateTimeOffset.UnixEpoch).Ticks * NanosecondsPerTick);
    }

    private static DateTimeOffset FromUnixNanoseconds(long nanoseconds) =>
        DateTimeOffset.UnixEpoch.AddTicks(nanoseconds / NanosecondsPerTick);
}
