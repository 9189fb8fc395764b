using System.Text.RegularExpressions;

namespace StreamStorage.Tests.Program;

/// <summary>
/// The plan's resource list (<see cref="ResourceListing"/>, which <c>stream-storage plan</c> and the rehearsal show) is the
/// program's: for every branch of the components, the resources the program constructs, in order, with the cloud names
/// and grant documents it gives them.
/// </summary>
[Collection(PulumiDeployments.Name)]
public sealed partial class PlannedResourcesTests
{
    private static readonly ResourceNaming Drawn = new(CloudMocks.Suffix, CloudMocks.DefaultProject) { Folder = CloudMocks.Folder };

    /// <summary>(what the stack exercises, the stack's configuration): every branch of the components.</summary>
    private static readonly (string Stack, string Config)[] StackConfigs =
    [
        ("s3 policy mode", """{ "storages": [ { "name": "rec-s3", "cloud": "s3", "region": "eu-west-1", "path": "calls/", "retentionDays": 365 } ] }"""),
        (
            "s3 keys mode, customer key, rotation, unversioned",
            """
            { "storages": [ { "name": "rec-s3", "cloud": "s3", "region": "eu-west-1", "authMode": "keys", "credentialRotation": "2026-06", "versioning": false,
                              "kmsKeyArn": "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab" } ] }
            """),
        (
            "s3 policy mode, created key, tiers, created log bucket",
            """
            { "storages": [ { "name": "rec-s3", "cloud": "s3", "region": "eu-west-1", "path": "calls/", "retentionDays": 400, "encryptionKey": "create",
                              "tiers": [ { "afterDays": 30, "class": "infrequent" }, { "afterDays": 180, "class": "archive" } ], "accessLogs": "create" } ] }
            """),
        (
            "s3 keys mode, created key, existing log bucket, ephemeral",
            """
            { "production": false, "storages": [ { "name": "rec-s3", "cloud": "s3", "region": "eu-west-1", "authMode": "keys", "dataProtection": "forceDestroy",
                                                   "encryptionKey": "create", "accessLogs": "acme-access-logs" } ] }
            """),
        (
            "s3 policy mode, existing key",
            """
            { "storages": [ { "name": "rec-s3", "cloud": "s3", "region": "eu-west-1", "path": "calls/",
                              "encryptionKey": "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab" } ] }
            """),
        ("s3 retention lock", """{ "storages": [ { "name": "rec-s3", "cloud": "s3", "region": "eu-west-1", "authMode": "keys", "immutability": { "days": 2555, "mode": "compliance" } } ] }"""),
        ("s3 existing bucket, policy mode", """{ "storages": [ { "name": "rec-s3", "cloud": "s3", "region": "eu-west-1", "existingBucket": "acme-calls", "bucketPolicy": "manual", "path": "calls/" } ] }"""),
        ("s3 existing bucket, keys mode", """{ "storages": [ { "name": "rec-s3", "cloud": "s3", "region": "eu-west-1", "authMode": "keys", "existingBucket": "acme-calls", "path": "calls/" } ] }"""),
        ("s3 unguessable path, policy mode", """{ "storages": [ { "name": "rec-s3", "cloud": "s3", "region": "eu-west-1", "path": "calls/", "unguessablePath": true, "retentionDays": 365 } ] }"""),
        ("s3 unguessable path at the root, keys mode", """{ "storages": [ { "name": "rec-s3", "cloud": "s3", "region": "eu-west-1", "authMode": "keys", "unguessablePath": true } ] }"""),
        ("gcs with its project", """{ "storages": [ { "name": "rec-gcs", "cloud": "gcs", "project": "acme-video", "location": "EU", "path": "calls/", "credentialRotation": "r1" } ] }"""),
        ("gcs retention lock, default project", """{ "storages": [ { "name": "rec-gcs", "cloud": "gcs", "location": "EU", "immutability": { "days": 30, "mode": "governance" } } ] }"""),
        (
            "gcs created key, tiers, created log bucket",
            """
            { "storages": [ { "name": "rec-gcs", "cloud": "gcs", "project": "acme-video", "location": "EU", "path": "calls/", "retentionDays": 400, "encryptionKey": "create",
                              "tiers": [ { "afterDays": 30, "class": "infrequent" }, { "afterDays": 90, "class": "cold" } ], "accessLogs": "create" } ] }
            """),
        (
            "gcs existing key, existing log bucket, default project, ephemeral",
            """
            { "production": false, "storages": [ { "name": "rec-gcs", "cloud": "gcs", "location": "EU", "dataProtection": "forceDestroy", "accessLogs": "acme-access-logs",
                              "encryptionKey": "projects/acme-keys/locations/europe/keyRings/recordings/cryptoKeys/recordings" } ] }
            """),
        ("gcs project audit logs, existing bucket, default project", """{ "storages": [ { "name": "rec-gcs", "cloud": "gcs", "existingBucket": "acme-calls", "path": "calls/", "accessLogs": "auditLogs" } ] }"""),
        ("gcs key creation exception, default project", """{ "storages": [ { "name": "rec-gcs", "cloud": "gcs", "location": "EU", "keyCreationException": true } ] }"""),
        ("gcs key creation exception, its project", """{ "storages": [ { "name": "rec-gcs", "cloud": "gcs", "project": "acme-video", "location": "EU", "keyCreationException": true } ] }"""),
        ("gcs existing bucket at its root", """{ "storages": [ { "name": "rec-gcs", "cloud": "gcs", "existingBucket": "acme-calls" } ] }"""),
        ("gcs unguessable path in an existing bucket", """{ "storages": [ { "name": "rec-gcs", "cloud": "gcs", "existingBucket": "acme-calls", "unguessablePath": true } ] }"""),
        ("azure with its own group", """{ "storages": [ { "name": "rec-abs", "cloud": "abs", "location": "westeurope", "path": "calls/", "credentialRotation": "2026-11" } ] }"""),
        ("azure retention lock", """{ "storages": [ { "name": "rec-abs", "cloud": "abs", "location": "westeurope", "immutability": { "days": 2555, "mode": "compliance" } } ] }"""),
        ("azure existing group, built-in role", """{ "storages": [ { "name": "rec-abs", "cloud": "abs", "location": "westeurope", "resourceGroup": "video-rg", "azureRole": "blobDataContributor" } ] }"""),
        ("azure unguessable path", """{ "storages": [ { "name": "rec-abs", "cloud": "abs", "location": "westeurope", "path": "calls/", "unguessablePath": true } ] }"""),
        ("azure existing container", """{ "storages": [ { "name": "rec-abs", "cloud": "abs", "existingBucket": "calls", "existingAccount": "acmevideo", "resourceGroup": "video-rg" } ] }"""),
        (
            "azure customer key, infrastructure encryption, geo-redundancy, tiers, logs to a created account",
            """
            { "storages": [ { "name": "rec-abs", "cloud": "abs", "location": "westeurope", "path": "calls/", "redundancy": "GRS", "encryptionKey": "create",
                              "infrastructureEncryption": true, "accessLogs": "create",
                              "tiers": [ { "afterDays": 30, "class": "infrequent" }, { "afterDays": 90, "class": "cold" }, { "afterDays": 365, "class": "archive" } ] } ] }
            """),
        (
            "azure given key, zone-redundant, ephemeral",
            """
            { "production": false, "storages": [ { "name": "rec-abs", "cloud": "abs", "location": "westeurope", "redundancy": "ZRS", "dataProtection": "forceDestroy",
                              "encryptionKey": "/subscriptions/00000000-0000-0000-0000-0000000000cc/resourceGroups/acme-keys-rg/providers/Microsoft.KeyVault/vaults/acme-keys/keys/recordings" } ] }
            """),
        (
            "azure zone-redundant, infrastructure encryption only, logs to a workspace",
            """
            { "storages": [ { "name": "rec-abs", "cloud": "abs", "location": "westeurope", "redundancy": "ZRS", "infrastructureEncryption": true,
                              "accessLogs": "/subscriptions/00000000-0000-0000-0000-0000000000aa/resourceGroups/ops/providers/Microsoft.OperationalInsights/workspaces/ops-logs" } ] }
            """),
        (
            "azure existing container, logs to a created account",
            """{ "storages": [ { "name": "rec-abs", "cloud": "abs", "existingBucket": "calls", "existingAccount": "acmevideo", "resourceGroup": "video-rg", "accessLogs": "create" } ] }"""),
        (
            "s3-compatible store",
            """
            { "storages": [ { "name": "rec-r2", "cloud": "s3compatible", "endpoint": "https://acct.r2.cloudflarestorage.com", "bucket": "calls", "region": "auto",
                              "accessKeyId": "0123456789abcdef0123", "secretAccessKey": "r2-secret-value" } ] }
            """),
        (
            "every cloud with bindings",
            """
            { "storages": [
                { "name": "a", "cloud": "s3", "region": "eu-west-1", "authMode": "keys" },
                { "name": "b", "cloud": "gcs", "location": "EU", "path": "p/" },
                { "name": "c", "cloud": "abs", "location": "westeurope" } ],
              "bindings": { "default": "a", "livestream": "b", "audio_room": "c", "development": "stream-s3" } }
            """),
    ];

