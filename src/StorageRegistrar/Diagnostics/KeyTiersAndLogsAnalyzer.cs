using StorageRegistrar.Declarations;
using StorageRegistrar.Grants;

namespace StorageRegistrar.Diagnostics;

/// <summary>
/// Holds the bucket's encryption, lifecycle and logging against what the stack declares (<c>encryptionKey</c>,
/// <c>tiers</c>, <c>accessLogs</c>). The stack sets them on the buckets it creates, so a mismatch there is drift that
/// <c>pulumi up</c> puts back; on an existing bucket only its owner can. A fact that could not be read is a warning that
/// it was not examined, never a pass.
/// </summary>
public static class KeyTiersAndLogsAnalyzer
{
    private const string UpPutsItBack = "pulumi up puts back what the stack set (pulumi preview --refresh shows the change); on an existing bucket its owner must";

    public static IReadOnlyList<Finding> Analyze(KeyTiersAndLogsFacts facts)
    {
        ArgumentNullException.ThrowIfNull(facts);
        var findings = new List<Finding>();
        if (facts.ExpectedKey is { } key)
        {
            AddKeyFindings(facts, key, findings);
        }

        if (facts.ExpectedTiers is { Count: > 0 } tiers)
        {
            AddTierFindings(facts, tiers, findings);
        }

        if (facts.ExpectedAccessLogs is { } logs)
        {
            AddAccessLogFindings(facts, logs, findings);
        }

        return findings;
    }

    /// <summary>The warning that the bucket's <paramref name="setting"/> could not be read, so it was not held against what the stack declares.</summary>
    private static Finding Unreadable(string code, string setting, KeyTiersAndLogsFacts facts, string error, string declared, string permission) =>
        new(code, FindingSeverity.Warning,
            $"The {setting} of '{facts.Bucket}' could not be read ({error}), so it was not examined against {declared}.",
            $"Run the doctor with credentials allowed {permission}.");

    /// <summary>
    /// What the doctor's credentials need to read a bucket setting: on S3 its own action, on Cloud Storage the bucket
    /// read that returns every setting, on Azure a Resource Manager read of what holds it, found from --container-id.
    /// </summary>
    private static string ReadPermission(string storageType, string s3Action, string azureHolder, string azureRole = "Reader") => storageType switch
    {
        StorageTypes.S3 => $"{s3Action} on the bucket",
        StorageTypes.Gcs => GcsBucketProbe.ReadPermission,
        _ => $"to read {azureHolder} in Azure Resource Manager ({azureRole} on the account) and pass --container-id",
    };

