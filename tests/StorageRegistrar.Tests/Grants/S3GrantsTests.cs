using System.Text.Json;
using StorageRegistrar.Grants;

namespace StorageRegistrar.Tests.Grants;

public sealed class S3GrantsTests
{
    [Fact]
    public void Policy_mode_bucket_policy_denies_insecure_transport_and_lets_Stream_put_objects_under_the_path_only()
    {
        var policy = S3Grants.StreamWriterBucketPolicy("acme-recordings", "calls/");

        Assert.Equal(
            """
            {
              "Version": "2012-10-17",
              "Statement": [
                {
                  "Sid": "DenyInsecureTransport",
                  "Effect": "Deny",
                  "Principal": "*",
                  "Action": "s3:*",
                  "Resource": [
                    "arn:aws:s3:::acme-recordings",
                    "arn:aws:s3:::acme-recordings/*"
                  ],
                  "Condition": {
                    "Bool": {
                      "aws:SecureTransport": "false"
                    }
                  }
                },
                {
                  "Sid": "DenyOutdatedTls",
                  "Effect": "Deny",
                  "Principal": "*",
                  "Action": "s3:*",
                  "Resource": [
                    "arn:aws:s3:::acme-recordings",
                    "arn:aws:s3:::acme-recordings/*"
                  ],
                  "Condition": {
                    "NumericLessThan": {
                      "s3:TlsVersion": "1.2"
                    }
                  }
                },
                {
                  "Sid": "StreamRecordingWrite",
                  "Effect": "Allow",
                  "Principal": {
                    "AWS": "arn:aws:iam::185583345998:root"
                  },
                  "Action": "s3:PutObject",
                  "Resource": "arn:aws:s3:::acme-recordings/calls/*"
                }
              ]
            }
            """,
            policy);
    }

    [Fact]
    public void The_statement_to_merge_into_an_owners_policy_is_the_one_the_managed_policy_holds()
    {
        var statement = S3Grants.StreamWriterStatement("acme-recordings", "calls/");

        Assert.Equal(
            """
            {
              "Sid": "StreamRecordingWrite",
              "Effect": "Allow",
              "Principal": {
                "AWS": "arn:aws:iam::185583345998:root"
              },
              "Action": "s3:PutObject",
              "Resource": "arn:aws:s3:::acme-recordings/calls/*"
            }
            """,
            statement);
        using var policy = JsonDocument.Parse(S3Grants.StreamWriterBucketPolicy("acme-recordings", "calls/"));
        using var merged = JsonDocument.Parse(statement);
        Assert.True(JsonElement.DeepEquals(merged.RootElement, policy.RootElement.GetProperty("Statement")[2]));
    }

    [Fact]
    public void Keys_mode_bucket_policy_grants_nobody_and_only_refuses_insecure_transport()
    {
        using var policy = JsonDocument.Parse(S3Grants.TlsOnlyBucketPolicy("acme-recordings"));

        var statements = policy.RootElement.GetProperty("Statement").EnumerateArray().ToList();
        Assert.Equal(["DenyInsecureTransport", "DenyOutdatedTls"], statements.Select(s => s.GetProperty("Sid").GetString()));
        Assert.All(statements, s => Assert.Equal("Deny", s.GetProperty("Effect").GetString()));
        Assert.DoesNotContain("185583345998", policy.RootElement.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public void Writer_user_policy_allows_put_and_abort_multipart_on_the_path_only()
    {
        var policy = S3Grants.WriterUserPolicy("acme-recordings", "calls/");

        Assert.Equal(
            """
            {
              "Version": "2012-10-17",
              "Statement": [
                {
                  "Sid": "StreamRecordingWrite",
                  "Effect": "Allow",
                  "Action": [
                    "s3:PutObject",
                    "s3:AbortMultipartUpload"
                  ],
                  "Resource": "arn:aws:s3:::acme-recordings/calls/*"
                }
              ]
            }
            """,
            policy);
    }

    [Fact]
    public void Writer_user_policy_with_a_customer_key_may_use_that_key_and_no_other()
    {
        const string key = "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";

        using var policy = JsonDocument.Parse(S3Grants.WriterUserPolicy("acme-recordings", "", key));

        var statements = policy.RootElement.GetProperty("Statement").EnumerateArray().ToList();
        Assert.Equal(2, statements.Count);
        Assert.Equal("arn:aws:s3:::acme-recordings/*", statements[0].GetProperty("Resource").GetString());
        Assert.Equal("StreamRecordingEncryption", statements[1].GetProperty("Sid").GetString());
        Assert.Equal(["kms:GenerateDataKey", "kms:Decrypt"], statements[1].GetProperty("Action").EnumerateArray().Select(a => a.GetString()));
        Assert.Equal(key, statements[1].GetProperty("Resource").GetString());
        // Only S3 in the key's region may use it for the user: the access key Stream holds cannot decrypt with it directly.
        Assert.Equal("""{"StringEquals":{"kms:ViaService":"s3.eu-west-1.amazonaws.com"}}""", statements[1].GetProperty("Condition").GetRawText().Replace(" ", "", StringComparison.Ordinal).Replace("\n", "", StringComparison.Ordinal));
        Assert.Throws<ArgumentException>(() => S3Grants.WriterUserPolicy("acme-recordings", "", "1234abcd-12ab-34cd-56ef-1234567890ab"));
    }

    [Fact]
    public void An_empty_path_scopes_the_grant_to_the_whole_bucket_and_never_to_other_buckets()
    {
        Assert.Equal("arn:aws:s3:::acme-recordings/*", S3Grants.WritableObjectsArn("acme-recordings", ""));
        Assert.Equal("arn:aws:s3:::acme-recordings/a/b/*", S3Grants.WritableObjectsArn("acme-recordings", "a/b/"));
    }

    [Theory]
    [InlineData("calls*/")]
    [InlineData("c?lls/")]
    [InlineData("${aws:username}/")]
    public void A_path_that_iam_would_read_as_a_wildcard_or_variable_is_refused(string path)
    {
        Assert.True(S3Grants.WidensGrant(path));
        Assert.Throws<ArgumentException>(() => S3Grants.StreamWriterBucketPolicy("acme-recordings", path));
        Assert.Throws<ArgumentException>(() => S3Grants.WriterUserPolicy("acme-recordings", path));
    }

    /// <summary>Statements several storages' owners merge into one policy need Sids of their own, of letters and digits.</summary>
    [Theory]
    [InlineData("rec-eu", "StreamRecordingWriteRecEu")]
    [InlineData("rec_eu.2", "StreamRecordingWriteRecEu2")]
    [InlineData("Calls", "StreamRecordingWriteCalls")]
    [InlineData(null, "StreamRecordingWrite")]
    public void A_statement_to_merge_carries_its_storages_name_in_its_sid(string? storage, string sid)
    {
        using var statement = JsonDocument.Parse(S3Grants.StreamWriterStatement("acme-recordings", "calls/", storage));

        Assert.Equal(sid, statement.RootElement.GetProperty("Sid").GetString());
    }

    [Fact]
    public void Documents_are_deterministic()
    {
        Assert.Equal(S3Grants.StreamWriterBucketPolicy("b-1", "p/"), S3Grants.StreamWriterBucketPolicy("b-1", "p/"));
        const string Key = "arn:aws:kms:eu-west-1:111122223333:key/k";
        Assert.Equal(S3Grants.WriterUserPolicy("b-1", "p/", Key), S3Grants.WriterUserPolicy("b-1", "p/", Key));
    }
}
