
namespace StackPlanning.Tests;

/// <summary>Customer-managed keys, storage tiers and access logs: every bad configuration is refused at plan time on its key path (<see cref="BadConfigurationTests"/>), the good ones plan.</summary>
public sealed class KeysTiersAccessLogsValidationTests
{
    private const string S3 = "\"name\": \"rec\", \"cloud\": \"s3\", \"region\": \"eu-west-1\"";
    private const string Gcs = "\"name\": \"rec\", \"cloud\": \"gcs\", \"location\": \"EU\"";
    private const string Abs = "\"name\": \"rec\", \"cloud\": \"abs\", \"location\": \"westeurope\"";
    private const string Store = "\"name\": \"rec\", \"cloud\": \"s3compatible\", \"endpoint\": \"https://acct.r2.cloudflarestorage.com\", \"bucket\": \"calls\", \"accessKeyId\": \"0123456789abcdef0123\", \"secretAccessKey\": \"0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\"";
    private const string KeyArn = "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";
    private const string VaultKey = "/subscriptions/00000000-0000-0000-0000-000000000002/resourceGroups/acme-keys-rg/providers/Microsoft.KeyVault/vaults/acme-keys/keys/recordings";
    private const string ResourceIdExample = "/subscriptions/SUBSCRIPTION_ID/resourceGroups/VAULT_RESOURCE_GROUP/providers/Microsoft.KeyVault/vaults/acme-keys/keys/recordings";
    private const string Workspace = "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/logs/providers/Microsoft.OperationalInsights/workspaces/acme-logs";

