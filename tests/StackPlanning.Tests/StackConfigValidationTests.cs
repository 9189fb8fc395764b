
namespace StackPlanning.Tests;

public sealed class StackConfigValidationTests
{
    private const string S3 = """{ "name": "rec-s3", "cloud": "s3", "region": "eu-west-1" }""";
    private const string Gcs = """{ "name": "rec-gcs", "cloud": "gcs", "location": "EU" }""";
    private const string Abs = """{ "name": "rec-abs", "cloud": "abs", "location": "westeurope" }""";

    /// <summary>Each case: a whole stack configuration, the key path reported, and the exact message; refused by <see cref="BadConfigurationTests"/>.</summary>
    public static TheoryData<string, string, string> BadConfigs => new()
    {
        { "{}", "storages", "is not set: add a list with at least one storage (name, cloud and the cloud's location), see Pulumi.dev.yaml." },
        { $$"""{ "storages": {{S3}} }""", "storages", "must be a list of storages (YAML items starting with '-'), not a single value." },
        { """{ "storages": [] }""", "storages", "is empty: add at least one storage." },
        {
            $$"""{ "storages": [ {{string.Join(", ", Enumerable.Range(1, 11).Select(i => $$"""{ "name": "s{{i}}", "cloud": "s3", "region": "eu-west-1" }"""))}} ] }""",
            "storages", "has 11 storages: Stream allows at most 10 per app; split them across apps or remove some."
        },
        { """{ "storages": [ "rec-s3" ] }""", "storages[0]", "must be an object with at least name and cloud." },
        { """{ "storages": [ { "cloud": "s3", "region": "eu-west-1" } ] }""", "storages[0].name", "is required: set the name Stream will know this storage by, e.g. \"recordings-s3\"." },
        { """{ "storages": [ { "name": "rec", "region": "eu-west-1" } ] }""", "storages[0].cloud", "is required: set it to \"s3\", \"gcs\", \"abs\" or \"s3compatible\" (Amazon S3, Google Cloud Storage, Azure Blob Storage, or an S3-compatible store such as R2 or MinIO)." },
        { """{ "storages": [ { "name": "rec", "cloud": "S3", "region": "eu-west-1" } ] }""", "storages[0].cloud", "\"S3\" is case-sensitive: write \"s3\"." },
        { """{ "storages": [ { "name": "rec", "cloud": "azure" } ] }""", "storages[0].cloud", "\"azure\" is not one of \"s3\", \"gcs\", \"abs\", \"s3compatible\"." },
        { """{ "storages": [ { "name": "stream-s3", "cloud": "s3", "region": "eu-west-1" } ] }""", "storages[0].name", "\"stream-s3\" is reserved by Stream for its own bucket: choose another name, e.g. \"recordings-s3\"." },
        { """{ "storages": [ { "name": "Recordings", "cloud": "s3", "region": "eu-west-1" } ] }""", "storages[0].name", "may contain only lowercase letters a-z, digits, '-' and '_', and must start with a letter or digit: rename it, e.g. \"recordings-s3\"." },
        { $$"""{ "storages": [ { "name": "{{new string('r', 65)}}", "cloud": "abs", "location": "westeurope" } ] }""", "storages[0].name", "is 65 characters long: use at most 64." },
        { $$"""{ "storages": [ {{S3}}, {{S3}} ] }""", "storages[1].name", "\"rec-s3\" is already used by storages[0]: give each storage its own name." },
        { """{ "storages": [ { "name": "rec", "cloud": "s3", "region": "eu-west-1", "path": "/calls/" } ] }""", "storages[0].path", "must be relative: remove the leading '/', e.g. \"recordings/\" (leave it empty for the bucket root)." },
        { """{ "storages": [ { "name": "rec", "cloud": "s3", "region": "eu-west-1", "path": "calls" } ] }""", "storages[0].path", "must end with '/': add one at its end (or leave it empty for the bucket root)." },
        { """{ "storages": [ { "name": "rec", "cloud": "gcs", "location": "EU", "path": "a//b/" } ] }""", "storages[0].path", "contains an empty folder (\"//\"): use a single '/' between folders." },
        { """{ "storages": [ { "name": "rec", "cloud": "s3", "region": "eu-west-1", "path": 7 } ] }""", "storages[0].path", "must be text: quote the value." },
        { """{ "storages": [ { "name": "rec", "cloud": "s3", "region": "eu-west-1", "path": "calls*/" } ] }""", "storages[0].path", "contains '*', '?' or '${', which IAM policies read as wildcards or variables: the grant would reach beyond the path. Remove them." },
        { """{ "storages": [ { "name": "rec", "cloud": "s3", "region": "eu-west-1", "authMode": "keys", "path": "nagrania-łódź/" } ] }""", "storages[0].path", "contains U+0142, and IAM takes only characters up to U+00FF in a policy: the IAM user's grant on the path could not be written. Use a path of such characters." },
        { """{ "storages": [ { "name": "rec", "cloud": "abs", "location": "westeurope", "path": "it's/" } ] }""", "storages[0].path", "contains a single quote ('), which an Azure role condition cannot hold in a value: the grant could not be kept to the path. Remove it." },
        { """{ "storages": [ { "name": "rec", "cloud": "s3" } ] }""", "storages[0].region", "is required for cloud \"s3\": set the bucket's AWS region, e.g. \"eu-west-1\"." },
        { """{ "storages": [ { "name": "rec", "cloud": "s3", "region": "eu-west-1a" } ] }""", "storages[0].region", "\"eu-west-1a\" is an availability zone, not a region: drop the trailing letter, e.g. \"us-east-1\" instead of \"us-east-1a\"." },
        { """{ "storages": [ { "name": "rec", "cloud": "s3", "region": "Europe (Ireland)" } ] }""", "storages[0].region", "\"Europe (Ireland)\" is not an AWS region code: use the bucket's region in lowercase, e.g. \"us-east-1\" or \"eu-north-1\"." },
        { """{ "storages": [ { "name": "rec", "cloud": "s3", "region": "" } ] }""", "storages[0].region", "is empty: set a value or remove the setting." },
        { """{ "storages": [ { "name": "rec", "cloud": "gcs", "location": "EU", "region": "europe-west1" } ] }""", "storages[0].region", "does not apply to cloud \"gcs\" (only to \"s3\" and \"s3compatible\"): remove it." },
        { """{ "storages": [ { "name": "rec", "cloud": "s3", "region": "eu-west-1", "": "mine" } ] }""", "storages[0][\"\"]", "is not a known setting: use one of name, cloud, path, unguessablePath, region, dataProtection, retentionDays, versioning, noncurrentVersionDays, existingBucket, authMode, bucketPolicy, acceptsEveryStreamApp, kmsKeyArn, encryptionKey, credentialRotation, credentialMaxAgeDays, immutability, tiers, accessLogs." },
        { """{ "storages": [ { "name": "rec", "cloud": "s3", "region": "eu-west-1", "bucketName": "mine" } ] }""", "storages[0].bucketName", "is not a known setting: use one of name, cloud, path, unguessablePath, region, dataProtection, retentionDays, versioning, noncurrentVersionDays, existingBucket, authMode, bucketPolicy, acceptsEveryStreamApp, kmsKeyArn, encryptionKey, credentialRotation, credentialMaxAgeDays, immutability, tiers, accessLogs." },
        { """{ "storages": [ { "name": "rec", "cloud": "s3", "region": "eu-west-1", "retentonDays": 30 } ] }""", "storages[0].retentonDays", "is not a known setting: did you mean \"retentionDays\"?" },
        { """{ "storages": [ { "name": "rec", "colud": "gcs", "location": "EU" } ] }""", "storages[0].colud", "is not a known setting: did you mean \"cloud\"?" },
        { """{ "storages": [ { "name": "rec", "cloud": "s3", "region": "eu-west-1", "RetentionDays": 30 } ] }""", "storages[0].RetentionDays", "is not a known setting: names are case-sensitive, write \"retentionDays\"." },
        { """{ "storages": [ { "name": "rec", "cloud": "s3", "region": "eu-west-1", "authMode": "iam" } ] }""", "storages[0].authMode", "\"iam\" is not one of \"policy\", \"keys\"." },
        {
            """{ "storages": [ { "name": "rec", "cloud": "s3", "region": "eu-west-1", "kmsKeyArn": "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab" } ] }""",
            "storages[0].kmsKeyArn", "needs authMode \"keys\": in policy mode Stream's own account would need the key, which cannot be granted from this side. Remove it (SSE-S3 is used) or set authMode: keys."
        },
        {
            """{ "storages": [ { "name": "rec", "cloud": "s3", "region": "eu-west-1", "authMode": "keys", "kmsKeyArn": "arn:aws:kms:eu-west-1:111122223333:alias/recordings" } ] }""",
            "storages[0].kmsKeyArn", "must be a KMS key ARN such as \"arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab\" (not an alias or key id)."
        },
        {
            """{ "storages": [ { "name": "rec", "cloud": "s3", "region": "eu-west-1", "authMode": "keys", "kmsKeyArn": "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab" } ] }""",
            "storages[0].kmsKeyArn", "is in region \"us-east-1\", but the bucket is in \"eu-west-1\": S3 can only use a key from the bucket's region."
        },
        { """{ "storages": [ { "name": "rec", "cloud": "s3", "region": "eu-west-1", "retentionDays": 0 } ] }""", "storages[0].retentionDays", "must be a whole number of days from 1 to 36500." },
        { """{ "storages": [ { "name": "rec", "cloud": "gcs", "location": "EU", "retentionDays": "30" } ] }""", "storages[0].retentionDays", "must be a whole number of days from 1 to 36500." },
        { """{ "storages": [ { "name": "rec", "cloud": "abs", "location": "westeurope", "retentionDays": 30 } ] }""", "storages[0].retentionDays", "does not apply to cloud \"abs\" (only to \"s3\" and \"gcs\"): remove it." },
        { """{ "storages": [ { "name": "rec", "cloud": "s3", "region": "eu-west-1", "versioning": "yes" } ] }""", "storages[0].versioning", "must be true or false." },
        { """{ "storages": [ { "name": "rec", "cloud": "s3", "region": "eu-west-1", "versioning": false, "noncurrentVersionDays": 10 } ] }""", "storages[0].noncurrentVersionDays", "has no effect with versioning: false: remove it, or turn versioning on." },
        { """{ "storages": [ { "name": "rec", "cloud": "s3", "region": "eu-west-1", "dataProtection": "forceDestroy" } ] }""", "storages[0].dataProtection", "\"forceDestroy\" would delete recordings, and this is a production stack: use \"retain\", or set `production: false` for an ephemeral stack." },
        { """{ "production": false, "storages": [ { "name": "rec", "cloud": "s3", "region": "eu-west-1", "dataProtection": "delete" } ] }""", "storages[0].dataProtection", "\"delete\" is not one of \"retain\", \"forceDestroy\"." },
        { """{ "storages": [ { "name": "rec", "cloud": "gcs" } ] }""", "storages[0].location", "is required for cloud \"gcs\": set the bucket location, e.g. \"EU\", \"US\" or \"europe-west1\"." },
        { """{ "storages": [ { "name": "rec", "cloud": "gcs", "location": "europe west" } ] }""", "storages[0].location", "\"europe west\" is not a GCS location: use a multi-region such as \"EU\" or a region such as \"europe-west1\"." },
        { """{ "storages": [ { "name": "rec", "cloud": "gcs", "location": "europe--west1" } ] }""", "storages[0].location", "\"europe--west1\" is not a GCS location: use a multi-region such as \"EU\" or a region such as \"europe-west1\"." },
        { """{ "storages": [ { "name": "rec", "cloud": "gcs", "location": "EU", "project": "My Project" } ] }""", "storages[0].project", "\"My Project\" is not a GCP project id: use the id (6-30 lowercase letters, digits and '-'), not the display name or number." },
        { """{ "storages": [ { "name": "my-google-rec", "cloud": "gcs", "location": "EU" } ] }""", "storages[0].name", "gives the bucket name \"dev-my-google-rec-0a1b2c3d\" (stack, name and a random suffix), which contains \"google\", which GCS does not allow in bucket names: choose a name without it. Rename the storage." },
        { """{ "storages": [ { "name": "rec", "cloud": "abs" } ] }""", "storages[0].location", "is required for cloud \"abs\": set the Azure region, e.g. \"westeurope\"." },
        { """{ "storages": [ { "name": "rec", "cloud": "abs", "location": "West Europe" } ] }""", "storages[0].location", "\"West Europe\" is not an Azure region name: use the short lowercase form, e.g. \"westeurope\" rather than \"West Europe\"." },
        { """{ "storages": [ { "name": "rec", "cloud": "abs", "location": "westeurope", "resourceGroup": "recordings." } ] }""", "storages[0].resourceGroup", "is not a valid resource group name: use up to 90 letters, digits and - _ . ( ), not ending in '.'." },
        { """{ "storages": [ { "name": "rec", "cloud": "abs", "location": "westeurope", "azureRole": "owner" } ] }""", "storages[0].azureRole", "\"owner\" is not one of \"writeOnly\", \"blobDataContributor\"." },
        { """{ "storages": [ { "name": "rec", "cloud": "abs", "location": "westeurope", "clientSecretDays": 1000 } ] }""", "storages[0].clientSecretDays", "must be a whole number of days from 1 to 730." },
        { """{ "storages": [ { "name": "rec", "cloud": "s3", "region": "eu-west-1", "azureRole": "writeOnly" } ] }""", "storages[0].azureRole", "does not apply to cloud \"s3\" (only to \"abs\"): remove it." },
        { $$"""{ "production": "yes", "storages": [ {{S3}} ] }""", "production", "must be true or false: set false only for ephemeral stacks whose recordings may be deleted." },
        { $$"""{ "storages": [ {{S3}} ], "bindings": [ "default" ] }""", "bindings", "must map call types to storage names, e.g. `default: recordings-s3`." },
        { $$"""{ "storages": [ {{S3}} ], "bindings": { "default": 1 } }""", "bindings.default", "must be the name of a storage of this stack, or \"stream-s3\" for Stream's own storage." },
        { $$"""{ "storages": [ {{S3}}, {{Gcs}} ], "bindings": { "default": "rec-abs" } }""", "bindings.default", "refers to \"rec-abs\", which is not a storage of this stack: use one of \"rec-gcs\", \"rec-s3\", \"stream-s3\"." },
        { $$"""{ "storages": [ {{S3}} ], "bindings": { "default": "Stream-S3" } }""", "bindings.default", "refers to Stream's own storage, which is spelled exactly \"stream-s3\" in lowercase." },
        { $$"""{ "storages": [ {{S3}} ], "bindings": { "all hands": "rec-s3" } }""", "bindings.all hands", "may contain only letters, digits, '-' and '_': use the call type's name exactly as Stream lists it, e.g. \"default\"." },
        { $$"""{ "storages": [ {{S3}} ], "tags": { "aws:owner": "video" } }""", "tags.aws:owner", "uses the prefix \"aws:\", which AWS reserves: rename the tag." },
        { $$"""{ "storages": [ {{S3}} ], "tags": { "": "video" } }""", "tags[\"\"]", "has no name, which no cloud takes: name the tag." },
        { $$"""{ "storages": [ {{Abs}} ], "tags": { "cost/center": "video" } }""", "tags.cost/center", "contains one of < > % & \\ ? /, which Azure does not allow in tag names: rename the tag." },
        { $$"""{ "storages": [ {{Gcs}} ], "tags": { "CostCenter": "video" } }""", "tags.CostCenter", "is not a valid GCS label name (a GCS storage is planned): use lowercase letters, digits, '_' and '-', starting with a letter, at most 63 characters." },
        { $$"""{ "storages": [ {{Gcs}} ], "tags": { "team": "Video Platform" } }""", "tags.team", "has a value that is not a valid GCS label value (a GCS storage is planned): use lowercase letters, digits, '_' and '-', at most 63 characters." },
        { $$"""{ "storages": [ {{S3}} ], "tags": { "year": 2024 } }""", "tags.year", "must be a text value: quote it, e.g. \"2024\"." },
        { $$"""{ "storages": [ {{Abs}} ], "tags": { "team": "a", "Team": "b" } }""", "tags.Team", "is the tag \"team\" to Azure, which reads tag names without their case (an \"abs\" storage is planned): keep one." },
        { $$"""{ "storages": [ {{S3}} ], "tags": { "team": "Video (EU)" } }""", "tags.team", "holds a character AWS does not take in tags (an s3 storage is planned): use letters, digits, spaces and + - = . _ : / @." },
        { $$"""{ "storages": [ {{S3}} ], "tags": { "cost#center": "4120" } }""", "tags.cost#center", "holds a character AWS does not take in tags (an s3 storage is planned): use letters, digits, spaces and + - = . _ : / @." },
        { $$"""{ "storages": [ {{S3}} ], "tags": { "stream-storage": "legacy" } }""", "tags.stream-storage", "is the tag the stack sets on every resource to name the storage it belongs to: rename the tag." },
        { $$"""{ "storages": [ {{Abs}} ], "tags": { "Stream-Storage": "legacy" } }""", "tags.Stream-Storage", "is the tag the stack sets on every resource to name the storage it belongs to (Azure reads tag names without their case): rename the tag." },
        { $$"""{ "storages": [ {{Gcs}}, { "name": "recordings-gcs-europe-west-primary-tenant-acme-video-archive-202", "cloud": "gcs", "location": "EU" } ] }""", "storages[1].name", "is 64 characters long, and the stack labels the GCS bucket with it (stream-storage), whose value GCS holds to 63: use a shorter name." },
    };

