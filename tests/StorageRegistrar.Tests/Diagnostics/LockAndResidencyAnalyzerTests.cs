using StorageRegistrar.Diagnostics;

namespace StorageRegistrar.Tests.Diagnostics;

public sealed class LockAndResidencyAnalyzerTests
{
    private static readonly ExpectedLock Compliance = new(2555, LockMode.Compliance);
    private static readonly ExpectedLock Governance = new(365, LockMode.Governance);

    private static LockAndResidencyFacts Facts(string type, ExpectedLock? expected, BucketLock? actual) => new()
    {
        StorageType = type,
        Bucket = "acme-recordings",
        ExpectedLock = expected,
        Lock = actual,
    };

    [Theory]
    [InlineData("s3")]
    [InlineData("gcs")]
    [InlineData("abs")]
    public void A_lock_as_declared_or_stronger_passes(string type)
    {
        Assert.Empty(LockAndResidencyAnalyzer.Analyze(Facts(type, Compliance, new BucketLock(2555, Irreversible: true))));
        Assert.Empty(LockAndResidencyAnalyzer.Analyze(Facts(type, Governance, new BucketLock(400, Irreversible: true))));
        Assert.Empty(LockAndResidencyAnalyzer.Analyze(Facts(type, Governance, new BucketLock(365, Irreversible: false))));
    }

    [Fact]
    public void Nothing_declared_is_nothing_checked() =>
        Assert.Empty(LockAndResidencyAnalyzer.Analyze(Facts("s3", expected: null, actual: null) with { LockError = "AccessDenied", LocationError = "AccessDenied" }));

    [Theory]
    [InlineData("s3", "put-object-lock-configuration --bucket acme-recordings", "Mode=COMPLIANCE,Days=2555")]
    [InlineData("gcs", "gcloud storage buckets update gs://acme-recordings --retention-period=2555d", "--lock-retention-period")]
    [InlineData("abs", "immutability-policy create --account-name ACCOUNT --container-name acme-recordings --period 2555", "immutability-policy lock --account-name ACCOUNT --container-name acme-recordings --if-match")]
    public void A_bucket_without_the_declared_lock_is_a_problem_with_the_clouds_fix(string type, string fix, string compliance)
    {
        var finding = Assert.Single(LockAndResidencyAnalyzer.Analyze(Facts(type, Compliance, actual: null)));

        Assert.Equal((FindingCodes.LockMissing, FindingSeverity.Problem), (finding.Code, finding.Severity));
        Assert.Contains("2555-day compliance lock", finding.Cause, StringComparison.Ordinal);
        Assert.Contains(fix, finding.Fix, StringComparison.Ordinal);
        Assert.Contains(compliance, finding.Fix, StringComparison.Ordinal);
        Assert.Contains("existing bucket", finding.Fix, StringComparison.Ordinal);
    }

    [Fact]
    public void An_azure_containers_fix_names_its_account_and_container()
    {
        var finding = Assert.Single(LockAndResidencyAnalyzer.Analyze(Facts("abs", Compliance, actual: null) with { Bucket = "acmevideo/recordings" }));

        Assert.Contains("az storage container immutability-policy create --account-name acmevideo --container-name recordings --period 2555", finding.Fix, StringComparison.Ordinal);
        Assert.Contains("--if-match \"$(az storage container immutability-policy show --account-name acmevideo --container-name recordings --query etag -o tsv)\"", finding.Fix, StringComparison.Ordinal);
    }

    [Fact]
    public void A_locked_azure_policy_with_fewer_days_is_to_be_extended_not_created()
    {
        var finding = Assert.Single(LockAndResidencyAnalyzer.Analyze(Facts("abs", Compliance, new BucketLock(30, Irreversible: true)) with { Bucket = "acmevideo/recordings" }));

        Assert.Equal(FindingCodes.LockWeaker, finding.Code);
        Assert.Contains("az storage container immutability-policy extend --account-name acmevideo --container-name recordings --period 2555 --if-match", finding.Fix, StringComparison.Ordinal);
        Assert.DoesNotContain("immutability-policy create", finding.Fix, StringComparison.Ordinal);
    }

