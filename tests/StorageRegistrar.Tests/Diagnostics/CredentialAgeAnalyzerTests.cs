using StorageRegistrar.Diagnostics;

namespace StorageRegistrar.Tests.Diagnostics;

/// <summary>Credential ages and expiries, analysed from IAM and Graph answers as the clouds return them.</summary>
public sealed class CredentialAgeAnalyzerTests
{
    private static readonly DateTimeOffset Now = new(2026, 6, 20, 12, 0, 0, TimeSpan.Zero);

    /// <summary>IAM <c>keys.list</c> for a service account with one user-managed key and Google's own system key.</summary>
    private const string GcsKeyList = """
        {
          "keys": [
            {
              "name": "projects/acme-video/serviceAccounts/stream-rec-gcs-0a1b2c3d@acme-video.iam.gserviceaccount.com/keys/5f1c0a9e2b7d4c3a8e6f1b2c3d4e5f6a7b8c9d0e",
              "validAfterTime": "2026-03-30T09:15:02Z",
              "validBeforeTime": "9999-12-31T23:59:59Z",
              "keyAlgorithm": "KEY_ALG_RSA_2048",
              "keyOrigin": "GOOGLE_PROVIDED",
              "keyType": "USER_MANAGED"
            },
            {
              "name": "projects/acme-video/serviceAccounts/stream-rec-gcs-0a1b2c3d@acme-video.iam.gserviceaccount.com/keys/0d9c8b7a6f5e4d3c2b1a0f9e8d7c6b5a4f3e2d1c",
              "validAfterTime": "2026-06-12T00:00:00Z",
              "validBeforeTime": "2026-06-28T00:00:00Z",
              "keyAlgorithm": "KEY_ALG_RSA_2048",
              "keyOrigin": "GOOGLE_PROVIDED",
              "keyType": "SYSTEM_MANAGED"
            }
          ]
        }
        """;

    /// <summary>Graph <c>GET /applications(appId='...')?$select=passwordCredentials</c>.</summary>
    private const string GraphPasswords = """
        {
          "@odata.context": "https://graph.microsoft.com/v1.0/$metadata#applications(passwordCredentials)/$entity",
          "passwordCredentials": [
            {
              "customKeyIdentifier": null,
              "displayName": "Stream Video recordings",
              "endDateTime": "2026-06-29T08:00:00Z",
              "hint": "Q~8",
              "keyId": "7b1e4c2a-9d3f-4e8b-a6c5-1f2e3d4c5b6a",
              "secretText": null,
              "startDateTime": "2025-12-31T08:00:00Z"
            }
          ]
        }
        """;

    [Fact]
    public void A_gcs_key_list_yields_the_user_managed_keys_and_a_key_that_never_expires_has_no_expiry()
    {
        var key = Assert.Single(CredentialAgeFacts.FromGcsKeyList(GcsKeyList));

        Assert.Equal(
            new CredentialValidity("5f1c0a9e2b7d4c3a8e6f1b2c3d4e5f6a7b8c9d0e", new DateTimeOffset(2026, 3, 30, 9, 15, 2, TimeSpan.Zero), null),
            key);
    }

