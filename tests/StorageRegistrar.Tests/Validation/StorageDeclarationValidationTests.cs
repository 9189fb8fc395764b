using StorageRegistrar.Validation;
using static StorageRegistrar.Tests.Validation.SampleDeclarations;

namespace StorageRegistrar.Tests.Validation;

public sealed class StorageDeclarationValidationTests
{
    private static readonly S3Settings? NoS3 = null;
    private static readonly AzureBlobSettings? NoAzure = null;

    /// <summary>Each bad declaration, the one field it must be reported on, and a distinctive part of the message.</summary>
    private static readonly Dictionary<string, (StorageDeclaration Declaration, string Field, string Expected)> BadDeclarations = new()
    {
        ["name missing"] = (S3PolicyMode with { Name = null }, "name", "is required"),
        ["name empty"] = (S3PolicyMode with { Name = "" }, "name", "is required"),
        ["name reserved"] = (S3PolicyMode with { Name = "stream-s3" }, "name", "reserved by Stream"),
        ["name too long"] = (S3PolicyMode with { Name = new string('a', 65) }, "name", "use at most 64"),
        ["name uppercase"] = (S3PolicyMode with { Name = "Recordings" }, "name", "lowercase letters a-z"),
        ["name starts with hyphen"] = (S3PolicyMode with { Name = "-recordings" }, "name", "start with a letter or digit"),
        ["name with space"] = (S3PolicyMode with { Name = "my recordings" }, "name", "may contain only"),
        ["name with dot"] = (S3PolicyMode with { Name = "rec.s3" }, "name", "may contain only"),

        ["type missing"] = (S3PolicyMode with { StorageType = null }, "storageType", "is required: set it to \"s3\""),
        ["type empty"] = (S3PolicyMode with { StorageType = "" }, "storageType", "is required"),
        ["type uppercase"] = (S3PolicyMode with { StorageType = "S3" }, "storageType", "write \"s3\" in lowercase"),
        ["type unknown"] = (S3PolicyMode with { StorageType = "azure" }, "storageType", "is not a storage type Stream accepts"),

        ["s3 bucket missing"] = (S3PolicyMode with { Bucket = null }, "bucket", "set the bucket name"),
        ["s3 bucket too short"] = (S3PolicyMode with { Bucket = "ab" }, "bucket", "3 to 63 characters"),
        ["s3 bucket too long"] = (S3PolicyMode with { Bucket = new string('a', 64) }, "bucket", "is 64 characters long"),
        ["s3 bucket uppercase"] = (S3PolicyMode with { Bucket = "Acme-Recordings" }, "bucket", "not a valid S3 bucket name"),
        ["s3 bucket underscore"] = (S3PolicyMode with { Bucket = "acme_recordings" }, "bucket", "not a valid S3 bucket name"),
        ["s3 bucket ends with hyphen"] = (S3PolicyMode with { Bucket = "acme-" }, "bucket", "ending with a letter or digit"),
        ["s3 bucket adjacent periods"] = (S3PolicyMode with { Bucket = "acme..recordings" }, "bucket", "two adjacent periods"),
        ["s3 bucket ip address"] = (S3PolicyMode with { Bucket = "192.168.1.10" }, "bucket", "formatted as an IP address"),
        ["s3 bucket xn-- prefix"] = (S3PolicyMode with { Bucket = "xn--acme" }, "bucket", "starts with \"xn--\""),
        ["s3 bucket sthree- prefix"] = (S3PolicyMode with { Bucket = "sthree-acme" }, "bucket", "starts with \"sthree-\""),
        ["s3 bucket -s3alias suffix"] = (S3PolicyMode with { Bucket = "acme-s3alias" }, "bucket", "ends with \"-s3alias\""),
        ["s3 bucket --ol-s3 suffix"] = (S3PolicyMode with { Bucket = "acme--ol-s3" }, "bucket", "ends with \"--ol-s3\""),
        ["s3 bucket .mrap suffix"] = (S3PolicyMode with { Bucket = "acme.mrap" }, "bucket", "ends with \".mrap\""),

        ["gcs bucket goog prefix"] = (Gcs with { Bucket = "goog-recordings" }, "bucket", "starts with \"goog\""),
        ["gcs bucket contains google"] = (Gcs with { Bucket = "acme-google-recordings" }, "bucket", "contains \"google\""),
        ["gcs bucket contains g00gle"] = (Gcs with { Bucket = "acme-g00gle" }, "bucket", "contains \"g00gle\""),
        ["gcs bucket too long without dots"] = (Gcs with { Bucket = new string('a', 64) }, "bucket", "up to 222 when they contain dots"),
        ["gcs bucket too long with dots"] = (Gcs with { Bucket = string.Join('.', Enumerable.Repeat(new string('a', 60), 4)) }, "bucket", "is 243 characters long"),
        ["gcs bucket long dotted part"] = (Gcs with { Bucket = "acme." + new string('a', 64) }, "bucket", "each part of a GCS bucket name has at most 63"),
        ["gcs bucket empty dotted part"] = (Gcs with { Bucket = "acme..recordings" }, "bucket", "empty dot-separated part"),
        ["gcs bucket uppercase"] = (Gcs with { Bucket = "Acme" }, "bucket", "not a valid GCS bucket name"),
        ["gcs bucket ip address"] = (Gcs with { Bucket = "10.0.0.1" }, "bucket", "formatted as an IP address"),

        ["azure container missing"] = (Abs with { Bucket = "" }, "bucket", "set the Azure Blob container name"),
        ["azure container uppercase"] = (Abs with { Bucket = "Recordings" }, "bucket", "not a valid Azure container name"),
        ["azure container underscore"] = (Abs with { Bucket = "call_recordings" }, "bucket", "not a valid Azure container name"),
        ["azure container consecutive hyphens"] = (Abs with { Bucket = "call--recordings" }, "bucket", "consecutive hyphens"),
        ["azure container too short"] = (Abs with { Bucket = "ab" }, "bucket", "Azure container names have 3 to 63"),
        ["azure container ends with hyphen"] = (Abs with { Bucket = "recordings-" }, "bucket", "not a valid Azure container name"),

        ["name with final newline"] = (S3PolicyMode with { Name = "recordings\n" }, "name", "may contain only"),
        ["s3 bucket with final newline"] = (S3PolicyMode with { Bucket = "acme-recordings\n" }, "bucket", "not a valid S3 bucket name"),
        ["gcs bucket with final newline"] = (Gcs with { Bucket = "acme-recordings\n" }, "bucket", "not a valid GCS bucket name"),
        ["azure container with final newline"] = (Abs with { Bucket = "recordings\n" }, "bucket", "not a valid Azure container name"),
        ["path with bidi override"] = (S3PolicyMode with { Path = "calls\u202E/" }, "path", "U+202E at position 6"),
        ["path with line separator"] = (S3PolicyMode with { Path = "calls/\u2028" }, "path", "U+2028"),
        ["path with tag character"] = (S3PolicyMode with { Path = "calls/\U000E0041/" }, "path", "U+E0041 at position 7"),
        ["path with cancel tag after an emoji"] = (S3PolicyMode with { Path = "\U0001F600/\U000E007F/" }, "path", "U+E007F at position 3"),
        ["path with lone high surrogate"] = (S3PolicyMode with { Path = "calls/\uD83D/" }, "path", "U+D83D at position 7, half of a surrogate pair"),
        ["path with lone low surrogate"] = (S3PolicyMode with { Path = "calls/\uDE00/" }, "path", "U+DE00 at position 7, half of a surrogate pair"),
        ["path absolute"] = (S3PolicyMode with { Path = "/calls/" }, "path", "must be relative"),
        ["path without trailing slash"] = (S3PolicyMode with { Path = "calls" }, "path", "must end with '/': add one at its end"),
        ["path parent segment"] = (S3PolicyMode with { Path = "calls/../other/" }, "path", "\"..\" segment"),
        ["path empty segment"] = (S3PolicyMode with { Path = "calls//video/" }, "path", "empty folder"),
        ["path dot segment"] = (S3PolicyMode with { Path = "./calls/" }, "path", "\".\" segment"),
        ["path backslash"] = (S3PolicyMode with { Path = "calls\\video/" }, "path", "separate folders with '/'"),
        ["path control character"] = (S3PolicyMode with { Path = "calls\n/" }, "path", "control characters"),
        ["path too long"] = (S3PolicyMode with { Path = new string('a', 513) + "/" }, "path", "longer than 512 UTF-8 bytes"),

        ["s3 without awsS3"] = (S3PolicyMode with { AwsS3 = NoS3 }, "awsS3", "is required for storageType \"s3\""),
        ["s3 with azureBlob"] = (S3PolicyMode with { AzureBlob = Abs.AzureBlob }, "azureBlob", "belongs to storageType \"abs\", not \"s3\""),
        ["s3 with gcsCredentials"] = (S3PolicyMode with { GcsCredentials = Gcs.GcsCredentials }, "gcsCredentials", "belongs to storageType \"gcs\", not \"s3\""),
        ["gcs without gcsCredentials"] = (Gcs with { GcsCredentials = null }, "gcsCredentials", "is required for storageType \"gcs\""),
        ["gcs with awsS3"] = (Gcs with { AwsS3 = S3PolicyMode.AwsS3 }, "awsS3", "belongs to storageType \"s3\", not \"gcs\""),
        ["abs without azureBlob"] = (Abs with { AzureBlob = NoAzure }, "azureBlob", "add accountName, clientId, clientSecret and tenantId"),

        ["region missing"] = (WithS3(s => s with { Region = null }), "awsS3.region", "set the bucket's AWS region"),
        ["region uppercase"] = (WithS3(s => s with { Region = "US-EAST-1" }), "awsS3.region", "is not an AWS region code"),
        ["region availability zone"] = (WithS3(s => s with { Region = "us-east-1a" }), "awsS3.region", "is an availability zone"),
        ["region without hyphens"] = (WithS3(s => s with { Region = "useast1" }), "awsS3.region", "is not an AWS region code"),
        ["region auto on aws"] = (WithS3(s => s with { Region = "auto" }), "awsS3.region", "is not an AWS region code"),
        ["region with final newline"] = (WithS3(s => s with { Region = "eu-west-1\n" }), "awsS3.region", "is not an AWS region code"),
        ["region invalid on compatible store"] = (WithCompatible(s => s with { Region = "Auto!" }), "awsS3.region", "the S3-compatible store expects"),
        ["apiKey without secret"] = (WithS3(s => s with { Secret = null }), "awsS3.secret", "is required when awsS3.apiKey is set"),
        ["secret without apiKey"] = (WithS3(s => s with { ApiKey = null }), "awsS3.apiKey", "is required when awsS3.secret is set"),
        ["apiKey lowercase"] = (WithS3(s => s with { ApiKey = "akiaiosfodnn7example" }), "awsS3.apiKey", "is not an AWS access key id"),
        ["apiKey session key"] = (WithS3(s => s with { ApiKey = "ASIAIOSFODNN7EXAMPLE" }), "awsS3.apiKey", "temporary (session) access key id"),
        ["apiKey empty"] = (WithS3(s => s with { ApiKey = "" }), "awsS3.apiKey", "is empty"),
        ["secret wrong length"] = (WithS3(s => s with { Secret = new SecretString("tooshort") }), "awsS3.secret", "40 characters"),
        ["secret empty"] = (WithS3(s => s with { Secret = new SecretString("") }), "awsS3.secret", "is empty"),
        ["compatible apiKey with space"] = (WithCompatible(s => s with { ApiKey = "key id" }), "awsS3.apiKey", "spaces or control characters"),
        ["compatible secret with newline"] = (WithCompatible(s => s with { Secret = new SecretString("secret\n") }), "awsS3.secret", "spaces or control characters"),
        ["endpoint plain http"] = (WithCompatible(s => s with { CustomEndpointUrl = "http://minio.example.com" }), "awsS3.customEndpointUrl", "http is accepted only for loopback"),
        ["endpoint relative"] = (WithCompatible(s => s with { CustomEndpointUrl = "minio.example.com" }), "awsS3.customEndpointUrl", "is not an absolute https URL"),
        ["endpoint ftp"] = (WithCompatible(s => s with { CustomEndpointUrl = "ftp://minio.example.com" }), "awsS3.customEndpointUrl", "is not an absolute https URL"),
        ["endpoint with user info"] = (WithCompatible(s => s with { CustomEndpointUrl = "https://user:pass@minio.example.com" }), "awsS3.customEndpointUrl", "must not contain a user name or password"),
        ["endpoint with query"] = (WithCompatible(s => s with { CustomEndpointUrl = "https://minio.example.com/?x=1" }), "awsS3.customEndpointUrl", "query or fragment"),
        ["endpoint with an escape"] = (WithCompatible(s => s with { CustomEndpointUrl = "https://minio.example.com/\u001B]8;;x\u0007" }), "awsS3.customEndpointUrl", "contains U+001B at position 27"),
        ["endpoint without keys"] = (WithCompatible(s => s with { ApiKey = null, Secret = null }), "awsS3.customEndpointUrl", "works only with keys"),

        ["gcs key empty"] = (GcsWithRawKey("  "), "gcsCredentials", "is empty"),
        ["gcs key file path"] = (GcsWithRawKey("/home/me/key.json"), "gcsCredentials", "not its path"),
        ["gcs key not an object"] = (GcsWithRawKey("service_account"), "gcsCredentials", "is not a JSON object"),
        ["gcs key array"] = (GcsWithRawKey("[]"), "gcsCredentials", "is not a JSON object"),
        ["gcs key broken json"] = (GcsWithRawKey("{\"type\": \"service_account\",\n  \"client_email\": }"), "gcsCredentials", "is not valid JSON (line 2"),
        ["gcs key user credentials"] = (GcsWithKey(k => k["type"] = "authorized_user"), "gcsCredentials", "has \"type\" \"authorized_user\""),
        ["gcs key without type"] = (GcsWithKey(k => k.Remove("type")), "gcsCredentials", "has no \"type\" field"),
        ["gcs key without client_email"] = (GcsWithKey(k => k.Remove("client_email")), "gcsCredentials", "no valid \"client_email\""),
        ["gcs key malformed client_email"] = (GcsWithKey(k => k["client_email"] = "stream-writer"), "gcsCredentials", "no valid \"client_email\""),
        ["gcs key without private_key"] = (GcsWithKey(k => k.Remove("private_key")), "gcsCredentials", "has no PEM \"private_key\""),
        ["gcs key cut private_key"] = (GcsWithKey(k => k["private_key"] = ((string)k["private_key"]!)[..200] + "\n-----END PRIVATE KEY-----\n"), "gcsCredentials", "not a readable RSA key"),
        ["gcs key relative token_uri"] = (GcsWithKey(k => k["token_uri"] = "/token"), "gcsCredentials", "\"token_uri\" that is not an absolute URL"),

        ["azure account missing"] = (WithAzure(a => a with { AccountName = null }), "azureBlob.accountName", "set the storage account name"),
        ["azure account uppercase"] = (WithAzure(a => a with { AccountName = "AcmeRecordings" }), "azureBlob.accountName", "3 to 24 lowercase letters and digits"),
        ["azure account too long"] = (WithAzure(a => a with { AccountName = new string('a', 25) }), "azureBlob.accountName", "has 25 characters"),
        ["azure account hyphen"] = (WithAzure(a => a with { AccountName = "acme-rec" }), "azureBlob.accountName", "3 to 24 lowercase letters and digits"),
        ["azure clientId missing"] = (WithAzure(a => a with { ClientId = null }), "azureBlob.clientId", "Application (client) ID"),
        ["azure clientId not a guid"] = (WithAzure(a => a with { ClientId = "stream-writer" }), "azureBlob.clientId", "is not a GUID"),
        ["azure tenantId domain"] = (WithAzure(a => a with { TenantId = "contoso.onmicrosoft.com" }), "azureBlob.tenantId", "Directory (tenant) ID"),
        ["azure tenantId missing"] = (WithAzure(a => a with { TenantId = "" }), "azureBlob.tenantId", "is required"),
        ["azure clientSecret missing"] = (WithAzure(a => a with { ClientSecret = null }), "azureBlob.clientSecret", "Certificates & secrets"),
        ["azure clientSecret is the secret id"] = (WithAzure(a => a with { ClientSecret = new SecretString(Guid.NewGuid().ToString()) }), "azureBlob.clientSecret", "secret's ID"),
        ["azure clientSecret with space"] = (WithAzure(a => a with { ClientSecret = new SecretString("abc def") }), "azureBlob.clientSecret", "spaces or control characters"),
    };

