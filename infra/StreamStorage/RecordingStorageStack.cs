using StorageRegistrar.Preflight;
using StreamStorage.Aws;
using StreamStorage.Azure;
using StreamStorage.Gcp;
using StreamStorage.S3Compatible;
using StreamStorage.Sdk;

namespace StreamStorage;

/// <summary>Maps a stack plan to one component per storage and one binding per call type.</summary>
public static class RecordingStorageStack
{
    /// <summary>
    /// The whole program: the configuration read and planned, then preflight, then the resources; a bad configuration
    /// or a guardrail that would stop <c>pulumi up</c> stops the run before the first resource.
    /// </summary>
    /// <param name="environment">The program's environment variables.</param>
    /// <param name="checkers">Preflight's checkers, made only when something is read.</param>
    /// <param name="warn">Where preflight's warnings go; Pulumi's log unless a test listens.</param>
    internal static async Task<IDictionary<string, object?>> RunAsync(
        Func<string, string?> environment, Func<IReadOnlyList<IGuardrailChecker>> checkers, Action<string>? warn = null)
    {
        var plan = StackConfiguration.ReadAndPlan(environment);
        await ProgramPreflight.RunAsync(plan, checkers, environment, warn).ConfigureAwait(false);
        return Create(plan);
    }

    /// <returns>The stack outputs, keyed by storage name or call type.</returns>
    public static IDictionary<string, object?> Create(StackPlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var created = new Dictionary<string, RecordingStorage>(StringComparer.Ordinal);
        // A storage that owns its project's key-creation exception comes first: the project's other keys wait for it.
        foreach (var storage in plan.Storages.OrderBy(s => s is GcsStoragePlan { KeyCreationException: true } ? 0 : 1))
        {
            created[storage.StreamName] = CreateStorage(storage, created);
        }

        // The outputs list the storages in the stack's order.
        var storages = plan.Storages.ToDictionary(s => s.StreamName, s => created[s.StreamName], StringComparer.Ordinal);

        var bindings = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var binding in plan.Bindings)
        {
            // A binding waits for its storage's registration, so destroy unbinds before it deletes.
            var storage = binding.Storage is null ? null : storages[binding.StorageName];
            var options = storage is null
                ? new CustomResourceOptions()
                : new CustomResourceOptions { DependsOn = { storage.Registration } };
            var resource = new CallTypeBinding(binding.CallType, new CallTypeBindingArgs
            {
                CallType = binding.CallType,
                ExternalStorage = storage?.StreamStorageName ?? Output.Create(binding.StorageName),
            }, options);
            bindings[binding.CallType] = resource.ExternalStorage;
        }

        return new Dictionary<string, object?>
        {
            ["bucketNames"] = storages.ToDictionary(s => s.Key, s => (object?)s.Value.BucketName),
            ["consoleUrls"] = storages.ToDictionary(s => s.Key, s => (object?)s.Value.ConsoleUrl),
            ["streamStorageNames"] = storages.ToDictionary(s => s.Key, s => (object?)s.Value.StreamStorageName),
            ["bindings"] = bindings,

            // `stream-storage doctor --all $(pulumi stack output doctorArguments)`: what Stream does not return, per storage.
            ["doctorArguments"] = Output.All(storages.Values.Select(s => s.DoctorArguments)).Apply(parts => DoctorArguments.Combine(parts)),

            // Who Stream signs in as, per storage (also inside doctorArguments).
            ["streamIdentities"] = storages.Where(s => s.Value.StreamIdentity is not null)
                .ToDictionary(s => s.Key, s => (object?)s.Value.StreamIdentity, StringComparer.Ordinal),

            // Known from the plan alone, so `pulumi preview` shows them before the first check needs them.
            ["bucketPolicyStatements"] = plan.Storages.OfType<S3StoragePlan>()
                .Where(s => s.StatementToMerge is not null)
                .ToDictionary(s => s.StreamName, s => (object?)s.StatementToMerge, StringComparer.Ordinal),

            // The account is known only to pulumi up, so the log bucket's statement is known only after it.
            ["logBucketPolicyStatements"] = storages.Where(s => s.Value.LogBucketPolicyStatement is not null)
                .ToDictionary(s => s.Key, s => (object?)s.Value.LogBucketPolicyStatement, StringComparer.Ordinal),
        };
    }

    private static RecordingStorage CreateStorage(StoragePlan plan, Dictionary<string, RecordingStorage> created) => plan switch
    {
        S3StoragePlan s3 => new AwsRecordingStorage(plan.StreamName, new AwsRecordingStorageArgs { Plan = s3 }),
        GcsStoragePlan gcs => new GcpRecordingStorage(plan.StreamName, new GcpRecordingStorageArgs
        {
            Plan = gcs,
            KeyWaitsFor = gcs.KeyWaitsForExceptionOf is { } owner ? created[owner].KeyCreationException : [],
        }),
        AzureStoragePlan azure => new AzureRecordingStorage(plan.StreamName, new AzureRecordingStorageArgs { Plan = azure }),
        S3CompatibleStoragePlan compatible => new S3CompatibleRecordingStorage(plan.StreamName, new S3CompatibleRecordingStorageArgs { Plan = compatible }),
        _ => throw new ArgumentOutOfRangeException(nameof(plan), plan.GetType().Name, "unknown storage plan"),
    };
}
