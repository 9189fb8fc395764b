using System.Text.Json;

namespace StackPlanning.Tests;

/// <summary>Stack files are read as the Pulumi engine hands their values to the program.</summary>
public sealed class StackFileTests : IDisposable
{
    private readonly DirectoryInfo _project = Directory.CreateTempSubdirectory("stackfile-");

    public StackFileTests() => File.WriteAllText(Path.Combine(_project.FullName, "Pulumi.yaml"), "name: recording-storage\nruntime: dotnet\n");

    public void Dispose() => _project.Delete(recursive: true);

    [Fact]
    public void Structured_values_keep_plain_YAML_types_and_quoted_text_stays_text()
    {
        var file = Write("qa", """
            config:
              recording-storage:production: false
              streamstorage:apiSecret:
                secure: v1:abc
              recording-storage:storages:
                - name: qa-s3
                  cloud: s3
                  retentionDays: 90
                  versioning: true
                  clientSecretRotation: "2026-11"
                  path: ~
            """);

        Assert.Equal("qa", file.StackName);
        Assert.Equal("recording-storage", file.ProjectName);
        Assert.Equal("false", file.Get("recording-storage:production"));
        using var storages = JsonDocument.Parse(file.Get("recording-storage:storages")!);
        var storage = storages.RootElement[0];
        Assert.Equal(JsonValueKind.Number, storage.GetProperty("retentionDays").ValueKind);
        Assert.Equal(JsonValueKind.True, storage.GetProperty("versioning").ValueKind);
        Assert.Equal("2026-11", storage.GetProperty("clientSecretRotation").GetString());
        Assert.Equal(JsonValueKind.Null, storage.GetProperty("path").ValueKind);
        Assert.True(file.IsSet("streamstorage:apiSecret"));
        Assert.Null(file.Get("streamstorage:apiSecret"));
    }

    [Fact]
    public void A_secure_value_inside_a_list_reads_as_the_stand_in_and_marks_the_storages_encrypted()
    {
        var file = Write("qa", """
            config:
              recording-storage:storages:
                - name: qa-r2
                  accessKeyId:
                    secure: v1:AAAA
            """);

        using var storages = JsonDocument.Parse(file.Get("recording-storage:storages")!);
        Assert.Equal(StackFile.SecureValueStandIn, storages.RootElement[0].GetProperty("accessKeyId").GetString());
        Assert.DoesNotContain("v1:AAAA", file.Get("recording-storage:storages"), StringComparison.Ordinal);
        Assert.True(file.ToInput().StoragesEncrypted);
    }

    [Fact]
    public void The_input_reports_missing_Stream_credentials_unless_they_are_supplied_elsewhere()
    {
        var file = Write("qa", "config:\n  recording-storage:storages: []\n");

        Assert.False(file.ToInput().HasStreamApiKey);
        Assert.True(file.ToInput(streamCredentialsSupplied: true).HasStreamApiSecret);
        Assert.Equal(JsonValueKind.Array, file.ToInput().Storages.ValueKind);
        Assert.Equal(JsonValueKind.Undefined, file.ToInput().Bindings.ValueKind);
    }

    [Fact]
    public void Storages_holding_a_secure_value_are_known_to_be_encrypted_and_plain_ones_are_not()
    {
        var encrypted = Write("enc", """
            config:
              recording-storage:storages:
                - name: r2
                  cloud: s3compatible
                  secretAccessKey:
                    secure: v1:abc
            """);
        var plain = Write("plain", "config:\n  recording-storage:storages:\n    - name: r2\n      secretAccessKey: leaked\n");

        Assert.True(encrypted.ToInput().StoragesEncrypted);
        Assert.False(plain.ToInput().StoragesEncrypted);
    }

    [Theory]
    [InlineData("stack.yaml", "is named Pulumi.<stack>.yaml")]
    [InlineData("Pulumi.yaml", "is named Pulumi.<stack>.yaml")]
    [InlineData("Pulumi.absent.yaml", "no such file")]
    public void A_path_that_is_no_stack_file_is_refused_with_the_fix(string fileName, string expected)
    {
        var error = Assert.Throws<StackConfigException>(() => StackFile.Read(Path.Combine(_project.FullName, fileName)));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Invalid_YAML_is_reported_with_its_line()
    {
        var path = Path.Combine(_project.FullName, "Pulumi.bad.yaml");
        File.WriteAllText(path, "config:\n  recording-storage:storages: [\n");

        var error = Assert.Throws<StackConfigException>(() => StackFile.Read(path));

        Assert.Contains("is not valid YAML at line", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_stack_file_needs_its_project_file_beside_it()
    {
        File.Delete(Path.Combine(_project.FullName, "Pulumi.yaml"));
        var path = Path.Combine(_project.FullName, "Pulumi.qa.yaml");
        File.WriteAllText(path, "config: {}\n");

        var error = Assert.Throws<StackConfigException>(() => StackFile.Read(path));

        Assert.Contains("no Pulumi.yaml beside it", error.Message, StringComparison.Ordinal);
    }

    private StackFile Write(string stack, string yaml)
    {
        var path = Path.Combine(_project.FullName, $"Pulumi.{stack}.yaml");
        File.WriteAllText(path, yaml);
        return StackFile.Read(path);
    }
}