    public static TheoryData<string, string> Stacks
    {
        get
        {
            var stacks = new TheoryData<string, string>();
            foreach (var (stack, config) in StackConfigs)
            {
                stacks.Add(stack, config);
            }

            return stacks;
        }
    }

    [Theory]
    [MemberData(nameof(Stacks))]
    public async Task The_program_constructs_the_plans_resources_per_storage_then_the_bindings_in_that_order(string stack, string config)
    {
        var plan = PlannedDeployment.Plan(config, "prod");
        var deployment = await PlannedDeployment.RunAsync(config, "prod");

        var planned = plan.Storages.SelectMany(s => s.Resources(Drawn)).Concat(plan.Bindings.Select(ResourceListing.Binding)).ToList();

        Assert.True(planned.Count > 1, stack);
        // The stack itself is Pulumi's, not the program's.
        Assert.Equal(planned.Select(r => (r.Type, r.Name)), deployment.Constructed.Where(c => c.Resource is not Pulumi.Stack).Select(c => (c.Type, c.Name)));
        foreach (var resource in planned.Where(r => r.CloudName is not null || r.Document is not null))
        {
            var inputs = deployment.Mocks.Of(resource.Type, resource.Name);
            if (resource.CloudName is { } cloudName)
            {
                Assert.Equal(cloudName, CloudName(resource.Type, inputs));
            }

            switch (resource.Document)
            {
                case IamConditionDocument condition:
                    var set = (ImmutableDictionary<string, object>)inputs["condition"];
                    Assert.Equal((condition.Title, condition.Expression), ((string)set["title"], (string)set["expression"]));
                    break;
                case JsonGrantDocument json when resource.Type == PulumiTypes.AzureRoleDefinition:
                    using (var document = JsonDocument.Parse(json.Json))
                    {
                        var permission = (ImmutableDictionary<string, object>)((ImmutableArray<object>)inputs["permissions"]).Single();
                        Assert.Equal(
                            document.RootElement.GetProperty("dataActions").EnumerateArray().Select(a => a.GetString()),
                            ((ImmutableArray<object>)permission["dataActions"]).Cast<string>());
                    }

                    break;
                case JsonGrantDocument json:
                    Assert.Equal(Resolved(json.Json, deployment), inputs["policy"]);
                    break;
                case RoleAssignmentConditionDocument condition:
                    Assert.Equal((condition.Version, condition.Condition), ((string)inputs["conditionVersion"], (string)inputs["condition"]));
                    break;
            }
        }
    }

