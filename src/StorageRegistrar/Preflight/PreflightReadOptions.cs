namespace StorageRegistrar.Preflight;

/// <summary>How long and how often preflight's cloud reads are tried (<see cref="PreflightHttp"/>).</summary>
public sealed class PreflightReadOptions
{
    /// <summary>Tries after the first for a throttled (429), failing (5xx) or unreachable read.</summary>
    public int MaxRetries { get; set; } = 4;

    /// <summary>The first wait; each next one doubles, with jitter. A Retry-After the cloud sends is honoured instead.</summary>
    public TimeSpan Delay { get; set; } = TimeSpan.FromMilliseconds(500);

    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>Limit for one attempt.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Limit for one read, all its attempts together.</summary>
    public TimeSpan TotalTimeout { get; set; } = TimeSpan.FromMinutes(1);

    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;
}
