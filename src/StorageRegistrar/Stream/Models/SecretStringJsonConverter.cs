using System.Text.Json;
using System.Text.Json.Serialization;
using StorageRegistrar.Declarations;

namespace StorageRegistrar.Stream.Models;

/// <summary>Writes a secret's real value into a request body: the one place it leaves the process.</summary>
public sealed class SecretStringJsonConverter : JsonConverter<SecretString>
{
    public override SecretString? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        SecretString.From(reader.GetString());

    public override void Write(Utf8JsonWriter writer, SecretString value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(value);
        writer.WriteStringValue(value.Reveal());
    }
}
