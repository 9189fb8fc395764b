namespace StorageRegistrar.Preflight;

/// <summary>The cloud whose governance a guardrail belongs to.</summary>
public enum GuardrailCloud
{
    Gcp,
    Aws,
    Azure,
}

/// <summary>
/// One guardrail a governed organization can put in the stack's way, as docs/governed-organizations.md lists it (what it
/// refuses and the fix in general terms; each check says its own), and who can grant a fix when the deployer cannot.
/// </summary>
/// <param name="Id">The constraint or policy's own name where it has one (<c>gcp.resourceLocations</c>), else a name of ours.</param>
public sealed record Guardrail(string Id, GuardrailCloud Cloud, string GrantedBy);