    [Theory]
    [InlineData("s3", 49, null)]
    [InlineData("s3", 50, "sets 50 tags, and the stack adds its own (stream-storage) to every resource: AWS and Azure take 50 a resource, so keep at most 49.")]
    [InlineData("abs", 50, "sets 50 tags, and the stack adds its own (stream-storage) to every resource: AWS and Azure take 50 a resource, so keep at most 49.")]
    [InlineData("gcs", 63, null)]
    [InlineData("gcs", 64, "sets 64 tags, and the stack adds its own (stream-storage) to every resource: GCS takes 64 a resource, so keep at most 63.")]
    public void Tags_are_held_to_the_count_every_cloud_takes_beside_the_stacks_own(string cloud, int count, string? problem)
    {
        var storage = cloud switch { "s3" => S3, "abs" => Abs, _ => Gcs };
        var tags = string.Join(", ", Enumerable.Range(1, count).Select(i => $"\"t{i}\": \"v\""));

        var input = StackInputs.FromJson($$"""{ "storages": [ {{storage}} ], "tags": { {{tags}} } }""");

        if (problem is null)
        {
            Assert.Equal(count, StackConfigParser.Parse(input).Tags.Count);
        }
        else
        {
            var error = Assert.Throws<StackConfigException>(() => StackConfigParser.Parse(input));
            Assert.Equal(problem, Assert.Single(error.Problems).Message);
            Assert.Equal("tags", error.Problems[0].Field);
        }
    }

