using StorageRegistrar.Diagnostics;

namespace StorageRegistrar.Tests.Diagnostics;

public sealed class KeyTiersAndLogsAnalyzerTests
{
    private const string KeyArn = "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";
    private const string CloudKmsKey = "projects/acme-video/locations/europe/keyRings/recordings/cryptoKeys/recordings";
    private const string VaultKey = "https://acme-keys.vault.azure.net/keys/recordings";
    private const string VaultKeyResourceId = "/subscriptions/00000000-0000-0000-0000-000000000002/resourceGroups/acme-keys-rg/providers/Microsoft.KeyVault/vaults/acme-keys/keys/recordings";

    private static KeyTiersAndLogsFacts Facts(string type) => new() { StorageType = type, Bucket = "acme-recordings", Path = "calls/" };

    private static IReadOnlyList<string> Codes(KeyTiersAndLogsFacts facts) => [.. KeyTiersAndLogsAnalyzer.Analyze(facts).Select(f => f.Code)];

    [Fact]
    public void Nothing_declared_is_nothing_checked() =>
        Assert.Empty(KeyTiersAndLogsAnalyzer.Analyze(Facts("s3") with { EncryptionError = "AccessDenied", TransitionsError = "AccessDenied", AccessLogsError = "AccessDenied" }));

    [Theory]
    [InlineData("s3", KeyArn, KeyArn)]
    [InlineData("s3", KeyArn, "1234abcd-12ab-34cd-56ef-1234567890ab")]
    [InlineData("s3", "1234abcd-12ab-34cd-56ef-1234567890ab", KeyArn)]
    [InlineData("gcs", CloudKmsKey, CloudKmsKey + "/cryptoKeyVersions/3")]
    [InlineData("abs", VaultKey, "https://ACME-KEYS.vault.azure.net/keys/recordings/")]
    [InlineData("abs", VaultKeyResourceId, "https://acme-keys.vault.azure.net/keys/recordings")]
    [InlineData("abs", VaultKeyResourceId, "https://acme-keys.vault.usgovcloudapi.net/keys/Recordings")]
    public void The_named_key_as_the_cloud_reports_it_passes(string type, string declared, string reported) =>
        Assert.Empty(Codes(Facts(type) with { ExpectedKey = new ExpectedKey(declared), KeyId = reported, BucketKeyEnabled = type == "s3" ? true : null, KeyState = type == "s3" ? "Enabled" : null }));

    [Fact]
    public void An_alias_is_compared_by_the_arn_kms_resolves_it_to()
    {
        var facts = Facts("s3") with { ExpectedKey = new ExpectedKey(KeyArn), KeyId = "alias/recordings", KeyArn = KeyArn, BucketKeyEnabled = true, KeyState = "Enabled" };

        Assert.Empty(Codes(facts));
        Assert.Empty(Codes(facts with { ExpectedKey = new ExpectedKey("1234abcd-12ab-34cd-56ef-1234567890ab") }));
        Assert.Equal([FindingCodes.EncryptionKeyOther], Codes(facts with { KeyArn = KeyArn.Replace("1234abcd", "9999abcd", StringComparison.Ordinal) }));
    }