    private static void AddKeyFindings(KeyTiersAndLogsFacts facts, ExpectedKey expected, List<Finding> findings)
    {
        var declared = expected.Created
            ? "the customer-managed key the stack creates (encryptionKey: create)"
            : $"the customer-managed key the stack names (encryptionKey: {expected.KeyId})";
        if (facts.EncryptionError is { } error)
        {
            findings.Add(Unreadable(FindingCodes.EncryptionUnreadable, "default encryption", facts, error, declared,
                ReadPermission(facts.StorageType, "s3:GetEncryptionConfiguration", "the storage account")));
            return;
        }

        if (facts.KeyId is not { } actual)
        {
            findings.Add(new Finding(FindingCodes.EncryptionKeyMissing, FindingSeverity.Problem,
                $"'{facts.Bucket}' encrypts new recordings with the cloud's own keys, not with {declared}.",
                $"{UpPutsItBack} {SetKeyHow(facts, expected.KeyId ?? "KEY")}."));
            return;
        }

        if (expected.KeyId is { } named && !SameKey(facts, named, actual))
        {
            if (!UnresolvedAlias(facts, actual))
            {
                findings.Add(new Finding(FindingCodes.EncryptionKeyOther, FindingSeverity.Problem,
                    $"'{facts.Bucket}' encrypts new recordings with {actual}, not with {declared}.",
                    $"{UpPutsItBack} {SetKeyHow(facts, named)}. Or declare the key the bucket really uses in encryptionKey."));
            }
            else if (facts.KeyStateError is null)
            {
                // Where the key's read was refused, the warning below says so; an alias KMS did not resolve names no key.
                findings.Add(new Finding(FindingCodes.EncryptionUnreadable, FindingSeverity.Warning,
                    $"'{facts.Bucket}' names its key by the alias {actual}, which KMS did not resolve, so whether it is {declared} was not examined.",
                    $"Run the doctor with credentials allowed {KeyService.Of(facts.StorageType).ReadPermission}."));
            }
        }

        if (facts.BucketKeyEnabled == false)
        {
            findings.Add(new Finding(FindingCodes.EncryptionBucketKeyOff, FindingSeverity.Warning,
                $"'{facts.Bucket}' encrypts with its KMS key without an S3 Bucket Key: every object is a KMS request (cost, throttling), and a key policy the stack wrote, which allows S3 for this bucket's ARN only, refuses Stream's uploads.",
                $"{UpPutsItBack} turn the Bucket Key on ({S3EncryptionCommand(facts.Bucket, actual)})."));
        }

        var service = KeyService.Of(facts.StorageType);
        if (facts.KeyStateError is { } stateError)
        {
            findings.Add(new Finding(FindingCodes.EncryptionUnreadable, FindingSeverity.Warning,
                $"The state of key {actual} could not be read from {service.Name} ({stateError}), so whether {service.Encrypter} can still encrypt with it was not examined.",
                service.UnreadableKey?.Invoke(actual) ?? $"Run the doctor with credentials allowed {service.ReadPermission}."));
        }
        else if (facts.KeyState is { } state && state != service.UsableState)
        {
            var key = service.Key(facts, actual);
            findings.Add(new Finding(FindingCodes.EncryptionKeyUnusable, FindingSeverity.Problem,
                $"Key {key} of '{facts.Bucket}' is {service.StateText(facts, state)} in {service.Name}: {service.Encrypter} cannot encrypt with it, so every upload of Stream fails.",
                service.Fix(key, state, facts.KeyVersion)));
        }
    }