    /// <summary>Every key a storage requires, given a value of the wrong kind: the owner reads its problem once, not also "is required".</summary>
    [Theory]
    [InlineData("""{ "name": 42, "cloud": "s3", "region": "eu-west-1" }""", "storages[0].name", "must be text: quote the value.")]
    [InlineData("""{ "name": "rec", "cloud": ["s3"], "region": "eu-west-1" }""", "storages[0].cloud", "must be text: quote the value.")]
    [InlineData("""{ "name": "rec", "cloud": "s3", "region": ["eu-west-1"] }""", "storages[0].region", "must be text: quote the value.")]
    [InlineData("""{ "name": "rec", "cloud": "gcs", "location": { "EU": true } }""", "storages[0].location", "must be text: quote the value.")]
    [InlineData("""{ "name": "rec", "cloud": "abs", "existingBucket": "calls", "existingAccount": ["acmevideo"], "resourceGroup": "video-rg" }""", "storages[0].existingAccount", "must be text: quote the value.")]
    [InlineData("""{ "name": "rec", "cloud": "abs", "existingBucket": "calls", "existingAccount": "acmevideo", "resourceGroup": 7 }""", "storages[0].resourceGroup", "must be text: quote the value.")]
    [InlineData("""{ "name": "rec", "cloud": "s3compatible", "endpoint": "https://acct.r2.cloudflarestorage.com", "bucket": true, "accessKeyId": "0123456789abcdef0123", "secretAccessKey": "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef" }""", "storages[0].bucket", "must be text: quote the value.")]
    [InlineData("""{ "name": "rec", "cloud": "s3", "region": "eu-west-1", "immutability": { "days": "thirty", "mode": "governance" } }""", "storages[0].immutability.days", "must be a whole number of days from 1 to 36500.")]
    [InlineData("""{ "name": "rec", "cloud": "s3", "region": "eu-west-1", "tiers": [{ "afterDays": 30, "class": 3 }] }""", "storages[0].tiers[0].class", "must be text: quote the value.")]
    public void A_required_value_of_the_wrong_kind_is_reported_once(string storage, string field, string message)
    {
        var error = Assert.Throws<StackConfigException>(() => StackConfigParser.Parse(StackInputs.WithStorages(storage)));

        Assert.Equal([new(field, message)], error.Problems);
    }

