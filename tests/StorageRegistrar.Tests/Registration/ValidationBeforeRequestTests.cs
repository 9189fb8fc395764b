using StorageRegistrar.Validation;

namespace StorageRegistrar.Tests.Registration;

/// <summary>Every registration operation refuses bad input before sending anything.</summary>
public sealed class ValidationBeforeRequestTests(StreamEmulatorFixture fixture) : RegistrationTestBase(fixture)
{
    public static TheoryData<string> Operations => ["ensure", "check", "delete", "bind", "unbind", "read-binding"];

    [Theory]
    [MemberData(nameof(Operations))]
    public async Task A_bad_declaration_is_refused_with_zero_requests(string operation)
    {
        var badStorage = new StorageDeclaration
        {
            Name = "Bad Name",
            StorageType = "S3",
            Bucket = "b",
            AwsS3 = new S3Settings { Region = "us-east-1a", ApiKey = "AKIA-not-a-key", Secret = new SecretString("leaky-secret-value") },
        };

        var error = await Assert.ThrowsAsync<DeclarationValidationException>(() => operation switch
        {
            "ensure" => Registrar.EnsureAsync(badStorage, ct: Ct),
            "check" => Registrar.CheckAsync("stream-s3", "s4", ct: Ct),
            "delete" => Registrar.DeleteAsync("stream-s3", seenAt: null, Ct),
            "bind" => Registrar.BindAsync(new CallTypeBindingDeclaration { CallType = "bad call type", ExternalStorage = "" }, Ct),
            "unbind" => Registrar.UnbindAsync("bad/type", "Not Valid", Ct),
            _ => Registrar.ReadBindingAsync("", Ct),
        });

        Assert.NotEmpty(error.Problems);
        Assert.All(error.Problems, p => Assert.False(string.IsNullOrWhiteSpace(p.Field)));
        Assert.DoesNotContain("leaky-secret-value", error.Message, StringComparison.Ordinal);
        Assert.Empty(await RequestsAsync());
    }

    [Fact]
    public async Task Ensure_reports_every_problem_naming_its_field()
    {
        var error = await Assert.ThrowsAsync<DeclarationValidationException>(() => Registrar.EnsureAsync(
            new StorageDeclaration { Name = "stream-s3", StorageType = "s3", Bucket = "Bad_Bucket", AwsS3 = new S3Settings { Region = "us-east-1" } }, ct: Ct));

        Assert.Contains(error.Problems, p => p.Field == DeclarationFields.Name);
        Assert.Contains(error.Problems, p => p.Field == DeclarationFields.Bucket);
        Assert.Empty(await RequestsAsync());
    }
}
