using System.Globalization;
using StorageRegistrar.Declarations;
using StorageRegistrar.Validation;
using P = StorageRegistrar.Resources.ExternalStorageProperties;

namespace StorageRegistrar.Resources;

/// <summary>
/// What a resource's Check reports: the registrar's validation, pointed at property paths, without
/// any request to Stream. A value that is not known yet (preview) is not judged; it is checked again
/// once it is known.
/// </summary>
public static class ResourceChecks
{
    /// <summary>The longest check deadline accepted: a day covers the slowest permission propagation.</summary>
    public static readonly TimeSpan MaxCheckDeadline = TimeSpan.FromDays(1);

    /// <summary>Settings whose rules depend on the storage type, so they cannot be judged while it is unknown.</summary>
    private static readonly string[] TypeDependentPaths = [P.AwsS3, P.GcsCredentials, P.AzureBlob];

    public static IReadOnlyList<ValidationProblem> Check(ExternalStorageInputs inputs, IReadOnlyCollection<string> unknownPaths)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(unknownPaths);
        var notJudged = ResourcePaths.IsWithinAny(P.StorageType, unknownPaths)
            ? [.. unknownPaths, .. TypeDependentPaths]
            : unknownPaths;
        return ToPropertyPaths(ProviderSchema.ExternalStorage, DeclarationValidator.Validate(inputs.Declaration).Problems, notJudged);
    }

    public static IReadOnlyList<ValidationProblem> Check(CallTypeBindingDeclaration binding, IReadOnlyCollection<string> unknownPaths)
    {
        ArgumentNullException.ThrowIfNull(binding);
        ArgumentNullException.ThrowIfNull(unknownPaths);
        return ToPropertyPaths(ProviderSchema.CallTypeBinding, DeclarationValidator.Validate(binding).Problems, unknownPaths);
    }

    /// <summary>
    /// A check deadline given in seconds (resource input or provider config), or a problem naming
    /// <paramref name="field"/> when it is not a whole number of seconds between 1 and a day.
    /// </summary>
    public static TimeSpan? DeadlineFromSeconds(double? seconds, string field, ICollection<ValidationProblem> problems)
    {
        ArgumentNullException.ThrowIfNull(field);
        ArgumentNullException.ThrowIfNull(problems);
        if (seconds is not { } value)
        {
            return null;
        }

        if (!double.IsFinite(value) || value < 1 || value > MaxCheckDeadline.TotalSeconds || Math.Floor(value) != value)
        {
            problems.Add(new ValidationProblem(
                field,
                string.Create(CultureInfo.InvariantCulture, $"must be a whole number of seconds from 1 to {MaxCheckDeadline.TotalSeconds:0}, e.g. 600 for ten minutes.")));
            return null;
        }

        return TimeSpan.FromSeconds(value);
    }

    private static List<ValidationProblem> ToPropertyPaths(
        SchemaResource resource,
        IEnumerable<ValidationProblem> problems,
        IReadOnlyCollection<string> notJudged) =>
        [
            .. problems
                .Where(p => !ResourcePaths.IsWithinAny(p.Field, notJudged))
                .Select(p => p with { Field = ResourcePaths.ForValidationField(resource, p.Field) }),
        ];
}
