using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;

namespace StorageRegistrar.Declarations;

/// <summary>
/// A credential value that never shows itself: <see cref="ToString"/>, records that hold it and
/// debugger views print a fixed mask. Call <see cref="Reveal"/> only where the value leaves for the
/// service that needs it.
/// </summary>
[DebuggerDisplay(Mask)]
public sealed class SecretString : IEquatable<SecretString>
{
    public const string Mask = "[secret]";

    [DebuggerBrowsable(DebuggerBrowsableState.Never)]
    private readonly string _value;

    public SecretString(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        _value = value;
    }

    public int Length => _value.Length;

    public string Reveal() => _value;

    public override string ToString() => Mask;

    /// <summary>Compares in constant time so that equality checks leak nothing through timing.</summary>
    public bool Equals(SecretString? other) =>
        other is not null &&
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(_value), Encoding.UTF8.GetBytes(other._value));

    public override bool Equals(object? obj) => Equals(obj as SecretString);

    public override int GetHashCode() => _value.Length;

    public static SecretString? From(string? value) => value is null ? null : new SecretString(value);
}
