using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using StorageRegistrar.Diagnostics;

namespace StorageRegistrar.Preflight;

/// <summary>
/// One read of a cloud's REST API with the owner's bearer token (Google application default credentials, or
/// DefaultAzureCredential for Graph and Resource Manager, as <see cref="CredentialAgeProbe"/> reads them), turned into a
/// <see cref="CloudRead{T}"/>: every refusal, failure and answer of the wrong shape becomes a reason, never a value.
/// Both clouds answer errors as <c>{"error": {"message"}}</c>. <see cref="Aws.AwsRest"/> signs its own requests and turns
/// their answers into reads here too.
/// </summary>
internal static class PreflightRest
{
    /// <param name="scope">The token's scope (<see cref="CredentialAgeProbe.GoogleScope"/>, <see cref="CredentialAgeProbe.GraphScope"/>...).</param>
    /// <param name="signIn">How the owner signs in, said when there is no token.</param>
    /// <param name="absent">The value an error answer stands for (<see cref="SendAsync"/>); null: every error answer is a refusal.</param>
    public static async Task<CloudRead<T>> ReadAsync<T>(
        HttpClient http,
        Func<string, CancellationToken, Task<string>> ownerToken,
        string scope,
        string signIn,
        Func<HttpRequestMessage> createRequest,
        string what,
        Func<string, T> parse,
        CancellationToken cancellationToken,
        Func<HttpStatusCode, string?, T?>? absent = null)
        where T : class
    {
        var token = await OwnerTokenAsync(ownerToken, scope, signIn, what, cancellationToken).ConfigureAwait(false);
        if (token.Value is null)
        {
            return CloudRead<T>.Refused(token.Refusal!, token.Denied);
        }

        using var request = createRequest();
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token.Value);
        return await SendAsync(http, request, what, CredentialAgeProbe.JsonErrorMessage, parse, e => e is JsonException, cancellationToken, absent).ConfigureAwait(false);
    }

    /// <summary>The owner's token for <paramref name="scope"/>, or, when there is no sign-in, a refusal of <paramref name="what"/> saying how to sign in.</summary>
    public static async Task<CloudRead<string>> OwnerTokenAsync(
        Func<string, CancellationToken, Task<string>> ownerToken, string scope, string signIn, string what, CancellationToken cancellationToken)
    {
        try
        {
            return CloudRead<string>.Of(await ownerToken(scope, cancellationToken).ConfigureAwait(false));
        }
        catch (Exception e) when (!CallerCancellation.Is(e, cancellationToken))
        {
            return CloudRead<string>.Refused($"{what}: no sign-in of your own ({e.Message}); {signIn}.", denied: true);
        }
    }

    /// <summary>
    /// Sends a request that carries the owner's credentials and turns its answer into a read, whatever the cloud's
    /// signing and format: no answer after retries, an error answer and a body of the wrong shape are refusals.
    /// </summary>
    /// <param name="errorMessage">The cloud's message in an error answer's body.</param>
    /// <param name="isWrongShape">Whether <paramref name="parse"/> failed on the body's shape.</param>
    /// <param name="absent">The value an error answer (its status and message) stands for, such as a setting never made; null: a refusal.</param>
    /// <param name="refusesReader">Whether an error answer refuses the reader, whose fix is a right to read; null: 401 and 403.</param>
    internal static async Task<CloudRead<T>> SendAsync<T>(
        HttpClient http,
        HttpRequestMessage request,
        string what,
        Func<string, string?> errorMessage,
        Func<string, T> parse,
        Func<Exception, bool> isWrongShape,
        CancellationToken cancellationToken,
        Func<HttpStatusCode, string?, T?>? absent = null,
        Func<HttpStatusCode, string?, bool>? refusesReader = null)
        where T : class
    {
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (NoAnswer.Is(e, cancellationToken))
        {
            return CloudRead<T>.Refused($"{what}: no answer after retries ({e.Message}).");
        }

        using (response)
        {
            var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                var status = (int)response.StatusCode;
                var error = errorMessage(body);
                if (absent?.Invoke(response.StatusCode, error) is { } value)
                {
                    return CloudRead<T>.Of(value);
                }

                var denied = refusesReader?.Invoke(response.StatusCode, error) ?? response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden;
                var said = $"{what}: HTTP {status} {error}".TrimEnd();
                return CloudRead<T>.Refused(said + (status >= 500 || status == 429 ? " (after retries)." : said.EndsWith('.') ? "" : "."), denied);
            }

            try
            {
                return CloudRead<T>.Of(parse(body));
            }
            catch (Exception e) when (isWrongShape(e))
            {
                return CloudRead<T>.Refused($"{what}: the answer is not the documented shape ({e.Message}).");
            }
        }
    }
}