    /// <summary>
    /// Where a cloud keeps a storage's key and how its state reads and is mended: the service's name, the storage service
    /// that encrypts with the key, the right to read the state, the one usable state, the key as the finding names it, the
    /// state as the finding says it and the fix for an unusable state.
    /// </summary>
    private sealed record KeyService(
        string Name,
        string Encrypter,
        string ReadPermission,
        string UsableState,
        Func<KeyTiersAndLogsFacts, string, string> Key,
        Func<KeyTiersAndLogsFacts, string, string> StateText,
        Func<string, string, string?, string> Fix)
    {
        private static readonly KeyService Kms = new(
            "KMS", "S3", "kms:DescribeKey on the key", "Enabled",
            (facts, actual) => facts.KeyArn ?? actual,
            (_, state) => state,
            (keyArn, state, _) => state == "PendingDeletion"
                ? $"Cancel the key's deletion and enable it (aws kms cancel-key-deletion --key-id {keyArn}; aws kms enable-key --key-id {keyArn})."
                : $"Enable the key (aws kms enable-key --key-id {keyArn}), or point the bucket's default encryption at a key that is.");

        private static readonly KeyService CloudKms = new(
            "Cloud KMS", "Cloud Storage", "cloudkms.cryptoKeys.get on the key (roles/cloudkms.viewer)", "ENABLED",
            (_, actual) => CloudKmsKeyProbe.CloudKmsKeyName(actual),
            (facts, state) => state == KeyTiersAndLogsFacts.NoPrimaryVersion
                ? "without a primary version"
                : $"{state} (its primary version {VersionNumber(facts.KeyVersion)})",
            CloudKmsFix);

        private static readonly KeyService KeyVault = new(
            "Key Vault", "Azure Storage", "to read the key's attributes (Key Vault Reader on the vault, or the Get key permission of its access policy)", "Enabled",
            (_, actual) => actual,
            (_, state) => state,
            KeyVaultFix)
        {
            UnreadableKey = key => KeyVaultKeyId.IsVaultKeyUri(key)
                ? null
                : "The doctor reads keys in Key Vault only: check this key's state where it is kept (a Managed HSM key: az keyvault key show --hsm-name HSM --name KEY).",
        };

        /// <summary>The fix for a key the doctor does not read at all, whatever the credentials; null for a key it reads.</summary>
        public Func<string, string?>? UnreadableKey { get; init; }

        public static KeyService Of(string storageType) => storageType switch
        {
            StorageTypes.S3 => Kms,
            StorageTypes.Gcs => CloudKms,
            _ => KeyVault,
        };

        /// <summary>A disabled version is enabled; one scheduled for destruction is restored (to disabled) first; any other needs a new primary version.</summary>
        private static string CloudKmsFix(string key, string state, string? primaryVersion)
        {
            var version = VersionNumber(primaryVersion);
            var where = CloudKmsKeyArguments(key);
            return state switch
            {
                "DISABLED" => $"Enable the key's primary version (gcloud kms keys versions enable {version} {where}), or point the bucket's default key at a key that is enabled.",
                "DESTROY_SCHEDULED" => $"Restore the key's primary version before it is destroyed, then enable it (gcloud kms keys versions restore {version} {where}; gcloud kms keys versions enable {version} {where}).",
                "PENDING_GENERATION" or "PENDING_IMPORT" => $"Wait until the key's primary version is generated or imported (gcloud kms keys versions describe {version} {where} shows its state), then run the doctor again.",
                _ => $"Give the key an enabled primary version (gcloud kms keys versions create {where} --primary), or point the bucket's default key at a key that is enabled.",
            };
        }

        private static string KeyVaultFix(string key, string state, string? pinnedVersion)
        {
            var (vault, name) = KeyVaultKeyId.VaultAndKey(key) ?? ("VAULT", "KEY");
            var setAttributes = $"az keyvault key set-attributes --vault-name {vault} --name {name}{(pinnedVersion is null ? "" : $" --version {pinnedVersion}")}";
            return state switch
            {
                KeyTiersAndLogsFacts.ExpiredKey => $"Move the key's expiry to a later date ({setAttributes} --expires YYYY-MM-DDTHH:MM:SSZ), or point the account's encryption at a key that has not expired.",
                KeyTiersAndLogsFacts.NotYetValidKey => $"Move the key's activation date to now ({setAttributes} --not-before YYYY-MM-DDTHH:MM:SSZ), or point the account's encryption at a key that is active.",
                KeyTiersAndLogsFacts.DeletedKey => $"Recover the key while the vault keeps it soft-deleted (az keyvault key recover --vault-name {vault} --name {name}), or point the account's encryption at a key that exists.",
                _ => $"Enable the key ({setAttributes} --enabled true), or point the account's encryption at a key that is enabled.",
            };
        }
    }

    /// <summary>The number a Cloud KMS key version's name ends with; <c>VERSION</c> when it was not read.</summary>
    private static string VersionNumber(string? versionName) => versionName is null ? "VERSION" : versionName[(versionName.LastIndexOf('/') + 1)..];

    /// <summary>A Cloud KMS key's name (<c>projects/P/locations/L/keyRings/R/cryptoKeys/K</c>) as gcloud's arguments.</summary>
    private static string CloudKmsKeyArguments(string key)
    {
        var parts = key.Split('/');
        return parts is ["projects", var project, "locations", var location, "keyRings", var ring, "cryptoKeys", var name]
            ? $"--key {name} --keyring {ring} --location {location} --project {project}"
            : "--key KEY --keyring KEYRING --location LOCATION --project PROJECT";
    }

