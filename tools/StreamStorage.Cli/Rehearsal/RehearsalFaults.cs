using LocalWorld;

namespace StreamStorage.Cli.Rehearsal;

/// <summary>The phases of a rehearsal, each with its own batch of injected faults.</summary>
internal enum RehearsalPhase
{
    Up,
    Prove,
    Destroy,
}

/// <summary>
/// Stream's transient failures, injected by the emulator into every phase under <c>--faults</c>: 429 with
/// only Stream's <c>X-RateLimit-Reset</c> or with a Retry-After too, 5xx, a timeout and a reset connection, a check that fails before it passes, a storage that
/// "does not exist" right after its create. Each fault hits a bounded number of requests, and only where
/// Stream's own rules let a client repeat the request (5xx, timeouts and resets on GET, PUT and DELETE;
/// 429 on any method), so a correct client converges.
/// </summary>
internal static class RehearsalFaults
{
    private const string CheckOperation = "CheckExternalStorage";

    /// <summary>Stream's operation id for listing external storages, as the emulator names it.</summary>
    private const string ListStoragesOperation = "ListExternalStorage";

    public static IReadOnlyList<StreamEmulatorFault> For(RehearsalPhase phase) => phase switch
    {
        RehearsalPhase.Up =>
        [
            StreamEmulatorFault.RateLimit() with { Operation = ListStoragesOperation, Times = 1 },
            StreamEmulatorFault.RateLimit(retryAfterHeader: true) with { Operation = "CreateExternalStorage", Times = 1 },
            StreamEmulatorFault.EventualConsistency(TimeSpan.FromSeconds(2)) with { Operation = "CreateExternalStorage", Times = 1 },
            StreamEmulatorFault.ServerError(503) with { Operation = CheckOperation, Times = 1 },
            StreamEmulatorFault.CheckFailure(times: 2),
            StreamEmulatorFault.DropConnection() with { Method = "GET", Path = "/api/v2/video/calltypes*", Times = 1 },
            StreamEmulatorFault.Latency(StackRehearsal.FaultsAttemptTimeout + TimeSpan.FromSeconds(1)) with { Operation = "UpdateCallType", Times = 1 },
        ],
        RehearsalPhase.Prove =>
        [
            StreamEmulatorFault.RateLimit() with { Operation = "StartRecording", Times = 1 },
            StreamEmulatorFault.ServerError(502) with { Operation = "ListCallTypes", Times = 1 },
        ],
        RehearsalPhase.Destroy =>
        [
            StreamEmulatorFault.ServerError(500) with { Operation = "UpdateCallType", Times = 1 },
            StreamEmulatorFault.RateLimit() with { Operation = "DeleteExternalStorage", Times = 1 },
            StreamEmulatorFault.DropConnection() with { Operation = "DeleteExternalStorage", Times = 1 },
            StreamEmulatorFault.ServerError(503) with { Operation = ListStoragesOperation, Times = 1 },
        ],
        _ => throw new ArgumentOutOfRangeException(nameof(phase), phase, null),
    };

    /// <summary>Every check of <paramref name="storage"/> fails, as when its grant never applies.</summary>
    public static StreamEmulatorFault CheckNeverPasses(string storage) =>
        new() { Kind = "check_failure", Operation = CheckOperation, Path = $"/api/v2/external_storage/{storage}/check" };

    /// <summary>
    /// Injected: the requests answered with a fault. Survived: those that succeeded anyway (a latency or
    /// consistency fault answers normally) or whose method and path were later answered with success.
    /// </summary>
    public static Reports.FaultCount Count(IReadOnlyList<StreamEmulatorRequest> requests)
    {
        var injected = 0;
        var survived = 0;
        for (var i = 0; i < requests.Count; i++)
        {
            var request = requests[i];
            if (request.Fault is null)
            {
                continue;
            }

            injected++;
            if (Succeeded(request) || requests.Skip(i + 1).Any(later => later.Method == request.Method && later.Path == request.Path && Succeeded(later)))
            {
                survived++;
            }
        }

        return new Reports.FaultCount(injected, survived);
    }

    private static bool Succeeded(StreamEmulatorRequest request) => request.Status is >= 200 and < 300;
}