    [Fact]
    public void A_gcs_key_within_fourteen_days_of_its_max_age_is_a_warning_naming_credential_rotation()
    {
        var finding = Assert.Single(CredentialAgeAnalyzer.Analyze(new CredentialAgeFacts
        {
            Kind = CredentialKind.GcsServiceAccountKey,
            Credentials = CredentialAgeFacts.FromGcsKeyList(GcsKeyList),
            MaxAgeDays = 90,
            Now = Now,
        }));

        Assert.Equal((FindingCodes.CredentialMaxAge, FindingSeverity.Warning), (finding.Code, finding.Severity));
        Assert.Equal(
            "The service account key '5f1c0a9e2b7d4c3a8e6f1b2c3d4e5f6a7b8c9d0e' was created on 2026-03-30 and reaches the 90 days credentialMaxAgeDays allows on 2026-06-28.",
            finding.Cause);
        Assert.StartsWith("Set credentialRotation of the storage in the stack to a new value", finding.Fix, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(120, null)]
    [InlineData(80, "is older than the 80 days credentialMaxAgeDays allows.")]
    public void A_key_far_from_its_limit_is_fine_and_one_past_it_is_still_a_warning(int maxAgeDays, string? causeEnding)
    {
        var findings = CredentialAgeAnalyzer.Analyze(new CredentialAgeFacts
        {
            Kind = CredentialKind.GcsServiceAccountKey,
            Credentials = CredentialAgeFacts.FromGcsKeyList(GcsKeyList),
            MaxAgeDays = maxAgeDays,
            Now = Now,
        });

        if (causeEnding is null)
        {
            Assert.Empty(findings);
        }
        else
        {
            var finding = Assert.Single(findings);
            Assert.Equal(FindingSeverity.Warning, finding.Severity);
            Assert.EndsWith(causeEnding, finding.Cause, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void An_azure_secret_that_expires_within_fourteen_days_is_a_warning_that_also_names_client_secret_days()
    {
        var secrets = CredentialAgeFacts.FromGraphPasswordCredentials(GraphPasswords);

        var finding = Assert.Single(CredentialAgeAnalyzer.Analyze(new CredentialAgeFacts { Kind = CredentialKind.AzureClientSecret, Credentials = secrets, Now = Now }));

        Assert.Equal((FindingCodes.CredentialExpiring, FindingSeverity.Warning), (finding.Code, finding.Severity));
        Assert.Equal(
            "The client secret '7b1e4c2a-9d3f-4e8b-a6c5-1f2e3d4c5b6a' expires on 2026-06-29, in 9 days: Stream's uploads fail from then on.",
            finding.Cause);
        Assert.Contains("credentialRotation", finding.Fix, StringComparison.Ordinal);
        Assert.EndsWith("Raise clientSecretDays if secrets should live longer (at most 730).", finding.Fix, StringComparison.Ordinal);
    }

    [Fact]
    public void An_expired_secret_is_a_problem()
    {
        var finding = Assert.Single(CredentialAgeAnalyzer.Analyze(new CredentialAgeFacts
        {
            Kind = CredentialKind.AzureClientSecret,
            Credentials = CredentialAgeFacts.FromGraphPasswordCredentials(GraphPasswords),
            Now = Now.AddDays(10),
        }));

        Assert.Equal((FindingCodes.CredentialExpired, FindingSeverity.Problem), (finding.Code, finding.Severity));
    }

    [Fact]
    public void Only_the_newest_credential_counts_and_an_older_one_is_named_as_a_leftover_of_a_rotation()
    {
        var old = new CredentialValidity("old", Now.AddDays(-200), Now.AddDays(3));
        var current = new CredentialValidity("new", Now.AddDays(-1), Now.AddDays(179));

        var findings = CredentialAgeAnalyzer.Analyze(new CredentialAgeFacts { Kind = CredentialKind.AzureClientSecret, Credentials = [old, current], MaxAgeDays = 30, Now = Now });

        Assert.Equal([FindingCodes.CredentialLeftover], findings.Select(f => f.Code));
    }

    [Fact]
    public void A_deactivated_newer_key_is_not_streams_and_the_newest_active_one_is_judged()
    {
        var active = new CredentialValidity("AKIAOLDKEYEXAMPLE001", Now.AddDays(-100), null);
        var deactivated = new CredentialValidity("AKIANEWKEYEXAMPLE002", Now.AddDays(-1), null, Enabled: false);

        var findings = CredentialAgeAnalyzer.Analyze(new CredentialAgeFacts { Kind = CredentialKind.AwsAccessKey, Credentials = [active, deactivated], MaxAgeDays = 90, Now = Now });

        Assert.Equal([FindingCodes.CredentialMaxAge, FindingCodes.CredentialLeftover], findings.Select(f => f.Code));
        Assert.StartsWith("The IAM access key 'AKIAOLDKEYEXAMPLE001' was created on 2026-03-12 and is older than the 90 days", findings[0].Cause, StringComparison.Ordinal);
    }

    [Fact]
    public void Keys_that_are_all_deactivated_are_a_problem_naming_how_to_reactivate_or_rotate()
    {
        var keys = CredentialAgeFacts.FromGcsKeyList("""
            {"keys": [{"name": "projects/p/serviceAccounts/sa@p.iam.gserviceaccount.com/keys/k1", "validAfterTime": "2026-06-01T00:00:00Z",
                       "validBeforeTime": "9999-12-31T23:59:59Z", "keyType": "USER_MANAGED", "disabled": true}]}
            """);

        var finding = Assert.Single(CredentialAgeAnalyzer.Analyze(new CredentialAgeFacts { Kind = CredentialKind.GcsServiceAccountKey, Credentials = keys, MaxAgeDays = 90, Now = Now }));

        Assert.False(Assert.Single(keys).Enabled);
        Assert.Equal((FindingCodes.CredentialDisabled, FindingSeverity.Problem), (finding.Code, finding.Severity));
        Assert.Equal("Every service account key of the identity is deactivated ('k1'): Stream can no longer sign in with the one it holds.", finding.Cause);
        Assert.StartsWith("Reactivate the key Stream holds (gcloud iam service-accounts keys enable KEY_ID --iam-account SERVICE_ACCOUNT), or: Set credentialRotation", finding.Fix, StringComparison.Ordinal);
    }

    [Fact]
    public void Credentials_that_cannot_be_listed_are_a_warning_and_no_credential_at_all_is_a_problem_never_a_pass()
    {
        var unreadable = CredentialAgeAnalyzer.Analyze(new CredentialAgeFacts { Kind = CredentialKind.GcsServiceAccountKey, ListError = "HTTP 403 Permission denied", Now = Now });
        var none = CredentialAgeAnalyzer.Analyze(new CredentialAgeFacts { Kind = CredentialKind.AwsAccessKey, MaxAgeDays = 15, Now = Now });

        Assert.Equal((FindingCodes.CredentialAgeUnreadable, FindingSeverity.Warning), (Assert.Single(unreadable).Code, unreadable[0].Severity));
        Assert.Equal((FindingCodes.CredentialNone, FindingSeverity.Problem), (Assert.Single(none).Code, none[0].Severity));
        Assert.StartsWith("The identity has no IAM access key: the one Stream holds was deleted", none[0].Cause, StringComparison.Ordinal);
    }
}
