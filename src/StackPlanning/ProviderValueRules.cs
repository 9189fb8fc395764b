using StackPlanning.Storages;
using StorageRegistrar.Validation;

namespace StackPlanning;

/// <summary>
/// What the providers' settings the plan, preflight and the rehearsal read (the default GCP project, the Azure subscription)
/// must be, wherever they come from, the stack file or the environment the providers fall back to: they reach requests,
/// the terminal and the fixes' commands a reader may paste into a shell, so each is what its cloud names it by.
/// </summary>
internal static class ProviderValueRules
{
    public sealed record Rule(Func<string, bool> Holds, string Expected, string Fix);

    public static readonly IReadOnlyDictionary<string, Rule> ByKey = new Dictionary<string, Rule>(StringComparer.Ordinal)
    {
        [ConfigKeys.GcpDefaultProject] = new(
            PlacementSection.GcpProject().IsMatch,
            "a project id (6 to 30 lowercase letters, digits and hyphens, starting with a letter)",
            "set it to the project's id, as `gcloud projects list` shows it"),
        [ConfigKeys.AzureSubscriptionId] = new(
            text => Guid.TryParseExact(text, "D", out _),
            "a subscription id (a GUID such as 00000000-0000-0000-0000-000000000000)",
            "set it to the subscription's id, as `az account show --query id` prints it"),
    };

    /// <summary>
    /// Why <paramref name="value"/> of <paramref name="key"/>'s setting is refused, its characters first (a sentence that says
    /// to remove one, with no fix of its own), then its form (with the fix); null when it holds.
    /// </summary>
    public static (string Text, string? Fix)? Problem(string key, string value)
    {
        var rule = ByKey[key];
        if (UnsafeText.Check(value) is { } unsafeText)
        {
            return (unsafeText, null);
        }

        return rule.Holds(value) ? null : ($"is \"{TerminalText.Shorten(value)}\", not {rule.Expected}", rule.Fix);
    }
}
