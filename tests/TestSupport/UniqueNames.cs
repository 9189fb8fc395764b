namespace TestSupport;

/// <summary>Names no other test uses, so that tests can share one server without seeing each other's data.</summary>
public static class UniqueNames
{
    /// <summary>
    /// <paramref name="prefix"/>, '-' and 16 random lowercase hex digits: a valid S3 or GCS bucket name and Azure
    /// container name for any prefix of lowercase letters, digits and '-' up to 46 characters.
    /// </summary>
    public static string For(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 17)];
}
