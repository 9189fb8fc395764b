
namespace StreamStorage.Cli.Tests;

/// <summary>A temporary folder of the project <c>recording-storage</c>, for the stack and other files a command is given; deleted on dispose.</summary>
internal sealed class StackFolder : IDisposable
{
    /// <summary>The Stream API secret as an encrypted stack carries it: its ciphertext must never reach any output.</summary>
    public const string StreamApiSecretCiphertext = "v1:c3RyZWFtLWFwaS1zZWNyZXQ=";

    /// <summary>The repository's example dev stack, which sets no Stream credentials.</summary>
    public static readonly string DevStack = Path.Combine(RepositoryPaths.Root, "Pulumi.dev.yaml");

    /// <summary>Config lines setting Stream's credentials, as pulumi preview needs them.</summary>
    private const string StreamCredentials = $"""
          streamstorage:apiKey: stack-test-key
          streamstorage:apiSecret:
            secure: {StreamApiSecretCiphertext}

        """;

    /// <summary>
    /// An item of <c>recording-storage:storages</c>: a Cloudflare R2 bucket, an S3-compatible store whose access key
    /// the stack holds encrypted (<c>QUNDRVNTLUtFWS1DSVBIRVJURVhU</c> and <c>U0VDUkVULUtFWS1DSVBIRVJURVhU</c>, which must reach no output).
    /// </summary>
    public static string R2Storage(string name) => $"""
            - name: {name}
              cloud: s3compatible
              endpoint: https://0123456789abcdef.r2.cloudflarestorage.com
              bucket: acme-r2-recordings
              region: auto
              accessKeyId:
                secure: v1:QUNDRVNTLUtFWS1DSVBIRVJURVhU
              secretAccessKey:
                secure: v1:U0VDUkVULUtFWS1DSVBIRVJURVhU

        """;

    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("stacks-");

    public string FullName => _folder.FullName;

    public void Dispose() => _folder.Delete(recursive: true);

    /// <summary>Writes <paramref name="text"/> to the file <paramref name="name"/> in the folder; returns its path.</summary>
    public string Write(string name, string text)
    {
        var path = Path.Combine(_folder.FullName, name);
        File.WriteAllText(path, text);
        return path;
    }

    /// <summary>Writes the stack file of <paramref name="stack"/> beside the project file; returns its path.</summary>
    public string WriteStack(string stack, string yaml)
    {
        Write("Pulumi.yaml", "name: recording-storage\nruntime: dotnet\n");
        return Write($"Pulumi.{stack}.yaml", yaml);
    }

    /// <summary>Writes a stack that sets Stream's credentials and then <paramref name="config"/>: further config lines, indented by two spaces.</summary>
    public string WriteStackWithStreamCredentials(string stack, string config) => WriteStack(stack, $"config:\n{StreamCredentials}{config}");

    /// <summary>Writes the example dev stack with Stream's credentials set.</summary>
    public string WriteDevStackWithStreamCredentials() => WriteStack("dev", File.ReadAllText(DevStack) + StreamCredentials);
}