    /// <summary>(stack JSON, key path, start of the message), refused by <see cref="BadConfigurationTests"/>. Storages are written as the inside of one object.</summary>
    public static TheoryData<string, string, string> BadConfigs => new()
    {
        // Keys.
        { Stack($$"""{ {{S3}}, "encryptionKey": "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab" }"""), "storages[0].encryptionKey", "is in region \"us-east-1\", but the bucket is in \"eu-west-1\": S3 can only use a key from the bucket's region." },
        { Stack($$"""{ {{S3}}, "encryptionKey": "alias/recordings" }"""), "storages[0].encryptionKey", "must be \"create\" or a KMS key ARN such as \"arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab\" (not an alias or key id)." },
        { Stack($$"""{ {{S3}}, "encryptionKey": "Create" }"""), "storages[0].encryptionKey", "must be \"create\" or a KMS key ARN" },
        { Stack($$"""{ {{Gcs}}, "encryptionKey": "projects/acme-video/locations/europe-west1/keyRings/rec/cryptoKeys/rec" }"""), "storages[0].encryptionKey", "is in location \"europe-west1\", but the bucket is in \"EU\": GCS can only use a key of the bucket's location, Cloud KMS location \"europe\"." },
        { Stack("""{ "name": "rec", "cloud": "gcs", "location": "US", "encryptionKey": "projects/acme-video/locations/global/keyRings/rec/cryptoKeys/rec" }"""), "storages[0].encryptionKey", "is in location \"global\", but the bucket is in \"US\"" },
        { Stack($$"""{ {{Gcs}}, "encryptionKey": "projects/acme-video/locations/europe/keyRings/rec/cryptoKeys/rec/cryptoKeyVersions/1" }"""), "storages[0].encryptionKey", "must be \"create\" or a Cloud KMS key name such as \"projects/acme-video/locations/europe/keyRings/recordings/cryptoKeys/recordings\" (the key, not one of its versions)." },
        { Stack($$"""{ {{Abs}}, "encryptionKey": "acme-keys/recordings" }"""), "storages[0].encryptionKey", $"must be \"create\" or a Key Vault key's resource id such as \"{ResourceIdExample}\"." },
        { Stack($$"""{ {{Abs}}, "encryptionKey": "https://acme-keys.vault.azure.net/keys/recordings" }"""), "storages[0].encryptionKey", $"is the key's URI, which does not say the vault's resource group, where the account's identity is granted the key: name the key by its resource id, \"{ResourceIdExample}\" (az keyvault show --name acme-keys --query id prints the vault's; add /keys/recordings)." },
        { Stack($$"""{ {{Abs}}, "encryptionKey": "https://acme-keys.vault.azure.net/keys/recordings/0123456789abcdef0123456789abcdef" }"""), "storages[0].encryptionKey", $"is the key's URI, which does not say the vault's resource group, where the account's identity is granted the key: name the key by its resource id, \"{ResourceIdExample}\"" },
        { Stack($$"""{ {{Abs}}, "encryptionKey": "{{VaultKey}}/versions/0123456789abcdef0123456789abcdef" }"""), "storages[0].encryptionKey", "names one version of the key: drop \"/versions/0123456789abcdef0123456789abcdef\" so that the account follows the key's rotation" },
        { Stack($$"""{ {{Abs}}, "encryptionKey": "{{VaultKey.Replace("/vaults/acme-keys/", "/vaults/acme--keys/", StringComparison.Ordinal)}}" }"""), "storages[0].encryptionKey", "names the vault \"acme--keys\", which is not a Key Vault name" },
        { Stack($$"""{ {{Abs}}, "encryptionKey": "{{VaultKey[..VaultKey.IndexOf("/keys/", StringComparison.Ordinal)]}}" }"""), "storages[0].encryptionKey", "must be \"create\" or a Key Vault key's resource id such as" },
        { Stack($$"""{ {{Abs}}, "encryptionKey": "{{VaultKey.Replace("00000000-0000-0000-0000-000000000002", "acme-prod", StringComparison.Ordinal)}}" }"""), "storages[0].encryptionKey", "must be \"create\" or a Key Vault key's resource id such as" },
        { Stack($$"""{ {{Abs}}, "encryptionKey": "{{VaultKey.Replace("Microsoft.KeyVault/vaults", "Microsoft.KeyVault/managedHSMs", StringComparison.Ordinal)}}" }"""), "storages[0].encryptionKey", "must be \"create\" or a Key Vault key's resource id such as" },
        { Stack($$"""{ {{S3}}, "authMode": "keys", "kmsKeyArn": "{{KeyArn}}", "encryptionKey": "{{KeyArn}}" }"""), "storages[0].kmsKeyArn", "is the former name of encryptionKey, which is set too: keep only encryptionKey." },
        { Stack($$"""{ {{Gcs}}, "kmsKeyArn": "{{KeyArn}}" }"""), "storages[0].kmsKeyArn", "does not apply to cloud \"gcs\": it is the former S3 name of encryptionKey, which works on every cloud: use encryptionKey." },
        { Stack($$"""{ {{Store}}, "encryptionKey": "create" }"""), "storages[0].encryptionKey", "does not apply to cloud \"s3compatible\": the stack creates nothing at an S3-compatible store" },
        { Stack("""{ "name": "rec", "cloud": "s3", "region": "eu-west-1", "authMode": "keys", "existingBucket": "acme-calls", "path": "calls/", "encryptionKey": "create" }"""), "storages[0].encryptionKey", "\"create\" would make a key for a bucket the stack does not own" },
        { Stack("""{ "name": "rec", "cloud": "gcs", "existingBucket": "acme-calls", "path": "calls/", "encryptionKey": "create" }"""), "storages[0].encryptionKey", "cannot be set with existingBucket: the bucket's default key is its owner's" },
        { Stack("""{ "name": "rec", "cloud": "abs", "existingBucket": "calls", "existingAccount": "acmerec", "resourceGroup": "media", "infrastructureEncryption": true }"""), "storages[0].infrastructureEncryption", "can only be set when an account is created" },
        { Stack($$"""{ {{Gcs}}, "infrastructureEncryption": true }"""), "storages[0].infrastructureEncryption", "does not apply to cloud \"gcs\" (only to \"abs\")" },

        // Tiers.
        { Stack($$"""{ {{S3}}, "tiers": [ { "afterDays": 180, "class": "cold" }, { "afterDays": 120, "class": "archive" } ] }"""), "storages[0].tiers[1].afterDays", "120 is not after the previous tier's 180 days: list the tiers from the earliest" },
        { Stack($$"""{ {{Gcs}}, "tiers": [ { "afterDays": 30, "class": "archive" }, { "afterDays": 180, "class": "infrequent" } ] }"""), "storages[0].tiers[1].class", "NEARLINE is not colder than the previous tier's ARCHIVE: each tier moves recordings to a colder class, in the order NEARLINE, COLDLINE, ARCHIVE." },
        { Stack($$"""{ {{S3}}, "tiers": [ { "afterDays": 7, "class": "infrequent" } ] }"""), "storages[0].tiers[0].afterDays", "7 is too early for STANDARD_IA: S3 moves objects there only once they are 30 days old. Set 30 or more." },
        { Stack($$"""{ {{S3}}, "tiers": [ { "afterDays": 10, "class": "ONEZONE_IA" } ] }"""), "storages[0].tiers[0].afterDays", "10 is too early for ONEZONE_IA" },
        { Stack($$"""{ {{S3}}, "tiers": [ { "afterDays": 30, "class": "infrequent" }, { "afterDays": 45, "class": "archive" } ] }"""), "storages[0].tiers[1].afterDays", "45 leaves recordings only 15 days in STANDARD_IA, and S3 keeps objects there 30 days before moving them on: set 60 or more." },
        { Stack($$"""{ {{S3}}, "tiers": [ { "afterDays": 30, "class": "ONEZONE_IA" }, { "afterDays": 90, "class": "GLACIER_IR" } ] }"""), "storages[0].tiers[1].class", "GLACIER_IR cannot follow ONEZONE_IA" },
        { Stack($$"""{ {{S3}}, "tiers": [ { "afterDays": 30, "class": "frozen" } ] }"""), "storages[0].tiers[0].class", "\"frozen\" is not one of \"infrequent\", \"cold\", \"archive\", \"STANDARD_IA\", \"INTELLIGENT_TIERING\", \"ONEZONE_IA\", \"GLACIER_IR\", \"GLACIER\", \"DEEP_ARCHIVE\"." },
        { Stack($$"""{ {{Gcs}}, "tiers": [ { "afterDays": 30, "class": "GLACIER" } ] }"""), "storages[0].tiers[0].class", "\"GLACIER\" is not one of \"infrequent\", \"cold\", \"archive\", \"NEARLINE\", \"COLDLINE\", \"ARCHIVE\"." },
        { Stack($$"""{ {{Abs}}, "tiers": [ { "afterDays": 30, "class": "Infrequent" } ] }"""), "storages[0].tiers[0].class", "\"Infrequent\" is case-sensitive: write \"infrequent\"." },
        { Stack($$"""{ {{S3}}, "retentionDays": 90, "tiers": [ { "afterDays": 30, "class": "infrequent" }, { "afterDays": 180, "class": "archive" } ] }"""), "storages[0].retentionDays", "expires recordings after 90 days, before their last tier (DEEP_ARCHIVE after 180 days) is reached: set it above 180, or remove the tiers it cuts short." },
        { Stack($$"""{ {{Gcs}}, "retentionDays": 365, "tiers": [ { "afterDays": 365, "class": "archive" } ] }"""), "storages[0].retentionDays", "expires recordings after 365 days, before their last tier (ARCHIVE after 365 days)" },
        { Stack($$"""{ {{Abs}}, "redundancy": "ZRS", "tiers": [ { "afterDays": 30, "class": "infrequent" }, { "afterDays": 180, "class": "archive" } ] }"""), "storages[0].tiers[1].class", "Archive is offered only on LRS and GRS accounts, and redundancy is ZRS: set redundancy to LRS or GRS, or end the tiers at Cold." },
        { Stack($$"""{ {{Abs}}, "redundancy": "GZRS", "tiers": [ { "afterDays": 90, "class": "Archive" } ] }"""), "storages[0].tiers[0].class", "Archive is offered only on LRS and GRS accounts, and redundancy is GZRS" },
        { Stack($$"""{ {{Abs}}, "redundancy": "RAGRS" }"""), "storages[0].redundancy", "\"RAGRS\" is not one of \"LRS\", \"ZRS\", \"GRS\", \"GZRS\"." },
        { Stack($$"""{ {{Store}}, "tiers": [ { "afterDays": 30, "class": "infrequent" } ] }"""), "storages[0].tiers", "does not apply to cloud \"s3compatible\": the stack creates nothing at an S3-compatible store, so it cannot set its lifecycle" },
        { Stack($$"""{ {{S3}}, "tiers": "archive" }"""), "storages[0].tiers", "must be a list of at least one object: e.g. `tiers: [{afterDays: 30, class: infrequent}, {afterDays: 180, class: archive}]`." },
        { Stack($$"""{ {{S3}}, "tiers": [] }"""), "storages[0].tiers", "must be a list of at least one object" },
        { Stack($$"""{ {{S3}}, "tiers": [ 30 ] }"""), "storages[0].tiers[0]", "must be an object" },
        { Stack($$"""{ {{S3}}, "tiers": [ { "afterDays": 30 } ] }"""), "storages[0].tiers[0].class", "is required: set \"infrequent\", \"cold\" or \"archive\", or one of the cloud's classes (STANDARD_IA, INTELLIGENT_TIERING" },
        { Stack($$"""{ {{S3}}, "tiers": [ { "class": "archive" } ] }"""), "storages[0].tiers[0].afterDays", "is required" },
        { Stack($$"""{ {{S3}}, "tiers": [ { "afterDay": 30, "class": "archive" } ] }"""), "storages[0].tiers[0].afterDay", "is not a known setting: did you mean \"afterDays\"?" },
        { Stack($$"""{ {{Gcs}}, "tiers": [ { "afterDays": 0, "class": "archive" } ] }"""), "storages[0].tiers[0].afterDays", "must be a whole number of days from 1 to 36500." },
        { Stack("""{ "name": "rec", "cloud": "gcs", "existingBucket": "acme-calls", "path": "calls/", "tiers": [ { "afterDays": 30, "class": "cold" } ] }"""), "storages[0].tiers", "shape only buckets the stack creates" },

        // Access logs.
        { Stack("""{ "name": "rec", "cloud": "gcs", "existingBucket": "acme-calls", "path": "calls/", "accessLogs": "acme-calls" }"""), "storages[0].accessLogs", "is the bucket the recordings are in: its access logs would be written among them, and log their own writes. Use \"create\", or a bucket kept for logs." },
        { Stack("""{ "name": "rec", "cloud": "s3", "region": "eu-west-1", "existingBucket": "acme-calls", "bucketPolicy": "manual", "path": "calls/", "accessLogs": "acme-calls" }"""), "storages[0].accessLogs", "is the bucket the recordings are in" },
        { Stack("""{ "name": "rec", "cloud": "abs", "existingBucket": "calls", "existingAccount": "acmerec", "resourceGroup": "media", "accessLogs": "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/media/providers/Microsoft.Storage/storageAccounts/acmerec" }"""), "storages[0].accessLogs", "is the account the recordings are in" },
        { StackOf("""{ "name": "old", "cloud": "s3", "region": "eu-west-1", "existingBucket": "acme-calls", "bucketPolicy": "manual", "path": "calls/" }""", $$"""{ {{S3}}, "accessLogs": "acme-calls" }"""), "storages[1].accessLogs", "\"acme-calls\" is the bucket storages[0] records into: its logs would be written among recordings." },
        { Stack($$"""{ {{S3}}, "accessLogs": "Acme_Logs" }"""), "storages[0].accessLogs", "must be \"create\" or an existing log bucket's name, and \"Acme_Logs\" is not a valid S3 bucket name" },
        { Stack($$"""{ {{S3}}, "accessLogs": "auditLogs" }"""), "storages[0].accessLogs", "\"auditLogs\" is GCS's project-wide logging: here use \"create\" or an existing log bucket's name." },
        { Stack($$"""{ {{Abs}}, "accessLogs": "acme-logs" }"""), "storages[0].accessLogs", "must be \"create\", a Log Analytics workspace id" },
        { Stack($$"""{ {{Store}}, "accessLogs": "create" }"""), "storages[0].accessLogs", "does not apply to cloud \"s3compatible\"" },
        { Stack("""{ "name": "rec", "cloud": "s3", "region": "eu-west-1", "authMode": "keys", "existingBucket": "acme-calls", "path": "calls/", "accessLogs": "create" }"""), "storages[0].accessLogs", "turns on server access logging, a setting of existingBucket \"acme-calls\", which the stack never changes" },
        { Stack("""{ "name": "rec", "cloud": "gcs", "existingBucket": "acme-calls", "path": "calls/", "accessLogs": "create" }"""), "storages[0].accessLogs", "sends usage logs, a setting of existingBucket \"acme-calls\"" },
        { StackOf($$"""{ {{Gcs}}, "accessLogs": "auditLogs" }""", """{ "name": "two", "cloud": "gcs", "location": "EU", "accessLogs": "auditLogs" }"""), "storages[1].accessLogs", "\"auditLogs\" is set by storages[0] for the same project already" },
        {
            StackOf($$"""{ {{Gcs}}, "accessLogs": "auditLogs" }""", """{ "name": "two", "cloud": "gcs", "location": "EU", "project": "acme-video", "accessLogs": "auditLogs" }"""),
            "storages[1].project",
            "storages[0] sets accessLogs: auditLogs for the gcp provider's default project, and this storage names \"acme-video\", which may be the same project: name the project on both storages, or on neither, so that the stack can tell whether they turn on the same project's audit logs."
        },
        {
            StackOf($$"""{ {{Gcs}}, "project": "acme-video", "accessLogs": "auditLogs" }""", """{ "name": "two", "cloud": "gcs", "location": "EU", "accessLogs": "auditLogs" }"""),
            "storages[1].project",
            "storages[0] sets accessLogs: auditLogs for project \"acme-video\", and this storage names no project, so it deploys into the gcp provider's default project, which may be the same project"
        },
    };

