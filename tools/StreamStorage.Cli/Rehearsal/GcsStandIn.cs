using System.Globalization;
using System.Text.Json;
using Google;
using LocalWorld;
using StackPlanning;
using StorageRegistrar.Declarations;
using StorageRegistrar.Grants;
using StorageRegistrar.Preflight.Gcp;
using StreamStorage.Cli.Reports;

namespace StreamStorage.Cli.Rehearsal;

/// <summary>
/// A GCS storage in the local GCS emulator: the service account's key, known to the local Google token
/// endpoint, and the bucket, which that emulator makes on first write (it has no bucket API). Each create is first
/// put to the local Google guardrails, which refuse it as GCP would under the organization's policies.
/// </summary>
internal sealed class GcsStandIn(GcsStoragePlan plan, string suffix, string project) : StorageStandIn(plan, suffix)
{
    /// <summary>The row of the bucket's retention policy.</summary>
    private const string LockRow = "retention-policy";

    protected override string KeyNotEnforcedBecause => "the GCS emulator has no Cloud KMS and no bucket settings";

    protected override string TiersNotEnforcedBecause => "the GCS emulator has no bucket API, hence no lifecycle";

    protected override string LogsNotEnforcedBecause => "the GCS emulator writes neither usage logs nor audit logs";

    /// <summary>The soft delete the stack sets on the buckets it creates (softDeleteDays); null where Cloud Storage's default holds.</summary>
    public override RehearsedProtection? SoftDelete => plan.SoftDeleteDays is { } days
        ? new RehearsedProtection(
            days == 0 ? "soft delete off on the buckets the stack creates" : string.Create(CultureInfo.InvariantCulture, $"deleted objects kept {days} days on the buckets the stack creates"),
            EnforcedLocally: false,
            $"{NotEnforcedLocally} (the GCS emulator has no bucket API, hence no soft delete)")
        : null;

    private readonly List<string> _liftedConstraints = [];

    private string? _privateKeyId;
    private string? _keyJson;

    public override string Bucket => plan.BucketName(Suffix);

    public override string Store => "gcs";

    private string ServiceAccountEmail => plan.ServiceAccountEmail(Suffix, project);

    /// <summary>The project of the service account, its key and the key-creation exception.</summary>
    public string Project => project;

    public override IReadOnlyList<PlannedResource> Preview() => plan.Resources(new ResourceNaming(Suffix, project));

    /// <summary>Whether this storage owns its project's exception to the key constraints (keyCreationException).</summary>
    public bool OwnsKeyCreationException => plan.KeyCreationException;

    /// <summary>A new organization policy can take up to 15 minutes to apply in Google Cloud; the stand-in applies it at once.</summary>
    private const string KeyCreationPolicyDelay = $"takes effect at once here, in Google Cloud up to 15 minutes later: {NotEnforcedLocally}";

    /// <summary>
    /// The project's exception as Org Policy v2 makes it: a policy per key constraint with the rule enforce: false, refused
    /// without the right to set it. The rehearsal makes it before any key of the stack, as the program makes its owner first.
    /// </summary>
    /// <exception cref="CloudRefusedException">The local Google guardrails refuse it.</exception>
    public void LiftKeyConstraints(RehearsalWorld world, Action<string, string> report)
    {
        var google = world.Guardrails.Google;
        foreach (var constraint in GcsStoragePlan.KeyCreationConstraints)
        {
            google.EnsurePermitted("orgpolicy.googleapis.com", project, PreflightTargets.GcpPermissions[PulumiTypes.GcpOrgPolicy]);
            google.CreatePolicy(project, constraint, """{"rules":[{"enforce":false}]}""");
            _liftedConstraints.Add(constraint);
            report(plan.KeyCreationPolicyResource(constraint), $"set: {GcsStoragePlan.KeyCreationPolicyName(project, constraint)}, rule enforce: false; {KeyCreationPolicyDelay}");
        }
    }

    /// <summary>Deletes the policies <see cref="LiftKeyConstraints"/> set, once no key of the stack is left, as pulumi destroy deletes them last.</summary>
    public void RestoreKeyConstraints(RehearsalWorld world, Action<string, string> report)
    {
        foreach (var constraint in _liftedConstraints)
        {
            world.Guardrails.Google.DeletePolicy(project, constraint);
            report(plan.KeyCreationPolicyResource(constraint), $"deleted: {GcsStoragePlan.KeyCreationPolicyName(project, constraint)}; the organization's policy applies again");
        }

        _liftedConstraints.Clear();
    }

