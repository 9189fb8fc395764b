namespace StackPlanning;

/// <summary>
/// How much configuration the program reads before refusing it. Real stacks hold a few hundred values a few
/// levels deep; the limits are far above that and far below what would exhaust the process, whoever wrote the
/// file (a pull request's stack file is read with the pipeline's credentials).
/// </summary>
public static class ConfigValueLimits
{
    /// <summary>Lists and maps inside one another.</summary>
    public const int MaxDepth = 64;

    /// <summary>Values, keys, lists and maps, each alias counted as what it stands for every time it is used.</summary>
    public const long MaxValues = 100_000;

    /// <summary>UTF-8 bytes of keys and text, each alias counted as what it stands for every time it is used.</summary>
    public const long MaxTextBytes = 10 * 1024 * 1024;

    /// <summary>The size of a stack or project file.</summary>
    public const long MaxFileBytes = 1024 * 1024;
}
