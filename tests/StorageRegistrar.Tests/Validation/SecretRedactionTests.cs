using StorageRegistrar.Validation;
using static StorageRegistrar.Tests.Validation.SampleDeclarations;

namespace StorageRegistrar.Tests.Validation;

/// <summary>Problems must help fix a secret without ever repeating it, even when it is malformed.</summary>
public sealed class SecretRedactionTests
{
    private const string Marker = "Zq7LeakMarker";

    public static TheoryData<string> LeakCaseNames => [.. LeakCases.Keys];

    private static readonly Dictionary<string, StorageDeclaration> LeakCases = new()
    {
        ["aws secret malformed"] = WithS3(s => s with { Secret = new SecretString($"{Marker}-not-a-secret") }),
        ["aws access key id malformed"] = WithS3(s => s with { ApiKey = $"{Marker}-key-id" }),
        ["aws secret without key id"] = WithS3(s => s with { ApiKey = null, Secret = new SecretString($"{Marker}{Marker}{Marker}1234") }),
        ["compatible secret with space"] = WithCompatible(s => s with { Secret = new SecretString($"{Marker} secret") }),
        ["endpoint with password"] = WithCompatible(s => s with { CustomEndpointUrl = $"https://user:{Marker}@minio.example.com" }),
        ["azure secret with space"] = WithAzure(a => a with { ClientSecret = new SecretString($"{Marker} value") }),
        ["gcs key of another type"] = GcsWithKey(k => k["type"] = Marker),
        ["gcs key with bad email"] = GcsWithKey(k => k["client_email"] = Marker),
        ["gcs key with bad private key"] = GcsWithKey(k => k["private_key"] = $"-----BEGIN PRIVATE KEY-----\n{Marker}\n-----END PRIVATE KEY-----\n"),
        ["gcs key with bad token uri"] = GcsWithKey(k => k["token_uri"] = Marker),
        ["gcs key as broken json"] = GcsWithRawKey($"{{\"private_key\": \"{Marker}\", {Marker}"),
        ["gcs key as bare text"] = GcsWithRawKey($"{Marker}.json"),
        ["gcs key starting with the secret"] = GcsWithRawKey($"{{{Marker}"),
    };

    [Theory]
    [MemberData(nameof(LeakCaseNames))]
    public void No_problem_repeats_a_secret(string caseName)
    {
        var result = DeclarationValidator.Validate(LeakCases[caseName]);

        Assert.NotEmpty(result.Problems);
        var exception = Assert.Throws<DeclarationValidationException>(result.ThrowIfInvalid);
        foreach (var text in result.Problems.Select(p => p.ToString()).Append(exception.Message).Append(exception.ToString()))
        {
            Assert.DoesNotContain(Marker, text, StringComparison.OrdinalIgnoreCase);
        }
    }
}