    public override Task<StorageDeclaration> CreateAsync(RehearsalWorld world, Action<string, string> report, CancellationToken cancellationToken)
    {
        var google = world.Guardrails.Google;
        var target = (GcpPreflightTarget)PreflightTargets.For(plan, project, null)!;
        if (google.EnforcedCustomConstraints(project, target.ConstrainedResources) is { Count: > 0 } custom)
        {
            report(Row("custom-constraints"), $"{string.Join(", ", custom)} enforced on project {project}; {NotEnforcedLocally} (the local world does not evaluate a custom constraint's condition)");
        }

        if (target.CreatesLogBucket)
        {
            // The program makes the log bucket before the bucket that logs into it; Org Policy judges it, with no key and
            // no retention policy, though no log reaches it here.
            google.EnsureBucketAllowed(project, plan.LogBucketName(Suffix), plan.Location!, retentionSeconds: null, target.EffectiveSoftDeleteSeconds, keyProject: null, PreflightTargets.GcpPermissions[PulumiTypes.GcsBucket]);
        }

        if (target.GrantsUsageLogsWriter)
        {
            // Then Google's usage-log group's grant on the log bucket, before the bucket that logs into it, judged in the
            // log bucket's project: an existing one's as the guardrails file describes it, else taken to be the storage's.
            var logProject = target.ExistingLogBucketName is { } logBucket ? google.ProjectOfBucket(logBucket) ?? project : project;
            if (target.CreatesLogBucket)
            {
                // On the stack's own log bucket the deployer sets the grant, as preflight asks; on an existing one, its owner's rights decide.
                google.EnsurePermitted(GoogleGuardrailServer.StorageApi, project, PreflightTargets.GcpPermissions[PulumiTypes.GcsBucketIamMember]);
            }

            google.EnsureOutsideMemberAllowed(logProject, GcsGrants.UsageLogsWriterMember);
        }

        if (target.KeyRingLocation is { } keyRingLocation)
        {
            // The key ring and key come before the grant that lets Cloud Storage use them, and so before the bucket.
            google.EnsureCustomerKeyAllowed(project, plan.KeyRingName(Suffix), keyRingLocation, [.. PreflightTargets.GcpPermissions[PulumiTypes.GcpKeyRing], .. PreflightTargets.GcpPermissions[PulumiTypes.GcpCryptoKey]]);
        }

        // The grant letting Cloud Storage's service agent use the key: the program looks the agent up in the storage's
        // project, then grants on the key's project (an existing key's may be another), though the emulator has no KMS.
        EnsurePermittedWherePlanned(google, PulumiTypes.GcpCryptoKeyIamMember, GoogleGuardrailServer.StorageApi, project, PreflightTargets.GcsServiceAgentPermissions);
        EnsurePermittedWherePlanned(google, PulumiTypes.GcpCryptoKeyIamMember, GoogleGuardrailServer.KmsApi, target.KeyProject ?? project);

        if (Plan.CreatesBucket)
        {
            google.EnsureBucketAllowed(project, Bucket, target.BucketLocation!, target.RetentionSeconds, target.EffectiveSoftDeleteSeconds, target.KeyProject, PreflightTargets.GcpPermissions[PulumiTypes.GcsBucket]);
            BucketMade = true;
            report(Bucket, "made on first write; not created ahead (the GCS emulator has no bucket API)");
            LockBucket(world.Stores.Gcs.Locks, Bucket, Plan.Immutability?.Mode == ImmutabilityMode.Compliance ? "retention policy, locked" : "retention policy", report, Row(LockRow));
        }

        // The project's audit configuration, after the bucket as the program makes it: the emulator has no project to configure.
        EnsurePermittedWherePlanned(google, PulumiTypes.GcpAuditConfig, GoogleGuardrailServer.ResourceManagerApi, project);
        google.EnsureServiceAccountAllowed(project, ServiceAccountEmail, PreflightTargets.GcpPermissions[PulumiTypes.GcpServiceAccount]);
        report(ServiceAccountEmail, "created");
        google.EnsureBucketGrantAllowed(project, Bucket, plan.ScopesRoleToPath, PreflightTargets.GcpPermissions[PulumiTypes.GcsBucketIamMember]);
        report(Row("writer-access"), "granted; not enforced locally (the GCS emulator has no IAM)");
        google.EnsureKeyAllowed(project, ServiceAccountEmail, PreflightTargets.GcpPermissions[PulumiTypes.GcpServiceAccountKey]);
        return Task.FromResult(NewCredential(world, report));
    }

    /// <summary>
    /// Where the plan has a resource of <paramref name="type"/>, the permissions creating it takes in <paramref name="on"/>
    /// (or <paramref name="permissions"/>, a read it needs first), refused as <paramref name="api"/> refuses them.
    /// </summary>
    private void EnsurePermittedWherePlanned(GoogleGuardrailServer google, string type, string api, string on, IReadOnlyList<string>? permissions = null)
    {
        if (Preview().Any(r => r.Type == type))
        {
            google.EnsurePermitted(api, on, permissions ?? PreflightTargets.GcpPermissions[type]);
        }
    }

