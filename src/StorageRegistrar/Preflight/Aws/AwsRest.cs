using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Xml;
using System.Xml.Linq;
using Amazon;
using Amazon.Runtime;
using Amazon.Runtime.Internal;
using StorageRegistrar.Diagnostics;

namespace StorageRegistrar.Preflight.Aws;

/// <summary>
/// One read of an AWS API without an SDK client, signed with the owner's credentials (the SDK's default chain) by the
/// SDK's signer as the doctor signs IAM, turned into a <see cref="CloudRead{T}"/>: every refusal, failure and answer of
/// the wrong shape becomes a reason, never a value.
/// </summary>
public sealed class AwsRest(HttpClient http, Func<AWSCredentials> ownerCredentials, TimeProvider timeProvider)
{
    /// <param name="absent">The value when the API answers 404 with this error code (a setting never made), if any.</param>
    internal async Task<CloudRead<T>> ReadAsync<T>(
        Func<HttpRequestMessage> createRequest,
        RegionEndpoint signingRegion,
        string service,
        string what,
        Func<XDocument, T> parse,
        CancellationToken cancellationToken,
        (string ErrorCode, T Value)? absent = null)
        where T : class
    {
        using var request = createRequest();
        return await SendSignedAsync(
            request,
            signingRegion,
            service,
            what,
            CredentialAgeProbe.XmlErrorMessage,
            body => parse(XDocument.Parse(body)),
            e => e is XmlException or FormatException,
            absent is { } none
                ? (status, error) => status == HttpStatusCode.NotFound && error?.StartsWith(none.ErrorCode, StringComparison.Ordinal) == true ? none.Value : null
                : null,
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// One call of an AWS JSON 1.1 API (a POST of <paramref name="body"/> to <paramref name="target"/>), answered in JSON;
    /// an error is <c>{"__type", "Message"}</c>, often with status 400 whatever the cause.
    /// </summary>
    /// <param name="absent">The value when the API answers this error type (a service not in use, say), if any.</param>
    internal async Task<CloudRead<T>> CallJsonAsync<T>(
        Uri endpoint,
        string target,
        string body,
        RegionEndpoint signingRegion,
        string service,
        string what,
        Func<JsonElement, T> parse,
        CancellationToken cancellationToken,
        (string ErrorType, T Value)? absent = null)
        where T : class
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, endpoint) { Content = new StringContent(body, Encoding.UTF8) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue(JsonContentType);
        request.Headers.Add("X-Amz-Target", target);
        return await SendSignedAsync(
            request,
            signingRegion,
            service,
            what,
            JsonErrorMessage,
            answer =>
            {
                using var document = JsonDocument.Parse(answer);
                return parse(document.RootElement);
            },
            e => e is JsonException or FormatException or InvalidOperationException or KeyNotFoundException,
            absent is { } none
                ? (_, error) => error?.StartsWith(none.ErrorType, StringComparison.Ordinal) == true ? none.Value : null
                : null,
            cancellationToken,
            // JSON APIs answer a refused caller with 400 AccessDeniedException, not 403: its fix is a right to read, as a 403's.
            (status, error) => status is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden || error?.StartsWith("AccessDeniedException", StringComparison.Ordinal) == true).ConfigureAwait(false);
    }

    /// <summary>Signs <paramref name="request"/> with the owner's credentials and sends it; no sign-in to sign with is a refusal.</summary>
    private async Task<CloudRead<T>> SendSignedAsync<T>(
        HttpRequestMessage request,
        RegionEndpoint signingRegion,
        string service,
        string what,
        Func<string, string?> errorMessage,
        Func<string, T> parse,
        Func<Exception, bool> isWrongShape,
        Func<HttpStatusCode, string?, T?>? absent,
        CancellationToken cancellationToken,
        Func<HttpStatusCode, string?, bool>? refusesReader = null)
        where T : class
    {
        try
        {
            await AwsSigning.SignAsync(request, ownerCredentials(), signingRegion, service, timeProvider.GetUtcNow().UtcDateTime, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (!CallerCancellation.Is(e, cancellationToken))
        {
            return CloudRead<T>.Refused($"{what}: no AWS sign-in of your own ({e.Message}); run `aws configure` or `aws sso login`.", denied: true);
        }

        return await PreflightRest.SendAsync(http, request, what, errorMessage, parse, isWrongShape, cancellationToken, absent, refusesReader).ConfigureAwait(false);
    }

    public const string JsonContentType = "application/x-amz-json-1.1";

    /// <summary>A JSON API's error as <c>TYPE: Message</c>, its type without the namespace some services put before <c>#</c>.</summary>
    private static string? JsonErrorMessage(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            var error = document.RootElement;
            var type = JsonErrorType(error);
            var message = error.TryGetProperty("Message", out var m) || error.TryGetProperty("message", out m) ? m.GetString() : null;
            return type is null ? message : $"{type}: {message}".TrimEnd(' ', ':');
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>A JSON API's error type (<c>__type</c>) without the namespace some services put before <c>#</c>; null without one.</summary>
    private static string? JsonErrorType(JsonElement error) =>
        error.TryGetProperty("__type", out var type) && type.GetString() is { } name ? name[(name.LastIndexOf('#') + 1)..] : null;

    /// <summary>
    /// Whether an error answer is AWS throttling the caller, by its code as the SDK's own retry policy knows them: the
    /// Query APIs (IAM's <c>Throttling</c>) and the JSON ones (Organizations' <c>TooManyRequestsException</c>) answer it
    /// with 400, which the status alone does not tell from a bad request.
    /// </summary>
    internal static bool IsThrottling(string body) => ErrorCode(body) is { } code && ThrottlingCodes.Contains(code);

    private static readonly HashSet<string> ThrottlingCodes = new(new StandardRetryPolicy(0).ThrottlingErrorCodes, StringComparer.Ordinal);

    /// <summary>An AWS error answer's code: the XML's <c>Code</c>, or the JSON's <c>__type</c> without its namespace; null for any other body.</summary>
    private static string? ErrorCode(string body)
    {
        var text = body.TrimStart();
        try
        {
            if (text.StartsWith('<'))
            {
                return XDocument.Parse(text).Descendants().FirstOrDefault(e => e.Name.LocalName == "Code")?.Value.Trim();
            }

            if (text.StartsWith('{'))
            {
                using var document = JsonDocument.Parse(text);
                return document.RootElement.ValueKind == JsonValueKind.Object ? JsonErrorType(document.RootElement) : null;
            }
        }
        catch (Exception e) when (e is XmlException or JsonException or InvalidOperationException)
        {
            // Not an AWS error answer.
            return null;
        }

        return null;
    }

    /// <summary>The one child of <paramref name="parent"/> named <paramref name="name"/> in any namespace (the Query APIs use their own).</summary>
    internal static XElement Child(XContainer parent, string name) =>
        parent.Elements().SingleOrDefault(e => e.Name.LocalName == name) ?? throw new FormatException($"no <{name}> in <{(parent as XElement)?.Name.LocalName ?? "document"}>");

    internal static XElement? OptionalChild(XContainer parent, string name) => parent.Elements().SingleOrDefault(e => e.Name.LocalName == name);

    internal static bool Boolean(XElement element) => element.Value.Trim() switch
    {
        "true" => true,
        "false" => false,
        var other => throw new FormatException($"<{element.Name.LocalName}> is '{other}', not true or false"),
    };
}
