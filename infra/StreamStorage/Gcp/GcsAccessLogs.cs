using Pulumi.Random;
using Gcs = Pulumi.Gcp.Storage;
using Organizations = Pulumi.Gcp.Organizations;
using Projects = Pulumi.Gcp.Projects;

namespace StreamStorage.Gcp;

/// <summary>The bucket's usage and storage logs setting, the grant the bucket must wait for, and the log bucket the stack created for them, if it did.</summary>
internal sealed record GcsUsageLogs(Input<Gcs.Inputs.BucketLoggingArgs> Logging, Resource Grant, Output<string>? CreatedLogBucket);

/// <summary>
/// Access logs (<see cref="StoragePlan.AccessLogs"/>) on GCS: the bucket's usage and storage logs, into a log bucket the
/// stack creates (uniform access, public access prevented) or an existing one, where Cloud Storage's log writer is
/// granted object creation; or the project's Data Access audit logs for Cloud Storage.
/// </summary>
internal static class GcsAccessLogs
{
    /// <returns>The bucket's logging; null without usage logs (none, or the project's audit logs).</returns>
    public static GcsUsageLogs? UsageLogs(Resource parent, string name, GcsStoragePlan plan, RandomId suffix)
    {
        if (plan.AccessLogs is not { } logs || logs.Target == AccessLogTarget.ProjectAuditLogs)
        {
            return null;
        }

        Input<string> logBucket;
        Output<string>? createdLogBucket = null;
        if (logs.CreatesLogBucket)
        {
            // Logs are treated on destroy as the recordings they describe.
            createdLogBucket = new Gcs.Bucket($"{name}-log-bucket", new Gcs.BucketArgs
            {
                Name = suffix.Hex.Apply(hex => plan.LogBucketName(hex)),
                Project = InputValues.Optional(plan.Project),
                Location = plan.Location!,
                UniformBucketLevelAccess = true,
                PublicAccessPrevention = "enforced",
                SoftDeletePolicy = GcsSoftDelete.Policy(plan),
                ForceDestroy = plan.Data.ForceDestroy,
                Labels = InputValues.Tags(plan),
            }, ChildOptions.Holding(parent, plan.Data)).Name;
            logBucket = createdLogBucket;
        }
        else
        {
            logBucket = logs.Destination!;
        }

        // Adding a member is additive: an existing log bucket's other bindings stay as they are.
        var writerOptions = ChildOptions.Of(parent);
        writerOptions.RetainOnDelete = plan.KeepsLogWriterOnDelete;
        var writer = new Gcs.BucketIAMMember($"{name}-log-writer", new Gcs.BucketIAMMemberArgs
        {
            Bucket = logBucket,
            Role = plan.LogWriterRole,
            Member = plan.LogWriterMember,
        }, writerOptions);
        return new GcsUsageLogs(new Gcs.Inputs.BucketLoggingArgs { LogBucket = logBucket, LogObjectPrefix = logs.Prefix }, writer, createdLogBucket);
    }

    /// <summary>
    /// The project's Data Access audit logs for Cloud Storage. The audit config is the project's, for this one service: the
    /// other services' configs stay as they are.
    /// </summary>
    /// <remarks>Nothing when the storage does not log to the project's audit logs.</remarks>
    public static void TurnOnAuditLogs(Resource parent, string name, GcsStoragePlan plan)
    {
        if (plan.AccessLogs is not { Target: AccessLogTarget.ProjectAuditLogs })
        {
            return;
        }

        var options = ChildOptions.Of(parent);
        options.RetainOnDelete = plan.KeepsAuditLogsOnDelete;
        _ = new Projects.IAMAuditConfig($"{name}-audit-logs", new Projects.IAMAuditConfigArgs
        {
            // The config names its project; without one of the storage's own, the provider's default project.
            Project = plan.Project is { } project ? project : Organizations.GetClientConfig.Invoke().Apply(client => client.Project),
            Service = plan.AuditedService,
            AuditLogConfigs = plan.AuditLogTypes.Select(type => new Projects.Inputs.IAMAuditConfigAuditLogConfigArgs { LogType = type }).ToList(),
        }, options);
    }
}
