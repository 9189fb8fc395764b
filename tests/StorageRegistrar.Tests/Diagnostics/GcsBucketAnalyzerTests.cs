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

    /// <summary>The binding pulumi up makes for the path video/.</summary>
    private static string StacksBinding => ConditionalWriterBinding(GcsGrants.PathConditionTitle, GcsGrants.PathConditionExpression(Bucket, "video/"));

    [Fact]
    public void The_object_creator_binding_without_a_condition_passes_for_a_storage_without_a_path() =>
        Assert.Empty(GcsBucketAnalyzer.Analyze(Facts(WriterBinding) with { Path = "" }));

    [Fact]
    public void Under_a_path_the_object_creator_binding_without_a_condition_is_wider_with_the_condition_the_stack_sets()
    {
        var finding = Assert.Single(GcsBucketAnalyzer.Analyze(Facts(WriterBinding)));

        Assert.Equal((FindingCodes.GcsGrantWider, FindingSeverity.Warning), (finding.Code, finding.Severity));
        Assert.Equal(
            $"Service account {Writer} holds roles/storage.objectCreator on bucket '{Bucket}' with no condition: beyond creating objects under 'video/', the stack's grant, it reaches objects outside 'video/' (every object in the bucket).",
            finding.Cause);
        Assert.Equal(
            $"Keep serviceAccount:{Writer} to roles/storage.objectCreator on the bucket under the IAM condition resource.name.startsWith(\"projects/_/buckets/{Bucket}/objects/video/\") (title \"Stream recordings path\"), as pulumi up grants it: take it out of this binding of roles/storage.objectCreator.",
            finding.Fix);
    }

    [Fact]
    public void A_bucket_with_only_the_default_bindings_lacks_the_writer()
    {
        var finding = Assert.Single(GcsBucketAnalyzer.Analyze(Facts("")));
        var atRoot = Assert.Single(GcsBucketAnalyzer.Analyze(Facts("") with { Path = "" }));

        Assert.Equal(FindingCodes.GcsBindingMissing, finding.Code);
        // Under a path the grant to make is the stack's, kept to it by its condition; at the root, without one.
        Assert.Equal(
            $"Grant it roles/storage.objectCreator on the bucket under the IAM condition resource.name.startsWith(\"projects/_/buckets/{Bucket}/objects/video/\") (title \"Stream recordings path\") (pulumi up does it): "
            + $"gcloud storage buckets add-iam-policy-binding gs://{Bucket} --member=serviceAccount:{Writer} --role=roles/storage.objectCreator --condition-from-file=FILE, FILE a JSON file with that expression and title. New grants can take minutes to apply.",
            finding.Fix);
        Assert.Equal(
            $"Grant it roles/storage.objectCreator on the bucket (pulumi up does it): gcloud storage buckets add-iam-policy-binding gs://{Bucket} --member=serviceAccount:{Writer} --role=roles/storage.objectCreator. New grants can take minutes to apply.",
            atRoot.Fix);
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
        // A writer without a condition is found wider, not refused: the fix turns uniform access on before the condition.
        var wider = Assert.Single(GcsBucketAnalyzer.Analyze(Facts(WriterBinding) with { UniformBucketLevelAccess = false }));
        Assert.Equal(FindingCodes.GcsGrantWider, wider.Code);
        Assert.StartsWith($"Turn uniform bucket-level access on first (gcloud storage buckets update gs://{Bucket} --uniform-bucket-level-access)", wider.Fix, StringComparison.Ordinal);
    }

    /// <summary>Reading every object of the bucket is no write, and more than the stack grants.</summary>
    [Fact]
    public void A_read_only_role_for_the_writer_is_not_enough()
    {
        const string viewer = """,{"role":"roles/storage.objectViewer","members":["serviceAccount:stream-writer@acme-video.iam.gserviceaccount.com"]}""";

        Assert.Equal([FindingCodes.GcsBindingMissing, FindingCodes.GcsGrantWider], GcsBucketAnalyzer.Analyze(Facts(viewer)).Select(f => f.Code));
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
        Assert.Empty(GcsBucketAnalyzer.Analyze(Facts(StacksBinding)));

    [Fact]
    public void A_condition_on_a_folder_under_the_path_is_no_wider() =>
        Assert.Empty(GcsBucketAnalyzer.Analyze(Facts(StacksBinding + ConditionalWriterBinding("video calls", GcsGrants.PathConditionExpression(Bucket, "video/calls/")))));

    /// <summary>A prefix the path starts with lets Stream write there, and beside it: the bucket root, or a name only starting like the path.</summary>
    [Theory]
    [InlineData("", "every object in the bucket")]
    [InlineData("vid", "every name starting with 'vid'")]
    [InlineData("video", "every name starting with 'video'")]
    public void A_condition_on_a_shorter_prefix_covers_the_path_but_is_wider(string prefix, string reach)
    {
        var finding = Assert.Single(GcsBucketAnalyzer.Analyze(Facts(ConditionalWriterBinding("all media", GcsGrants.PathConditionExpression(Bucket, prefix)))));

        Assert.Equal((FindingCodes.GcsGrantWider, FindingSeverity.Warning), (finding.Code, finding.Severity));
        Assert.Contains($"under IAM condition \"all media\": beyond creating objects under 'video/', the stack's grant, it reaches objects outside 'video/' ({reach}).", finding.Cause, StringComparison.Ordinal);
        Assert.Contains(GcsGrants.PathConditionExpression(Bucket, "video/"), finding.Fix, StringComparison.Ordinal);
    }

    [Fact]
    public void A_grant_limited_to_another_path_is_a_path_mismatch_and_outside_the_path()
    {
        var findings = GcsBucketAnalyzer.Analyze(Facts(ConditionalWriterBinding("audio-only", GcsGrants.PathConditionExpression(Bucket, "audio/"))));

        var finding = Assert.Single(findings, f => f.Code != FindingCodes.GcsGrantWider);
        Assert.Equal(FindingCodes.GcsBindingPathMismatch, finding.Code);
        Assert.Equal(FindingSeverity.Problem, finding.Severity);
        Assert.Contains("'audio/'", finding.Cause, StringComparison.Ordinal);
        Assert.Contains(GcsGrants.PathConditionExpression(Bucket, "video/"), finding.Fix, StringComparison.Ordinal);
        Assert.Contains("every name starting with 'audio/'", Assert.Single(findings, f => f.Code == FindingCodes.GcsGrantWider).Cause, StringComparison.Ordinal);
    }

    /// <summary>Roles that hold more than creating objects, each bound beside the stack's own binding.</summary>
    [Theory]
    [InlineData("roles/storage.objectAdmin", true)]
    [InlineData("roles/storage.admin", false)]
    [InlineData("roles/storage.legacyBucketWriter", true)]
    [InlineData("roles/storage.objectUser", true)]
    public void A_role_beyond_object_creator_is_wider_with_or_without_the_path_condition(string role, bool underThePathCondition)
    {
        var binding = underThePathCondition
            ? $$$""",{"role":"{{{role}}}","members":["serviceAccount:{{{Writer}}}"],"condition":{"title":"{{{GcsGrants.PathConditionTitle}}}","expression":{{{JsonSerializer.Serialize(GcsGrants.PathConditionExpression(Bucket, "video/"))}}}}}"""
            : $$$""",{"role":"{{{role}}}","members":["serviceAccount:{{{Writer}}}","serviceAccount:backup@acme-video.iam.gserviceaccount.com"]}""";

        var finding = Assert.Single(GcsBucketAnalyzer.Analyze(Facts(StacksBinding + binding)));

        Assert.Equal((FindingCodes.GcsGrantWider, FindingSeverity.Warning), (finding.Code, finding.Severity));
        Assert.StartsWith($"Service account {Writer} holds {role} on bucket '{Bucket}' ", finding.Cause, StringComparison.Ordinal);
        Assert.EndsWith($"what {role} holds beyond creating objects.", finding.Cause, StringComparison.Ordinal);
        Assert.Equal(!underThePathCondition, finding.Cause.Contains("objects outside 'video/' (every object in the bucket)", StringComparison.Ordinal));
        Assert.EndsWith($"take it out of this binding of {role}.", finding.Fix, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_a_path_only_a_role_beyond_object_creator_is_wider()
    {
        const string admin = """,{"role":"roles/storage.objectAdmin","members":["serviceAccount:stream-writer@acme-video.iam.gserviceaccount.com"]}""";

        var finding = Assert.Single(GcsBucketAnalyzer.Analyze(Facts(admin) with { Path = "" }));

        Assert.Equal(FindingCodes.GcsGrantWider, finding.Code);
        Assert.Equal(
            $"Service account {Writer} holds roles/storage.objectAdmin on bucket '{Bucket}' with no condition: beyond creating objects in the bucket, the stack's grant, it reaches what roles/storage.objectAdmin holds beyond creating objects.",
            finding.Cause);
        Assert.Equal($"Keep serviceAccount:{Writer} to roles/storage.objectCreator on the bucket, as pulumi up grants it: take it out of this binding of roles/storage.objectAdmin.", finding.Fix);
    }

    /// <summary>
    /// A condition other than the prefix pulumi up writes, a custom role whose permissions are not read, a condition on
    /// another bucket's objects, and an unnamed service account are not claimed wider.
    /// </summary>
    [Fact]
    public void What_the_doctor_cannot_judge_is_not_claimed_wider()
    {
        var timeBound = $$$""",{"role":"roles/storage.objectAdmin","members":["serviceAccount:{{{Writer}}}"],"condition":{"title":"until-2026","expression":"request.time < timestamp(\"2026-01-01T00:00:00Z\")"}}""";
        var custom = $$$""",{"role":"projects/acme-video/roles/recordingsWriter","members":["serviceAccount:{{{Writer}}}"]}""";
        var otherBucket = ConditionalWriterBinding("elsewhere", GcsGrants.PathConditionExpression("acme-archive", ""));

        Assert.Empty(GcsBucketAnalyzer.Analyze(Facts(StacksBinding + timeBound + custom + otherBucket)));
        Assert.Empty(GcsBucketAnalyzer.Analyze(Facts(WriterBinding, serviceAccount: null)));
    }

    [Fact]
    public void Another_kind_of_condition_is_a_warning_naming_it()
    {
        var finding = Assert.Single(GcsBucketAnalyzer.Analyze(Facts(ConditionalWriterBinding("until-2026", "request.time < timestamp(\"2026-01-01T00:00:00Z\")"))));

        Assert.Equal(FindingCodes.GcsBindingConditional, finding.Code);
        Assert.Equal(FindingSeverity.Warning, finding.Severity);
        Assert.Contains("until-2026", finding.Cause, StringComparison.Ordinal);
        Assert.EndsWith($"or grant roles/storage.objectCreator on the bucket under the IAM condition {GcsGrants.PathConditionExpression(Bucket, "video/")} (title \"Stream recordings path\") instead (pulumi up does it).", finding.Fix, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(404, FindingCodes.GcsBucketMissing)]
    [InlineData(403, FindingCodes.GcsBucketUnreadable)]
    public void A_failed_lookup_stops_the_analysis(int status, string code) =>
        Assert.Equal(code, Assert.Single(GcsBucketAnalyzer.Analyze(new GcsBucketFacts { Bucket = Bucket, LookupStatus = status })).Code);

    [Fact]
    public void A_bucket_whose_objects_list_is_not_missing_though_its_lookup_answered_404()
    {
        var finding = Assert.Single(GcsBucketAnalyzer.Analyze(Facts(StacksBinding) with { LookupStatus = 404, ObjectsListed = true }));

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
