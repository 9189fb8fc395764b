using System.Text;
using System.Text.Json;
using StorageRegistrar.Preflight;
using StorageRegistrar.Validation;

namespace StackPlanning;

/// <summary>
/// Preflight as <c>pulumi preview</c> and <c>pulumi up</c> run it, before any resource is registered: the same reads as
/// <c>stream-storage preflight</c>, and what <see cref="StackPlan.Preflight"/> makes of them. The program only calls
/// <see cref="RunAsync"/>, logs the warnings and fails with the error.
/// </summary>
public static class StackPreflight
{
    /// <summary>Where the azure-native provider finds its subscription when the stack's configuration names none.</summary>
    public const string AzureSubscriptionVariable = "ARM_SUBSCRIPTION_ID";

    /// <summary>Where the gcp provider finds its project when the stack's configuration names none, the first set winning.</summary>
    public static readonly IReadOnlyList<string> GcpProjectVariables = ["GOOGLE_PROJECT", "GOOGLE_CLOUD_PROJECT", "GCLOUD_PROJECT", "CLOUDSDK_CORE_PROJECT"];

    /// <summary>
    /// One target per storage that creates something in a cloud, in the project and subscription the providers deploy
    /// into: <c>gcp:project</c> or else the first of <see cref="GcpProjectVariables"/>, and <c>azure-native:subscriptionId</c>
    /// or else <see cref="AzureSubscriptionVariable"/>.
    /// </summary>
    /// <param name="providerConfig">A provider's configuration value by its full key (<c>gcp:project</c>); null when unset.</param>
    /// <exception cref="StackConfigException">A GCS storage has no project, or the AWS provider's default tags are not tags.</exception>
    public static IReadOnlyList<PreflightTarget> Targets(StackPlan plan, Func<string, string?> providerConfig, Func<string, string?> environment) =>
        PreflightTargets.Of(plan, GcpDefaultProject(plan, providerConfig, environment), AzureSubscription(plan, providerConfig, environment), AwsDefaultTags(plan, providerConfig));

    /// <summary>
    /// The project the gcp provider deploys into where a storage names none: <c>gcp:project</c>, else the first of
    /// <see cref="GcpProjectVariables"/> set; null when neither, or when every GCS storage names its own (nothing reads it,
    /// and a variable left for another tool is not judged).
    /// </summary>
    /// <exception cref="StackConfigException">The value found is not a project id (<see cref="ProviderValueRules"/>).</exception>
    public static string? GcpDefaultProject(StackPlan plan, Func<string, string?> providerConfig, Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(plan);
        return plan.Storages.OfType<GcsStoragePlan>().Any(gcs => gcs.Project is null)
            ? ProviderValue(ConfigKeys.GcpDefaultProject, GcpProjectVariables, providerConfig, environment)
            : null;
    }

    /// <summary>
    /// The subscription the azure-native provider deploys into: <c>azure-native:subscriptionId</c>, else
    /// <see cref="AzureSubscriptionVariable"/>; null when neither, or when the stack has no Azure storage.
    /// </summary>
    /// <exception cref="StackConfigException">The value found is not a subscription id (<see cref="ProviderValueRules"/>).</exception>
    public static string? AzureSubscription(StackPlan plan, Func<string, string?> providerConfig, Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(plan);
        return plan.Storages.OfType<AzureStoragePlan>().Any()
            ? ProviderValue(ConfigKeys.AzureSubscriptionId, [AzureSubscriptionVariable], providerConfig, environment)
            : null;
    }

    /// <summary>A provider's setting, else the first of its environment variables set (an empty one names nothing, as the provider reads it), held to its rule wherever it came from.</summary>
    private static string? ProviderValue(string key, IReadOnlyList<string> variables, Func<string, string?> providerConfig, Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(providerConfig);
        ArgumentNullException.ThrowIfNull(environment);
        var (value, source) = providerConfig(key) is { } configured
            ? (configured, key)
            : variables.Select(v => (Value: environment(v), Variable: v)).FirstOrDefault(v => !string.IsNullOrEmpty(v.Value));
        if (value is not null && ProviderValueRules.Problem(key, value) is var (problem, fix))
        {
            throw source == key
                ? new StackConfigException([new ValidationProblem(key, fix is null ? problem : $"{problem}: {fix}.")])
                : new StackConfigException($"The environment variable {source}, which the provider reads where the stack sets no {key}, {problem}{(fix is null ? "" : $": {fix}, or set {key} in the stack.")}");
        }

        return value;
    }