    /// <summary>The stack's Azure lock is the account's version-level default: a container command would fail on it, or add another lock.</summary>
    [Fact]
    public void A_locked_account_default_with_fewer_days_is_extended_on_the_account()
    {
        var finding = Assert.Single(LockAndResidencyAnalyzer.Analyze(
            Facts("abs", Compliance, new BucketLock(30, Irreversible: true, AccountDefault: true)) with { Bucket = "acmevideo/recordings" }));

        Assert.Equal(FindingCodes.LockWeaker, finding.Code);
        Assert.Contains("az storage account update --name acmevideo --immutability-period 2555;", finding.Fix, StringComparison.Ordinal);
        Assert.DoesNotContain("immutability-policy", finding.Fix, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unlocked_account_default_is_set_and_locked_on_the_account()
    {
        var findings = LockAndResidencyAnalyzer.Analyze(
            Facts("abs", Compliance, new BucketLock(30, Irreversible: false, AccountDefault: true)) with { Bucket = "acmevideo/recordings" });

        Assert.Equal([FindingCodes.LockWeaker, FindingCodes.LockNotLocked], findings.Select(f => f.Code));
        Assert.Contains(
            "az storage account update --name acmevideo --immutability-period 2555 --immutability-state Unlocked --allow-protected-append-writes false), then lock it (az storage account update --name acmevideo --immutability-state Locked)",
            findings[0].Fix, StringComparison.Ordinal);
        Assert.Contains("Lock the account's version-level immutability default, which the container inherits (az storage account update --name acmevideo --immutability-state Locked)", findings[1].Fix, StringComparison.Ordinal);
        Assert.All(findings, f => Assert.DoesNotContain("immutability-policy", f.Fix, StringComparison.Ordinal));
    }

    [Fact]
    public void An_unlocked_container_policy_with_fewer_days_is_set_again_on_the_container()
    {
        var finding = Assert.Single(LockAndResidencyAnalyzer.Analyze(
            Facts("abs", Governance, new BucketLock(30, Irreversible: false)) with { Bucket = "acmevideo/recordings" }));

        Assert.Contains("az storage container immutability-policy create --account-name acmevideo --container-name recordings --period 365", finding.Fix, StringComparison.Ordinal);
        Assert.DoesNotContain("az storage account update", finding.Fix, StringComparison.Ordinal);
    }

    [Fact]
    public void Fewer_days_than_declared_is_a_weaker_lock()
    {
        var finding = Assert.Single(LockAndResidencyAnalyzer.Analyze(Facts("gcs", Governance, new BucketLock(364, Irreversible: true))));

        Assert.Equal(FindingCodes.LockWeaker, finding.Code);
        Assert.Contains("for 364 days, fewer than the 365-day governance lock", finding.Cause, StringComparison.Ordinal);
    }

    [Fact]
    public void S3_governance_where_compliance_is_declared_is_a_weaker_lock()
    {
        var finding = Assert.Single(LockAndResidencyAnalyzer.Analyze(Facts("s3", Compliance, new BucketLock(3000, Irreversible: false))));

        Assert.Equal((FindingCodes.LockWeaker, FindingSeverity.Problem), (finding.Code, finding.Severity));
        Assert.Contains("s3:BypassGovernanceRetention", finding.Cause, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("gcs", "--lock-retention-period")]
    [InlineData("abs", "immutability-policy lock")]
    public void An_unlocked_policy_where_compliance_is_declared_is_not_locked(string type, string fix)
    {
        var findings = LockAndResidencyAnalyzer.Analyze(Facts(type, Compliance, new BucketLock(30, Irreversible: false)));

        Assert.Equal([FindingCodes.LockWeaker, FindingCodes.LockNotLocked], findings.Select(f => f.Code));
        Assert.Contains(fix, findings[1].Fix, StringComparison.Ordinal);
    }

    [Fact]
    public void A_lock_that_cannot_be_read_is_a_warning_not_a_pass()
    {
        var finding = Assert.Single(LockAndResidencyAnalyzer.Analyze(Facts("s3", Compliance, actual: null) with { LockError = "AccessDenied" }));

        Assert.Equal((FindingCodes.LockUnreadable, FindingSeverity.Warning), (finding.Code, finding.Severity));
        Assert.Contains("s3:GetBucketObjectLockConfiguration", finding.Fix, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("s3", "eu-west-1", true)]
    [InlineData("gcs", "EUROPE-WEST1", true)]
    [InlineData("abs", "westeurope", true)]
    [InlineData("s3", "us-east-1", false)]
    [InlineData("gcs", "EU", false)]
    [InlineData("abs", "northeurope", false)]
    public void The_buckets_location_is_held_to_the_allowed_ones_in_its_clouds_names(string type, string location, bool allowed)
    {
        var facts = Facts(type, expected: null, actual: null) with { AllowedLocations = ["eu-west-1", "europe-west1", "westeurope"], Location = location };

        var findings = LockAndResidencyAnalyzer.Analyze(facts);

        if (allowed)
        {
            Assert.Empty(findings);
        }
        else
        {
            var finding = Assert.Single(findings);
            Assert.Equal((FindingCodes.ResidencyOutside, FindingSeverity.Problem), (finding.Code, finding.Severity));
            Assert.Contains($"is in {location}, outside allowedLocations (eu-west-1, europe-west1, westeurope)", finding.Cause, StringComparison.Ordinal);
        }
    }

    /// <summary>A configurable dual-region carries a multi-region's name (EU) and keeps its data in its two regions: those are held.</summary>
    [Theory]
    [InlineData(new[] { "EUROPE-WEST1", "EUROPE-WEST4" }, new[] { "europe-west1", "europe-west4" }, true)]
    [InlineData(new[] { "EUROPE-WEST1", "EUROPE-WEST4" }, new[] { "EU" }, true)]
    [InlineData(new[] { "EUROPE-WEST1", "EUROPE-NORTH1" }, new[] { "europe-west1", "europe-west4" }, false)]
    public void A_gcs_dual_region_is_held_by_the_regions_it_keeps_data_in(string[] regions, string[] allowedLocations, bool allowed)
    {
        var facts = Facts("gcs", expected: null, actual: null) with { AllowedLocations = allowedLocations, Location = "EU", DataLocations = regions };

        var findings = LockAndResidencyAnalyzer.Analyze(facts);

        if (allowed)
        {
            Assert.Empty(findings);
        }
        else
        {
            Assert.Contains($"is in EU ({string.Join(", ", regions)}), outside allowedLocations", Assert.Single(findings).Cause, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void A_location_that_cannot_be_read_is_a_warning_not_a_pass()
    {
        var facts = Facts("abs", expected: null, actual: null) with { AllowedLocations = ["westeurope"], LocationError = "HTTP 403 AuthorizationFailed" };

        var finding = Assert.Single(LockAndResidencyAnalyzer.Analyze(facts));

        Assert.Equal((FindingCodes.ResidencyUnreadable, FindingSeverity.Warning), (finding.Code, finding.Severity));
        Assert.Contains("HTTP 403 AuthorizationFailed", finding.Cause, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("2555:compliance", 2555, LockMode.Compliance)]
    [InlineData("1:governance", 1, LockMode.Governance)]
    public void The_declared_lock_reads_back_from_the_form_the_doctor_is_told(string value, int days, LockMode mode)
    {
        var expected = ExpectedLock.Parse(value);

        Assert.Equal(new ExpectedLock(days, mode), expected);
        Assert.Equal(value, expected.ToString());
    }

    [Theory]
    [InlineData("2555")]
    [InlineData("0:compliance")]
    [InlineData("-1:governance")]
    [InlineData("2555:Compliance")]
    [InlineData("2555:compliance:x")]
    public void A_declared_lock_not_of_the_form_is_refused(string value) =>
        Assert.Contains("is not DAYS:MODE", Assert.Throws<FormatException>(() => ExpectedLock.Parse(value)).Message, StringComparison.Ordinal);
}