    public static TheoryData<string> BadDeclarationNames => [.. BadDeclarations.Keys];

    public static TheoryData<string> ValidDeclarationNames => [.. SampleDeclarations.Valid.Keys];

    [Fact]
    public void The_table_covers_at_least_sixty_bad_declarations()
    {
        Assert.True(BadDeclarations.Count >= 60, $"only {BadDeclarations.Count} bad declarations");
    }

    [Theory]
    [MemberData(nameof(BadDeclarationNames))]
    public void A_bad_declaration_gets_exactly_its_problem(string caseName)
    {
        var (declaration, field, expected) = BadDeclarations[caseName];

        var result = DeclarationValidator.Validate(declaration);

        Assert.False(result.IsValid);
        var problem = Assert.Single(result.Problems);
        Assert.Equal(field, problem.Field);
        Assert.Contains(expected, problem.Message, StringComparison.Ordinal);
        Assert.Contains(": ", problem.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(ValidDeclarationNames))]
    public void A_valid_declaration_passes(string caseName)
    {
        var result = DeclarationValidator.Validate(SampleDeclarations.Valid[caseName]);

        Assert.True(result.IsValid, string.Join(Environment.NewLine, result.Problems));
        Assert.Empty(result.Problems);
        result.ThrowIfInvalid();
    }

