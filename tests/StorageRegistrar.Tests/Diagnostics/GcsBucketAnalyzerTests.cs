using System.Text.Json;
using Google.Apis.Json;
using Google.Apis.Storage.v1.Data;
using StorageRegistrar.Diagnostics;
using StorageRegistrar.Grants;

namespace StorageRegistrar.Tests.Diagnostics;

/// <summary>IAM policies below are <c>storage.buckets.getIamPolicy</c> responses (optionsRequestedPolicyVersion=3), read through the SDK's own types.</summary>
public sealed class GcsBucketAnalyzerTests
{
    private const string Bucket = "acme-recordings";
    private const string Writer = "stream-writer@acme-video.iam.gserviceaccount.com";

    private const string DefaultBindings = """
        {"kind":"storage#policy","resourceId":"projects/_/buckets/acme-recordings","version":3,"etag":"CAE=","bindings":[
          {"role":"roles/storage.legacyBucketOwner","members":["projectEditor:acme-video","projectOwner:acme-video"]},
          {"role":"roles/storage.legacyBucketReader","members":["projectViewer:acme-video"]}%EXTRA%]}
        """;

    private static GcsBucketFacts Facts(string extraBindings, string? serviceAccount = Writer) => new()
    {
        Bucket = Bucket,
        Path = "video/",
        ServiceAccountEmail = serviceAccount,
        Bindings = GcsBucketProbe.ReadBindings(
            NewtonsoftJsonSerializer.Instance.Deserialize<Policy>(DefaultBindings.Replace("%EXTRA%", extraBindings, StringComparison.Ordinal))),
    };

    private const string WriterBinding = """,{"role":"roles/storage.objectCreator","members":["serviceAccount:stream-writer@acme-video.iam.gserviceaccount.com"]}""";

    [Fact]
    public void The_object_creator_binding_passes() =>
        Assert.Empty(GcsBucketAnalyzer.Analyze(Facts(WriterBinding)));