    [Theory]
    [InlineData("alias/recordings")]
    [InlineData("arn:aws:kms:eu-west-1:111122223333:alias/recordings")]
    public void An_alias_kms_did_not_resolve_is_not_examined_rather_than_taken_for_another_key(string alias)
    {
        var refused = Facts("s3") with { ExpectedKey = new ExpectedKey(KeyArn), KeyId = alias, KeyArn = null, BucketKeyEnabled = true, KeyStateError = "AccessDeniedException" };

        Assert.Equal([FindingCodes.EncryptionUnreadable], Codes(refused));
        var unresolved = Assert.Single(KeyTiersAndLogsAnalyzer.Analyze(refused with { KeyStateError = null, KeyState = null }));
        Assert.Equal((FindingCodes.EncryptionUnreadable, FindingSeverity.Warning), (unresolved.Code, unresolved.Severity));
        Assert.Contains($"names its key by the alias {alias}, which KMS did not resolve", unresolved.Cause, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("s3", "aws s3api put-bucket-encryption --bucket acme-recordings")]
    [InlineData("gcs", "gcloud storage buckets update gs://acme-recordings --default-encryption-key=")]
    [InlineData("abs", "--encryption-key-source Microsoft.Keyvault")]
    public void The_clouds_own_keys_where_a_customer_key_is_declared_is_a_problem_with_the_clouds_fix(string type, string fix)
    {
        var finding = Assert.Single(KeyTiersAndLogsAnalyzer.Analyze(Facts(type) with { ExpectedKey = new ExpectedKey(KeyId: null) }));

        Assert.Equal((FindingCodes.EncryptionKeyMissing, FindingSeverity.Problem), (finding.Code, finding.Severity));
        Assert.Contains("encryptionKey: create", finding.Cause, StringComparison.Ordinal);
        Assert.Contains(fix, finding.Fix, StringComparison.Ordinal);
        Assert.Contains("pulumi up", finding.Fix, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("https://acme-keys.vault.azure.net/keys/other")]
    [InlineData("https://other-keys.vault.azure.net/keys/recordings")]
    public void An_azure_account_on_another_key_than_the_declared_resource_id_is_told_how_to_find_its_vaults_uri(string used)
    {
        var finding = Assert.Single(KeyTiersAndLogsAnalyzer.Analyze(Facts("abs") with { Bucket = "strecabs9f8e7d6c/recordings", ExpectedKey = new ExpectedKey(VaultKeyResourceId), KeyId = used }));

        Assert.Equal(FindingCodes.EncryptionKeyOther, finding.Code);
        Assert.Contains(used, finding.Cause, StringComparison.Ordinal);
        Assert.Contains(
            "--encryption-key-vault $(az keyvault show --name acme-keys --resource-group acme-keys-rg --subscription 00000000-0000-0000-0000-000000000002 --query properties.vaultUri -o tsv) --encryption-key-name recordings",
            finding.Fix, StringComparison.Ordinal);
    }

    [Fact]
    public void An_azure_account_on_another_key_is_told_the_named_keys_vault_and_name()
    {
        var finding = Assert.Single(KeyTiersAndLogsAnalyzer.Analyze(Facts("abs") with { Bucket = "strecabs9f8e7d6c/recordings", ExpectedKey = new ExpectedKey(VaultKey), KeyId = "https://acme-keys.vault.azure.net/keys/other" }));

        Assert.Equal(FindingCodes.EncryptionKeyOther, finding.Code);
        Assert.Contains(
            "az storage account update --name strecabs9f8e7d6c --encryption-key-source Microsoft.Keyvault --encryption-key-vault https://acme-keys.vault.azure.net --encryption-key-name recordings",
            finding.Fix, StringComparison.Ordinal);
    }

    [Fact]
    public void A_created_key_is_any_customer_key_and_another_than_the_named_one_is_a_problem()
    {
        Assert.Empty(Codes(Facts("gcs") with { ExpectedKey = new ExpectedKey(KeyId: null), KeyId = CloudKmsKey }));

        var finding = Assert.Single(KeyTiersAndLogsAnalyzer.Analyze(Facts("gcs") with { ExpectedKey = new ExpectedKey(CloudKmsKey), KeyId = CloudKmsKey.Replace("recordings", "other", StringComparison.Ordinal) }));
        Assert.Equal(FindingCodes.EncryptionKeyOther, finding.Code);
        Assert.Contains($"--default-encryption-key={CloudKmsKey}", finding.Fix, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Disabled", "aws kms enable-key")]
    [InlineData("PendingDeletion", "aws kms cancel-key-deletion")]
    public void A_key_s3_cannot_use_is_a_problem_saying_how_to_bring_it_back(string state, string fix)
    {
        var finding = Assert.Single(KeyTiersAndLogsAnalyzer.Analyze(Facts("s3") with { ExpectedKey = new ExpectedKey(KeyArn), KeyId = KeyArn, KeyArn = KeyArn, BucketKeyEnabled = true, KeyState = state }));

        Assert.Equal((FindingCodes.EncryptionKeyUnusable, FindingSeverity.Problem), (finding.Code, finding.Severity));
        Assert.Contains($"is {state} in KMS", finding.Cause, StringComparison.Ordinal);
        Assert.Contains($"{fix} --key-id {KeyArn}", finding.Fix, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("DISABLED", "is DISABLED (its primary version 3) in Cloud KMS: Cloud Storage cannot encrypt", "Enable the key's primary version (gcloud kms keys versions enable 3 --key recordings --keyring recordings --location europe --project acme-video)")]
    [InlineData("DESTROY_SCHEDULED", "is DESTROY_SCHEDULED (its primary version 3) in Cloud KMS", "gcloud kms keys versions restore 3 --key recordings --keyring recordings --location europe --project acme-video; gcloud kms keys versions enable 3 --key recordings")]
    [InlineData("DESTROYED", "is DESTROYED (its primary version 3) in Cloud KMS", "gcloud kms keys versions create --key recordings --keyring recordings --location europe --project acme-video --primary")]
    [InlineData(KeyTiersAndLogsFacts.NoPrimaryVersion, "is without a primary version in Cloud KMS", "gcloud kms keys versions create --key recordings")]
    [InlineData("PENDING_GENERATION", "is PENDING_GENERATION (its primary version 3) in Cloud KMS", "Wait until the key's primary version is generated or imported (gcloud kms keys versions describe 3 --key recordings")]
    public void A_cloud_kms_key_whose_primary_version_cannot_encrypt_is_a_problem_saying_how_to_bring_it_back(string state, string cause, string fix)
    {
        var finding = Assert.Single(KeyTiersAndLogsAnalyzer.Analyze(Facts("gcs") with
        {
            ExpectedKey = new ExpectedKey(CloudKmsKey), KeyId = CloudKmsKey, KeyState = state,
            KeyVersion = state == KeyTiersAndLogsFacts.NoPrimaryVersion ? null : CloudKmsKey + "/cryptoKeyVersions/3",
        }));

        Assert.Equal((FindingCodes.EncryptionKeyUnusable, FindingSeverity.Problem), (finding.Code, finding.Severity));
        Assert.Contains($"Key {CloudKmsKey} of 'acme-recordings' {cause}", finding.Cause, StringComparison.Ordinal);
        Assert.Contains(fix, finding.Fix, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Disabled", "az keyvault key set-attributes --vault-name acme-keys --name recordings --enabled true")]
    [InlineData(KeyTiersAndLogsFacts.ExpiredKey, "az keyvault key set-attributes --vault-name acme-keys --name recordings --expires ")]
    [InlineData(KeyTiersAndLogsFacts.DeletedKey, "az keyvault key recover --vault-name acme-keys --name recordings")]
    public void A_key_vault_key_disabled_or_expired_is_a_problem_saying_how_to_bring_it_back(string state, string fix)
    {
        var finding = Assert.Single(KeyTiersAndLogsAnalyzer.Analyze(Facts("abs") with { ExpectedKey = new ExpectedKey(VaultKeyResourceId), KeyId = VaultKey, KeyState = state }));

        Assert.Equal((FindingCodes.EncryptionKeyUnusable, FindingSeverity.Problem), (finding.Code, finding.Severity));
        Assert.Contains($"Key {VaultKey} of 'acme-recordings' is {state} in Key Vault: Azure Storage cannot encrypt", finding.Cause, StringComparison.Ordinal);
        Assert.Contains(fix, finding.Fix, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("gcs", CloudKmsKey, "ENABLED")]
    [InlineData("abs", VaultKey, "Enabled")]
    public void An_enabled_key_passes(string type, string key, string state) =>
        Assert.Empty(Codes(Facts(type) with { ExpectedKey = new ExpectedKey(key), KeyId = key, KeyState = state }));

    [Theory]
    [InlineData("gcs", CloudKmsKey, "from Cloud KMS", "cloudkms.cryptoKeys.get on the key (roles/cloudkms.viewer)")]
    [InlineData("abs", VaultKey, "from Key Vault", "Key Vault Reader on the vault")]
    public void A_key_state_that_could_not_be_read_is_not_examined_never_a_pass(string type, string key, string from, string permission)
    {
        var finding = Assert.Single(KeyTiersAndLogsAnalyzer.Analyze(Facts(type) with { ExpectedKey = new ExpectedKey(key), KeyId = key, KeyStateError = "HTTP 403 Forbidden" }));

        Assert.Equal((FindingCodes.EncryptionUnreadable, FindingSeverity.Warning), (finding.Code, finding.Severity));
        Assert.Contains($"{from} (HTTP 403 Forbidden), so whether", finding.Cause, StringComparison.Ordinal);
        Assert.Contains(permission, finding.Fix, StringComparison.Ordinal);
    }

    [Fact]
    public void Refused_reads_are_not_examined_warnings_never_passes()
    {
        var findings = KeyTiersAndLogsAnalyzer.Analyze(Facts("s3") with
        {
            ExpectedKey = new ExpectedKey(KeyArn),
            EncryptionError = "AccessDenied",
            ExpectedTiers = [new ExpectedTier(30, "STANDARD_IA")],
            TransitionsError = "AccessDenied",
            ExpectedAccessLogs = new ExpectedAccessLogs("create"),
            AccessLogsError = "AccessDenied",
        });

        Assert.Equal([FindingCodes.EncryptionUnreadable, FindingCodes.TiersUnreadable, FindingCodes.AccessLogsUnreadable], findings.Select(f => f.Code));
        Assert.All(findings, f => Assert.Equal(FindingSeverity.Warning, f.Severity));
        Assert.All(findings, f => Assert.Contains("(AccessDenied), so it was not examined", f.Cause, StringComparison.Ordinal));
        Assert.Equal(
            ["s3:GetEncryptionConfiguration", "s3:GetLifecycleConfiguration", "s3:GetBucketLogging"],
            findings.Select(f => f.Fix.Split(' ')[6]));
    }

    [Theory]
    [InlineData(false, "Enabled", null, FindingCodes.EncryptionBucketKeyOff, "\"BucketKeyEnabled\":true")]
    [InlineData(true, null, "AccessDeniedException", FindingCodes.EncryptionUnreadable, "kms:DescribeKey")]
    public void Sse_kms_on_the_declared_key_without_a_bucket_key_or_with_its_state_unread_is_a_warning(bool bucketKeyEnabled, string? keyState, string? keyStateError, string code, string fixPart)
    {
        var finding = Assert.Single(KeyTiersAndLogsAnalyzer.Analyze(Facts("s3") with
        {
            ExpectedKey = new ExpectedKey(KeyArn), KeyId = KeyArn, BucketKeyEnabled = bucketKeyEnabled, KeyState = keyState, KeyStateError = keyStateError,
        }));

        Assert.Equal((code, FindingSeverity.Warning), (finding.Code, finding.Severity));
        Assert.Contains(fixPart, finding.Fix, StringComparison.Ordinal);
    }

    [Fact]
    public void Each_declared_tier_needs_a_transition_covering_the_path_at_its_age()
    {
        var facts = Facts("s3") with
        {
            ExpectedTiers = [new ExpectedTier(30, "STANDARD_IA"), new ExpectedTier(180, "DEEP_ARCHIVE"), new ExpectedTier(365, "GLACIER")],
            Transitions =
            [
                new TierTransition(30, "STANDARD_IA", "calls/"),
                // The bucket's root covers the path; another prefix does not.
                new TierTransition(90, "DEEP_ARCHIVE", ""),
                new TierTransition(365, "GLACIER", "other/"),
            ],
        };

        var findings = KeyTiersAndLogsAnalyzer.Analyze(facts);

        Assert.Equal([FindingCodes.TiersOtherAge, FindingCodes.TiersMissing], findings.Select(f => f.Code));
        Assert.All(findings, f => Assert.Equal(FindingSeverity.Warning, f.Severity));
        Assert.Contains("to DEEP_ARCHIVE after 90 days, but the stack declares 180", findings[0].Cause, StringComparison.Ordinal);
        Assert.Contains("under 'calls/' to GLACIER", findings[1].Cause, StringComparison.Ordinal);
    }

    [Fact]
    public void Azure_tier_names_are_matched_without_regard_to_case() =>
        Assert.Empty(Codes(Facts("abs") with { ExpectedTiers = [new ExpectedTier(30, "Cool")], Transitions = [new TierTransition(30, "cool", "calls/")] }));

    [Theory]
    [InlineData("create", "acme-logs", null)]
    [InlineData("acme-logs", "acme-logs", null)]
    [InlineData("acme-logs", "other-logs", FindingCodes.AccessLogsElsewhere)]
    public void Access_logs_go_where_declared(string declared, string actual, string? code) =>
        Assert.Equal(code is null ? [] : [code], Codes(Facts("s3") with { ExpectedAccessLogs = new ExpectedAccessLogs(declared), LogDestinations = [actual] }));

    [Theory]
    [InlineData("s3", "aws s3api put-bucket-logging --bucket acme-recordings", "\"TargetBucket\":\"acme-logs\"")]
    [InlineData("gcs", "gcloud storage buckets update gs://acme-recordings --log-bucket=acme-logs", "--log-object-prefix")]
    [InlineData("abs", "az monitor diagnostic-settings create", "StorageRead, StorageWrite and StorageDelete to acme-logs")]
    public void Access_logs_off_are_a_problem_with_the_clouds_fix(string type, string fix, string detail)
    {
        var finding = Assert.Single(KeyTiersAndLogsAnalyzer.Analyze(Facts(type) with { ExpectedAccessLogs = new ExpectedAccessLogs("acme-logs") }));

        Assert.Equal((FindingCodes.AccessLogsOff, FindingSeverity.Problem), (finding.Code, finding.Severity));
        Assert.Contains(fix, finding.Fix, StringComparison.Ordinal);
        Assert.Contains(detail, finding.Fix, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("create", true, null, "create")]
    [InlineData("create:dev-rec-logs-9f8e7d6c", true, "dev-rec-logs-9f8e7d6c", "create")]
    [InlineData("create:/subscriptions/s/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/stlogrec9f8e", true, "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/stlogrec9f8e", "create")]
    [InlineData("auditLogs", false, null, "auditLogs")]
    [InlineData("acme-logs", false, "acme-logs", "acme-logs")]
    public void The_declared_access_logs_read_back_their_destination_and_what_the_stack_file_says(string value, bool created, string? destination, string declared)
    {
        var logs = new ExpectedAccessLogs(value);

        Assert.Equal((created, destination, declared, value), (logs.Created, logs.Destination, logs.Declared, logs.ToString()));
    }

    /// <summary>The log bucket the stack created is held by its name, and its fix is pulumi up's, not a change of the stack file.</summary>
    [Fact]
    public void Logs_sent_elsewhere_than_the_log_bucket_the_stack_created_are_put_back_by_pulumi_up()
    {
        var facts = Facts("s3") with { ExpectedAccessLogs = ExpectedAccessLogs.CreatedAt("dev-rec-logs-9f8e7d6c"), LogDestinations = ["someone-elses-logs"] };

        var finding = Assert.Single(KeyTiersAndLogsAnalyzer.Analyze(facts));

        Assert.Equal(FindingCodes.AccessLogsElsewhere, finding.Code);
        Assert.Equal("'acme-recordings' sends its access logs to someone-elses-logs, not to dev-rec-logs-9f8e7d6c, which the stack created for them (accessLogs: create).", finding.Cause);
        Assert.Contains("\"TargetBucket\":\"dev-rec-logs-9f8e7d6c\"", finding.Fix, StringComparison.Ordinal);
        Assert.DoesNotContain("declare where", finding.Fix, StringComparison.Ordinal);
        Assert.Empty(KeyTiersAndLogsAnalyzer.Analyze(facts with { LogDestinations = ["DEV-REC-LOGS-9F8E7D6C"] }));
        Assert.Contains(
            "but the stack declares them (accessLogs: create, dev-rec-logs-9f8e7d6c)",
            Assert.Single(KeyTiersAndLogsAnalyzer.Analyze(facts with { LogDestinations = [] })).Cause, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(true, null, null, null)]
    [InlineData(false, null, FindingCodes.AccessLogsOff, FindingSeverity.Problem)]
    [InlineData(null, "HTTP 403 The caller does not have permission", FindingCodes.AccessLogsUnreadable, FindingSeverity.Warning)]
    [InlineData(null, null, FindingCodes.AccessLogsUnreadable, FindingSeverity.Warning)]
    public void The_projects_audit_logs_are_held_to_auditlogs_and_unread_ones_are_not_examined(bool? on, string? error, string? code, FindingSeverity? severity)
    {
        var findings = KeyTiersAndLogsAnalyzer.Analyze(Facts("gcs") with { ExpectedAccessLogs = new ExpectedAccessLogs("auditLogs"), ProjectAuditLogsOn = on, AccessLogsError = error });

        Assert.Equal(code is null ? [] : [(code, severity!.Value)], findings.Select(f => (f.Code, f.Severity)));
        Assert.All(findings, f => Assert.Contains("auditConfigs", f.Fix, StringComparison.Ordinal));
        Assert.All(findings.Where(f => f.Code == FindingCodes.AccessLogsUnreadable), f => Assert.Contains("not examined", f.Cause, StringComparison.Ordinal));
        // Audit logs a folder or the organization turns on apply too; the doctor reads the project's own policy, and says so.
        Assert.All(findings.Where(f => f.Code == FindingCodes.AccessLogsOff), f => Assert.Contains("and of the folders and organization above it do not turn on both DATA_READ and DATA_WRITE", f.Cause, StringComparison.Ordinal));
    }

    [Fact]
    public void Principals_the_audit_configs_exempt_are_a_warning_naming_each_with_its_config_and_stream_among_them()
    {
        const string Stream = "serviceAccount:stream-rec@acme-video.iam.gserviceaccount.com";
        var facts = Facts("gcs") with
        {
            ExpectedAccessLogs = new ExpectedAccessLogs("auditLogs"),
            ProjectAuditLogsOn = true,
            // Given as the operator typed it: IAM members' emails are matched whatever their case.
            StreamMember = "serviceAccount:Stream-Rec@acme-video.iam.gserviceaccount.com",
            AuditLogExemptions =
            [
                new AuditLogExemption(Stream, "DATA_WRITE", "projects/123456789012", "allServices"),
                new AuditLogExemption("group:etl@acme.example", "DATA_READ", "organizations/905613", "allServices"),
                new AuditLogExemption("group:etl@acme.example", "DATA_WRITE", "folders/381247", "storage.googleapis.com"),
            ],
        };

        var finding = Assert.Single(KeyTiersAndLogsAnalyzer.Analyze(facts));

        Assert.Equal((FindingCodes.AccessLogsExempted, FindingSeverity.Warning), (finding.Code, finding.Severity));
        Assert.Equal(
            $"The Data Access audit logs of Cloud Storage, where the stack sends the access logs of 'acme-recordings' (accessLogs: auditLogs), leave out {Stream} (DATA_WRITE in allServices of projects/123456789012; Stream's service account), "
            + "group:etl@acme.example (DATA_READ in allServices of organizations/905613, DATA_WRITE in storage.googleapis.com of folders/381247): what each reads (DATA_READ) or writes and deletes (DATA_WRITE), as listed, is not recorded, in 'acme-recordings' and every other bucket those policies cover.",
            finding.Cause);
        // None is in the stack's own config: each is for the policy's owner to take out, with the commands for its policy.
        Assert.DoesNotContain("pulumi up puts it back", finding.Fix, StringComparison.Ordinal);
        Assert.Contains("The others pulumi up neither made nor manages", finding.Fix, StringComparison.Ordinal);
        Assert.Contains("gcloud projects get-iam-policy 123456789012 --format=json > policy.json, then gcloud projects set-iam-policy 123456789012 policy.json", finding.Fix, StringComparison.Ordinal);
        Assert.Contains("gcloud organizations get-iam-policy 905613 --format=json > policy.json, then gcloud organizations set-iam-policy 905613 policy.json", finding.Fix, StringComparison.Ordinal);
        Assert.Contains("gcloud resource-manager folders get-iam-policy 381247 --format=json", finding.Fix, StringComparison.Ordinal);
    }

    /// <summary>The project's Cloud Storage config is the stack's whole: an exemption there is drift that pulumi up takes out.</summary>
    [Fact]
    public void An_exemption_in_the_stacks_own_config_is_put_right_by_pulumi_up()
    {
        var facts = Facts("gcs") with
        {
            ExpectedAccessLogs = new ExpectedAccessLogs("auditLogs"),
            ProjectAuditLogsOn = true,
            AuditLogExemptions = [new AuditLogExemption("group:etl@acme.example", "DATA_READ", "projects/123456789012", "storage.googleapis.com")],
        };

        var finding = Assert.Single(KeyTiersAndLogsAnalyzer.Analyze(facts));

        Assert.Equal(FindingCodes.AccessLogsExempted, finding.Code);
        Assert.Equal("The project's storage.googleapis.com config is the stack's: pulumi up puts it back without exemptions (pulumi preview --refresh shows the change).", finding.Fix);
    }

    /// <summary>On, with the project's exemptions read and a policy above it refused: those read are said, the rest not examined.</summary>
    [Fact]
    public void Logs_on_whose_exemptions_above_the_project_were_not_all_read_are_a_warning_beside_those_that_were()
    {
        const string Unread = "the IAM policy of organizations/905613 above the project, whose configs add to its own, could not be read: HTTP 403 The caller does not have permission";
        var facts = Facts("gcs") with
        {
            ExpectedAccessLogs = new ExpectedAccessLogs("auditLogs"),
            ProjectAuditLogsOn = true,
            AuditLogExemptions = [new AuditLogExemption("group:etl@acme.example", "DATA_READ", "projects/123456789012", "allServices")],
            AuditLogExemptionsError = Unread,
        };

        var findings = KeyTiersAndLogsAnalyzer.Analyze(facts);

        Assert.Equal([FindingCodes.AccessLogsExempted, FindingCodes.AccessLogsUnreadable], findings.Select(f => f.Code));
        var unread = findings[1];
        Assert.Equal(FindingSeverity.Warning, unread.Severity);
        Assert.EndsWith($"are on, but whom the configs above the project leave out was not all examined: {Unread}.", unread.Cause, StringComparison.Ordinal);
        Assert.Contains("resourcemanager.organizations.getIamPolicy", unread.Fix, StringComparison.Ordinal);
        Assert.Contains("gcloud organizations get-iam-policy ORGANIZATION --format='json(auditConfigs)'", unread.Fix, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("create", null)]
    [InlineData("arn:aws:kms:eu-west-1:111122223333:key/k", "arn:aws:kms:eu-west-1:111122223333:key/k")]
    public void The_declared_key_reads_back_from_its_form(string value, string? keyId)
    {
        var key = ExpectedKey.Parse(value);

        Assert.Equal((keyId, value), (key.KeyId, key.ToString()));
    }

    [Theory]
    [InlineData("30")]
    [InlineData("0:COLDLINE")]
    [InlineData("30:")]
    [InlineData(",")]
    public void A_tier_list_not_of_days_and_classes_is_refused(string value) =>
        Assert.Throws<FormatException>(() => ExpectedTier.ParseList(value));
}