    [Fact]
    public void Audit_logs_of_two_projects_each_named_plan_for_each()
    {
        var plan = StackPlanner.Plan(StackInputs.FromJson(StackOf(
            $$"""{ {{Gcs}}, "project": "acme-video", "accessLogs": "auditLogs" }""",
            """{ "name": "two", "cloud": "gcs", "location": "EU", "project": "acme-video-eu", "accessLogs": "auditLogs" }""")));

        Assert.All(plan.Storages, storage => Assert.Equal(AccessLogTarget.ProjectAuditLogs, storage.AccessLogs?.Target));
    }

    [Fact]
    public void Good_keys_tiers_and_access_logs_plan_on_every_cloud()
    {
        var plan = StackPlanner.Plan(StackInputs.FromJson(StackOf(
            $$"""{ "name": "s3", "cloud": "s3", "region": "eu-west-1", "encryptionKey": "create", "tiers": [ { "afterDays": 30, "class": "infrequent" }, { "afterDays": 180, "class": "archive" } ], "retentionDays": 400, "accessLogs": "create" }""",
            """{ "name": "gcs", "cloud": "gcs", "location": "EU", "project": "acme-video", "encryptionKey": "projects/acme-keys/locations/europe/keyRings/rec/cryptoKeys/rec", "tiers": [ { "afterDays": 1, "class": "COLDLINE" } ], "accessLogs": "auditLogs" }""",
            $$"""{ "name": "abs", "cloud": "abs", "location": "westeurope", "redundancy": "GRS", "infrastructureEncryption": true, "encryptionKey": "{{VaultKey}}", "tiers": [ { "afterDays": 30, "class": "cold" }, { "afterDays": 90, "class": "archive" } ], "accessLogs": "{{Workspace}}" }""")));

        Assert.Equal(3, plan.Storages.Count);
        // The only word of caution: S3's key in policy mode needs Stream's own account to allow it too.
        Assert.Equal(["storages[0].encryptionKey"], plan.Warnings.Select(w => w.Field));
    }

    [Fact]
    public void A_regional_gcs_bucket_takes_a_key_of_its_region_in_any_case()
    {
        var plan = StackPlanner.Plan(StackInputs.FromJson(Stack(
            """{ "name": "rec", "cloud": "gcs", "location": "EUROPE-WEST1", "encryptionKey": "projects/acme-keys/locations/europe-west1/keyRings/rec/cryptoKeys/rec" }""")));

        Assert.Equal("europe-west1", Assert.Single(plan.Storages).EncryptionKey!.Location);
    }

    private static string Stack(string storage) => StackOf(storage);

    private static string StackOf(params string[] storages) => $$"""{ "storages": [ {{string.Join(", ", storages)}} ] }""";
}
