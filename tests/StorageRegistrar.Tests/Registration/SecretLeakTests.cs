using StorageRegistrar.Registration;

namespace StorageRegistrar.Tests.Registration;

/// <summary>A full run through every operation, success and failure, then a scan of everything printed for every secret.</summary>
public sealed class SecretLeakTests(StreamEmulatorFixture fixture) : RegistrationTestBase(fixture)
{
    [Fact]
    public async Task No_secret_appears_in_logs_exceptions_or_printed_results()
    {
        var printed = new List<string>();
        var s3 = await Fixture.S3StorageAsync("leak-s3");
        var gcs = Fixture.GcsStorage("leak-gcs");
        var abs = await Fixture.AzureStorageAsync("leak-abs");
        var callType = await CreateCallTypeAsync();

        foreach (var declaration in new[] { s3, gcs, abs })
        {
            printed.Add(declaration.ToString());
            printed.Add((await Registrar.EnsureAsync(declaration, ct: Ct)).ToString());
            printed.Add((await Registrar.EnsureAsync(declaration, new EnsureOptions { CredentialsChanged = true }, Ct)).ToString());
            printed.Add((await Registrar.CheckAsync(declaration.Name!, declaration.StorageType!, ct: Ct)).ToString());
        }

        printed.Add((await Registrar.BindAsync(new CallTypeBindingDeclaration { CallType = callType, ExternalStorage = "leak-gcs" }, Ct)).ToString());
        printed.Add((await Registrar.ReadStoragesAsync(["leak-s3", "leak-gcs", "leak-abs"], Ct)).Aggregate("", (text, s) => text + s));
        printed.Add(await Capture(() => Registrar.DeleteAsync("leak-gcs", seenAt: null, Ct)));
        await Registrar.UnbindAsync(callType, null, Ct);

        await SetFaultAsync(StreamEmulatorFault.CheckFailure(1000));
        printed.Add(await Capture(() => Registrar.CheckAsync("leak-abs", "abs", new CheckOptions { Deadline = TimeSpan.FromSeconds(0.5) }, Ct)));
        await Fixture.Emulator.Control.ClearFaultsAsync(Ct);
        await SetFaultAsync(StreamEmulatorFault.RateLimit(1) with { Times = 10 });
        using (var impatient = Fixture.CreateClient(o => o.Retry.MaxRetries = 1))
        {
            printed.Add(await Capture(() => Fixture.CreateRegistrar(impatient).EnsureAsync(s3 with { Path = "other/" }, ct: Ct)));
        }

        await Fixture.Emulator.Control.ClearFaultsAsync(Ct);
        using (var wrongSecret = Fixture.CreateClient(o => o.ApiSecret = new SecretString(abs.AzureBlob!.ClientSecret!.Reveal() + "-not-the-app-secret")))
        {
            printed.Add(await Capture(() => Fixture.CreateRegistrar(wrongSecret).EnsureAsync(abs, ct: Ct)));
        }

        printed.Add(await Capture(() => Registrar.EnsureAsync(s3 with { Name = "Bad Name", AwsS3 = s3.AwsS3! with { Region = "nowhere" } }, ct: Ct)));
        printed.Add(await Capture(() => Registrar.EnsureAsync(gcs with { GcsCredentials = new SecretString(gcs.GcsCredentials!.Reveal()[..50]) }, ct: Ct)));

        var everything = string.Join(Environment.NewLine, printed) + Environment.NewLine + Fixture.Logs.AllText + Environment.NewLine + Fixture.Emulator.OutputTail;
        Assert.Contains("Storage leak-s3", Fixture.Logs.AllText, StringComparison.Ordinal);
        foreach (var secret in Fixture.Secrets.SelectMany(StreamEmulatorFixture.SecretMaterial))
        {
            Assert.False(everything.Contains(secret, StringComparison.Ordinal), $"A secret ({secret.Length} characters, starting '{secret[..3]}') was printed.");
        }
    }

    private static async Task<string> Capture<T>(Func<Task<T>> operation)
    {
        try
        {
            return (await operation())?.ToString() ?? "";
        }
        catch (Exception exception)
        {
            return exception.ToString();
        }
    }
}
