using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace LocalWorld;

/// <summary>The admin route of a local token endpoint, where the identities that may sign in are registered, revoked and listed.</summary>
internal sealed class TokenEmulatorAdmin(HttpClient httpClient, string path) : IDisposable
{
    /// <summary>Posts <paramref name="registration"/> as JSON; <paramref name="subject"/> names it in the error.</summary>
    public void Register<T>(T registration, string subject)
    {
        using var request = JsonRequest(HttpMethod.Post, registration);
        using var response = httpClient.Send(request);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"Registering {subject} failed with HTTP {(int)response.StatusCode}.");
        }
    }

    /// <summary>Revokes the identity <paramref name="identity"/> names; false when the endpoint did not know it.</summary>
    public async Task<bool> RevokeAsync<T>(T identity, string subject, CancellationToken cancellationToken)
    {
        using var request = JsonRequest(HttpMethod.Delete, identity);
        using var response = await httpClient.SendAsync(request, cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return false;
        }

        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"Revoking {subject} failed with HTTP {(int)response.StatusCode}.");
        }

        return true;
    }

    public async Task<IReadOnlyList<T>> ListAsync<T>(CancellationToken cancellationToken) =>
        await httpClient.GetFromJsonAsync<List<T>>(path, JsonSerializerOptions.Web, cancellationToken) ?? [];

    public void Dispose() => httpClient.Dispose();

    private HttpRequestMessage JsonRequest<T>(HttpMethod method, T body) => new(method, path)
    {
        Content = new StringContent(JsonSerializer.Serialize(body, JsonSerializerOptions.Web), Encoding.UTF8, "application/json"),
    };
}
