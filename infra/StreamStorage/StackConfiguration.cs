using System.Text.Json;
using Pulumi;
using StackPlanning;

namespace StreamStorage;

/// <summary>Reads the stack's configuration and plans it; a bad configuration stops the run before any resource.</summary>
internal static class StackConfiguration
{
    public static StackPlan ReadAndPlan()
    {
        var config = new Config();
        var stream = new Config(ConfigKeys.StreamNamespace);
        var input = new StackConfigInput
        {
            StackName = Deployment.Instance.StackName,
            Storages = config.GetObject<JsonElement>(ConfigKeys.Storages),
            Bindings = config.GetObject<JsonElement>(ConfigKeys.Bindings),
            Tags = config.GetObject<JsonElement>(ConfigKeys.Tags),
            Production = config.GetObject<JsonElement>(ConfigKeys.Production),
            HasStreamApiKey = stream.Get(ConfigKeys.StreamApiKey) is not null,
            HasStreamApiSecret = stream.GetSecret(ConfigKeys.StreamApiSecret) is not null,
        };

        try
        {
            return StackPlanner.Plan(input);
        }
        catch (StackConfigException e)
        {
            // RunException is reported as its message alone: the list of problems, without a stack trace.
            throw new RunException(e.Message, e);
        }
    }
}
