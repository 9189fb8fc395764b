
namespace StackPlanning.Tests;

/// <summary>Rotation, existing buckets and S3-compatible stores: every setting that cannot work is refused before any request.</summary>
public sealed class Day2ConfigValidationTests
{
    private const string R2Endpoint = "https://0123456789abcdef.r2.cloudflarestorage.com";
    private const string StoreKeys = """ "accessKeyId": "0123456789abcdef0123", "secretAccessKey": "r2-secret-value-0123456789abcdef" """;

    /// <summary>Each case: the storages (JSON array items), the key path reported, and the exact message; refused by <see cref="BadConfigurationTests"/>.</summary>
    public static TheoryData<string, string, string> BadStorages => new()
    {
        // Rotation and age.
        {
            """{ "name": "rec", "cloud": "s3", "region": "eu-west-1", "credentialRotation": "2026-05" }""",
            "storages[0].credentialRotation",
            "has nothing to rotate in authMode \"policy\": Stream gets no credential there (its AWS account is granted in the bucket policy). Remove it, or set authMode: keys to give Stream an IAM user's access key."
        },
        {
            """{ "name": "rec", "cloud": "s3", "region": "eu-west-1", "credentialMaxAgeDays": 90 }""",
            "storages[0].credentialMaxAgeDays",
            "has no key to age in authMode \"policy\": Stream gets no credential there (its AWS account is granted in the bucket policy). Remove it, or set authMode: keys to give Stream an IAM user's access key."
        },
        { """{ "name": "rec", "cloud": "gcs", "location": "EU", "credentialRotation": 2026 }""", "storages[0].credentialRotation", "must be text: quote the value." },
        { """{ "name": "rec", "cloud": "gcs", "location": "EU", "credentialRotation": "" }""", "storages[0].credentialRotation", "is empty: set a value or remove the setting." },
        { """{ "name": "rec", "cloud": "gcs", "location": "EU", "credentialMaxAgeDays": 7 }""", "storages[0].credentialMaxAgeDays", "must be a whole number of days from 15 to 36500." },
        { """{ "name": "rec", "cloud": "s3", "region": "eu-west-1", "authMode": "keys", "credentialMaxAgeDays": 90.5 }""", "storages[0].credentialMaxAgeDays", "must be a whole number of days from 15 to 36500." },
        {
            """{ "name": "rec", "cloud": "abs", "location": "westeurope", "credentialMaxAgeDays": 90 }""",
            "storages[0].credentialMaxAgeDays",
            "does not apply to cloud \"abs\": Azure client secrets expire on their own: set their lifetime with clientSecretDays. Remove it."
        },
        {
            """{ "name": "rec", "cloud": "abs", "location": "westeurope", "clientSecretRotation": "2026-01", "credentialRotation": "2026-05" }""",
            "storages[0].clientSecretRotation",
            "is the former name of credentialRotation, which is set too: keep only credentialRotation (with the value Stream's secret was last rotated with, so that renaming does not rotate it)."
        },
        {
            """{ "name": "rec", "cloud": "gcs", "location": "EU", "clientSecretRotation": "2026-05" }""",
            "storages[0].clientSecretRotation",
            "does not apply to cloud \"gcs\": it is the former Azure-only name: use credentialRotation, which works on every cloud."
        },

        // Existing buckets.
        { """{ "name": "rec", "cloud": "s3", "region": "eu-west-1", "authMode": "keys", "existingBucket": "Acme_Recordings" }""", "storages[0].existingBucket", "is not a valid S3 bucket name: use only lowercase letters, digits, '.' and '-', starting and ending with a letter or digit." },
        { """{ "name": "rec", "cloud": "gcs", "existingBucket": "acme-google-calls" }""", "storages[0].existingBucket", "contains \"google\", which GCS does not allow in bucket names: choose a name without it." },
        { """{ "name": "rec", "cloud": "gcs", "existingBucket": "" }""", "storages[0].existingBucket", "is empty: set a value or remove the setting." },
        {
            """{ "name": "rec", "cloud": "abs", "existingBucket": "calls--2026", "existingAccount": "acmevideo", "resourceGroup": "video-rg" }""",
            "storages[0].existingBucket", "contains consecutive hyphens, which Azure container names cannot: use a single '-'."
        },
        {
            """{ "name": "rec", "cloud": "abs", "existingBucket": "calls", "resourceGroup": "video-rg" }""",
            "storages[0].existingAccount", "is required with existingBucket: set the storage account that holds the container, e.g. \"acmerecordings\"."
        },
        {
            """{ "name": "rec", "cloud": "abs", "existingBucket": "calls", "existingAccount": "acmevideo" }""",
            "storages[0].resourceGroup", "is required with existingBucket: set the resource group of existingAccount, where Stream's role is defined and the container's id points."
        },
        {
            """{ "name": "rec", "cloud": "abs", "existingBucket": "calls", "existingAccount": "Acme-Video", "resourceGroup": "video-rg" }""",
            "storages[0].existingAccount", "must be 3 to 24 lowercase letters and digits (this one has 10 characters): use the account name exactly as in the Azure portal, e.g. \"acmerecordings\"."
        },
        {
            """{ "name": "rec", "cloud": "abs", "location": "westeurope", "existingAccount": "acmevideo" }""",
            "storages[0].existingAccount", "applies only with existingBucket: set existingBucket to the name of the container in that account, or remove it."
        },
        {
            """{ "name": "rec", "cloud": "abs", "location": "westeurope", "existingBucket": "calls", "existingAccount": "acmevideo", "resourceGroup": "video-rg" }""",
            "storages[0].location", "is not used with existingBucket: the bucket has its location already. Remove it."
        },
        { """{ "name": "rec", "cloud": "gcs", "location": "EU", "existingBucket": "acme-calls" }""", "storages[0].location", "is not used with existingBucket: the bucket has its location already. Remove it." },
        {
            """{ "name": "rec", "cloud": "gcs", "existingBucket": "acme-calls", "retentionDays": 30 }""",
            "storages[0].retentionDays", "shapes only buckets the stack creates; existingBucket stays as its owner set it up: remove it, and change the bucket itself if needed."
        },
        {
            """{ "name": "rec", "cloud": "s3", "region": "eu-west-1", "authMode": "keys", "existingBucket": "acme-calls", "versioning": true }""",
            "storages[0].versioning", "shapes only buckets the stack creates; existingBucket stays as its owner set it up: remove it, and change the bucket itself if needed."
        },
        {
            """{ "name": "rec", "cloud": "gcs", "existingBucket": "acme-calls", "noncurrentVersionDays": 10 }""",
            "storages[0].noncurrentVersionDays", "shapes only buckets the stack creates; existingBucket stays as its owner set it up: remove it, and change the bucket itself if needed."
        },
        {
            """{ "name": "rec", "cloud": "s3", "region": "eu-west-1", "authMode": "keys", "existingBucket": "acme-calls", "dataProtection": "forceDestroy" }""",
            "storages[0].dataProtection", "\"forceDestroy\" would delete a bucket this stack does not own: existingBucket is never deleted, with or without it. Remove it."
        },
        {
            """{ "name": "rec", "cloud": "s3", "region": "eu-west-1", "existingBucket": "acme-calls" }""",
            "storages[0].existingBucket",
            "in authMode \"policy\" needs bucketPolicy: manual: an S3 bucket has one policy, and writing the stack's would drop the statements its owner put there. Set bucketPolicy: manual and merge the statement of the stack output bucketPolicyStatements into the bucket's policy, or set authMode: keys."
        },
        {
            """{ "name": "rec", "cloud": "s3", "region": "eu-west-1", "bucketPolicy": "manual" }""",
            "storages[0].bucketPolicy", "\"manual\" applies only to an existingBucket: the stack writes the whole policy of a bucket it creates. Remove it."
        },
        {
            """{ "name": "rec", "cloud": "s3", "region": "eu-west-1", "authMode": "keys", "existingBucket": "acme-calls", "bucketPolicy": "manual" }""",
            "storages[0].bucketPolicy", "applies only to authMode \"policy\", where Stream's grant is a bucket policy statement; in keys mode it is the IAM user's own policy. Remove it."
        },
        { """{ "name": "rec", "cloud": "s3", "region": "eu-west-1", "existingBucket": "acme-calls", "bucketPolicy": "Manual" }""", "storages[0].bucketPolicy", "\"Manual\" is case-sensitive: write \"manual\"." },
        { """{ "name": "rec", "cloud": "gcs", "existingBucket": "acme-calls", "bucketPolicy": "manual" }""", "storages[0].bucketPolicy", "does not apply to cloud \"gcs\" (only to \"s3\"): remove it." },
        { """{ "name": "rec", "cloud": "s3", "region": "eu-west-1", "bucket": "acme-calls" }""", "storages[0].bucket", "does not apply to cloud \"s3\": to use a bucket that exists already, set existingBucket instead." },
        { """{ "name": "rec", "cloud": "abs", "location": "westeurope", "bucket": "calls" }""", "storages[0].bucket", "does not apply to cloud \"abs\": to use a container that exists already, set existingBucket (and existingAccount) instead." },

        // S3-compatible stores.
        { """{ "name": "rec", "cloud": "S3Compatible" }""", "storages[0].cloud", "\"S3Compatible\" is case-sensitive: write \"s3compatible\"." },
        {
            $$"""{ "name": "rec", "cloud": "s3compatible", "bucket": "calls", {{StoreKeys}} }""",
            "storages[0].endpoint", "is required for cloud \"s3compatible\": set the store's address, e.g. \"https://<account>.r2.cloudflarestorage.com\"."
        },
        {
            $$"""{ "name": "rec", "cloud": "s3compatible", "endpoint": "http://minio.example.com", "bucket": "calls", {{StoreKeys}} }""",
            "storages[0].endpoint", "must use https (http is accepted only for loopback addresses): change the scheme to https."
        },
        {
            $$"""{ "name": "rec", "cloud": "s3compatible", "endpoint": "{{R2Endpoint}}/calls", "bucket": "calls", {{StoreKeys}} }""",
            "storages[0].endpoint", $"must be the store's address without a path; the bucket goes in bucket: use \"{R2Endpoint}\"."
        },
        {
            $$"""{ "name": "rec", "cloud": "s3compatible", "endpoint": "minio.example.com", "bucket": "calls", {{StoreKeys}} }""",
            "storages[0].endpoint", "is not an absolute https URL: use the store's endpoint, e.g. \"https://<account>.r2.cloudflarestorage.com\"."
        },
        {
            $$"""{ "name": "rec", "cloud": "s3compatible", "endpoint": "https://admin:hunter2@minio.example.com", "bucket": "calls", {{StoreKeys}} }""",
            "storages[0].endpoint", "must not contain a user name or password: pass the store's access key and secret as the storage's keys instead."
        },
        {
            $$"""{ "name": "rec", "cloud": "s3compatible", "endpoint": "{{R2Endpoint}}", {{StoreKeys}} }""",
            "storages[0].bucket", "is required for cloud \"s3compatible\": set the name of the bucket at the store (create it there first)."
        },
        {
            $$"""{ "name": "rec", "cloud": "s3compatible", "endpoint": "{{R2Endpoint}}", "bucket": "Calls_2026", {{StoreKeys}} }""",
            "storages[0].bucket", "is not a valid S3 bucket name: use only lowercase letters, digits, '.' and '-', starting and ending with a letter or digit."
        },
        {
            $$"""{ "name": "rec", "cloud": "s3compatible", "endpoint": "{{R2Endpoint}}", "bucket": "calls", "secretAccessKey": "r2-secret" }""",
            "storages[0].accessKeyId", "is required for cloud \"s3compatible\": set the store's write key with `pulumi config set --secret --path 'storages[0].accessKeyId' <value>`."
        },
        {
            $$"""{ "name": "rec", "cloud": "s3compatible", "endpoint": "{{R2Endpoint}}", "bucket": "calls", "accessKeyId": "0123456789abcdef0123" }""",
            "storages[0].secretAccessKey", "is required for cloud \"s3compatible\": set the store's write key with `pulumi config set --secret --path 'storages[0].secretAccessKey' <value>`."
        },
        {
            $$"""{ "name": "rec", "cloud": "s3compatible", "endpoint": "{{R2Endpoint}}", "bucket": "calls", "accessKeyId": "0123456789abcdef0123", "secretAccessKey": "two words" }""",
            "storages[0].secretAccessKey", "contains spaces or control characters: paste the store's secret key exactly."
        },
        {
            $$"""{ "name": "rec", "cloud": "s3compatible", "endpoint": "{{R2Endpoint}}", "bucket": "calls", "accessKeyId": 12345, "secretAccessKey": "r2-secret" }""",
            "storages[0].accessKeyId", "must be text: quote the value."
        },
        {
            $$"""{ "name": "rec", "cloud": "s3compatible", "endpoint": "{{R2Endpoint}}", "bucket": "calls", "region": "Auto", {{StoreKeys}} }""",
            "storages[0].region", "must be the region name the S3-compatible store expects: lowercase letters, digits and '-', e.g. \"auto\" or \"us-east-1\"."
        },
        {
            $$"""{ "name": "rec", "cloud": "s3compatible", "endpoint": "{{R2Endpoint}}", "bucket": "calls", "credentialRotation": "2026-05", {{StoreKeys}} }""",
            "storages[0].credentialRotation",
            "does not apply to cloud \"s3compatible\": the stack does not create this store's keys: create a new key at the store, set accessKeyId and secretAccessKey to it and run pulumi up (Stream's storage is updated with it), then delete the old key at the store."
        },
        {
            $$"""{ "name": "rec", "cloud": "s3compatible", "endpoint": "{{R2Endpoint}}", "existingBucket": "calls", {{StoreKeys}} }""",
            "storages[0].existingBucket", "does not apply to cloud \"s3compatible\": an s3compatible storage always writes into a bucket that exists: name it with bucket."
        },
        {
            $$"""{ "name": "rec", "cloud": "s3compatible", "endpoint": "{{R2Endpoint}}", "bucket": "calls", "dataProtection": "forceDestroy", {{StoreKeys}} }""",
            "storages[0].dataProtection", "\"forceDestroy\" has nothing to delete: the stack creates no bucket on an S3-compatible store. Remove it."
        },
        {
            $$"""{ "name": "rec", "cloud": "s3compatible", "endpoint": "{{R2Endpoint}}", "bucket": "calls", "versioning": true, {{StoreKeys}} }""",
            "storages[0].versioning", "does not apply to cloud \"s3compatible\" (only to \"s3\" and \"gcs\"): remove it."
        },
        {
            """{ "name": "rec", "cloud": "s3", "region": "eu-west-1", "authMode": "keys", "secretAccessKey": "x" }""",
            "storages[0].secretAccessKey", "does not apply to cloud \"s3\": on Amazon S3 the stack creates the access key: set authMode: keys and remove it."
        },
    };