    /// <summary>IAM's limit is the keys-mode user's policy's; a bucket policy and the other clouds' grants take any path.</summary>
    [Theory]
    [InlineData("keys", "aufnahmen-ü/")]
    [InlineData("policy", "nagrania-łódź/")]
    public void A_path_iam_can_write_plans(string authMode, string path)
    {
        var plan = StackPlanner.Plan(StackInputs.WithStorages($$"""{ "name": "rec", "cloud": "s3", "region": "eu-west-1", "authMode": "{{authMode}}", "path": "{{path}}" }"""));

        Assert.Equal(path, Assert.Single(plan.Storages).Path);
    }

    [Fact]
    public void Missing_stream_credentials_are_named_with_the_command_that_sets_them()
    {
        var error = Assert.Throws<StackConfigException>(() =>
            StackConfigParser.Parse(StackInputs.FromJson($$"""{ "storages": [ {{S3}} ] }""", apiKey: false, apiSecret: false)));

        Assert.Equal(
            [
                new("streamstorage:apiKey", "is not set: run `pulumi config set streamstorage:apiKey <your Stream API key>`, or set STREAM_API_KEY where pulumi runs."),
                new("streamstorage:apiSecret", "is not set: run `pulumi config set --secret streamstorage:apiSecret <your Stream API secret>`, or set STREAM_API_SECRET where pulumi runs."),
            ],
            error.Problems);
    }