    [Fact]
    public void A_bucket_with_only_the_default_bindings_lacks_the_writer()
    {
        var finding = Assert.Single(GcsBucketAnalyzer.Analyze(Facts("")));

        Assert.Equal(FindingCodes.GcsBindingMissing, finding.Code);
        Assert.Contains($"--member=serviceAccount:{Writer}", finding.Fix, StringComparison.Ordinal);
        Assert.Contains("roles/storage.objectCreator", finding.Fix, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_uniform_access_a_missing_writer_under_a_path_is_the_condition_the_bucket_refuses()
    {
        var refused = Assert.Single(GcsBucketAnalyzer.Analyze(Facts("") with { UniformBucketLevelAccess = false }));
        // At the bucket's root the grant carries no condition: it is simply missing.
        var whole = Assert.Single(GcsBucketAnalyzer.Analyze(Facts("") with { UniformBucketLevelAccess = false, Path = "" }));

        Assert.Equal((FindingCodes.GcsUniformAccessOff, FindingSeverity.Problem), (refused.Code, refused.Severity));
        Assert.Contains($"Bucket '{Bucket}' does not have uniform bucket-level access", refused.Cause, StringComparison.Ordinal);
        Assert.Contains($"gcloud storage buckets update gs://{Bucket} --uniform-bucket-level-access", refused.Fix, StringComparison.Ordinal);
        Assert.Equal(FindingCodes.GcsBindingMissing, whole.Code);
        Assert.Empty(GcsBucketAnalyzer.Analyze(Facts(WriterBinding) with { UniformBucketLevelAccess = false }));
    }

    [Fact]
    public void A_read_only_role_for_the_writer_is_not_enough()
    {
        const string viewer = """,{"role":"roles/storage.objectViewer","members":["serviceAccount:stream-writer@acme-video.iam.gserviceaccount.com"]}""";

        Assert.Equal(FindingCodes.GcsBindingMissing, Assert.Single(GcsBucketAnalyzer.Analyze(Facts(viewer))).Code);
    }

    [Fact]
    public void A_grant_to_another_service_account_does_not_count_for_the_writer()
    {
        const string other = """,{"role":"roles/storage.objectCreator","members":["serviceAccount:backup@acme-video.iam.gserviceaccount.com"]}""";

        Assert.Equal(FindingCodes.GcsBindingMissing, Assert.Single(GcsBucketAnalyzer.Analyze(Facts(other))).Code);
        Assert.Empty(GcsBucketAnalyzer.Analyze(Facts(other, serviceAccount: null)));
    }

    [Fact]
    public void Without_a_known_writer_a_bucket_no_service_account_may_write_is_a_problem() =>
        Assert.Equal(FindingCodes.GcsBindingMissing, Assert.Single(GcsBucketAnalyzer.Analyze(Facts("", serviceAccount: null))).Code);

    private static string ConditionalWriterBinding(string title, string expression) =>
        $$$""",{"role":"roles/storage.objectCreator","members":["serviceAccount:{{{Writer}}}"],"condition":{"title":"{{{title}}}","expression":{{{JsonSerializer.Serialize(expression)}}}}}""";

    [Fact]
    public void The_path_condition_the_product_writes_passes() =>
        Assert.Empty(GcsBucketAnalyzer.Analyze(Facts(ConditionalWriterBinding(GcsGrants.PathConditionTitle, GcsGrants.PathConditionExpression(Bucket, "video/")))));

    [Fact]
    public void A_condition_on_a_parent_prefix_covers_the_path() =>
        Assert.Empty(GcsBucketAnalyzer.Analyze(Facts(ConditionalWriterBinding("all media", GcsGrants.PathConditionExpression(Bucket, "")))));

    [Fact]
    public void A_grant_limited_to_another_path_is_a_path_mismatch()
    {
        var finding = Assert.Single(GcsBucketAnalyzer.Analyze(Facts(ConditionalWriterBinding("audio-only", GcsGrants.PathConditionExpression(Bucket, "audio/")))));

        Assert.Equal(FindingCodes.GcsBindingPathMismatch, finding.Code);
        Assert.Equal(FindingSeverity.Problem, finding.Severity);
        Assert.Contains("'audio/'", finding.Cause, StringComparison.Ordinal);
        Assert.Contains(GcsGrants.PathConditionExpression(Bucket, "video/"), finding.Fix, StringComparison.Ordinal);
    }

    [Fact]
    public void Another_kind_of_condition_is_a_warning_naming_it()
    {
        var finding = Assert.Single(GcsBucketAnalyzer.Analyze(Facts(ConditionalWriterBinding("until-2026", "request.time < timestamp(\"2026-01-01T00:00:00Z\")"))));

        Assert.Equal(FindingCodes.GcsBindingConditional, finding.Code);
        Assert.Equal(FindingSeverity.Warning, finding.Severity);
        Assert.Contains("until-2026", finding.Cause, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(404, FindingCodes.GcsBucketMissing)]
    [InlineData(403, FindingCodes.GcsBucketUnreadable)]
    public void A_failed_lookup_stops_the_analysis(int status, string code) =>
        Assert.Equal(code, Assert.Single(GcsBucketAnalyzer.Analyze(new GcsBucketFacts { Bucket = Bucket, LookupStatus = status })).Code);

    [Fact]
    public void A_bucket_whose_objects_list_is_not_missing_though_its_lookup_answered_404()
    {
        var finding = Assert.Single(GcsBucketAnalyzer.Analyze(Facts(WriterBinding) with { LookupStatus = 404, ObjectsListed = true }));

        Assert.Equal(FindingCodes.GcsFactUnreadable, finding.Code);
        Assert.Equal(FindingSeverity.Warning, finding.Severity);
        Assert.Contains("HTTP 404", finding.Cause, StringComparison.Ordinal);
    }

    [Fact]
    public void The_grants_of_a_bucket_whose_metadata_is_unreadable_are_still_checked() =>
        Assert.Equal(
            [FindingCodes.GcsFactUnreadable, FindingCodes.GcsBindingMissing],
            GcsBucketAnalyzer.Analyze(Facts("") with { LookupStatus = 403, ObjectsListed = true }).Select(f => f.Code));

    [Fact]
    public void An_unreadable_policy_is_a_warning_never_a_pass()
    {
        var finding = Assert.Single(GcsBucketAnalyzer.Analyze(
            new GcsBucketFacts { Bucket = Bucket, BindingsError = "HTTP 403 acme-operator does not have storage.buckets.getIamPolicy access" }));

        Assert.Equal((FindingCodes.GcsFactUnreadable, FindingSeverity.Warning), (finding.Code, finding.Severity));
    }
}
