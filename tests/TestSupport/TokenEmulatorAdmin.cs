using System.Text;
using System.Text.Json;

namespace TestSupport;

/// <summary>The admin route of a local token endpoint, where tests register who may sign in.</summary>
internal sealed class TokenEmulatorAdmin(HttpClient httpClient) : IDisposable
{
    /// <summary>Posts <paramref name="registration"/> as JSON to <paramref name="path"/>; <paramref name="subject"/> names it in the error.</summary>
    public void Register<T>(string path, T registration, string subject)
    {
        var body = JsonSerializer.Serialize(registration, JsonSerializerOptions.Web);
        using var request = new HttpRequestMessage(HttpMethod.Post, path)
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        using var response = httpClient.Send(request);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"Registering {subject} failed with HTTP {(int)response.StatusCode}.");
        }
    }

    public void Dispose() => httpClient.Dispose();
}