    [Fact]
    public void Every_branch_of_the_components_is_among_the_stacks()
    {
        var types = StackConfigs.SelectMany(row => PlannedDeployment.Plan(row.Config, "prod").Storages.SelectMany(s => s.Resources(Drawn))).Select(r => r.Type).ToHashSet();

        Assert.Empty(typeof(PulumiTypes).GetFields().Where(f => f.IsLiteral).Select(f => (string)f.GetRawConstantValue()!).Where(t => t != PulumiTypes.CallTypeBinding).Except(types));
        Assert.Empty(Enum.GetValues<S3BucketSetting>().Select(PulumiTypes.Of).Except(types));
    }

    /// <summary>
    /// A planned document with what only <c>pulumi up</c> knows filled in as the mocks answer it: the AWS account, and the
    /// ARN of a key the stack creates.
    /// </summary>
    private static string Resolved(string document, PlannedDeployment deployment) =>
        CreatedKeyArn().Replace(document.Replace(ResourceNaming.AwsAccountPlaceholder, CloudMocks.AwsAccountId, StringComparison.Ordinal), match =>
        {
            var key = match.Groups["key"].Value;
            return CloudMocks.KmsKeyArn((string)deployment.Mocks.Of(PulumiTypes.KmsKey, key)["region"], $"{key}_id");
        });

    [GeneratedRegex(@"\{(?<key>[a-z0-9-]+-key)\.arn\}", RegexOptions.CultureInvariant)]
    private static partial Regex CreatedKeyArn();

    /// <summary>The name a resource gets in its cloud, from the inputs the program gave it.</summary>
    private static string CloudName(string type, ImmutableDictionary<string, object> inputs) => type switch
    {
        PulumiTypes.S3Bucket => (string)inputs["bucket"],
        PulumiTypes.IamUser or PulumiTypes.GcsBucket or PulumiTypes.ExternalStorage or PulumiTypes.GcpOrgPolicy => (string)inputs["name"],
        PulumiTypes.GcpServiceAccount => $"{inputs["accountId"]}@{inputs.GetValueOrDefault("project", CloudMocks.DefaultProject)}.iam.gserviceaccount.com",
        PulumiTypes.AzureResourceGroup => (string)inputs["resourceGroupName"],
        PulumiTypes.AzureStorageAccount => (string)inputs["accountName"],
        PulumiTypes.AzureBlobContainer => $"{inputs["accountName"]}/{inputs["containerName"]}",
        PulumiTypes.AzureRoleDefinition => (string)inputs["roleName"],
        PulumiTypes.GcpKeyRing or PulumiTypes.GcpCryptoKey => (string)inputs["name"],
        PulumiTypes.AzureUserAssignedIdentity => (string)inputs["resourceName"],
        PulumiTypes.AzureKeyVault => (string)inputs["vaultName"],
        PulumiTypes.AzureKeyVaultKey => (string)inputs["keyName"],
        PulumiTypes.EntraApplication => (string)inputs["displayName"],
        PulumiTypes.CallTypeBinding => (string)inputs["callType"],
        _ => throw new InvalidOperationException($"{type} has a cloud name in the plan: say here which of its inputs holds it."),
    };
}
