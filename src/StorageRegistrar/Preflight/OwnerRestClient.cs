using System.Net;

namespace StorageRegistrar.Preflight;

/// <summary>
/// A read-only client of one cloud REST API that reads with the owner's bearer token for one scope, through
/// <see cref="PreflightRest"/>: what its reads have in common is the API's root, the token's scope and how the owner
/// signs in when there is no token.
/// </summary>
public abstract class OwnerRestClient
{
    private readonly HttpClient _http;
    private readonly Func<string, CancellationToken, Task<string>> _ownerToken;
    private readonly string _scope;
    private readonly string _signIn;

    /// <param name="http">Sends the requests, with the retries of <see cref="PreflightHttp"/>.</param>
    /// <param name="ownerToken">The owner's bearer token for a scope.</param>
    /// <param name="scope">The scope of the API's token.</param>
    /// <param name="signIn">How the owner signs in, said when there is no token.</param>
    /// <param name="endpoint">The API's own root.</param>
    private protected OwnerRestClient(HttpClient http, Func<string, CancellationToken, Task<string>> ownerToken, string scope, string signIn, Uri endpoint)
    {
        _http = http;
        _ownerToken = ownerToken;
        _scope = scope;
        _signIn = signIn;
        Endpoint = endpoint;
    }

    /// <summary>The API's root; tests point it at a local server.</summary>
    public Uri Endpoint { get; init; }

    /// <param name="what">The read in the words of a refusal (<c>the ancestry of project P</c>).</param>
    /// <param name="absent">The value an error answer (its status and message) stands for, such as a policy never set; null: a refusal.</param>
    private protected Task<CloudRead<T>> ReadAsync<T>(
        Func<HttpRequestMessage> createRequest, string what, Func<string, T> parse, CancellationToken cancellationToken, Func<HttpStatusCode, string?, T?>? absent = null)
        where T : class =>
        PreflightRest.ReadAsync(_http, _ownerToken, _scope, _signIn, createRequest, what, parse, cancellationToken, absent);
}