    /// <summary>
    /// S3 reports the key as the bucket was given it (an ARN, an id or an alias); KMS's ARN for it is compared when read.
    /// Cloud KMS may name a key version. An account holds its key as a vault URI and a key name, while a stack declares
    /// the key's resource id (or, outside a stack, its URI): the same key has the same vault and name, in any case.
    /// </summary>
    private static bool SameKey(KeyTiersAndLogsFacts facts, string declared, string actual) => facts.StorageType switch
    {
        StorageTypes.S3 => SameKmsKey(declared, actual) || (facts.KeyArn is { } arn && SameKmsKey(declared, arn)),
        StorageTypes.Gcs => declared == CloudKmsKeyProbe.CloudKmsKeyName(actual),
        _ => KeyVaultKeyId.VaultAndKey(declared) is { } named && KeyVaultKeyId.VaultAndKey(actual) is { } used
            ? string.Equals(named.Vault, used.Vault, StringComparison.OrdinalIgnoreCase) && string.Equals(named.Key, used.Key, StringComparison.OrdinalIgnoreCase)
            : string.Equals(declared.TrimEnd('/'), actual.TrimEnd('/'), StringComparison.OrdinalIgnoreCase),
    };

    /// <summary>A KMS key named by its ARN on one side and its bare id on the other (the doctor may be told either) is one key.</summary>
    private static bool SameKmsKey(string one, string other) =>
        one == other || one.EndsWith($":key/{other}", StringComparison.Ordinal) || other.EndsWith($":key/{one}", StringComparison.Ordinal);

    /// <summary>An S3 key named by alias (<c>alias/NAME</c>, or its ARN) whose key KMS did not give: which key it is, is not known.</summary>
    private static bool UnresolvedAlias(KeyTiersAndLogsFacts facts, string actual) =>
        facts.StorageType == StorageTypes.S3 && facts.KeyArn is null
        && (actual.StartsWith("alias/", StringComparison.Ordinal) || actual.Contains(":alias/", StringComparison.Ordinal));

    private static string SetKeyHow(KeyTiersAndLogsFacts facts, string key) => facts.StorageType switch
    {
        StorageTypes.S3 => $"set the bucket's default encryption to the key ({S3EncryptionCommand(facts.Bucket, key)})",
        StorageTypes.Gcs => $"set the bucket's default key (gcloud storage buckets update gs://{facts.Bucket} --default-encryption-key={key})",
        _ => $"set the account's encryption to the Key Vault key (az storage account update --name {AccountOf(facts.Bucket)} --encryption-key-source Microsoft.Keyvault {VaultArguments(key)}, with the identity that may use the key)",
    };

    /// <summary>
    /// A Key Vault key's resource id or URI (<c>https://VAULT/keys/NAME</c>) as the vault and key arguments of
    /// <c>az storage account update</c>; a resource id does not say the vault's URI, which the CLI then reads.
    /// </summary>
    private static string VaultArguments(string key)
    {
        if (KeyVaultKeyId.TryParse(key) is { } id)
        {
            return $"--encryption-key-vault $(az keyvault show --name {id.VaultName} --resource-group {id.ResourceGroupName} --subscription {id.SubscriptionId} --query properties.vaultUri -o tsv) --encryption-key-name {id.KeyName}";
        }

        var keys = key.IndexOf("/keys/", StringComparison.Ordinal);
        return keys < 0
            ? "--encryption-key-vault VAULT_URI --encryption-key-name KEY_NAME"
            : $"--encryption-key-vault {key[..keys]} --encryption-key-name {key[(keys + "/keys/".Length)..].TrimEnd('/')}";
    }

    private static string S3EncryptionCommand(string bucket, string key) =>
        $"aws s3api put-bucket-encryption --bucket {bucket} --server-side-encryption-configuration '{{\"Rules\":[{{\"ApplyServerSideEncryptionByDefault\":{{\"SSEAlgorithm\":\"aws:kms\",\"KMSMasterKeyID\":\"{key}\"}},\"BucketKeyEnabled\":true}}]}}'";