    protected override async Task PrepareExistingAsync(RehearsalWorld world, Action<string, string> report, CancellationToken cancellationToken)
    {
        using var gcs = world.Stores.Gcs.CreateOwnerClient();
        var content = "The owner's, before the stack."u8.ToArray();
        await gcs.UploadObjectAsync(Bucket, OwnersObjectKey, "text/plain", new MemoryStream(content), GcsServer.SingleChunkUpload(content.Length), cancellationToken).ConfigureAwait(false);
        report(Bucket, $"pre-existing, holding {OwnersObjectKey}");
        if (world.Guardrails.Google.DescribedBucket(Bucket) is { } described)
        {
            // The guardrails file says what the owner's bucket is, and such a bucket has no retention policy: nothing to lock.
            report(Row(LockRow), $"none, as the guardrails file describes {Bucket} (uniform bucket-level access {(described.UniformBucketLevelAccess ? "on" : "off")}, in {described.Location})");
            return;
        }

        LockBucket(world.Stores.Gcs.Locks, Bucket, "the owner's retention policy, as the stack expects", report, Row(LockRow));
    }

    /// <summary>Deletes <paramref name="key"/>; returns Google's refusal, <c>403 retentionPolicyNotMet</c>, or null once deleted.</summary>
    public override async Task<string?> DeleteAsOwnerAsync(RehearsalWorld world, string key, CancellationToken cancellationToken)
    {
        using var gcs = world.Stores.Gcs.CreateOwnerClient();
        try
        {
            await gcs.DeleteObjectAsync(Bucket, key, cancellationToken: cancellationToken).ConfigureAwait(false);
            return null;
        }
        catch (GoogleApiException e) when (e.Error?.Errors?.FirstOrDefault()?.Reason is "retentionPolicyNotMet" and var reason)
        {
            return $"{(int)e.HttpStatusCode} {reason}";
        }
    }

    protected override string? Credential => _keyJson;

    protected override async Task<bool?> RevokeCredentialAsync(RehearsalWorld world, string credential, Action<string, string> report, CancellationToken cancellationToken)
    {
        var previousId = KeyId(credential);
        await world.Stores.GoogleTokens.RevokeServiceAccountKeyAsync(ServiceAccountEmail, previousId, cancellationToken).ConfigureAwait(false);
        var refused = !await GoogleTokenServer.AcceptsKeyAsync(credential, cancellationToken).ConfigureAwait(false);
        report(Row("writer-key"), $"deleted the previous key {previousId}; the token endpoint {(refused ? "refuses" : "STILL ACCEPTS")} it");
        return refused;
    }

    protected override StorageDeclaration NewCredential(RehearsalWorld world, Action<string, string> report)
    {
        _keyJson = world.Stores.GoogleTokens.CreateServiceAccountKeyJson(project, ServiceAccountEmail);
        _privateKeyId = KeyId(_keyJson);
        var expiry = world.Guardrails.Google.KeyLifetimeOn(project).Hours is { } hours
            ? string.Create(CultureInfo.InvariantCulture, $"; {GcpGuardrails.ServiceAccountKeyExpiryHours.Id} makes it expire after {hours} hours, {NotEnforcedLocally} (the token endpoint takes it until it is deleted)")
            : "";
        report(Row("writer-key"), $"created {_privateKeyId}; known to the local Google token endpoint{expiry}");
        return Declaration() with { GcsCredentials = new SecretString(_keyJson) };
    }

    private static string KeyId(string keyJson)
    {
        using var key = JsonDocument.Parse(keyJson);
        return key.RootElement.GetProperty("private_key_id").GetString()!;
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
        // A bucket never made (a refusal came first) is neither left nor emptied.
        if (!BucketThere)
        {
            return;
        }

        if (BucketKept)
        {
            report(Bucket, $"left, with its objects ({KeptBecause})");
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
        // An exception destroy kept because a key it allowed may still be there.
        leftovers.AddRange(_liftedConstraints.Select(constraint => $"organization policy {GcsStoragePlan.KeyCreationPolicyName(project, constraint)}"));
        var keys = await world.Stores.GoogleTokens.ListServiceAccountKeysAsync(cancellationToken).ConfigureAwait(false);
        leftovers.AddRange(keys.Where(k => k.ClientEmail == ServiceAccountEmail).Select(k => $"service-account key {k.PrivateKeyId} of {k.ClientEmail}"));
        var objects = await ObjectNamesAsync(world, cancellationToken).ConfigureAwait(false);
        if (!BucketKept)
        {
            leftovers.AddRange(objects.Select(name => $"GCS object gs://{Bucket}/{name}"));
        }
        else if (!Plan.CreatesBucket && BucketThere && !objects.Contains(OwnersObjectKey))
        {
            leftovers.Add($"existing GCS bucket {Bucket} lost the owner's {OwnersObjectKey}");
        }

        if (OwnsKeyCreationException)
        {
            leftovers.AddRange(GcsStoragePlan.KeyCreationConstraints
                .Where(constraint => world.Guardrails.Google.HasPolicy(project, constraint))
                .Select(constraint => $"Org Policy policy {GcsStoragePlan.KeyCreationPolicyName(project, constraint)} (key-creation exception of {Plan.StreamName})"));
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