    [Fact]
    public void Streams_secret_in_plain_text_and_a_key_the_provider_does_not_read_are_refused_on_their_keys()
    {
        var input = StackInputs.FromJson($$"""{ "storages": [ {{S3}} ] }""") with
        {
            StreamApiSecretEncrypted = false,
            StreamProviderKeys = ["apiKey", "apiSecret", "baseUrl", "checkDeadlineSeconds", "apiSecrte", "region"],
        };

        var error = Assert.Throws<StackConfigException>(() => StackConfigParser.Parse(input));

        Assert.Equal(["streamstorage:apiSecret", "streamstorage:apiSecrte", "streamstorage:region"], error.Problems.Select(p => p.Field));
        Assert.StartsWith("is held in plain text", error.Problems[0].Message, StringComparison.Ordinal);
        Assert.Contains("pulumi config set --secret streamstorage:apiSecret", error.Problems[0].Message, StringComparison.Ordinal);
        Assert.Contains("did you mean \"apiSecret\"?", error.Problems[1].Message, StringComparison.Ordinal);
        Assert.Contains("which reads apiKey, apiSecret, baseUrl, checkDeadlineSeconds: remove it", error.Problems[2].Message, StringComparison.Ordinal);
        Assert.Null(Record.Exception(() => StackConfigParser.Parse(input with { StreamApiSecretEncrypted = true, StreamProviderKeys = ["apiKey", "apiSecret"] })));
    }

