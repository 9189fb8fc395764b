namespace LocalWorld;

/// <summary>A local server that is one emulator process: its recent output, and the process stopped (with its tree) on dispose.</summary>
public abstract class EmulatedServer(EmulatorProcess process) : IAsyncDisposable
{
    /// <summary>The server's recent output, for diagnosing a failing test.</summary>
    public string OutputTail => process.OutputTail;

    /// <summary>Stops the process; a server holding more overrides it, releases that, then calls it.</summary>
    public virtual async ValueTask DisposeAsync()
    {
        await process.DisposeAsync();
        GC.SuppressFinalize(this);
    }
}
