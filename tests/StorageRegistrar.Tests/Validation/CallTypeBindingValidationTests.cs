using StorageRegistrar.Validation;

namespace StorageRegistrar.Tests.Validation;

public sealed class CallTypeBindingValidationTests
{
    private static readonly Dictionary<string, (CallTypeBindingDeclaration Binding, string Field, string Expected)> BadBindings = new()
    {
        ["call type missing"] = (new() { ExternalStorage = "recordings-s3" }, "callType", "is required"),
        ["call type empty"] = (new() { CallType = "", ExternalStorage = "recordings-s3" }, "callType", "is required"),
        ["call type too long"] = (new() { CallType = new string('x', 65), ExternalStorage = "recordings-s3" }, "callType", "at most 64"),
        ["call type with space"] = (new() { CallType = "all hands", ExternalStorage = "recordings-s3" }, "callType", "only letters, digits, '-' and '_'"),
        ["call type with slash"] = (new() { CallType = "video/default", ExternalStorage = "recordings-s3" }, "callType", "only letters, digits, '-' and '_'"),
        ["call type with final newline"] = (new() { CallType = "default\n", ExternalStorage = "recordings-s3" }, "callType", "only letters, digits, '-' and '_'"),
        ["storage with final newline"] = (new() { CallType = "default", ExternalStorage = "recordings-s3\n" }, "externalStorage", "is not a valid storage name"),
        ["storage missing"] = (new() { CallType = "default" }, "externalStorage", "\"stream-s3\" for Stream's own storage"),
        ["storage empty"] = (new() { CallType = "default", ExternalStorage = "" }, "externalStorage", "is required"),
        ["stream storage miscased"] = (new() { CallType = "default", ExternalStorage = "Stream-S3" }, "externalStorage", "spelled exactly \"stream-s3\""),
        ["storage name invalid"] = (new() { CallType = "default", ExternalStorage = "My Storage" }, "externalStorage", "is not a valid storage name"),
    };

    public static TheoryData<string> BadBindingNames => [.. BadBindings.Keys];

    [Theory]
    [MemberData(nameof(BadBindingNames))]
    public void A_bad_binding_gets_exactly_its_problem(string caseName)
    {
        var (binding, field, expected) = BadBindings[caseName];

        var problem = Assert.Single(DeclarationValidator.Validate(binding).Problems);

        Assert.Equal(field, problem.Field);
        Assert.Contains(expected, problem.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("default", "recordings-s3")]
    [InlineData("calltype_Recording_Test-01", "recordings_gcs")]
    [InlineData("livestream", "stream-s3")]
    public void A_valid_binding_passes(string callType, string externalStorage)
    {
        var result = DeclarationValidator.Validate(new CallTypeBindingDeclaration { CallType = callType, ExternalStorage = externalStorage });

        Assert.True(result.IsValid, string.Join(Environment.NewLine, result.Problems));
    }

    [Fact]
    public void Both_problems_of_an_empty_binding_are_reported()
    {
        var result = DeclarationValidator.Validate(new CallTypeBindingDeclaration());

        Assert.Equal(["callType", "externalStorage"], result.Problems.Select(p => p.Field));
    }
}
