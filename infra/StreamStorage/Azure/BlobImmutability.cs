using Storage = Pulumi.AzureNative.Storage;

namespace StreamStorage.Azure;

/// <summary>
/// The retention lock (<see cref="StoragePlan.Immutability"/>) on Azure: version-level immutability on the account the
/// stack creates, with a default time-based policy every blob version gets, and blob versioning on (<see cref="BlobService"/>).
/// </summary>
/// <remarks>
/// Azure turns version-level immutability on only when it creates an account, and creates a policy only unlocked:
/// a policy is locked (compliance) by an update of an account whose policy is unlocked, and then never unlocked.
/// </remarks>
internal static class BlobImmutability
{
    /// <summary>The account's version-level immutability; absent unless the stack locks the container.</summary>
    public static Input<Storage.Inputs.ImmutableStorageAccountArgs>? Account(AzureStoragePlan plan) =>
        plan is { LocksBucket: true, Immutability: { } immutability }
            ? (Input<Storage.Inputs.ImmutableStorageAccountArgs>)new Storage.Inputs.ImmutableStorageAccountArgs
            {
                Enabled = true,
                ImmutabilityPolicy = new Storage.Inputs.AccountImmutabilityPolicyPropertiesArgs
                {
                    ImmutabilityPeriodSinceCreationInDays = immutability.Days,
                    State = immutability.Mode == ImmutabilityMode.Compliance
                        ? Storage.AccountImmutabilityPolicyState.Locked
                        : Storage.AccountImmutabilityPolicyState.Unlocked,
                },
            }
            : null;
}
