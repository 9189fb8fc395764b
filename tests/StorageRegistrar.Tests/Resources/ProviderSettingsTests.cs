using StorageRegistrar.Resources;

namespace StorageRegistrar.Tests.Resources;

public sealed class ProviderSettingsTests
{
    private static readonly Func<string, string?> NoEnvironment = _ => null;

    /// <summary>Every variable the official Stream SDKs read, with <paramref name="baseUrl"/>.</summary>
    private static Func<string, string?> StreamEnvironment(string baseUrl)
    {
        var variables = new Dictionary<string, string?>
        {
            ["STREAM_API_KEY"] = "env-key",
            ["STREAM_API_SECRET"] = "env-secret",
            ["STREAM_BASE_URL"] = baseUrl,
        };
        return name => variables.GetValueOrDefault(name);
    }

    [Fact]
    public void Config_values_win_over_the_environment()
    {
        var (settings, problems) = ProviderSettings.Resolve(
            new ProviderConfigValues { ApiKey = "config-key", ApiSecret = new SecretString("config-secret"), BaseUrl = "https://video.stream-io-api.com", CheckDeadlineSeconds = 900 },
            StreamEnvironment("https://env.example"));

        Assert.Empty(problems);
        Assert.Equal("config-key", settings!.ApiKey);
        Assert.Equal("config-secret", settings.ApiSecret.Reveal());
        Assert.Equal(new Uri("https://video.stream-io-api.com"), settings.BaseUrl);
        Assert.Equal(TimeSpan.FromMinutes(15), settings.CheckDeadline);
    }

    [Fact]
    public void The_environment_fills_in_what_config_leaves_out()
    {
        var (settings, problems) = ProviderSettings.Resolve(new ProviderConfigValues { ApiKey = " " }, StreamEnvironment("http://127.0.0.1:4100"));

        Assert.Empty(problems);
        Assert.Equal("env-key", settings!.ApiKey);
        Assert.Equal("env-secret", settings.ApiSecret.Reveal());
        Assert.Equal(new Uri("http://127.0.0.1:4100"), settings.ToClientOptions().BaseUrl);
        Assert.Null(settings.CheckDeadline);
    }

    /// <summary>
    /// After a switch of app through STREAM_API_KEY, the old provider keeps the key its state recorded: the secret in the
    /// environment is the new app's, and Stream would answer the pair with 401 at every delete of the old app's resources.
    /// </summary>
    [Fact]
    public void A_secret_from_the_environment_that_goes_with_another_apps_key_is_refused_naming_both_keys()
    {
        var (settings, problems) = ProviderSettings.Resolve(new ProviderConfigValues { ApiKey = "old-app-key" }, StreamEnvironment("https://video.stream-io-api.com"));

        Assert.Null(settings);
        var problem = Assert.Single(problems);
        Assert.Equal("apiSecret", problem.Field);
        Assert.StartsWith("comes from STREAM_API_SECRET, which goes with STREAM_API_KEY \"env-key\", another Stream app than this provider's key \"old-app-key\"", problem.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("env-secret", problem.Message, StringComparison.Ordinal);
        // The same key in both places, or a secret of the configuration's own, is the app's pair.
        Assert.Empty(ProviderSettings.Resolve(new ProviderConfigValues { ApiKey = "env-key" }, StreamEnvironment("https://video.stream-io-api.com")).Problems);
        Assert.Empty(ProviderSettings.Resolve(new ProviderConfigValues { ApiKey = "old-app-key", ApiSecret = new SecretString("old-secret") }, StreamEnvironment("https://video.stream-io-api.com")).Problems);
    }

    [Fact]
    public void Without_a_base_url_Stream_s_public_endpoint_is_used()
    {
        var (settings, _) = ProviderSettings.Resolve(
            new ProviderConfigValues { ApiKey = "k", ApiSecret = new SecretString("s") },
            NoEnvironment);

        Assert.Equal(StorageRegistrar.Stream.StreamClientOptions.DefaultBaseUrl, settings!.BaseUrl);
    }

    [Fact]
    public void Missing_credentials_name_the_config_key_the_command_and_the_variable()
    {
        var (settings, problems) = ProviderSettings.Resolve(new ProviderConfigValues(), NoEnvironment);

        Assert.Null(settings);
        Assert.Equal(["apiKey", "apiSecret"], problems.Select(p => p.Field));
        Assert.Contains("STREAM_API_KEY", problems[0].Message, StringComparison.Ordinal);
        Assert.Contains("pulumi config set --secret streamstorage:apiSecret", problems[1].Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http://stream.example.com")]
    [InlineData("not a url")]
    [InlineData("ftp://127.0.0.1")]
    public void Base_urls_must_be_https_or_loopback_http(string baseUrl)
    {
        var (_, problems) = ProviderSettings.Resolve(
            new ProviderConfigValues { ApiKey = "k", ApiSecret = new SecretString("s"), BaseUrl = baseUrl },
            NoEnvironment);

        Assert.Equal("baseUrl", Assert.Single(problems).Field);
    }

    [Fact]
    public void A_bad_default_deadline_is_reported_on_its_config_key()
    {
        var (_, problems) = ProviderSettings.Resolve(
            new ProviderConfigValues { ApiKey = "k", ApiSecret = new SecretString("s"), CheckDeadlineSeconds = 0 },
            NoEnvironment);

        Assert.Equal("checkDeadlineSeconds", Assert.Single(problems).Field);
    }

    [Fact]
    public void Problems_never_contain_the_secret()
    {
        var (_, problems) = ProviderSettings.Resolve(
            new ProviderConfigValues { ApiSecret = new SecretString("very-secret-value"), BaseUrl = "http://remote.example" },
            NoEnvironment);

        Assert.NotEmpty(problems);
        Assert.All(problems, p => Assert.DoesNotContain("very-secret-value", p.ToString(), StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("a", "b", true, true)]
    [InlineData("a", " a ", false, false)]
    [InlineData("a", "", true, false)]
    [InlineData(null, "a", true, false)]
    [InlineData("a", null, true, false)]
    [InlineData("  ", null, false, false)]
    public void An_api_key_names_another_app_only_when_both_are_set_and_differ_once_trimmed(string? old, string? @new, bool changes, bool anotherApp)
    {
        Assert.Equal((changes, anotherApp), (ProviderSettings.ApiKeyChanges(old, @new), ProviderSettings.NamesAnotherApp(old, @new)));
    }

    [Theory]
    [InlineData(null, " env-key ", "env-key", "env-key")]
    [InlineData("  ", "env-key", "env-key", "env-key")]
    [InlineData("stack-key", "env-key", null, "stack-key")]
    [InlineData(null, null, null, null)]
    public void The_key_taken_from_the_environment_is_the_one_resolve_uses_where_the_configuration_sets_none(
        string? configured, string? environment, string? fromEnvironment, string? resolved)
    {
        var config = new ProviderConfigValues { ApiKey = configured, ApiSecret = new SecretString("s") };
        string? Environment(string name) => name == "STREAM_API_KEY" ? environment : null;

        Assert.Equal(fromEnvironment, ProviderSettings.KeyFromEnvironment(config, Environment));
        Assert.Equal(resolved, ProviderSettings.Resolve(config, Environment).Settings?.ApiKey);
    }
}
