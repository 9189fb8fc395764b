using StorageRegistrar.Verification;

namespace StorageRegistrar.Tests.Verification;

public sealed class CheckFileUrlTests
{
    [Theory]
    [InlineData("https://acme.s3.eu-west-1.amazonaws.com/calls/stream-1.md?X-Amz-Signature=abc&X-Amz-Credential=AKIA", "https://acme.s3.eu-west-1.amazonaws.com/calls/stream-1.md")]
    [InlineData("https://storage.googleapis.com/download/storage/v1/b/acme/o/calls%2Fstream-1.md?generation=1&alt=media", "https://storage.googleapis.com/download/storage/v1/b/acme/o/calls%2Fstream-1.md")]
    [InlineData("https://acme.blob.core.windows.net/calls/stream-1.md?sv=2024&sig=abc#top", "https://acme.blob.core.windows.net/calls/stream-1.md")]
    [InlineData("https://acme.blob.core.windows.net/calls/stream-1.md", "https://acme.blob.core.windows.net/calls/stream-1.md")]
    [InlineData("calls/stream-1.md?sig=abc", "calls/stream-1.md")]
    [InlineData("/acme/calls/stream-1.md?sig=abc", "/acme/calls/stream-1.md")]
    [InlineData(@"\\files\acme\stream-1.md?sig=abc", @"\\files\acme\stream-1.md")]
    [InlineData("file:///acme/stream-1.md?sig=abc", "file:///acme/stream-1.md")]
    [InlineData("ftp://AKIAEXAMPLE:s3cr3t@acme.example.com/calls/stream-1.md?sig=abc", "ftp://acme.example.com/calls/stream-1.md")]
    [InlineData("https://AKIAEXAMPLE:s3/cr3t@acme.example.com/calls/stream-1.md?sig=abc", "https://[secret]@acme.example.com/calls/stream-1.md")]
    [InlineData("https://AKIAEXAMPLE:s3cr3t@acme.example.com:9000/calls/stream-1.md?sig=abc", "https://acme.example.com:9000/calls/stream-1.md")]
    [InlineData("stream-1.md\u001B[2K\u001B[1A", "stream-1.md\\u001B[2K\\u001B[1A")]
    [InlineData(null, null)]
    public void A_check_files_url_is_shown_and_kept_without_the_query_that_may_sign_it(string? fileUrl, string? shown) =>
        Assert.Equal(shown, CheckFileUrl.Shown(fileUrl));
}
