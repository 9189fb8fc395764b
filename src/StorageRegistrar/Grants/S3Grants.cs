using System.Text;
using System.Text.Json;
using Amazon;

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
    public const string KeyAdministrationSid = "AccountAdministersKey";
    public const string AccessLogWriteSid = "S3ServerAccessLogsWrite";

    /// <summary>The service principal that delivers S3 server access logs.</summary>
    public const string LoggingServicePrincipal = "logging.s3.amazonaws.com";

    private static readonly JsonWriterOptions DocumentFormat = new() { Indented = true, NewLine = "\n" };

    /// <summary>Multipart uploads are covered by <c>s3:PutObject</c>.</summary>
    public static IReadOnlyList<string> StreamPrincipalActions { get; } = ["s3:PutObject"];

    /// <summary>Our own IAM user may also abort its failed multipart uploads so that they do not linger.</summary>
    public static IReadOnlyList<string> WriterUserActions { get; } = ["s3:PutObject", "s3:AbortMultipartUpload"];

    /// <summary>What a writer needs from a customer-managed key to upload objects encrypted with it (multipart included).</summary>
    public static IReadOnlyList<string> KmsWriterActions { get; } = ["kms:GenerateDataKey", "kms:Decrypt"];

    public static string BucketArn(string bucket) => $"arn:aws:s3:::{bucket}";

    /// <summary>The service through which a key may be used for a bucket: S3 in the bucket's region.</summary>
    public static string S3ViaService(string region) => $"s3.{region}.amazonaws.com";

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
            WriteStreamWriter(writer, bucket, path);
        });

    /// <summary>
    /// Policy mode on a bucket the stack does not own: Stream's statement alone, for the owner to merge
    /// into the bucket's one policy (the same statement <see cref="StreamWriterBucketPolicy"/> holds).
    /// </summary>
    /// <param name="storage">The storage it is for, whose name its Sid carries (<see cref="SidFor"/>); null: the plain Sid.</param>
    public static string StreamWriterStatement(string bucket, string path, string? storage = null) =>
        WriteFragment(writer => WriteStreamWriter(writer, bucket, path, SidFor(RecordingWriteSid, storage)));

    /// <summary>
    /// <paramref name="sid"/> with <paramref name="storage"/>'s letters and digits, each word capitalized (<c>rec-eu</c>:
    /// <c>StreamRecordingWriteRecEu</c>): the statements of several storages an owner merges into one policy (an existing
    /// bucket's, key's or log bucket's) need Sids of their own, and a Sid takes letters and digits only.
    /// </summary>
    public static string SidFor(string sid, string? storage)
    {
        if (storage is null)
        {
            return sid;
        }

        var named = new StringBuilder(sid);
        var wordStarts = true;
        foreach (var character in storage)
        {
            if (!char.IsAsciiLetterOrDigit(character))
            {
                wordStarts = true;
                continue;
            }

            named.Append(wordStarts ? char.ToUpperInvariant(character) : character);
            wordStarts = false;
        }

        return named.ToString();
    }

    /// <summary>Keys mode: the bucket grants nobody anything; it only refuses insecure transport.</summary>
    public static string TlsOnlyBucketPolicy(string bucket) =>
        WriteDocument(writer => WriteTransportDenials(writer, bucket));

    /// <summary>
    /// The policy of a KMS key the stack creates for a bucket: the account administers it through IAM (as a key's default
    /// policy lets it), and, for <paramref name="streamUse"/>'s bucket in policy mode, Stream's account may encrypt with it
    /// (<see cref="StreamKeyStatement"/>).
    /// </summary>
    public static string KeyPolicy(string accountId, (string Bucket, string Region)? streamUse) =>
        WriteDocument(writer =>
        {
            WriteStatement(writer, KeyAdministrationSid, "Allow", Principal.Aws($"arn:aws:iam::{accountId}:root"), ["kms:*"], ["*"]);
            if (streamUse is var (bucket, region))
            {
                WriteStreamKeyUse(writer, bucket, region);
            }
        });

    /// <summary>
    /// Policy mode: Stream's account may use the key only through S3 in the bucket's region and only for this bucket. With
    /// S3 Bucket Keys on, S3 asks KMS with the bucket's ARN as encryption context (not each object's), which the condition
    /// names. For an existing key, the owner merges this statement into the key's policy.
    /// </summary>
    /// <param name="storage">The storage it is for, whose name its Sid carries (<see cref="SidFor"/>); null: the plain Sid.</param>
    public static string StreamKeyStatement(string bucket, string region, string? storage = null) =>
        WriteFragment(writer => WriteStreamKeyUse(writer, bucket, region, SidFor(RecordingEncryptionSid, storage)));

    /// <summary>
    /// A log bucket the stack creates: TLS only, and S3's logging service may write the source bucket's logs under the
    /// prefix, for the source bucket and account only; nobody else is allowed anything.
    /// </summary>
    public static string AccessLogBucketPolicy(string logBucket, string prefix, string sourceBucket, string sourceAccountId) =>
        WriteDocument(writer =>
        {
            WriteTransportDenials(writer, logBucket);
            WriteAccessLogWriter(writer, logBucket, prefix, sourceBucket, sourceAccountId);
        });

    /// <summary>An existing log bucket: the logging service's statement, for its owner to merge into its policy.</summary>
    /// <param name="storage">The storage whose logs it is for, whose name its Sid carries (<see cref="SidFor"/>); null: the plain Sid.</param>
    public static string AccessLogWriterStatement(string logBucket, string prefix, string sourceBucket, string sourceAccountId, string? storage = null) =>
        WriteFragment(writer => WriteAccessLogWriter(writer, logBucket, prefix, sourceBucket, sourceAccountId, SidFor(AccessLogWriteSid, storage)));

    /// <summary>
    /// Keys mode: the inline policy of the IAM user whose access key Stream receives. With a
    /// customer-managed key the user may also use that key, through S3 in the key's region only (the key policy must
    /// let IAM policies of the account grant it, as the default key policy does): the access key Stream holds cannot
    /// decrypt with it directly.
    /// </summary>
    /// <param name="keyRegion">The key's region, the bucket's; null: read from <paramref name="kmsKeyArn"/>.</param>
    /// <exception cref="ArgumentException">A key without <paramref name="keyRegion"/> whose ARN names no region.</exception>
    public static string WriterUserPolicy(string bucket, string path, string? kmsKeyArn = null, string? keyRegion = null)
    {
        keyRegion = kmsKeyArn is null ? null
            : keyRegion ?? (Arn.TryParse(kmsKeyArn, out var arn) && arn.Service == "kms" && arn.Region.Length > 0 ? arn.Region
            : throw new ArgumentException($"'{kmsKeyArn}' is not a KMS key's ARN, and no region was given: the writer's grant names the region the key is used in.", nameof(kmsKeyArn)));
        return WriteDocument(writer =>
        {
            WriteWriterUser(writer, bucket, path);
            if (kmsKeyArn is not null)
            {
                WriteStatement(writer, RecordingEncryptionSid, "Allow", principal: null, KmsWriterActions, [kmsKeyArn], [("StringEquals", "kms:ViaService", S3ViaService(keyRegion!))]);
            }
        });
    }

    /// <summary>Keys mode: the writer user's statement on the bucket, as <see cref="WriterUserPolicy"/> holds it, alone.</summary>
    public static string WriterUserStatement(string bucket, string path) =>
        WriteFragment(writer => WriteWriterUser(writer, bucket, path));

    private static void WriteWriterUser(Utf8JsonWriter writer, string bucket, string path) =>
        WriteStatement(writer, RecordingWriteSid, "Allow", principal: null, WriterUserActions, [WritableObjectsArn(bucket, path)]);

    private static void WriteStreamWriter(Utf8JsonWriter writer, string bucket, string path, string sid = RecordingWriteSid) =>
        WriteStatement(writer, sid, "Allow", Principal.Aws(StreamPrincipalArn), StreamPrincipalActions, [WritableObjectsArn(bucket, path)]);

    /// <summary>In a key policy, the resource <c>*</c> is the key itself.</summary>
    private static void WriteStreamKeyUse(Utf8JsonWriter writer, string bucket, string region, string sid = RecordingEncryptionSid) =>
        WriteStatement(writer, sid, "Allow", Principal.Aws(StreamPrincipalArn), KmsWriterActions, ["*"],
        [
            ("StringEquals", "kms:ViaService", S3ViaService(region)),
            ("StringEquals", "kms:EncryptionContext:aws:s3:arn", BucketArn(bucket)),
        ]);

    private static void WriteAccessLogWriter(Utf8JsonWriter writer, string logBucket, string prefix, string sourceBucket, string sourceAccountId, string sid = AccessLogWriteSid) =>
        WriteStatement(writer, sid, "Allow", Principal.Service(LoggingServicePrincipal), ["s3:PutObject"], [WritableObjectsArn(logBucket, prefix)],
        [
            ("ArnLike", "aws:SourceArn", BucketArn(sourceBucket)),
            ("StringEquals", "aws:SourceAccount", sourceAccountId),
        ]);

    private static void WriteTransportDenials(Utf8JsonWriter writer, string bucket)
    {
        string[] everything = [BucketArn(bucket), $"{BucketArn(bucket)}/*"];
        WriteStatement(writer, DenyInsecureTransportSid, "Deny", Principal.Everyone, ["s3:*"], everything,
            [("Bool", "aws:SecureTransport", "false")]);
        WriteStatement(writer, DenyOutdatedTlsSid, "Deny", Principal.Everyone, ["s3:*"], everything,
            [("NumericLessThan", "s3:TlsVersion", "1.2")]);
    }

    /// <summary>One statement, as a merge into another policy's statement list takes it.</summary>
    private static string WriteFragment(Action<Utf8JsonWriter> writeStatement)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, DocumentFormat))
        {
            writeStatement(writer);
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
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

    /// <summary>
    /// A principal of <c>*</c> is written as the bare string; an account as <c>{"AWS": arn}</c>, a service as
    /// <c>{"Service": name}</c>; none for identity policies. Conditions are grouped by operator, in their order.
    /// </summary>
    private static void WriteStatement(
        Utf8JsonWriter writer,
        string sid,
        string effect,
        Principal? principal,
        IReadOnlyList<string> actions,
        IReadOnlyList<string> resources,
        IReadOnlyList<(string Operator, string Key, string Value)>? conditions = null)
    {
        writer.WriteStartObject();
        writer.WriteString("Sid", sid);
        writer.WriteString("Effect", effect);
        if (principal is { Kind: null } everyone)
        {
            writer.WriteString("Principal", everyone.Name);
        }
        else if (principal is { Kind: { } kind, Name: var name })
        {
            writer.WriteStartObject("Principal");
            writer.WriteString(kind, name);
            writer.WriteEndObject();
        }

        WriteOneOrMany(writer, "Action", actions);
        WriteOneOrMany(writer, "Resource", resources);
        if (conditions is { Count: > 0 })
        {
            writer.WriteStartObject("Condition");
            foreach (var group in conditions.GroupBy(c => c.Operator))
            {
                writer.WriteStartObject(group.Key);
                foreach (var (_, key, value) in group)
                {
                    writer.WriteString(key, value);
                }

                writer.WriteEndObject();
            }

            writer.WriteEndObject();
        }

        writer.WriteEndObject();
    }

    /// <summary>Who a statement is about: everyone (<c>*</c>), an AWS account or role, or an AWS service.</summary>
    private readonly record struct Principal(string? Kind, string Name)
    {
        public static readonly Principal Everyone = new(null, "*");

        public static Principal Aws(string arn) => new("AWS", arn);

        public static Principal Service(string name) => new("Service", name);
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
