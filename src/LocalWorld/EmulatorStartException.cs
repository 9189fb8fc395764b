namespace LocalWorld;

/// <summary>An emulator process could not be started or never reported that it was ready; the message carries its last output.</summary>
public sealed class EmulatorStartException : Exception
{
    public EmulatorStartException()
    {
    }

    public EmulatorStartException(string message)
        : base(message)
    {
    }

    public EmulatorStartException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
