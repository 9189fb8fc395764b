using Pulumi.Random;
using Gcs = Pulumi.Gcp.Storage;
using Kms = Pulumi.Gcp.Kms;

namespace StreamStorage.Gcp;

/// <summary>The bucket's default encryption, the grant the bucket must wait for, and the key's name when the stack created it.</summary>
internal sealed record GcsBucketKey(Input<Gcs.Inputs.BucketEncryptionArgs> Encryption, Resource Grant, Output<string>? CreatedKeyId);

/// <summary>
/// The customer-managed key (<see cref="StoragePlan.EncryptionKey"/>) on GCS: the bucket's default Cloud KMS key, one the
/// stack creates in a key ring of its own in the bucket's location, rotated, or an existing one. Either way the project's
/// Cloud Storage service agent is granted use of the key before the bucket names it, or GCS refuses the bucket.
/// </summary>
internal static class GcsCustomerKey
{
    /// <returns>The bucket's encryption; null when Google's own keys encrypt the recordings.</returns>
    public static GcsBucketKey? Create(Resource parent, string name, GcsStoragePlan plan, RandomId suffix)
    {
        if (plan.EncryptionKey is not { } key)
        {
            return null;
        }

        Input<string> keyName;
        Output<string>? createdKeyId = null;
        if (key.CreatesKey)
        {
            // Cloud KMS never deletes a key ring: deleting it only forgets it.
            var ring = new Kms.KeyRing($"{name}-key-ring", new Kms.KeyRingArgs
            {
                Name = suffix.Hex.Apply(hex => plan.KeyRingName(hex)),
                Location = key.Location!,
                Project = InputValues.Optional(plan.Project),
            }, ChildOptions.Of(parent));

            // The key lives as long as the recordings it encrypts: destroying its versions would make them unreadable.
            createdKeyId = new Kms.CryptoKey($"{name}-key", new Kms.CryptoKeyArgs
            {
                Name = GcsStoragePlan.CryptoKeyName,
                KeyRing = ring.Id,
                RotationPeriod = plan.KeyRotationPeriod!,
                Labels = InputValues.Tags(plan),
            }, ChildOptions.Holding(parent, plan.Data)).Id;
            keyName = createdKeyId;
        }
        else
        {
            keyName = key.ExistingKeyId!;
        }

        // Reading the service agent also makes Google create it in a project that has none yet.
        var serviceAgent = Gcs.GetProjectServiceAccount.Invoke(new Gcs.GetProjectServiceAccountInvokeArgs { Project = InputValues.Optional(plan.Project) });
        var grantOptions = ChildOptions.Of(parent);
        grantOptions.RetainOnDelete = plan.KeepsKeyGrantOnDelete;
        var grant = new Kms.CryptoKeyIAMMember($"{name}-key-user", new Kms.CryptoKeyIAMMemberArgs
        {
            CryptoKeyId = keyName,
            Role = plan.KeyRole,
            Member = serviceAgent.Apply(agent => agent.Member),
        }, grantOptions);
        return new GcsBucketKey(new Gcs.Inputs.BucketEncryptionArgs { DefaultKmsKeyName = keyName }, grant, createdKeyId);
    }
}
