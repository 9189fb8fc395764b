using System.Text;

namespace StackPlanning;

/// <summary>
/// GCP hands a new service-account key over as base64 of the JSON key file; Stream wants the JSON
/// itself as a string.
/// </summary>
public static class ServiceAccountKeyFile
{
    public static string FromPrivateKeyData(string base64KeyFile)
    {
        ArgumentNullException.ThrowIfNull(base64KeyFile);
        return Encoding.UTF8.GetString(Convert.FromBase64String(base64KeyFile));
    }
}