    private static void AddTierFindings(KeyTiersAndLogsFacts facts, IReadOnlyList<ExpectedTier> tiers, List<Finding> findings)
    {
        var declared = $"the tiers the stack declares ({ExpectedTier.Format(tiers)})";
        if (facts.TransitionsError is { } error)
        {
            findings.Add(Unreadable(FindingCodes.TiersUnreadable, "lifecycle", facts, error, declared,
                ReadPermission(facts.StorageType, "s3:GetLifecycleConfiguration", "the storage account's management policy")));
            return;
        }

        // A rule for a wider prefix (the bucket's root included) moves the path's recordings too.
        var covering = facts.Transitions.Where(t => facts.Path.StartsWith(t.Prefix, StringComparison.Ordinal)).ToList();
        foreach (var tier in tiers)
        {
            var toClass = covering.Where(t => string.Equals(t.StorageClass, tier.StorageClass, StringComparison.OrdinalIgnoreCase)).ToList();
            if (toClass.Count == 0)
            {
                findings.Add(new Finding(FindingCodes.TiersMissing, FindingSeverity.Warning,
                    $"No lifecycle rule of '{facts.Bucket}' moves recordings under '{facts.Path}' to {tier.StorageClass}, but the stack declares it after {DayCount.Of(tier.AfterDays)} (tiers): they stay in a warmer, dearer class.",
                    $"{UpPutsItBack} add a rule moving objects under '{facts.Path}' to {tier.StorageClass} after {DayCount.Of(tier.AfterDays)} ({LifecycleHow(facts.StorageType)})."));
            }
            else if (toClass.All(t => t.AfterDays != tier.AfterDays))
            {
                findings.Add(new Finding(FindingCodes.TiersOtherAge, FindingSeverity.Warning,
                    $"'{facts.Bucket}' moves recordings under '{facts.Path}' to {tier.StorageClass} after {string.Join(" or ", toClass.Select(t => t.AfterDays))} days, but the stack declares {tier.AfterDays} (tiers).",
                    $"{UpPutsItBack} set the rule's age to {DayCount.Of(tier.AfterDays)} ({LifecycleHow(facts.StorageType)}). Or declare the age the bucket really uses in tiers."));
            }
        }
    }

    private static string LifecycleHow(string storageType) => storageType switch
    {
        StorageTypes.S3 => "aws s3api put-bucket-lifecycle-configuration, keeping the bucket's other rules",
        StorageTypes.Gcs => "gcloud storage buckets update --lifecycle-file, keeping the bucket's other rules",
        _ => "az storage account management-policy update, a tierTo rule on the container's prefix",
    };

    private static void AddAccessLogFindings(KeyTiersAndLogsFacts facts, ExpectedAccessLogs expected, List<Finding> findings)
    {
        // A created destination is quoted as the stack file says it, with the name pulumi up gave it.
        var quoted = expected is { Created: true, Destination: { } created } ? $"accessLogs: {expected.Declared}, {created}" : $"accessLogs: {expected}";
        var declared = $"the access logs the stack declares ({quoted})";
        if (expected.ProjectAuditLogs)
        {
            AddAuditLogFindings(facts, expected, findings);
            return;
        }

        if (facts.AccessLogsError is { } error)
        {
            findings.Add(Unreadable(FindingCodes.AccessLogsUnreadable, "logging", facts, error, declared,
                ReadPermission(facts.StorageType, "s3:GetBucketLogging", "the blob service's diagnostic settings", azureRole: "Monitoring Reader")));
            return;
        }

        if (facts.LogDestinations.Count == 0)
        {
            findings.Add(new Finding(FindingCodes.AccessLogsOff, FindingSeverity.Problem,
                $"'{facts.Bucket}' logs no {(facts.StorageType == StorageTypes.Abs ? "reads, writes or deletes of its blobs" : "access")}, but the stack declares them ({quoted}): who read or deleted recordings is not recorded.",
                $"{UpPutsItBack} {LoggingHow(facts, expected.Destination ?? "LOG_DESTINATION")}."));
            return;
        }

        if (expected.Destination is { } destination
            && !facts.LogDestinations.Contains(destination, StringComparer.OrdinalIgnoreCase))
        {
            // The stack's own log bucket is put back, not declared again.
            var (whose, orDeclare) = expected.Created
                ? ($"which the stack created for them (accessLogs: {expected.Declared})", "")
                : ("where the stack declares them (accessLogs)", " Or declare where the logs really go in accessLogs.");
            findings.Add(new Finding(FindingCodes.AccessLogsElsewhere, FindingSeverity.Problem,
                $"'{facts.Bucket}' sends its access logs to {string.Join(", ", facts.LogDestinations)}, not to {destination}, {whose}.",
                $"{UpPutsItBack} {LoggingHow(facts, destination)}.{orDeclare}"));
        }
    }

