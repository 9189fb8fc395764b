
namespace StreamStorage;

/// <summary>Plan values in the shapes resource args take.</summary>
internal static class InputValues
{
    public static InputMap<string> Tags(StoragePlan plan) => new Dictionary<string, string>(plan.Tags);

    /// <summary>An optional setting: absent (the provider's default) rather than an input holding null.</summary>
    public static Input<string>? Optional(string? value) => value is null ? null : (Input<string>)value;

    /// <inheritdoc cref="Optional(string?)"/>
    public static Input<string>? Optional(Output<string>? value) => value is null ? null : (Input<string>)value;

    /// <inheritdoc cref="Optional(string?)"/>
    public static Input<int>? Optional(int? value) => value is { } set ? set : null;
}
