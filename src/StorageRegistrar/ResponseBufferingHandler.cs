namespace StorageRegistrar;

/// <summary>
/// Reads each answer's body inside the retry pipeline, under the attempt's token: HttpClient would read it only after the
/// pipeline returned, where neither the attempt's nor the total deadline bounds a body that stalls, and a connection cut
/// mid-body could not be tried again.
/// </summary>
internal sealed class ResponseBufferingHandler : DelegatingHandler
{
    public ResponseBufferingHandler(HttpMessageHandler transport)
        : base(transport)
    {
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        try
        {
            await response.Content.LoadIntoBufferAsync(cancellationToken).ConfigureAwait(false);
            return response;
        }
        catch
        {
            response.Dispose();
            throw;
        }
    }
}
