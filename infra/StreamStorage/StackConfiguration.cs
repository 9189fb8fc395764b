using System.Text.Json;
using StorageRegistrar.Resources;

namespace StreamStorage;

/// <summary>Reads the stack's configuration and plans it; a bad configuration stops the run before any resource.</summary>
internal static class StackConfiguration
{
    /// <summary>Where the language host passes the whole configuration, as a JSON object keyed <c>ns:key</c>.</summary>
    private const string ConfigVariable = "PULUMI_CONFIG";

    /// <summary>Where the language host lists the keys it holds encrypted (the SDK keeps its own reading of it internal).</summary>
    private const string SecretKeysVariable = "PULUMI_CONFIG_SECRET_KEYS";

    /// <param name="environment">The program's environment variables: the engine's configuration and Stream's credentials.</param>
    public static StackPlan ReadAndPlan(Func<string, string?> environment)
    {
        var config = new Config();
        var stream = new Config(ConfigKeys.StreamNamespace);
        var project = Deployment.Instance.ProjectName;
        var stackName = Deployment.Instance.StackName;
        try
        {
            var input = (StackConfigInput.FromProjectValues(stackName, key => Read(config, key)) with
            {
                StoragesEncrypted = ConfigValue.IsSecret(environment(SecretKeysVariable), project, ConfigKeys.Storages),

                // The engine says only which top-level keys are secret; the stack file says which paths inside them.
                // Its values are not needed: the engine hands them over decrypted.
                SecurePaths = ProjectDirectory() is { } directory ? StackFile.SecurePathsIn(directory, stackName) : null,
                ProjectKeys = ConfigValue.KeysOf(environment(ConfigVariable), project),
                StreamProviderKeys = ConfigValue.KeysOf(environment(ConfigVariable), ConfigKeys.StreamNamespace),
                StreamProviderSecureKeys = [.. ProviderConfigProperties.All.Where(key => ConfigValue.IsSecret(environment(SecretKeysVariable), ConfigKeys.StreamNamespace, key) == true)],
                StreamApiSecretEncrypted = stream.GetSecret(ConfigKeys.StreamApiSecret) is null
                    ? null
                    : ConfigValue.IsSecret(environment(SecretKeysVariable), ConfigKeys.StreamNamespace, ConfigKeys.StreamApiSecret),
                HasStreamApiKey = stream.Get(ConfigKeys.StreamApiKey) is not null,
                HasStreamApiSecret = stream.GetSecret(ConfigKeys.StreamApiSecret) is not null,
            }).WithStreamCredentialsFrom(environment).WithStreamProviderSettings(stream.Get);

            // Store keys set with --secret make the whole list a secret: it is read as one value here, and
            // each key leaves the plan only as a Pulumi secret (S3CompatibleRecordingStorage).
            var plan = StackPlanner.Plan(input);
            foreach (var warning in plan.Warnings)
            {
                Log.Warn(warning.ToString());
            }

            return plan;
        }
        catch (StackConfigException e)
        {
            // RunException is reported as its message alone: the list of problems, without a stack trace.
            throw new RunException(e.Message, e);
        }
    }

    /// <summary>The value as the engine hands it over, held to the limits a stack file is read within.</summary>
    private static JsonElement Read(Config config, string key) => ConfigValue.Parse(key, config.Get(key));

    /// <summary>Where Pulumi.yaml is, and beside it the stack file; null when the Pulumi CLI is too old to say.</summary>
    private static string? ProjectDirectory()
    {
        try
        {
            return Deployment.Instance.RootDirectory;
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }
}
