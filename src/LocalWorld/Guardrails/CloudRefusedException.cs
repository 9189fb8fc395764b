namespace LocalWorld;

/// <summary>
/// A create a local cloud stand-in refused as its cloud would under the organization's guardrails: the HTTP status,
/// the API's error code and message, and the error body in the API's own shape. The message names the API and
/// whatever policy or constraint refused, as <c>pulumi up</c> shows the provider's error.
/// </summary>
public sealed class CloudRefusedException : Exception
{
    public CloudRefusedException(string api, int status, string code, string message, string body, string? refusedBy = null)
        : base($"{api} answered {status} {code}: {message}{(refusedBy is null ? "" : $" ({refusedBy})")}")
    {
        Api = api;
        Status = status;
        Code = code;
        Body = body;
    }

    public CloudRefusedException()
    {
        Api = Code = Body = "";
    }

    public CloudRefusedException(string message)
        : base(message)
    {
        Api = Code = Body = "";
    }

    public CloudRefusedException(string message, Exception innerException)
        : base(message, innerException)
    {
        Api = Code = Body = "";
    }

    /// <summary>The API's host, as the provider's error names it (<c>iam.googleapis.com</c>).</summary>
    public string Api { get; }

    public int Status { get; }

    public string Code { get; }

    /// <summary>The error body as the API answers it.</summary>
    public string Body { get; }
}
