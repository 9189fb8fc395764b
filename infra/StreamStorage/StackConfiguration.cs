using System.Text.Json;
using Pulumi;
using StackPlanning;

namespace StreamStorage;

/// <summary>Reads the stack's configuration and plans it; a bad configuration stops the run before any resource.</summary>
internal static class StackConfiguration
{
    /// <summary>Where the language host lists the keys it holds encrypted (the SDK keeps its own reading of it internal).</summary>
    private const string SecretKeysVariable = "PULUMI_CONFIG_SECRET_KEYS";

    public static StackPlan ReadAndPlan()
    {
        var config = new Config();
        var stream = new Config(ConfigKeys.StreamNamespace);
        try
        {
            var input = new StackConfigInput
            {
                StackName = Deployment.Instance.StackName,
                Storages = Read(config, ConfigKeys.Storages),
                Bindings = Read(config, ConfigKeys.Bindings),
                Tags = Read(config, ConfigKeys.Tags),
                Production = Read(config, ConfigKeys.Production),
                StoragesEncrypted = ConfigValue.IsSecret(
                    Environment.GetEnvironmentVariable(SecretKeysVariable), Deployment.Instance.ProjectName, ConfigKeys.Storages),
                HasStreamApiKey = stream.Get(ConfigKeys.StreamApiKey) is not null,
                HasStreamApiSecret = stream.GetSecret(ConfigKeys.StreamApiSecret) is not null,
            };

            // Store keys set with --secret make the whole list a secret: it is read as one value here, and
            // each key leaves the plan only as a Pulumi secret (S3CompatibleRecordingStorage).
            return StackPlanner.Plan(input);
        }
        catch (StackConfigException e)
        {
            // RunException is reported as its message alone: the list of problems, without a stack trace.
            throw new RunException(e.Message, e);
        }
    }

    /// <summary>The value as the engine hands it over, held to the limits a stack file is read within.</summary>
    private static JsonElement Read(Config config, string key) => ConfigValue.Parse(key, config.Get(key));
}