    [Fact]
    public void Store_keys_kept_in_plain_text_are_refused_with_the_command_that_encrypts_them()
    {
        var input = Ephemeral($$"""{ "name": "rec", "cloud": "s3compatible", "endpoint": "{{R2Endpoint}}", "bucket": "calls", {{StoreKeys}} }""") with { StoragesEncrypted = false };

        var error = Assert.Throws<StackConfigException>(() => StackConfigParser.Parse(input));

        Assert.Equal(
            [
                new("storages[0].accessKeyId", "is kept in plain text in the stack's configuration: set it with `pulumi config set --secret --path 'storages[0].accessKeyId' <value>` so that only its ciphertext is stored."),
                new("storages[0].secretAccessKey", "is kept in plain text in the stack's configuration: set it with `pulumi config set --secret --path 'storages[0].secretAccessKey' <value>` so that only its ciphertext is stored."),
            ],
            error.Problems);
    }

    [Theory]
    [InlineData("""{ "name": "rec", "cloud": "s3compatible", "endpoint": "https://minio.example.com", "bucket": "calls", "accessKeyId": "AKIA-LEAKED-ID", "secretAccessKey": "leaked secret" }""")]
    [InlineData("""{ "name": "rec", "cloud": "s3compatible", "endpoint": "https://minio.example.com", "bucket": "calls", "accessKeyId": "AKIA LEAKED ID", "secretAccessKey": "leaked\nsecret" }""")]
    public void Store_keys_never_appear_in_an_error(string storage)
    {
        var error = Assert.Throws<StackConfigException>(() => StackConfigParser.Parse(Ephemeral(storage) with { StoragesEncrypted = false }));

        Assert.DoesNotContain("LEAKED", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("leaked", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_printed_configuration_shows_no_store_key()
    {
        var input = Ephemeral($$"""{ "name": "rec", "cloud": "s3compatible", "endpoint": "{{R2Endpoint}}", "bucket": "calls", {{StoreKeys}} }""");

        var printed = input.ToString();

        Assert.StartsWith("StackConfigInput { StackName = dev", printed, StringComparison.Ordinal);
        Assert.DoesNotContain("r2-secret-value", printed, StringComparison.Ordinal);
        Assert.DoesNotContain("0123456789abcdef0123", printed, StringComparison.Ordinal);
    }

    /// <summary>Outside production, so that only the day-2 rule under test refuses forceDestroy.</summary>
    internal static StackConfigInput Ephemeral(string storages) =>
        StackInputs.FromJson($$"""{ "production": false, "storages": [ {{storages}} ] }""");
}
