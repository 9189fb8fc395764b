using Google.Cloud.Storage.V1;
using Microsoft.AspNetCore.Http;
using StorageRegistrar.Diagnostics;

namespace StorageRegistrar.Tests.Diagnostics;

/// <summary>Cloud Storage on loopback answering a bucket's read with a recorded document, read through the SDK as the doctor reads it.</summary>
internal static class RecordedGcsBucket
{
    /// <summary>What <see cref="GcsBucketProbe.GatherAsync"/> makes of <paramref name="bucketJson"/> (the bucket's IAM policy has no bindings), and the paths it asked for.</summary>
    public static async Task<(GcsBucketFacts Facts, List<string> Asked)> GatherAsync(string bucketJson)
    {
        var ct = TestContext.Current.CancellationToken;
        var asked = new List<string>();
        var (app, endpoint) = await LoopbackApi.StartAsync(async context =>
        {
            asked.Add(context.Request.Path);
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(context.Request.Path.Value!.EndsWith("/iam", StringComparison.Ordinal) ? """{ "bindings": [] }""" : bucketJson);
        }, ct);
        await using (app)
        {
            using var gcs = new StorageClientBuilder { BaseUri = endpoint.ToString(), UnauthenticatedAccess = true }.Build();
            return (await new GcsBucketProbe(gcs).GatherAsync("dev-rec-9f8e7d6c", "calls/", serviceAccountEmail: null, ct), asked);
        }
    }
}
