using System.Security.Cryptography;

namespace TestSupport.Tests;

internal static class TestData
{
    /// <summary>Random bytes, so that a stored body that differs in any way is caught.</summary>
    public static byte[] RandomBytes(int length) => RandomNumberGenerator.GetBytes(length);

    /// <summary>A lower-case name unique to this test run, valid for buckets and containers.</summary>
    public static string UniqueName(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..Math.Min(prefix.Length + 33, 63)];
}
