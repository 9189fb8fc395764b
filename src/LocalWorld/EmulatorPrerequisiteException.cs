namespace LocalWorld;

/// <summary>
/// What the local emulators need is missing: Node.js or npm, or an installation that failed. The message
/// says what to install; nothing was started.
/// </summary>
public sealed class EmulatorPrerequisiteException : Exception
{
    public EmulatorPrerequisiteException(string message)
        : base(message)
    {
    }

    public EmulatorPrerequisiteException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