    /// <summary>
    /// The tags the AWS provider puts on every resource it makes (<c>aws:defaultTags: {tags: {CostCenter: video}}</c>), which
    /// its requests carry with the stack's own; empty when unset, or when no storage uses the provider (nothing reads them).
    /// </summary>
    /// <exception cref="StackConfigException">
    /// The setting is not the provider's shape, a tag is not one AWS takes, or a resource would carry more tags than AWS
    /// takes: the provider or AWS would refuse it too.
    /// </exception>
    public static IReadOnlyDictionary<string, string> AwsDefaultTags(StackPlan plan, Func<string, string?> providerConfig)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(providerConfig);
        var tags = new Dictionary<string, string>(StringComparer.Ordinal);
        var s3 = plan.Storages.OfType<S3StoragePlan>().ToList();
        var value = s3.Count == 0 ? default : ConfigValue.Parse(ConfigKeys.AwsDefaultTags, providerConfig(ConfigKeys.AwsDefaultTags));
        if (value.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null)
        {
            return tags;
        }

        const string Shape = "write it as the AWS provider reads it, a map under `tags:`, such as `aws:defaultTags: {tags: {CostCenter: video}}`";
        if (value.ValueKind != JsonValueKind.Object)
        {
            throw new StackConfigException([new ValidationProblem(ConfigKeys.AwsDefaultTags, $"is not a map: {Shape}.")]);
        }

        var problems = value.EnumerateObject()
            .Where(p => p.Name != DefaultTagsKey)
            .Select(p => new ValidationProblem($"{ConfigKeys.AwsDefaultTags}.{TerminalText.Clip(p.Name)}", $"is not a key of the AWS provider's default tags: {Shape}."))
            .ToList();
        if (value.TryGetProperty(DefaultTagsKey, out var map) && map.ValueKind != JsonValueKind.Null)
        {
            if (map.ValueKind != JsonValueKind.Object)
            {
                problems.Add(new($"{ConfigKeys.AwsDefaultTags}.{DefaultTagsKey}", $"is not a map of tag names to values: {Shape}."));
            }
            else
            {
                foreach (var tag in map.EnumerateObject())
                {
                    var field = $"{ConfigKeys.AwsDefaultTags}.{DefaultTagsKey}.{TerminalText.Clip(tag.Name)}";
                    if (tag.Value.ValueKind != JsonValueKind.String)
                    {
                        problems.Add(new(field, StackConfigParser.TagNotText));
                    }
                    else if (StackConfigParser.CheckAwsTag(tag.Name, tag.Value.GetString()!) is { } problem)
                    {
                        problems.Add(new(field, problem));
                    }
                    else
                    {
                        tags[tag.Name] = tag.Value.GetString()!;
                    }
                }
            }
        }

        // The provider sends its default tags with each resource's own: together they are held to AWS's limit.
        foreach (var (storage, count) in s3.Select(s => (s, PreflightTargets.AwsRequestTags(s, tags).Count)).Where(s => s.Count > StackConfigParser.MaxAwsAndAzureTags))
        {
            problems.Add(new(
                ConfigKeys.AwsDefaultTags,
                $"with the stack's tags and its own ({StackPlanner.StorageTag}), puts {count} tags on the resources of storage {storage.StreamName}: AWS takes {StackConfigParser.MaxAwsAndAzureTags} a resource, so keep fewer."));
        }

