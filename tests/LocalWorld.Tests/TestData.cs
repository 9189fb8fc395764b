using System.Security.Cryptography;

namespace LocalWorld.Tests;

internal static class TestData
{
    /// <summary>Random bytes, so that a stored body that differs in any way is caught.</summary>
    public static byte[] RandomBytes(int length) => RandomNumberGenerator.GetBytes(length);
}
