using System.Net.Sockets;
using Polly.Timeout;

namespace StorageRegistrar.Tests;

/// <summary>Which failures left a request unsent, in the shapes .NET and Polly give them.</summary>
public sealed class NoAnswerTests
{
    private static HttpRequestMessage Post() => new(HttpMethod.Post, "https://video.stream-io-api.com/api/v2/external_storage") { Content = new StringContent("{}") };

    /// <summary>SocketsHttpHandler's ConnectTimeout: a cancellation over a timeout of its own.</summary>
    private static TaskCanceledException ConnectTimeout() =>
        new("The operation was canceled.", new TimeoutException("A connection could not be established within the configured ConnectTimeout."));

    /// <summary>HttpClient.Timeout: a cancellation over a timeout over the cancellation it ended the request with.</summary>
    private static TaskCanceledException HttpClientTimeout() =>
        new("The request was canceled due to the configured HttpClient.Timeout of 1 seconds elapsing.", new TimeoutException("The operation was canceled.", new TaskCanceledException()));

    public static TheoryData<string, Exception, bool> Failures => new()
    {
        { "refused at connect", new HttpRequestException(HttpRequestError.ConnectionError, "Connection refused", new SocketException((int)SocketError.ConnectionRefused)), true },
        { "proxy refused the tunnel", new HttpRequestException(HttpRequestError.ProxyTunnelError, "The proxy tunnel request to proxy failed with status code '403'."), true },
        { "connect timeout", ConnectTimeout(), true },
        { "reset mid-answer", new HttpRequestException(HttpRequestError.ResponseEnded, "The response ended prematurely."), false },
        { "HttpClient's timeout", HttpClientTimeout(), false },
        { "an attempt's deadline", new TimeoutRejectedException("The operation didn't complete within the allowed timeout of '00:00:30'."), false },
        { "an attempt's deadline over a connect timeout", new TimeoutRejectedException("The operation didn't complete within the allowed timeout of '00:00:30'.", ConnectTimeout()), false },
    };

    [Theory]
    [MemberData(nameof(Failures))]
    public void A_request_with_a_body_was_unsent_only_when_it_failed_while_its_connection_was_made(string failure, Exception exception, bool unsent)
    {
        using var request = Post();

        Assert.True(NoAnswer.BeforeSending(exception, request) == unsent, failure);
    }

    /// <summary>The handler sends a request without a body again on a new connection, so a connect failure may follow one that went.</summary>
    [Fact]
    public void A_request_without_a_body_is_never_known_unsent()
    {
        using var request = new HttpRequestMessage(HttpMethod.Delete, "https://video.stream-io-api.com/api/v2/external_storage/s");

        Assert.False(NoAnswer.BeforeSending(ConnectTimeout(), request));
        Assert.False(NoAnswer.BeforeSending(new HttpRequestException(HttpRequestError.ConnectionError, "Connection refused"), request));
    }
}