    [Theory]
    [InlineData("us-east-1")]
    [InlineData("eu-north-1")]
    [InlineData("ap-southeast-7")]
    [InlineData("cn-northwest-1")]
    [InlineData("us-gov-west-1")]
    [InlineData("us-isob-east-1")]
    [InlineData("eusc-de-east-1")]
    [InlineData("il-central-1")]
    public void Every_shape_of_AWS_region_passes(string region)
    {
        var result = DeclarationValidator.Validate(S3PolicyMode with { AwsS3 = new S3Settings { Region = region } });

        Assert.True(result.IsValid, string.Join(Environment.NewLine, result.Problems));
    }

    [Fact]
    public void Every_problem_is_reported_at_once()
    {
        var declaration = new StorageDeclaration
        {
            Name = "Bad Name",
            StorageType = StorageTypes.S3,
            Bucket = "Bad_Bucket",
            Path = "/abs",
            AwsS3 = new S3Settings { Region = "moon-1", ApiKey = "AKIAIOSFODNN7EXAMPLE" },
            AzureBlob = Abs.AzureBlob,
        };

        var result = DeclarationValidator.Validate(declaration);

        Assert.Equal(
            ["name", "bucket", "path", "awsS3.region", "awsS3.secret", "azureBlob"],
            result.Problems.Select(p => p.Field));
    }

    [Fact]
    public void An_unusable_type_still_gets_every_given_block_checked()
    {
        var declaration = Abs with
        {
            StorageType = "ABS",
            AzureBlob = Abs.AzureBlob! with { TenantId = "contoso" },
            AwsS3 = new S3Settings { Region = "" },
        };

        var result = DeclarationValidator.Validate(declaration);

        Assert.Equal(["storageType", "awsS3.region", "azureBlob.tenantId"], result.Problems.Select(p => p.Field));
        Assert.Contains("write \"abs\" in lowercase", result.Problems[0].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ThrowIfInvalid_lists_every_problem_on_its_own_line()
    {
        var result = DeclarationValidator.Validate(new StorageDeclaration());

        var exception = Assert.Throws<DeclarationValidationException>(result.ThrowIfInvalid);

        Assert.Equal(result.Problems, exception.Problems);
        var lines = exception.Message.Split(Environment.NewLine);
        Assert.Equal("The declaration is invalid (3 problems):", lines[0]);
        Assert.Equal(
            ["  name: is required", "  storageType: is required", "  bucket: is required"],
            lines[1..].Select(l => l[..(l.IndexOf("required", StringComparison.Ordinal) + "required".Length)]));
    }
}
