using Microsoft.Extensions.Logging;
using StorageRegistrar.Declarations;

namespace StorageRegistrar.Registration;

/// <summary>Settings for <see cref="ExternalStorageRegistrar"/>.</summary>
public sealed class RegistrarOptions
{
    /// <summary>
    /// How long a check may keep failing before it is reported, per storage type. The defaults follow
    /// how long each cloud takes to make new credentials and grants effective: AWS keys and policies
    /// within seconds to a couple of minutes, GCP IAM usually within 2 and sometimes 7+ minutes, Azure
    /// role assignments up to 30 minutes.
    /// </summary>
    public Dictionary<string, TimeSpan> CheckDeadlines { get; } = new(StringComparer.Ordinal)
    {
        [StorageTypes.S3] = TimeSpan.FromMinutes(2),
        [StorageTypes.Gcs] = TimeSpan.FromMinutes(10),
        [StorageTypes.Abs] = TimeSpan.FromMinutes(30),
    };

    /// <summary>Backoff between check attempts.</summary>
    public BackoffOptions CheckBackoff { get; } = new();

    /// <summary>
    /// How long Stream may still answer "does not exist" for a storage that was just created, or leave it
    /// out of its list (observed: about 24 s).
    /// </summary>
    public TimeSpan ConsistencyWindow { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Backoff while waiting out <see cref="ConsistencyWindow"/>.</summary>
    public BackoffOptions ConsistencyBackoff { get; } = new() { InitialDelay = TimeSpan.FromMilliseconds(500), MaxDelay = TimeSpan.FromSeconds(5) };

    /// <summary>
    /// How long <see cref="ExternalStorageRegistrar.ReadStorageAsync"/> gathers reads before one list call
    /// answers them all: a deployment engine refreshing many storages starts their reads within a few
    /// milliseconds. Zero or less sends one list per read.
    /// </summary>
    public TimeSpan ReadBatchWindow { get; set; } = TimeSpan.FromMilliseconds(25);

    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    public ILoggerFactory? LoggerFactory { get; set; }

    public TimeSpan CheckDeadlineFor(string storageType) =>
        CheckDeadlines.TryGetValue(storageType, out var deadline) ? deadline : CheckDeadlines.Values.Max();
}

/// <summary>
/// Jittered exponential backoff whose every wait is also held under <see cref="ShareOfElapsed"/> of the
/// time already spent (plus <see cref="InitialDelay"/>), so that a condition that turns true after D is
/// seen by about (1 + ShareOfElapsed)·D rather than up to twice D.
/// </summary>
public sealed class BackoffOptions
{
    public TimeSpan InitialDelay { get; set; } = TimeSpan.FromMilliseconds(250);

    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromSeconds(30);

    public double Multiplier { get; set; } = 2;

    public double ShareOfElapsed { get; set; } = 0.1;

    /// <summary>The wait after failed attempt <paramref name="attempt"/> (1-based), <paramref name="elapsed"/> into the operation.</summary>
    public TimeSpan NextDelay(int attempt, TimeSpan elapsed)
    {
        var exponential = InitialDelay.TotalSeconds * Math.Pow(Multiplier, Math.Min(attempt - 1, 60));
        var proportional = InitialDelay.TotalSeconds + (ShareOfElapsed * elapsed.TotalSeconds);
        var ceiling = Math.Min(MaxDelay.TotalSeconds, Math.Min(exponential, proportional));
        // Jitter only shortens the wait, so the bounds above still hold while retries spread out.
        var jittered = ceiling * (0.5 + (0.5 * Random.Shared.NextDouble()));
        return TimeSpan.FromSeconds(jittered);
    }
}

/// <summary>Per-call settings for <see cref="ExternalStorageRegistrar.EnsureAsync"/>.</summary>
public sealed record EnsureOptions
{
    /// <summary>
    /// Stream never returns credentials, so a storage whose name, type, bucket and path match is left
    /// alone unless the caller knows the secrets changed: then it is updated in place.
    /// </summary>
    public bool CredentialsChanged { get; init; }

    /// <summary>
    /// The caller already manages this storage (it created, adopted or imported it before): a matching
    /// storage is reported <see cref="EnsureOutcome.Unchanged"/> and a differing one is updated in place.
    /// Otherwise only a storage with the declared type, bucket and path is taken over
    /// (<see cref="EnsureOutcome.Adopted"/>), as a failed earlier create leaves it; any other is refused
    /// with <see cref="StorageTakeoverRefusedException"/> before any write.
    /// </summary>
    public bool AlreadyManaged { get; init; }
}

/// <summary>Per-call settings for <see cref="ExternalStorageRegistrar.CheckAsync"/>.</summary>
public sealed record CheckOptions
{
    /// <summary>Overrides the storage type's default from <see cref="RegistrarOptions.CheckDeadlines"/>.</summary>
    public TimeSpan? Deadline { get; init; }

    /// <summary>
    /// What is left, when the check begins, of the time its owner gave the operation the check belongs to (Pulumi's
    /// <c>customTimeouts</c>): less than the deadline ends the check there, with the same report of every attempt.
    /// Zero or less sets none.
    /// </summary>
    public TimeSpan? Timeout { get; init; }

    /// <summary>
    /// The storage's credentials, when the caller has them (the resource has its declaration's; the CLI's check and doctor
    /// have none). The check is the one call where Stream uses them, and the cloud's refusal it passes back may quote
    /// them: they are masked in every attempt's error.
    /// </summary>
    public IReadOnlyList<SecretString?> StorageSecrets { get; init; } = [];
}
