using StorageRegistrar.Preflight;

namespace StorageRegistrar.Tests.Preflight;

/// <summary>A guardrail checker test: its own local guardrail server, and the checkers' HTTP pipeline with waits short enough for a test.</summary>
public abstract class GuardrailCheckerTest<TServer>(Func<CancellationToken, Task<TServer>> start) : LocalServerTest<TServer>(start)
    where TServer : class, IAsyncDisposable
{
    /// <summary>Tries after the first for a throttled, failing or unreachable read.</summary>
    protected const int MaxRetries = 2;

    protected HttpClient Http { get; } = PreflightHttp.Create(
        new PreflightReadOptions { MaxRetries = MaxRetries, Delay = TimeSpan.FromMilliseconds(1), MaxDelay = TimeSpan.FromMilliseconds(5) });

    public override async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await base.DisposeAsync();
    }
}
