using System.Text.RegularExpressions;
using StorageRegistrar.Declarations;

namespace StorageRegistrar.Validation;

/// <summary>Where a text may hold a URL with a user name and password, the user information masked before it is shown.</summary>
public static partial class UrlCredentials
{
    /// <summary><paramref name="text"/> with every URL's <c>user:password@</c> written <c>[secret]@</c>.</summary>
    public static string Masked(string text) => UserInformation().Replace(text, $"${{scheme}}{SecretString.Mask}@");

    /// <summary>
    /// The user information of a URL (<c>scheme://user:password@</c>), up to the word's last '@': a secret key may hold
    /// '/' and a password '@', so a shorter match would leave part of them.
    /// </summary>
    [GeneratedRegex(@"(?<scheme>[A-Za-z][A-Za-z0-9+.-]*://)[^\s'""]*@", RegexOptions.CultureInvariant)]
    private static partial Regex UserInformation();
}
