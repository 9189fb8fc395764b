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
            Storages = ConfigValue.Parse(config.Get(ConfigKeys.Storages)),
            Bindings = ConfigValue.Parse(config.Get(ConfigKeys.Bindings)),
            Tags = ConfigValue.Parse(config.Get(ConfigKeys.Tags)),
            Production = ConfigValue.Parse(config.Get(ConfigKeys.Production)),
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
