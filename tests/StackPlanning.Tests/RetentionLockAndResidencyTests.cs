
namespace StackPlanning.Tests;

/// <summary>The retention lock (<c>immutability</c>) and residency (<c>allowedLocations</c>): their rules at plan time and what the plan says.</summary>
public sealed class RetentionLockAndResidencyTests
{
    private const string S3 = "\"name\": \"rec\", \"cloud\": \"s3\", \"region\": \"eu-west-1\"";
    private const string Gcs = "\"name\": \"rec\", \"cloud\": \"gcs\", \"location\": \"EU\"";
    private const string Abs = "\"name\": \"rec\", \"cloud\": \"abs\", \"location\": \"westeurope\"";

    /// <summary>(stack JSON, key path, start of the message), refused by <see cref="BadConfigurationTests"/>. Storages are written as the inside of one object.</summary>
    public static TheoryData<string, string, string> BadConfigs => new()
    {
        { Stack($$"""{ {{S3}}, "immutability": { "days": 30, "mode": "legal-hold" } }"""), "storages[0].immutability.mode", "\"legal-hold\" is not one of \"governance\", \"compliance\"" },
        { Stack($$"""{ {{S3}}, "immutability": { "days": 30, "mode": "Compliance" } }"""), "storages[0].immutability.mode", "\"Compliance\" is case-sensitive" },
        { Stack($$"""{ {{S3}}, "immutability": { "days": 0, "mode": "governance" } }"""), "storages[0].immutability.days", "must be a whole number of days from 1 to 36500" },
        { Stack($$"""{ {{S3}}, "immutability": { "days": -7, "mode": "governance" } }"""), "storages[0].immutability.days", "must be a whole number of days from 1 to 36500" },
        { Stack($$"""{ {{S3}}, "immutability": { "days": 36501, "mode": "governance" } }"""), "storages[0].immutability.days", "must be a whole number of days from 1 to 36500" },
        { Stack($$"""{ {{Gcs}}, "immutability": { "days": 36526, "mode": "governance" } }"""), "storages[0].immutability.days", "must be a whole number of days from 1 to 36525" },
        { Stack($$"""{ {{Abs}}, "immutability": { "days": 146001, "mode": "governance" } }"""), "storages[0].immutability.days", "must be a whole number of days from 1 to 146000" },
        { Stack($$"""{ {{S3}}, "immutability": { "days": 7.5, "mode": "governance" } }"""), "storages[0].immutability.days", "must be a whole number of days" },
        { Stack($$"""{ {{S3}}, "immutability": { "days": "365", "mode": "governance" } }"""), "storages[0].immutability.days", "must be a whole number of days" },
        { Stack($$"""{ {{S3}}, "immutability": { "mode": "governance" } }"""), "storages[0].immutability.days", "is required" },
        { Stack($$"""{ {{S3}}, "immutability": { "days": 30 } }"""), "storages[0].immutability.mode", "is required" },
        { Stack($$"""{ {{S3}}, "immutability": { "days": 30, "mode": "governance", "years": 1 } }"""), "storages[0].immutability.years", "is not a known setting" },
        { Stack($$"""{ {{S3}}, "immutability": { "dayz": 30, "mode": "governance" } }"""), "storages[0].immutability.dayz", "is not a known setting: did you mean \"days\"?" },
        { Stack($$"""{ {{S3}}, "immutability": 365 }"""), "storages[0].immutability", "must be an object" },
        { Stack($$"""{ {{S3}}, "immutability": { "days": 30, "mode": "compliance" }, "dataProtection": "forceDestroy" }""", production: false), "storages[0].immutability.mode", "\"compliance\" keeps every recording for 30 days, so \"forceDestroy\"" },
        { Stack("""{ "name": "rec", "cloud": "gcs", "location": "EU", "immutability": { "days": 30, "mode": "governance" }, "dataProtection": "forceDestroy" }""", production: false), "storages[0].dataProtection", "\"forceDestroy\" could not delete the bucket for 30 days: a GCS retention policy refuses to delete a recording younger than its period whether it is locked or not" },
        { Stack($$"""{ {{Abs}}, "immutability": { "days": 30, "mode": "governance" }, "dataProtection": "forceDestroy" }""", production: false), "storages[0].dataProtection", "\"forceDestroy\" could not delete the bucket for 30 days: Azure refuses to delete a storage account or container while it holds a blob version under an immutability policy" },
        { Stack($$"""{ {{S3}}, "immutability": { "days": 30, "mode": "compliance" } }""", production: false), "storages[0].immutability.mode", "\"compliance\" cannot be undone, and this stack is ephemeral" },
        { Stack($$"""{ {{S3}}, "immutability": { "days": 365, "mode": "governance" }, "retentionDays": 90 }"""), "storages[0].retentionDays", "expires recordings after 90 days, before their 365-day lock ends" },
        { Stack($$"""{ {{S3}}, "immutability": { "days": 30, "mode": "governance" }, "versioning": false }"""), "storages[0].versioning", "is false, but S3 Object Lock" },
        { Stack($$"""{ {{Gcs}}, "immutability": { "days": 30, "mode": "governance" }, "versioning": true }"""), "storages[0].versioning", "is true, but GCS keeps no object versions" },
        { Stack($$"""{ {{Gcs}}, "immutability": { "days": 30, "mode": "governance" }, "noncurrentVersionDays": 7 }"""), "storages[0].noncurrentVersionDays", "has no versions to expire" },
        { Stack("""{ "name": "rec", "cloud": "s3compatible", "endpoint": "https://acct.r2.cloudflarestorage.com", "bucket": "calls", "accessKeyId": "0123456789abcdef0123", "secretAccessKey": "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", "immutability": { "days": 30, "mode": "governance" } }"""), "storages[0].immutability", "does not apply to cloud \"s3compatible\": the stack creates nothing at an S3-compatible store" },
        {
            Stack("""{ "name": "a", "cloud": "gcs", "existingBucket": "acme-media", "path": "a/", "immutability": { "days": 30, "mode": "governance" } }, { "name": "b", "cloud": "gcs", "existingBucket": "acme-media", "path": "b/", "immutability": { "days": 30, "mode": "compliance" } }"""),
            "storages[1].immutability", "differs from storages[0]'s (30 days, governance), which is on the same existingBucket \"acme-media\": a bucket has one lock."
        },
        { Stack($$"""{ {{S3}} }""", allowed: """["eu-central-1"]"""), "storages[0].region", "\"eu-west-1\" is outside allowedLocations (eu-central-1)" },
        { Stack($$"""{ {{Gcs}} }""", allowed: """["europe-west1"]"""), "storages[0].location", "\"EU\" is outside allowedLocations" },
        { Stack($$"""{ {{Abs}} }""", allowed: """["northeurope", "EU"]"""), "storages[0].location", "\"westeurope\" is outside allowedLocations" },
        { Stack($$"""{ {{S3}} }""", allowed: "[]"), "allowedLocations", "must be a list of at least one" },
        { Stack($$"""{ {{S3}} }""", allowed: "\"eu-west-1\""), "allowedLocations", "must be a list of at least one" },
        { Stack($$"""{ {{S3}} }""", allowed: """["eu-west-1", 42]"""), "allowedLocations[1]", "must be a region or location name" },
        { Stack($$"""{ {{S3}} }""", allowed: """["eu-west-1", ""]"""), "allowedLocations[1]", "must be a region or location name" },
        { Stack($$"""{ {{S3}} }""", allowed: """["eu-west-1", "eu west 2"]"""), "allowedLocations[1]", "must be a region or location name" },
        { Stack($$"""{ {{S3}} }""", allowed: """["eu-west-1", "EU-WEST-1"]"""), "allowedLocations[1]", "\"EU-WEST-1\" is listed twice" },
        {
            Stack($$"""{ {{S3}} }""", allowed: $"[{string.Join(", ", Enumerable.Range(1, 1200).Select(i => $"\"loc-{i}\""))}]"),
            "storages[0].region", "\"eu-west-1\" is outside allowedLocations (loc-1, loc-2, loc-3, loc-4, loc-5, loc-6, loc-7, loc-8, loc-9, loc-10 and 1,190 more): place"
        },
        { Stack($$"""{ {{S3}} }""", allowed: """["eu-west-1\n"]"""), "allowedLocations[0]", "must be a region or location name" },
    };

    /// <summary>A storage is not held to a list with a refused entry: its location may be the one refused, and only that entry is named.</summary>
    [Fact]
    public void A_refused_entry_of_allowed_locations_is_named_alone_and_no_storage_is_held_to_the_rest()
    {
        ConfigRefusal.AssertRefusedOnlyAt(StackInputs.FromJson(Stack($$"""{ {{S3}} }""", allowed: """["eu west 1"]""")), "allowedLocations[0]", "must be a region or location name");
        ConfigRefusal.AssertRefusedOnlyAt(StackInputs.FromJson(Stack($$"""{ {{S3}} }""", allowed: """["eu-central-1", "eu_west_1"]""")), "allowedLocations[1]", "must be a region or location name");
    }

    [Fact]
    public void A_lock_reaches_the_plan_and_its_check_files_expire_the_day_after_it_ends()
    {
        var plan = StackPlanner.Plan(StackInputs.FromJson(Stack($$"""{ {{S3}}, "immutability": { "days": 2555, "mode": "compliance" }, "retentionDays": 2555 }""")));

        var storage = Assert.IsType<S3StoragePlan>(Assert.Single(plan.Storages));
        Assert.Equal(new Immutability(2555, ImmutabilityMode.Compliance), storage.Immutability);
        Assert.True(storage.LocksBucket);
        Assert.Equal(2556, storage.Lifecycle.Single(r => r.Action == LifecycleAction.ExpireCheckFiles).Days);
        Assert.Equal([S3BucketSetting.Versioning, S3BucketSetting.ObjectLock, S3BucketSetting.Lifecycle], storage.SettingsOrder.TakeLast(3));
        Assert.Contains(plan.Warnings, w => w.Field == "storages[0].immutability.mode" && w.Message.StartsWith("\"compliance\" cannot be undone", StringComparison.Ordinal));
    }

    [Fact]
    public void An_S3_governance_lock_under_forceDestroy_goes_with_its_bucket_and_leaves_versioning_alone()
    {
        var plan = StackPlanner.Plan(StackInputs.FromJson(Stack($$"""{ {{S3}}, "immutability": { "days": 30, "mode": "governance" }, "dataProtection": "forceDestroy" }""", production: false)));

        var storage = Assert.IsType<S3StoragePlan>(Assert.Single(plan.Storages));
        Assert.False(storage.KeepsBucket);
        Assert.Equal([S3BucketSetting.Versioning], storage.SettingsOrder.Where(storage.KeepsSettingOnDelete));
    }

    [Fact]
    public void A_kept_locked_S3_bucket_keeps_its_versioning_which_S3_would_refuse_to_suspend()
    {
        var plan = StackPlanner.Plan(StackInputs.FromJson(Stack($$"""{ {{S3}}, "immutability": { "days": 30, "mode": "governance" } }""")));

        var storage = Assert.IsType<S3StoragePlan>(Assert.Single(plan.Storages));
        Assert.True(storage.KeepsBucket);
        Assert.True(storage.KeepsSettingOnDelete(S3BucketSetting.Versioning));
        Assert.False(storage.KeepsSettingOnDelete(S3BucketSetting.BucketPolicy));
    }

    [Fact]
    public void A_locked_gcs_bucket_is_unversioned_and_keeps_no_noncurrent_rule()
    {
        var plan = StackPlanner.Plan(StackInputs.FromJson(Stack($$"""{ {{Gcs}}, "immutability": { "days": 30, "mode": "governance" } }""")));

        var storage = Assert.IsType<GcsStoragePlan>(Assert.Single(plan.Storages));
        Assert.False(storage.Versioning);
        Assert.DoesNotContain(storage.Lifecycle, r => r.Action == LifecycleAction.ExpireNoncurrentVersions);
        Assert.Empty(plan.Warnings);
    }

    [Fact]
    public void An_existing_bucket_declares_the_lock_it_is_expected_to_have_and_the_stack_does_not_apply_it()
    {
        var plan = StackPlanner.Plan(StackInputs.FromJson(Stack("""{ "name": "rec", "cloud": "gcs", "existingBucket": "acme-media", "path": "stream/", "immutability": { "days": 30, "mode": "compliance" } }""")));

        var storage = Assert.Single(plan.Storages);
        Assert.Equal(new Immutability(30, ImmutabilityMode.Compliance), storage.Immutability);
        Assert.False(storage.LocksBucket);
    }

    [Fact]
    public void Storages_on_one_existing_bucket_plan_where_no_two_declare_different_locks()
    {
        var plan = StackPlanner.Plan(StackInputs.FromJson(Stack("""
            { "name": "a", "cloud": "gcs", "existingBucket": "acme-media", "path": "a/", "immutability": { "days": 30, "mode": "governance" } },
            { "name": "b", "cloud": "gcs", "existingBucket": "acme-media", "path": "b/" },
            { "name": "c", "cloud": "gcs", "existingBucket": "acme-media", "path": "c/", "immutability": { "days": 30, "mode": "governance" } },
            { "name": "d", "cloud": "abs", "existingBucket": "media", "existingAccount": "acmeone", "resourceGroup": "rg", "path": "d/", "immutability": { "days": 7, "mode": "governance" } },
            { "name": "e", "cloud": "abs", "existingBucket": "media", "existingAccount": "acmetwo", "resourceGroup": "rg", "path": "e/", "immutability": { "days": 9, "mode": "governance" } }
            """)));

        Assert.Equal([30, null, 30, 7, 9], plan.Storages.Select(s => s.Immutability?.Days));
    }

    [Fact]
    public void Storages_inside_the_allowed_locations_plan_in_any_case_for_gcs_and_azure()
    {
        var plan = StackPlanner.Plan(StackInputs.FromJson($$"""
            { "allowedLocations": ["eu-west-1", "eu", "WestEurope"],
              "storages": [ { {{S3}} }, { "name": "gcs", "cloud": "gcs", "location": "EU" }, { "name": "abs", "cloud": "abs", "location": "westeurope" },
                            { "name": "old", "cloud": "gcs", "existingBucket": "acme-media", "path": "stream/" } ] }
            """));

        Assert.Equal(4, plan.Storages.Count);
        Assert.Equal(["eu-west-1", "eu", "WestEurope"], plan.AllowedLocations);
    }

    [Fact]
    public void Policy_mode_is_said_to_trust_every_stream_app_and_keys_mode_is_not()
    {
        var plan = StackPlanner.Plan(StackInputs.FromJson("""{ "storages": [ { "name": "policy", "cloud": "s3", "region": "eu-west-1" }, { "name": "keys", "cloud": "s3", "region": "eu-west-1", "authMode": "keys" } ] }"""));

        Assert.Equal([true, false], plan.Storages.Cast<S3StoragePlan>().Select(s => s.TrustsEveryStreamApp));
    }

    private static string Stack(string storage, bool production = true, string? allowed = null) =>
        $$"""{ "production": {{(production ? "true" : "false")}}, {{(allowed is null ? "" : $"\"allowedLocations\": {allowed},")}} "storages": [ {{storage}} ] }""";
}