    /// <summary>GCS <c>auditLogs</c>: the project's audit configuration, with those above it, read from their IAM policies where the doctor was given the reader.</summary>
    private static void AddAuditLogFindings(KeyTiersAndLogsFacts facts, ExpectedAccessLogs expected, List<Finding> findings)
    {
        const string Check = "gcloud projects get-iam-policy PROJECT --format='json(auditConfigs)' lists storage.googleapis.com or allServices with DATA_READ and DATA_WRITE and no exemptedMembers";
        const string Above = "gcloud projects get-ancestors PROJECT; gcloud resource-manager folders get-iam-policy FOLDER --format='json(auditConfigs)'; gcloud organizations get-iam-policy ORGANIZATION --format='json(auditConfigs)'";
        const string Readers = "resourcemanager.projects.getIamPolicy and resourcemanager.projects.get on the project, and resourcemanager.folders.getIamPolicy and resourcemanager.organizations.getIamPolicy on the folders and organization above it";
        var where = $"the project's Data Access audit logs, where the stack sends the access logs of '{facts.Bucket}' (accessLogs: {expected})";
        if (facts.AccessLogsError is { } error)
        {
            findings.Add(new Finding(FindingCodes.AccessLogsUnreadable, FindingSeverity.Warning,
                $"The audit configuration of {where} could not be read ({error}), so it was not examined.",
                $"Run the doctor with credentials allowed {Readers}, or check the configs yourself: {Check}, and the configs of the folders and organization above it, which add to the project's, exempt no one either ({Above})."));
        }
        else if (facts.ProjectAuditLogsOn is null)
        {
            findings.Add(new Finding(FindingCodes.AccessLogsUnreadable, FindingSeverity.Warning,
                $"The audit configuration of {where} was not read, so it was not examined.",
                $"Check that {Check}, and that the configs of the folders and organization above it, which add to the project's, exempt no one either ({Above})."));
        }
        else if (facts.ProjectAuditLogsOn == false)
        {
            findings.Add(new Finding(FindingCodes.AccessLogsOff, FindingSeverity.Problem,
                $"The IAM policies of the project of '{facts.Bucket}' and of the folders and organization above it do not turn on both DATA_READ and DATA_WRITE audit logs of Cloud Storage, which the stack sets on the project (accessLogs: {expected}): who read or deleted recordings is not recorded.",
                $"{UpPutsItBack} turn on DATA_READ and DATA_WRITE audit logs for Cloud Storage (IAM & Admin > Audit Logs, or the auditConfigs of the project's IAM policy); then {Check}."));
        }
        else
        {
            AddAuditLogExemptionFindings(facts, expected, Readers, Above, findings);
        }
    }

