using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Polly.Timeout;
using StorageRegistrar.Diagnostics;

namespace StorageRegistrar.Preflight;

/// <summary>
/// One read of a cloud's REST API with the owner's bearer token (Google application default credentials, or
/// DefaultAzureCredential for Graph and Resource Manager, as <see cref="CredentialAgeProbe"/> reads them), turned into a
/// <see cref="CloudRead{T}"/>: every refusal, failure and answer of the wrong shape becomes a reason, never a value.
/// Both clouds answer errors as <c>{"error": {"message"}}</c>.
/// </summary>
internal static class PreflightRest
{
    /// <param name="scope">The token's scope (<see cref="CredentialAgeProbe.GoogleScope"/>, <see cref="CredentialAgeProbe.GraphScope"/>...).</param>
    /// <param name="signIn">How the owner signs in, said when there is no token.</param>
    public static async Task<CloudRead<T>> ReadAsync<T>(
        HttpClient http,
        Func<string, CancellationToken, Task<string>> ownerToken,
        string scope,
        string signIn,
        Func<HttpRequestMessage> createRequest,
        string what,
        Func<string, T> parse,
        CancellationToken cancellationToken)
        where T : class
    {
        string token;
        try
        {
            token = await ownerToken(scope, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return CloudRead<T>.Refused($"{what}: no sign-in of your own ({e.Message}); {signIn}.", denied: true);
        }

        using var request = createRequest();
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is HttpRequestException or TimeoutRejectedException && !cancellationToken.IsCancellationRequested)
        {
            return CloudRead<T>.Refused($"{what}: no answer after retries ({e.Message}).");
        }

        using (response)
        {
            var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                var status = (int)response.StatusCode;
                var denied = response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden;
                return CloudRead<T>.Refused($"{what}: HTTP {status} {CredentialAgeProbe.JsonErrorMessage(body)}".TrimEnd() + (status >= 500 || status == 429 ? " (after retries)." : "."), denied);
            }

            try
            {
                return CloudRead<T>.Of(parse(body));
            }
            catch (JsonException e)
            {
                return CloudRead<T>.Refused($"{what}: the answer is not the documented shape ({e.Message}).");
            }
        }
    }
}
