namespace StorageRegistrar.Tests.Verification;

/// <summary>Names and contents for check files, unique per test so that tests share stores safely.</summary>
internal static class CheckFiles
{
    public const string Content = "This file was written by Stream to check the storage.\n";

    public static string NewFileName() => $"stream-{Guid.NewGuid()}.md";
}