    /// <summary>Logs on: whom the configs leave out, since an exempted principal's reads and deletes are not in the trail the stack declares.</summary>
    private static void AddAuditLogExemptionFindings(KeyTiersAndLogsFacts facts, ExpectedAccessLogs expected, string readers, string above, List<Finding> findings)
    {
        var logs = $"The Data Access audit logs of Cloud Storage, where the stack sends the access logs of '{facts.Bucket}' (accessLogs: {expected}),";
        if (facts.AuditLogExemptions.Count > 0)
        {
            var members = facts.AuditLogExemptions.GroupBy(e => e.Member, StringComparer.OrdinalIgnoreCase)
                .Select(member => $"{member.Key} ({string.Join(", ", member.Select(e => $"{e.LogType} in {e.Service} of {e.Resource}"))}"
                    + $"{(string.Equals(member.Key, facts.StreamMember, StringComparison.OrdinalIgnoreCase) ? "; Stream's service account" : "")})");
            var fixes = new List<string>();
            if (facts.AuditLogExemptions.Any(e => e.InStacksConfig))
            {
                fixes.Add($"The project's {GcsGrants.StorageService} config is the stack's: pulumi up puts it back without exemptions (pulumi preview --refresh shows the change).");
            }

            if (facts.AuditLogExemptions.Where(e => !e.InStacksConfig).Select(e => e.Resource).Distinct(StringComparer.Ordinal).ToList() is { Count: > 0 } others)
            {
                fixes.Add("The others pulumi up neither made nor manages: take the members out of auditConfigs[].auditLogConfigs[].exemptedMembers in the policy that lists them, "
                    + string.Join("; ", others.Select(resource => $"{GcloudIamPolicy(resource, "get")} --format=json > policy.json, then {GcloudIamPolicy(resource, "set")} policy.json"))
                    + " (or IAM & Admin > Audit Logs > Exempted principals there).");
            }

            findings.Add(new Finding(FindingCodes.AccessLogsExempted, FindingSeverity.Warning,
                $"{logs} leave out {string.Join(", ", members)}: what each reads (DATA_READ) or writes and deletes (DATA_WRITE), as listed, is not recorded, in '{facts.Bucket}' and every other bucket those policies cover.",
                string.Join(" ", fixes)));
        }

        if (facts.AuditLogExemptionsError is { } error)
        {
            findings.Add(new Finding(FindingCodes.AccessLogsUnreadable, FindingSeverity.Warning,
                $"{logs} are on, but whom the configs above the project leave out was not all examined: {error}.",
                $"Run the doctor with credentials allowed {readers}, or look for exemptedMembers in the audit configs above the project yourself ({above})."));
        }
    }

    /// <summary>The gcloud command that gets or sets (<paramref name="verb"/>) the IAM policy of a project, folder or organization.</summary>
    private static string GcloudIamPolicy(string resource, string verb) => resource.Split('/', 2) switch
    {
        ["organizations", var id] => $"gcloud organizations {verb}-iam-policy {id}",
        ["folders", var id] => $"gcloud resource-manager folders {verb}-iam-policy {id}",
        [_, var id] => $"gcloud projects {verb}-iam-policy {id}",
        _ => $"gcloud projects {verb}-iam-policy {resource}",
    };

    private static string LoggingHow(KeyTiersAndLogsFacts facts, string destination) => facts.StorageType switch
    {
        StorageTypes.S3 => $"turn server access logging on (aws s3api put-bucket-logging --bucket {facts.Bucket} --bucket-logging-status '{{\"LoggingEnabled\":{{\"TargetBucket\":\"{destination}\",\"TargetPrefix\":\"PREFIX\"}}}}')",
        StorageTypes.Gcs => $"turn usage logs on (gcloud storage buckets update gs://{facts.Bucket} --log-bucket={destination} --log-object-prefix=PREFIX)",
        _ => $"add a diagnostic setting on the account's blob service sending StorageRead, StorageWrite and StorageDelete to {destination} (az monitor diagnostic-settings create --resource ACCOUNT_ID/blobServices/default)",
    };

    private static string AccountOf(string bucket) => bucket[..Math.Max(0, bucket.IndexOf('/', StringComparison.Ordinal))];
}
