using StorageRegistrar.Preflight.Gcp;

namespace StackPlanning.Tests;

/// <summary>
/// <c>keyCreationException: true</c>: a GCS storage's stack owns the project policies that lift the key constraints
/// there, before the key; refused elsewhere on its key path, once per project, and read by preflight.
/// </summary>
public sealed class KeyCreationExceptionTests
{
    private const string Gcs = """{ "name": "rec-gcs", "cloud": "gcs", "project": "acme-video", "location": "EU", "keyCreationException": true }""";

    [Fact]
    public void A_gcs_storage_that_opts_in_owns_a_policy_per_key_constraint_on_its_project_before_the_key_and_is_warned_of_propagation()
    {
        var plan = StackPlanner.Plan(StackInputs.WithStorages(Gcs));

        var gcs = Assert.IsType<GcsStoragePlan>(Assert.Single(plan.Storages));
        Assert.True(gcs.KeyCreationException);
        var resources = gcs.Resources(new ResourceNaming("9f8e7d6c", "acme-default"));
        var policies = resources.Where(r => r.Type == PulumiTypes.GcpOrgPolicy).ToList();
        Assert.Equal(
            [
                ("rec-gcs-key-creation-exception", "projects/acme-video/policies/iam.disableServiceAccountKeyCreation"),
                ("rec-gcs-managed-key-creation-exception", "projects/acme-video/policies/iam.managed.disableServiceAccountKeyCreation"),
            ],
            policies.Select(p => (p.Name, p.CloudName)));
        var names = resources.Select(r => r.Name).ToList();
        Assert.Equal(names.IndexOf("rec-gcs-writer-key") - 2, names.IndexOf("rec-gcs-key-creation-exception"));
        var warning = Assert.Single(plan.Warnings);
        Assert.Equal("storages[0].keyCreationException", warning.Field);
        Assert.Contains("up to 15 minutes", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_it_the_stack_owns_no_policy_and_says_nothing()
    {
        var plan = StackPlanner.Plan(StackInputs.WithStorages(Gcs.Replace("true", "false", StringComparison.Ordinal)));

        Assert.DoesNotContain(plan.Storages[0].Resources(new ResourceNaming("9f8e7d6c")), r => r.Type == PulumiTypes.GcpOrgPolicy);
        Assert.Empty(plan.Warnings);
    }

    [Theory]
    [InlineData("""{ "name": "rec-s3", "cloud": "s3", "region": "eu-west-1", "authMode": "keys", "keyCreationException": true }""", "does not apply to cloud \"s3\": it lifts GCP's constraints on service-account keys")]
    [InlineData("""{ "name": "rec-abs", "cloud": "abs", "location": "westeurope", "keyCreationException": true }""", "does not apply to cloud \"abs\": it lifts GCP's constraints on service-account keys")]
    [InlineData("""{ "name": "rec-gcs", "cloud": "gcs", "location": "EU", "keyCreationException": "yes" }""", "must be true or false.")]
    public void Another_cloud_or_a_value_that_is_not_a_boolean_is_refused_on_its_key(string storage, string message)
    {
        ConfigRefusal.AssertRefusedOnlyAt(StackInputs.WithStorages(storage), "storages[0].keyCreationException", message);
    }

    [Fact]
    public void Two_storages_of_one_project_cannot_both_own_its_exception()
    {
        var second = Gcs.Replace("rec-gcs", "rec-gcs-2", StringComparison.Ordinal);
        var otherProject = Gcs.Replace("rec-gcs", "rec-gcs-3", StringComparison.Ordinal).Replace("acme-video", "acme-archive", StringComparison.Ordinal);

        ConfigRefusal.AssertRefusedOnlyAt(
            StackInputs.WithStorages($"{Gcs}, {second}, {otherProject}"), "storages[1].keyCreationException", "is set by storages[0] for the same project already");
    }

    [Fact]
    public void Preflight_asks_for_the_right_to_set_the_projects_policies_and_knows_the_stack_lifts_the_key_constraints()
    {
        var plan = StackPlanner.Plan(StackInputs.WithStorages(Gcs));

        var target = Assert.IsType<GcpPreflightTarget>(Assert.Single(PreflightTargets.Of(plan, gcpDefaultProject: null)));

        Assert.True(target.LiftsKeyCreationConstraints);
        Assert.Equal(
            ["orgpolicy.policies.create", "orgpolicy.policies.update", "orgpolicy.policy.get"],
            target.Permissions.Where(p => p.Resource == "rec-gcs-key-creation-exception").Select(p => p.Permission));
    }

    [Fact]
    public void Another_gcs_storage_of_the_same_project_makes_its_key_after_that_exception_and_preflight_counts_it_lifted()
    {
        var sameProject = """{ "name": "rec-gcs-2", "cloud": "gcs", "project": "acme-video", "location": "EU" }""";
        var otherProject = """{ "name": "rec-gcs-3", "cloud": "gcs", "project": "acme-archive", "location": "EU" }""";

        var plan = StackPlanner.Plan(StackInputs.WithStorages($"{sameProject}, {Gcs}, {otherProject}"));

        var storages = plan.Storages.Cast<GcsStoragePlan>().ToList();
        Assert.Equal(["rec-gcs", null, null], storages.Select(s => s.KeyWaitsForExceptionOf));
        var key = Assert.Single(storages[0].Resources(new ResourceNaming("9f8e7d6c")), r => r.Type == PulumiTypes.GcpServiceAccountKey);
        Assert.Contains("made after rec-gcs's key-creation exception on the project", key.Summary, StringComparison.Ordinal);
        Assert.DoesNotContain(storages[0].Resources(new ResourceNaming("9f8e7d6c")), r => r.Type == PulumiTypes.GcpOrgPolicy);
        var targets = PreflightTargets.Of(plan, gcpDefaultProject: null).Cast<GcpPreflightTarget>().ToList();
        Assert.Equal([true, true, false], targets.Select(t => t.LiftsKeyCreationConstraints));
        Assert.Equal(["rec-gcs", "rec-gcs", null], targets.Select(t => t.KeyCreationExceptionOwner));
    }

    [Fact]
    public void Storages_left_to_the_providers_default_project_share_its_exception()
    {
        var owner = """{ "name": "rec-gcs", "cloud": "gcs", "location": "EU", "keyCreationException": true }""";
        var other = """{ "name": "rec-gcs-2", "cloud": "gcs", "location": "EU" }""";

        var plan = StackPlanner.Plan(StackInputs.WithStorages($"{owner}, {other}"));

        Assert.Equal([null, "rec-gcs"], plan.Storages.Cast<GcsStoragePlan>().Select(s => s.KeyWaitsForExceptionOf));
    }

    [Theory]
    [InlineData(
        """{ "name": "rec-gcs", "cloud": "gcs", "location": "EU", "keyCreationException": true }""",
        """{ "name": "rec-gcs-2", "cloud": "gcs", "project": "acme-video", "location": "EU" }""",
        "storages[0] sets keyCreationException for the gcp provider's default project, and this storage names \"acme-video\", which may be the same project: name the project on both storages, or on neither")]
    [InlineData(
        Gcs,
        """{ "name": "rec-gcs-2", "cloud": "gcs", "location": "EU" }""",
        "storages[0] sets keyCreationException for project \"acme-video\", and this storage names no project, so it deploys into the gcp provider's default project, which may be the same project: name the project on both storages, or on neither")]
    [InlineData(
        """{ "name": "rec-gcs", "cloud": "gcs", "location": "EU", "keyCreationException": true }""",
        """{ "name": "rec-gcs-2", "cloud": "gcs", "project": "acme-video", "location": "EU", "keyCreationException": true }""",
        "storages[0] sets keyCreationException for the gcp provider's default project, and this storage names \"acme-video\", which may be the same project")]
    public void A_storage_that_may_share_the_exception_must_name_its_project_as_the_owner_does(string first, string second, string message)
    {
        ConfigRefusal.AssertRefusedOnlyAt(StackInputs.WithStorages($"{first}, {second}"), "storages[1].project", message);
    }

    [Fact]
    public void The_mixed_forms_are_refused_on_the_storage_whatever_its_place_in_the_list()
    {
        var waiter = """{ "name": "rec-gcs-2", "cloud": "gcs", "location": "EU" }""";

        ConfigRefusal.AssertRefusedAt(StackInputs.WithStorages($"{waiter}, {Gcs}"), "storages[0].project", "storages[1] sets keyCreationException for project \"acme-video\"");
    }

    [Fact]
    public void Without_an_exception_storages_may_mix_named_and_default_projects()
    {
        var named = Gcs.Replace(""", "keyCreationException": true""", "", StringComparison.Ordinal);
        var unnamed = """{ "name": "rec-gcs-2", "cloud": "gcs", "location": "EU" }""";

        var plan = StackPlanner.Plan(StackInputs.WithStorages($"{named}, {unnamed}"));

        Assert.Equal(2, plan.Storages.Count);
    }
}
