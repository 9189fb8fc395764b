using System.Text.Json;
using Google;
using LocalWorld;
using StackPlanning;
using StorageRegistrar.Declarations;
using StorageRegistrar.Grants;

namespace StreamStorage.Cli.Rehearsal;

/// <summary>
/// A GCS storage in the local GCS emulator: the service account's key, known to the local Google token
/// endpoint, and the bucket, which that emulator makes on first write (it has no bucket API).
/// </summary>
internal sealed class GcsStandIn(GcsStoragePlan plan, string suffix, string project) : StorageStandIn(plan, suffix)
{
    private string? _privateKeyId;

    public override string Bucket => plan.BucketName(Suffix);

    public override string Store => "gcs";

    private string ServiceAccountEmail => $"{plan.ServiceAccountId(Suffix)}@{project}.iam.gserviceaccount.com";

    public override IReadOnlyList<PlannedResource> Preview() =>
    [
        new("gcp:storage:Bucket", Bucket, $"{plan.Location}, project {project}, uniform access, public access prevented, versioning {(plan.Versioning ? "on" : "off")}, {(Plan.Data.ForceDestroy ? "deleted with its objects on destroy" : "kept on destroy")}{(Plan.Data.Protect ? ", protected" : "")}"),
        new("gcp:serviceaccount:Account", ServiceAccountEmail, plan.ServiceAccountDisplayName),
        new("gcp:storage:BucketIAMMember", Row("writer-access"), $"{plan.BucketRole} for {GcsGrants.ServiceAccountMember(ServiceAccountEmail)}",
            plan.ScopesRoleToPath ? $"condition \"{plan.RoleConditionTitle}\": {plan.RoleCondition(Bucket)}" : "no condition: the whole bucket is the storage"),
        new("gcp:serviceaccount:Key", Row("writer-key"), "sent to Stream as gcs_credentials"),
    ];

    public override Task<StorageDeclaration> CreateAsync(RehearsalWorld world, Action<string, string> report, CancellationToken cancellationToken)
    {
        report(Bucket, "made on first write; not created ahead (the GCS emulator has no bucket API)");
        report(ServiceAccountEmail, "created");
        report(Row("writer-access"), "granted; not enforced locally (the GCS emulator has no IAM)");
        var keyJson = world.Stores.GoogleTokens.CreateServiceAccountKeyJson(project, ServiceAccountEmail);
        using (var key = JsonDocument.Parse(keyJson))
        {
            _privateKeyId = key.RootElement.GetProperty("private_key_id").GetString();
        }

        report(Row("writer-key"), $"created {_privateKeyId}; known to the local Google token endpoint");
        return Task.FromResult(Declaration() with { GcsCredentials = new SecretString(keyJson) });
    }

    public override async Task<bool> HoldsObjectAsync(RehearsalWorld world, string key, CancellationToken cancellationToken)
    {
        using var gcs = world.Stores.Gcs.CreateOwnerClient();
        try
        {
            await gcs.GetObjectAsync(Bucket, key, cancellationToken: cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (GoogleApiException e) when (e.HttpStatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return false;
        }
    }

    public override async Task RemoveAsync(RehearsalWorld world, Action<string, string> report, CancellationToken cancellationToken)
    {
        if (_privateKeyId is not null)
        {
            await world.Stores.GoogleTokens.RevokeServiceAccountKeyAsync(ServiceAccountEmail, _privateKeyId, cancellationToken).ConfigureAwait(false);
            report(Row("writer-key"), $"deleted {_privateKeyId}; the token endpoint refuses it now");
            _privateKeyId = null;
        }

        report(ServiceAccountEmail, "deleted");
        if (BucketKept)
        {
            report(Bucket, "kept, with its objects (dataProtection: retain)");
            return;
        }

        using var gcs = world.Stores.Gcs.CreateOwnerClient();
        foreach (var name in await ObjectNamesAsync(world, cancellationToken).ConfigureAwait(false))
        {
            await gcs.DeleteObjectAsync(Bucket, name, cancellationToken: cancellationToken).ConfigureAwait(false);
        }

        report(Bucket, "emptied (dataProtection: forceDestroy); the GCS emulator cannot delete the bucket itself");
    }

    public override async Task<IReadOnlyList<string>> FindLeftoversAsync(RehearsalWorld world, CancellationToken cancellationToken)
    {
        var leftovers = new List<string>();
        var keys = await world.Stores.GoogleTokens.ListServiceAccountKeysAsync(cancellationToken).ConfigureAwait(false);
        leftovers.AddRange(keys.Where(k => k.ClientEmail == ServiceAccountEmail).Select(k => $"service-account key {k.PrivateKeyId} of {k.ClientEmail}"));
        if (!BucketKept)
        {
            leftovers.AddRange((await ObjectNamesAsync(world, cancellationToken).ConfigureAwait(false)).Select(name => $"GCS object gs://{Bucket}/{name}"));
        }

        return leftovers;
    }

    private async Task<List<string>> ObjectNamesAsync(RehearsalWorld world, CancellationToken cancellationToken)
    {
        using var gcs = world.Stores.Gcs.CreateOwnerClient();
        var names = new List<string>();
        await foreach (var item in gcs.ListObjectsAsync(Bucket).WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            names.Add(item.Name);
        }

        return names;
    }
}
