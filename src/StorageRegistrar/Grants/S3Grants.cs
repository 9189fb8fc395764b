using System.Text;
using System.Text.Json;

namespace StorageRegistrar.Grants;

/// <summary>
/// The IAM documents that let Stream write recordings into an S3 bucket, and nothing more. Every
/// grant is scoped to <c>bucket/path*</c>; every bucket policy refuses plain HTTP and TLS below 1.2.
/// The documents are deterministic so that a live policy can be compared with them.
/// </summary>
public static class S3Grants
{
    /// <summary>The AWS account Stream uploads from when a storage is registered without keys.</summary>
    public const string StreamPrincipalArn = "arn:aws:iam::185583345998:root";

    public const string PolicyVersion = "2012-10-17";

    public const string DenyInsecureTransportSid = "DenyInsecureTransport";
    public const string DenyOutdatedTlsSid = "DenyOutdatedTls";
    public const string RecordingWriteSid = "StreamRecordingWrite";
    public const string RecordingEncryptionSid = "StreamRecordingEncryption";

    private static readonly JsonWriterOptions DocumentFormat = new() { Indented = true, NewLine = "\n" };

    /// <summary>Multipart uploads are covered by <c>s3:PutObject</c>.</summary>
    public static IReadOnlyList<string> StreamPrincipalActions { get; } = ["s3:PutObject"];

    /// <summary>Our own IAM user may also abort its failed multipart uploads so that they do not linger.</summary>
    public static IReadOnlyList<string> WriterUserActions { get; } = ["s3:PutObject", "s3:AbortMultipartUpload"];

    /// <summary>What a writer needs from a customer-managed key to upload objects encrypted with it (multipart included).</summary>
    public static IReadOnlyList<string> KmsWriterActions { get; } = ["kms:GenerateDataKey", "kms:Decrypt"];

    public static string BucketArn(string bucket) => $"arn:aws:s3:::{bucket}";

    /// <summary>The objects Stream may write: everything under the path prefix (the whole bucket when the path is empty).</summary>
    /// <exception cref="ArgumentException">When the path holds an IAM wildcard or policy variable.</exception>
    public static string WritableObjectsArn(string bucket, string path)
    {
        if (WidensGrant(path))
        {
            throw new ArgumentException("The path contains '*', '?' or '${', which IAM reads as a wildcard or variable.", nameof(path));
        }

        return $"arn:aws:s3:::{bucket}/{path}*";
    }

    /// <summary>
    /// Whether a path would reach beyond itself in a resource ARN: IAM matches <c>*</c> and <c>?</c>
    /// as wildcards and substitutes <c>${...}</c> policy variables.
    /// </summary>
    public static bool WidensGrant(string path) =>
        path.Contains('*', StringComparison.Ordinal) || path.Contains('?', StringComparison.Ordinal) || path.Contains("${", StringComparison.Ordinal);

    /// <summary>Policy mode: the TLS-only statements plus Stream's account allowed to put objects under the path.</summary>
    public static string StreamWriterBucketPolicy(string bucket, string path) =>
        WriteDocument(writer =>
        {
            WriteTransportDenials(writer, bucket);
            WriteStatement(writer, RecordingWriteSid, "Allow", StreamPrincipalArn, StreamPrincipalActions, [WritableObjectsArn(bucket, path)]);
        });

    /// <summary>
    /// Policy mode on a bucket the stack does not own: Stream's statement alone, for the owner to merge
    /// into the bucket's one policy (the same statement <see cref="StreamWriterBucketPolicy"/> holds).
    /// </summary>
    public static string StreamWriterStatement(string bucket, string path)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, DocumentFormat))
        {
            WriteStatement(writer, RecordingWriteSid, "Allow", StreamPrincipalArn, StreamPrincipalActions, [WritableObjectsArn(bucket, path)]);
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>Keys mode: the bucket grants nobody anything; it only refuses insecure transport.</summary>
    public static string TlsOnlyBucketPolicy(string bucket) =>
        WriteDocument(writer => WriteTransportDenials(writer, bucket));

    /// <summary>
    /// Keys mode: the inline policy of the IAM user whose access key Stream receives. With a
    /// customer-managed key the user may also use that key (the key policy must let IAM policies of
    /// the account grant it, as the default key policy does).
    /// </summary>
    public static string WriterUserPolicy(string bucket, string path, string? kmsKeyArn = null) =>
        WriteDocument(writer =>
        {
            WriteStatement(writer, RecordingWriteSid, "Allow", principal: null, WriterUserActions, [WritableObjectsArn(bucket, path)]);
            if (kmsKeyArn is not null)
            {
                WriteStatement(writer, RecordingEncryptionSid, "Allow", principal: null, KmsWriterActions, [kmsKeyArn]);
            }
        });

    private static void WriteTransportDenials(Utf8JsonWriter writer, string bucket)
    {
        string[] everything = [BucketArn(bucket), $"{BucketArn(bucket)}/*"];
        WriteStatement(writer, DenyInsecureTransportSid, "Deny", "*", ["s3:*"], everything,
            condition: ("Bool", "aws:SecureTransport", "false"));
        WriteStatement(writer, DenyOutdatedTlsSid, "Deny", "*", ["s3:*"], everything,
            condition: ("NumericLessThan", "s3:TlsVersion", "1.2"));
    }

    private static string WriteDocument(Action<Utf8JsonWriter> writeStatements)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, DocumentFormat))
        {
            writer.WriteStartObject();
            writer.WriteString("Version", PolicyVersion);
            writer.WriteStartArray("Statement");
            writeStatements(writer);
            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>A principal of <c>*</c> is written as the bare string; an account as <c>{"AWS": arn}</c>; none for identity policies.</summary>
    private static void WriteStatement(
        Utf8JsonWriter writer,
        string sid,
        string effect,
        string? principal,
        IReadOnlyList<string> actions,
        IReadOnlyList<string> resources,
        (string Operator, string Key, string Value)? condition = null)
    {
        writer.WriteStartObject();
        writer.WriteString("Sid", sid);
        writer.WriteString("Effect", effect);
        if (principal == "*")
        {
            writer.WriteString("Principal", "*");
        }
        else if (principal is not null)
        {
            writer.WriteStartObject("Principal");
            writer.WriteString("AWS", principal);
            writer.WriteEndObject();
        }

        WriteOneOrMany(writer, "Action", actions);
        WriteOneOrMany(writer, "Resource", resources);
        if (condition is var (op, key, value))
        {
            writer.WriteStartObject("Condition");
            writer.WriteStartObject(op);
            writer.WriteString(key, value);
            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        writer.WriteEndObject();
    }

    /// <summary>IAM's own normal form: a single value as a string, several as an array.</summary>
    private static void WriteOneOrMany(Utf8JsonWriter writer, string name, IReadOnlyList<string> values)
    {
        if (values.Count == 1)
        {
            writer.WriteString(name, values[0]);
            return;
        }

        writer.WriteStartArray(name);
        foreach (var value in values)
        {
            writer.WriteStringValue(value);
        }

        writer.WriteEndArray();
    }
}
