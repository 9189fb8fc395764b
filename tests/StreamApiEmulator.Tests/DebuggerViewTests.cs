using System.Diagnostics;
using System.Reflection;

namespace StreamApiEmulator.Tests;

/// <summary>The credentials a registration hands to the emulator, as it receives them and as it keeps them.</summary>
public sealed class DebuggerViewTests
{
    [Theory]
    [InlineData("StreamApiEmulator.Wire.UpdateExternalStorageRequest", "GcsCredentials")]
    [InlineData("StreamApiEmulator.Wire.S3Request", "S3Secret")]
    [InlineData("StreamApiEmulator.Wire.AzureRequest", "AbsClientSecret")]
    [InlineData("StreamApiEmulator.State.StoredStorage", "GcsCredentials")]
    [InlineData("StreamApiEmulator.State.S3Config", "SecretKey")]
    [InlineData("StreamApiEmulator.State.AzureConfig", "ClientSecret")]
    public void Secrets_are_hidden_from_debugger_views(string type, string property)
    {
        var emulator = Assembly.LoadFrom(StreamEmulatorProcess.EmulatorAssemblyPath);

        var secret = emulator.GetType(type, throwOnError: true)!.GetProperty(property)!;

        Assert.Equal(DebuggerBrowsableState.Never, secret.GetCustomAttribute<DebuggerBrowsableAttribute>()?.State);
    }
}
