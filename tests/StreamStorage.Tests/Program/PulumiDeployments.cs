namespace StreamStorage.Tests.Program;

/// <summary>Pulumi's test deployments share process-wide state, so they must run one at a time.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class PulumiDeployments
{
    public const string Name = "Pulumi deployments";
}