    [Theory]
    [InlineData("""{ "name": "rec", "cloud": "s3", "region": "LONG" }""")]
    [InlineData("""{ "name": "rec", "cloud": "gcs", "location": "LONG", "encryptionKey": "projects/p/locations/europe/keyRings/r/cryptoKeys/k" }""")]
    [InlineData("""{ "name": "rec", "cloud": "gcs", "location": "EU", "project": "LONG" }""")]
    [InlineData("""{ "name": "rec", "cloud": "abs", "location": "LONG" }""")]
    [InlineData("""{ "name": "rec", "cloud": "s3", "region": "eu-west-1", "accessLogs": "LONG" }""")]
    [InlineData("""{ "name": "rec", "cloud": "s3", "existingBucket": "LONG", "bucketPolicy": "manual", "accessLogs": "create" }""")]
    [InlineData("""{ "name": "LONG", "cloud": "s3", "region": "eu-west-1" }, { "name": "LONG", "cloud": "s3", "region": "eu-west-1" }""")]
    public void A_long_value_is_repeated_by_its_start_only(string storages)
    {
        var value = new string('a', 100_000);
        var input = StackInputs.FromJson($$"""{ "storages": [ {{storages.Replace("LONG", value, StringComparison.Ordinal)}} ], "bindings": { "default": "nowhere" }, "allowedLocations": ["eu-central-1", "eu-central-1"] }""");

        var error = Assert.Throws<StackConfigException>(() => StackConfigParser.Parse(input));

        Assert.All(error.Message.Split(Environment.NewLine), line => Assert.True(line.Length < 800, line.Length < 800 ? null : $"{line[..60]} … {line[^200..]}"));
    }

    [Fact]
    public void Tag_names_differing_only_in_case_are_two_tags_where_no_azure_storage_is_planned()
    {
        var config = StackConfigParser.Parse(StackInputs.FromJson($$"""{ "storages": [ {{S3}} ], "tags": { "team": "a", "Team": "b" } }"""));

        Assert.Equal(["team", "Team"], config.Tags.Keys);
    }

    [Fact]
    public void Every_problem_is_reported_in_one_run()
    {
        var json = """
            {
              "production": "maybe",
              "storages": [
                { "name": "Bad Name", "cloud": "s3", "path": "/x" },
                { "name": "rec-gcs", "cloud": "gcs", "region": "eu-west-1" }
              ],
              "bindings": { "default": "nowhere" }
            }
            """;

        var error = Assert.Throws<StackConfigException>(() => StackConfigParser.Parse(StackInputs.FromJson(json)));

        Assert.Equal(
            ["production", "storages[0].name", "storages[0].path", "storages[0].region", "storages[1].region", "storages[1].location", "bindings.default"],
            error.Problems.Select(p => p.Field));
        Assert.StartsWith("The stack configuration is invalid (7 problems):", error.Message, StringComparison.Ordinal);
    }
}
