
namespace StreamApiEmulator.Tests;

public sealed class StreamEmulatorSettingsTests
{
    [Fact]
    public void Settings_print_without_the_secret()
    {
        var settings = new StreamEmulatorSettings { StreamPrincipalSecretKey = "principal-secret-value" };

        var printed = settings.ToString();

        Assert.DoesNotContain(settings.ApiSecret, printed, StringComparison.Ordinal);
        Assert.DoesNotContain("principal-secret-value", printed, StringComparison.Ordinal);
        Assert.Contains(settings.ApiKey, printed, StringComparison.Ordinal);
    }

    [Fact]
    public void Default_secret_is_at_least_32_bytes_and_fresh_per_settings()
    {
        var first = new StreamEmulatorSettings();
        var second = new StreamEmulatorSettings();

        Assert.True(System.Text.Encoding.UTF8.GetByteCount(first.ApiSecret) >= 32);
        Assert.NotEqual(first.ApiSecret, second.ApiSecret);
    }
}

/// <summary>An emulator configured to answer unknown storage references with code 16 instead of 4.</summary>
public sealed class NotFoundForUnknownStorageFixture : EmulatorFixture
{
    protected override StreamEmulatorSettings Settings => new() { UnknownStorageErrorCode = 16, MaxExternalStorages = 1 };
}

public sealed class ConfiguredOptionsTests(NotFoundForUnknownStorageFixture fixture) : EmulatorTest<NotFoundForUnknownStorageFixture>(fixture)
{
    [Fact]
    public async Task Unknown_storage_reference_can_be_configured_as_code_16()
    {
        var response = await Stream.PutAsync("/api/v2/video/calltypes/default", new JsonObject { ["external_storage"] = "ghost" });

        Assert.Equal(HttpStatusCode.NotFound, response.Status);
        Assert.Equal(16, response.ErrorCode);
        Assert.Contains("external storage ghost does not exist", response.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Storage_limit_is_configurable()
    {
        var first = await Stream.PostAsync("/api/v2/external_storage", new JsonObject { ["name"] = "one", ["storage_type"] = "s3", ["bucket"] = "b" });
        var second = await Stream.PostAsync("/api/v2/external_storage", new JsonObject { ["name"] = "two", ["storage_type"] = "s3", ["bucket"] = "b" });

        Assert.Equal(HttpStatusCode.Created, first.Status);
        Assert.Contains("at most 1 ", second.Message, StringComparison.Ordinal);
    }
}
