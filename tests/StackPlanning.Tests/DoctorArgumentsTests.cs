using StackPlanning;

namespace StackPlanning.Tests;

/// <summary>The stack output a drift check hands to <c>stream-storage doctor --all</c>.</summary>
public sealed class DoctorArgumentsTests
{
    private static readonly StackPlan Plan = StackPlanner.Plan(StackInputs.WithStorages("""
        { "name": "rec-keys", "cloud": "s3", "region": "eu-west-1", "authMode": "keys", "credentialMaxAgeDays": 90 },
        { "name": "rec-policy", "cloud": "s3", "region": "us-east-2" },
        { "name": "rec-gcs", "cloud": "gcs", "location": "EU", "credentialMaxAgeDays": 180 },
        { "name": "rec-abs", "cloud": "abs", "location": "westeurope" },
        { "name": "rec-r2", "cloud": "s3compatible", "endpoint": "https://acct.r2.cloudflarestorage.com", "bucket": "calls", "region": "auto",
          "accessKeyId": "0123456789abcdef0123", "secretAccessKey": "r2-secret-value" }
        """));

    private static StoragePlan Storage(string name) => Plan.Storages.Single(s => s.StreamName == name);

    [Fact]
    public void Each_cloud_names_what_stream_does_not_return_for_that_storage_alone()
    {
        Assert.Equal(
            "--region rec-keys=eu-west-1 --iam-user rec-keys=stream-dev-rec-keys-9f8e7d6c --bucket-created rec-keys=true --max-age-days rec-keys=90",
            DoctorArguments.For(Storage("rec-keys"), "stream-dev-rec-keys-9f8e7d6c", azureAccount: null));
        Assert.Equal("--region rec-policy=us-east-2 --bucket-created rec-policy=true", DoctorArguments.For(Storage("rec-policy"), identity: null, azureAccount: null));
        Assert.Equal(
            "--service-account rec-gcs=stream-rec-gcs-9f8e7d6c@acme.iam.gserviceaccount.com --bucket-created rec-gcs=true --max-age-days rec-gcs=180",
            DoctorArguments.For(Storage("rec-gcs"), "stream-rec-gcs-9f8e7d6c@acme.iam.gserviceaccount.com", azureAccount: null));
        Assert.Equal(
            "--account rec-abs=strecabs9f8e7d6c --client-id rec-abs=0b7e3f55-8c1d-4a9e-b2f4-6d5c4b3a2910 --bucket-created rec-abs=true",
            DoctorArguments.For(Storage("rec-abs"), "0b7e3f55-8c1d-4a9e-b2f4-6d5c4b3a2910", "strecabs9f8e7d6c"));
        Assert.Equal(
            "--endpoint rec-r2=https://acct.r2.cloudflarestorage.com --region rec-r2=auto",
            DoctorArguments.For(Storage("rec-r2"), identity: null, azureAccount: null));
    }

    [Fact]
    public void The_stacks_arguments_join_every_storages_and_carry_no_secret()
    {
        var stack = DoctorArguments.Combine(
        [
            DoctorArguments.For(Storage("rec-policy"), identity: null, azureAccount: null),
            DoctorArguments.For(Storage("rec-r2"), identity: null, azureAccount: null),
        ]);

        Assert.Equal("--region rec-policy=us-east-2 --bucket-created rec-policy=true --endpoint rec-r2=https://acct.r2.cloudflarestorage.com --region rec-r2=auto", stack);
        Assert.DoesNotContain("r2-secret-value", stack, StringComparison.Ordinal);
        Assert.DoesNotContain("0123456789abcdef0123", stack, StringComparison.Ordinal);
    }

    [Fact]
    public void The_declared_lock_the_residency_rule_and_the_azure_container_id_reach_the_doctor()
    {
        var plan = StackPlanner.Plan(StackInputs.FromJson("""
            { "allowedLocations": ["eu-west-1", "westeurope"], "storages": [
              { "name": "rec-s3", "cloud": "s3", "region": "eu-west-1", "existingBucket": "acme-calls", "authMode": "keys", "immutability": { "days": 2555, "mode": "compliance" } },
              { "name": "rec-abs", "cloud": "abs", "location": "westeurope", "path": "calls/", "immutability": { "days": 30, "mode": "governance" } },
              { "name": "rec-r2", "cloud": "s3compatible", "endpoint": "https://acct.r2.cloudflarestorage.com", "bucket": "calls", "region": "auto",
                "accessKeyId": "0123456789abcdef0123", "secretAccessKey": "r2-secret-value" } ] }
            """));

        Assert.Equal(
            "--region rec-s3=eu-west-1 --immutability rec-s3=2555:compliance --allowed-locations rec-s3=eu-west-1,westeurope",
            DoctorArguments.For(plan.Storages[0], identity: null, azureAccount: null));
        Assert.Equal(
            "--account rec-abs=strecabs9f8e7d6c --client-id rec-abs=0b7e3f55-8c1d-4a9e-b2f4-6d5c4b3a2910"
            + " --container-id rec-abs=/subscriptions/sub-1/resourceGroups/rg-dev-rec-abs/providers/Microsoft.Storage/storageAccounts/strecabs9f8e7d6c/blobServices/default/containers/recordings"
            + " --bucket-created rec-abs=true --immutability rec-abs=30:governance --allowed-locations rec-abs=eu-west-1,westeurope",
            DoctorArguments.For(plan.Storages[1], "0b7e3f55-8c1d-4a9e-b2f4-6d5c4b3a2910", "strecabs9f8e7d6c", azureSubscriptionId: "sub-1"));
        Assert.DoesNotContain(DoctorArguments.AllowedLocations, DoctorArguments.For(plan.Storages[2], identity: null, azureAccount: null), StringComparison.Ordinal);
    }

    [Fact]
    public void An_azure_storage_without_its_account_is_a_programming_error()
    {
        Assert.Throws<ArgumentNullException>(() => DoctorArguments.For(Storage("rec-abs"), "client", azureAccount: null));
    }
}
