using StorageRegistrar.Stream.Models;

namespace StreamStorage.Cli.Tests;

public sealed class StatusCommandTests(CliEnvironment environment)
{
    private async Task ArrangeAsync()
    {
        await environment.ResetAsync();
        var ct = TestContext.Current.CancellationToken;
        using var client = environment.CreateStreamClient();
        await client.CreateExternalStorageAsync(new CreateExternalStorageRequest
        {
            Name = "acme-s3",
            StorageType = "s3",
            Bucket = "acme-recordings",
            Path = "video/",
            AwsS3 = new S3Request { S3Region = "us-east-1" },
        }, ct);
        await client.CreateExternalStorageAsync(new CreateExternalStorageRequest
        {
            Name = "acme-abs",
            StorageType = "abs",
            Bucket = "recordings",
            AzureBlob = CliEnvironment.ServicePrincipal(),
        }, ct);
        await client.UpdateCallTypeAsync("default", new UpdateCallTypeRequest { ExternalStorage = "acme-s3" }, ct);
        await client.UpdateCallTypeAsync("livestream", new UpdateCallTypeRequest { ExternalStorage = "acme-s3" }, ct);
    }

    [Fact]
    public async Task The_table_shows_each_storage_with_its_call_types_and_the_fallbacks()
    {
        await ArrangeAsync();

        var run = await environment.RunAsync(["status"]);

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        var s3Row = Assert.Single(run.Output.Split('\n'), line => line.Contains("acme-s3", StringComparison.Ordinal));
        Assert.Contains("acme-recordings", s3Row, StringComparison.Ordinal);
        Assert.Contains("video/", s3Row, StringComparison.Ordinal);
        Assert.Contains("default, livestream", s3Row, StringComparison.Ordinal);
        var absRow = Assert.Single(run.Output.Split('\n'), line => line.Contains("acme-abs", StringComparison.Ordinal));
        Assert.Contains("(none)", absRow, StringComparison.Ordinal);
        Assert.Contains("Falling back to stream-s3: audio_room, development", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Json_output_is_one_parseable_document_for_scripts()
    {
        await ArrangeAsync();

        var run = await environment.RunAsync(["status", "--json"]);

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        using var document = JsonDocument.Parse(run.Output);
        var storages = document.RootElement.GetProperty("storages").EnumerateArray().ToList();
        Assert.Equal(["acme-abs", "acme-s3"], storages.Select(s => s.GetProperty("name").GetString()));
        var s3 = storages[1];
        Assert.Equal("s3", s3.GetProperty("type").GetString());
        Assert.Equal(["default", "livestream"], s3.GetProperty("callTypes").EnumerateArray().Select(c => c.GetString()));
        Assert.Equal(["audio_room", "development"], document.RootElement.GetProperty("streamDefaultCallTypes").EnumerateArray().Select(c => c.GetString()));
        Assert.Empty(document.RootElement.GetProperty("danglingBindings").EnumerateArray());
    }

    [Fact]
    public async Task With_no_storages_json_lists_none_and_every_call_type_falls_back()
    {
        await environment.ResetAsync();

        var run = await environment.RunAsync(["status", "--json"]);

        using var document = JsonDocument.Parse(run.Output);
        Assert.Empty(document.RootElement.GetProperty("storages").EnumerateArray());
        Assert.Contains("default", document.RootElement.GetProperty("streamDefaultCallTypes").EnumerateArray().Select(c => c.GetString()));
    }

    [Fact]
    public async Task A_wrong_stream_secret_exits_with_the_stream_error_code_and_no_stack_trace()
    {
        await environment.ResetAsync();

        var run = await environment.RunAsync(["status"], apiSecret: new string('x', 64));

        Assert.Equal(ExitCodes.StreamError, run.ExitCode);
        Assert.Contains(run.Error.Split('\n'), line => line.StartsWith("Stream:", StringComparison.Ordinal));
        Assert.DoesNotContain(" at ", run.Error, StringComparison.Ordinal);
        Assert.Empty(run.Output);
    }

    [Fact]
    public async Task An_unknown_option_is_invalid_input()
    {
        var run = await environment.RunAsync(["status", "--bogus"]);

        Assert.Equal(ExitCodes.InvalidInput, run.ExitCode);
        Assert.Contains("--bogus", run.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--endpoint contains U+001B at position 21", "check", "rec", "--endpoint", "https://127.0.0.1:9/\u001B]8;;https://example.com\u0007\u202E", "--region", "eu-west-1")]
    [InlineData("--region contains U+3164 at position 10", "doctor", "rec", "--region", "eu-west-1\u3164")]
    [InlineData("--iam-user contains U+001B at position 2", "doctor", "rec", "--iam-user=x\u001B[2J", "--region", "eu-west-1")]
    [InlineData("--region contains U+001B at position 3", "check", "rec", "--json", "--region", "eu\u001B[31m")]
    public async Task An_option_value_with_a_control_or_invisible_character_is_refused_by_its_option_before_any_request(string said, params string[] args)
    {
        await environment.ResetAsync();

        var run = await environment.RunAsync(args);

        Assert.Equal(ExitCodes.InvalidInput, run.ExitCode);
        Assert.Contains(said, run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain(run.Error + run.Output, c => char.IsControl(c) && c is not '\n' and not '\r');
        Assert.Empty(await environment.Emulator.Control.GetRequestsAsync(TestContext.Current.CancellationToken));
        if (args.Contains("--json"))
        {
            // Standard output still holds the one document a pipeline reads.
            using var failure = JsonDocument.Parse(run.Output);
            Assert.Equal(ExitCodes.InvalidInput, failure.RootElement.GetProperty("exitCode").GetInt32());
            Assert.StartsWith(said, failure.RootElement.GetProperty("error").GetString(), StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("status", "--endpoint", "https://AKIAIOSFODNN7EXAMPLE:wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY@minio.example.com")]
    [InlineData("status", "--endpont=https://AKIAIOSFODNN7EXAMPLE:wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY@minio.example.com")]
    [InlineData("status", "--endpoint", "https://AKIAIOSFODNN7EXAMPLE:wJalrXUtnFEMI@K7MDENG@minio.example.com")]
    public async Task A_url_the_parser_cannot_place_is_repeated_without_its_user_name_and_password(params string[] args)
    {
        var run = await environment.RunAsync(args);

        Assert.Equal(ExitCodes.InvalidInput, run.ExitCode);
        Assert.Contains("[secret]@minio.example.com", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("AKIAIOSFODNN7EXAMPLE", run.Error + run.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("wJalrXUtnFEMI", run.Error + run.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("K7MDENG", run.Error + run.Output, StringComparison.Ordinal);
    }
}
