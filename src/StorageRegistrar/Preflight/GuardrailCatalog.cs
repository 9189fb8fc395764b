using StorageRegistrar.Preflight.Aws;
using StorageRegistrar.Preflight.Azure;
using StorageRegistrar.Preflight.Gcp;

namespace StorageRegistrar.Preflight;

/// <summary>
/// Every guardrail preflight knows, per cloud: the list docs/governed-organizations.md documents (a test keeps the
/// two the same).
/// </summary>
public static class GuardrailCatalog
{
    public static IReadOnlyList<Guardrail> All { get; } =
    [
        .. GcpGuardrails.All, .. ExistingBucketGuardrails.Gcp,
        .. AwsGuardrails.All, .. ExistingBucketGuardrails.Aws,
        .. AzureGuardrails.All, AzureGuardrails.LogDestination, AzureGuardrails.KeySubscription, .. ExistingBucketGuardrails.Azure,
    ];
}
