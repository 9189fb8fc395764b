namespace StorageRegistrar.Diagnostics;

/// <summary>Warns before the credential Stream holds reaches its expiry or the age its owner allows it.</summary>
public static class CredentialAgeAnalyzer
{
    /// <summary>How many days ahead of an expiry or age limit the doctor warns.</summary>
    public const int WarningDays = 14;
}
