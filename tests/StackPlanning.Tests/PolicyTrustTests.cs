
namespace StackPlanning.Tests;

/// <summary>
/// <c>acceptsEveryStreamApp</c>: an S3 policy-mode storage declares that it accepts Stream's grant trusting every Stream
/// app, which the plan keeps and the doctor is told of; anywhere else it is refused on its key path.
/// </summary>
public sealed class PolicyTrustTests
{
    private const string S3 = "\"name\": \"rec\", \"cloud\": \"s3\", \"region\": \"eu-west-1\"";

    /// <summary>(storages, key path, start of the message), refused by <see cref="BadConfigurationTests"/>.</summary>
    public static TheoryData<string, string, string> BadConfigs => new()
    {
        { $$"""{ {{S3}}, "authMode": "keys", "acceptsEveryStreamApp": true }""", "storages[0].acceptsEveryStreamApp", "applies only to authMode \"policy\"" },
        { $$"""{ {{S3}}, "authMode": "keys", "acceptsEveryStreamApp": false }""", "storages[0].acceptsEveryStreamApp", "applies only to authMode \"policy\"" },
        { """{ "name": "rec", "cloud": "gcs", "location": "EU", "acceptsEveryStreamApp": true }""", "storages[0].acceptsEveryStreamApp", "does not apply to cloud \"gcs\" (only to \"s3\")" },
        { """{ "name": "rec", "cloud": "abs", "location": "westeurope", "acceptsEveryStreamApp": true }""", "storages[0].acceptsEveryStreamApp", "does not apply to cloud \"abs\"" },
        { $$"""{ {{S3}}, "acceptsEveryStreamApp": "yes" }""", "storages[0].acceptsEveryStreamApp", "must be true or false" },
        { $$"""{ {{S3}}, "acceptEveryStreamApp": true }""", "storages[0].acceptEveryStreamApp", "is not a known setting: did you mean \"acceptsEveryStreamApp\"?" },
    };

    [Fact]
    public void An_accepted_trust_is_planned_and_passed_to_the_doctor_and_an_unaccepted_one_is_not()
    {
        var plan = StackPlanner.Plan(StackInputs.WithStorages($$"""
            { "name": "accepted", "cloud": "s3", "region": "eu-west-1", "acceptsEveryStreamApp": true },
            { "name": "declined", "cloud": "s3", "region": "eu-west-1", "acceptsEveryStreamApp": false },
            { "name": "silent", "cloud": "s3", "region": "eu-west-1" }
            """));

        var storages = plan.Storages.Cast<S3StoragePlan>().ToList();
        Assert.Equal([true, false, false], storages.Select(s => s.AcceptsEveryStreamApp));
        Assert.All(storages, s => Assert.True(s.TrustsEveryStreamApp));
        Assert.Equal(
            "--region accepted=eu-west-1 --trust-accepted accepted=true --bucket-created accepted=true",
            DoctorArguments.For(storages[0], identity: null, azureAccount: null));
        Assert.DoesNotContain(DoctorArguments.TrustAccepted, DoctorArguments.For(storages[1], identity: null, azureAccount: null), StringComparison.Ordinal);
        Assert.DoesNotContain(DoctorArguments.TrustAccepted, DoctorArguments.For(storages[2], identity: null, azureAccount: null), StringComparison.Ordinal);
    }
}