        return problems.Count == 0 ? tags : throw new StackConfigException(problems);
    }

    /// <summary>The one key of the AWS provider's default tags.</summary>
    private const string DefaultTagsKey = "tags";

    /// <summary>
    /// Reads every storage's guardrails, unless <see cref="StackPlan.Preflight"/> is off, and judges them
    /// (<see cref="Judge"/>). With preflight off, nothing is read and no checker is made.
    /// </summary>
    /// <param name="checkers">Makes the checkers (<see cref="PreflightCheckers.Create"/>), only when there is something to read.</param>
    /// <exception cref="StackConfigException">A GCS storage has no project, so its guardrails cannot be read.</exception>
    public static async Task<PreflightVerdict> RunAsync(
        StackPlan plan,
        Func<string, string?> providerConfig,
        Func<string, string?> environment,
        Func<IReadOnlyList<IGuardrailChecker>> checkers,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(checkers);
        if (plan.Preflight == PreflightMode.Off)
        {
            return PreflightVerdict.NotRead;
        }

        var targets = Targets(plan, providerConfig, environment);
        if (targets.Count == 0)
        {
            return PreflightVerdict.NotRead;
        }

        var report = await new PreflightRunner(checkers()).RunAsync(plan.StackName, targets, cancellationToken).ConfigureAwait(false);
        return Judge(plan.Preflight, report);
    }

    /// <summary>
    /// What stops the stack and what is only said: a guardrail that blocks always stops it; one not examined stops it
    /// when <paramref name="mode"/> is strict and is a warning when it is warn. Every stopping check of every storage
    /// is in the one error, each with its fix and who can grant it.
    /// </summary>
    public static PreflightVerdict Judge(PreflightMode mode, PreflightReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        if (mode == PreflightMode.Off)
        {
            return PreflightVerdict.NotRead;
        }

        bool Stops(GuardrailCheck check) =>
            check.Outcome == PreflightOutcome.Blocks || (mode == PreflightMode.Strict && check.Outcome == PreflightOutcome.NotExamined);

        var stopping = report.Storages.SelectMany(s => s.Checks.Where(Stops).Select(c => (Storage: s, Check: c))).ToList();
        var warnings = report.Storages
            .SelectMany(s => s.Checks.Where(c => c.Outcome == PreflightOutcome.NotExamined && !Stops(c)).Select(c => Warning(s, c)))
            .ToList();
        return new PreflightVerdict(report, warnings, stopping.Count == 0 ? null : Error(mode, report.Stack, stopping));
    }

    private static string Warning(StoragePreflight storage, GuardrailCheck check)
    {
        var text = new StringBuilder($"preflight: {check.Guardrail} of storage {storage.Name} ({storage.Cloud}) was not examined: {TerminalText.Escape(check.Message)}");
        AppendFix(text, check);
        text.Append($"\n  pulumi up may stop there; `pulumi config set {ConfigKeys.Preflight} strict` stops the run on a guardrail that could not be read.");
        return text.ToString();
    }

    private static string Error(PreflightMode mode, string stack, List<(StoragePreflight Storage, GuardrailCheck Check)> stopping)
    {
        var blocks = stopping.Count(s => s.Check.Outcome == PreflightOutcome.Blocks);
        var unexamined = stopping.Count - blocks;
        var counts = unexamined == 0
            ? $"{blocks} guardrail(s) would stop pulumi up"
            : $"{blocks} guardrail(s) would stop pulumi up and {unexamined} could not be read ({ConfigKeys.Preflight}: strict)";
        var text = new StringBuilder($"Preflight of stack '{stack}': {counts}; nothing was created.");
        foreach (var (storage, check) in stopping)
        {
            var outcome = check.Outcome == PreflightOutcome.Blocks ? "blocks" : "not examined";
            text.Append($"\n\n{storage.Name} ({storage.Cloud}): {check.Guardrail} {outcome}: {TerminalText.Escape(check.Message)}");
            AppendFix(text, check);
        }

        var skip = mode == PreflightMode.Strict
            ? $"`pulumi config set {ConfigKeys.Preflight} warn` lets a guardrail that could not be read pass with a warning"
            : $"`pulumi config set {ConfigKeys.Preflight} off` skips these reads";
        text.Append($"\n\nApply the fixes, then run again (`stream-storage preflight` shows the same checks as a table); {skip}.");
        return text.ToString();
    }

    /// <summary>
    /// The fix line by line, so that each command stays on a line of its own, then who can grant it; what repeats a
    /// cloud's answer is escaped, so that a terminal does not act on it.
    /// </summary>
    private static void AppendFix(StringBuilder text, GuardrailCheck check)
    {
        if (check.Fix is { } fix)
        {
            text.Append($"\n  Fix:");
            foreach (var line in fix.Split('\n'))
            {
                text.Append($"\n    {TerminalText.Escape(line)}");
            }
        }

        if (check.GrantedBy is { } grantedBy)
        {
            text.Append($"\n  Granted by: {TerminalText.Escape(grantedBy)}");
        }
    }
}

/// <summary>What preflight decided for <c>pulumi preview</c> and <c>pulumi up</c>.</summary>
/// <param name="Report">Every check read; null when nothing was read (preflight off, or nothing created in any cloud).</param>
/// <param name="Warnings">One per guardrail that could not be read and does not stop the stack, for Pulumi's warnings.</param>
/// <param name="Error">Every check that stops the stack, with its fix; null when the stack may go on.</param>
public sealed record PreflightVerdict(PreflightReport? Report, IReadOnlyList<string> Warnings, string? Error)
{
    public static PreflightVerdict NotRead { get; } = new(null, [], null);

    public bool Stops => Error is not null;
}
