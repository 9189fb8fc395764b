using System.Collections.Immutable;
using System.Globalization;
using Pulumi.Experimental;
using StorageRegistrar.Declarations;
using StorageRegistrar.Resources;
using P = StorageRegistrar.Resources.ExternalStorageProperties;

namespace StreamStorage.Provider;

/// <summary>
/// Writes resource state as Pulumi property values. Credentials always leave as secrets, and any
/// value the program marked secret stays secret in the state.
/// </summary>
internal static class PropertyWriter
{
    public static ImmutableDictionary<string, PropertyValue> StorageInputs(ExternalStorageInputs inputs)
    {
        var declaration = inputs.Declaration;
        var properties = ImmutableDictionary.CreateBuilder<string, PropertyValue>(StringComparer.Ordinal);
        Put(properties, P.Name, declaration.Name);
        Put(properties, P.StorageType, declaration.StorageType);
        Put(properties, P.Bucket, declaration.Bucket);
        Put(properties, P.Path, declaration.Path);
        if (declaration.AwsS3 is { } s3)
        {
            var awsS3 = ImmutableDictionary.CreateBuilder<string, PropertyValue>(StringComparer.Ordinal);
            Put(awsS3, P.S3.Region, s3.Region);
            Put(awsS3, P.S3.ApiKey, s3.ApiKey);
            Put(awsS3, P.S3.Secret, s3.Secret);
            Put(awsS3, P.S3.CustomEndpointUrl, s3.CustomEndpointUrl);
            properties[P.AwsS3] = new PropertyValue(awsS3.ToImmutable());
        }

        Put(properties, P.GcsCredentials, declaration.GcsCredentials);
        if (declaration.AzureBlob is { } azure)
        {
            var azureBlob = ImmutableDictionary.CreateBuilder<string, PropertyValue>(StringComparer.Ordinal);
            Put(azureBlob, P.Azure.AccountName, azure.AccountName);
            Put(azureBlob, P.Azure.ClientId, azure.ClientId);
            Put(azureBlob, P.Azure.ClientSecret, azure.ClientSecret);
            Put(azureBlob, P.Azure.TenantId, azure.TenantId);
            properties[P.AzureBlob] = new PropertyValue(azureBlob.ToImmutable());
        }

        if (inputs.Check.Deadline is { } deadline)
        {
            properties[P.CheckDeadlineSeconds] = new PropertyValue(deadline.TotalSeconds);
        }

        properties[P.VerifyCheckFile] = new PropertyValue(inputs.Check.VerifyCheckFile);
        return properties.ToImmutable();
    }

    public static ImmutableDictionary<string, PropertyValue> StorageState(ExternalStorageOutputs outputs)
    {
        var properties = StorageInputs(outputs.Inputs).ToBuilder();
        Put(properties, P.FileUrl, outputs.FileUrl);
        Put(properties, P.CheckedAt, outputs.CheckedAt?.UtcDateTime.ToString("O", CultureInfo.InvariantCulture));
        return properties.ToImmutable();
    }

    public static ImmutableDictionary<string, PropertyValue> BindingInputs(CallTypeBindingDeclaration binding)
    {
        var properties = ImmutableDictionary.CreateBuilder<string, PropertyValue>(StringComparer.Ordinal);
        Put(properties, CallTypeBindingProperties.CallType, binding.CallType);
        Put(properties, CallTypeBindingProperties.ExternalStorage, binding.ExternalStorage);
        return properties.ToImmutable();
    }

    public static ImmutableDictionary<string, PropertyValue> BindingState(CallTypeBindingOutputs outputs)
    {
        var properties = BindingInputs(outputs.Binding).ToBuilder();
        Put(properties, CallTypeBindingProperties.PreviousExternalStorage, outputs.PreviousExternalStorage);
        return properties.ToImmutable();
    }

    /// <summary>
    /// What a preview reports: the inputs as given (unknowns stay unknown), plus every output the
    /// resource adds to them as a value the real operation will compute.
    /// </summary>
    public static ImmutableDictionary<string, PropertyValue> Preview(SchemaResource resource, ImmutableDictionary<string, PropertyValue> inputs) =>
        resource.ExtraOutputs.Aggregate(MarkSecrets(resource, inputs), (properties, output) => properties.SetItem(output.Name, PropertyValue.Computed));

    /// <summary>Wraps every credential path of <paramref name="resource"/> as a secret, wherever it is set.</summary>
    public static ImmutableDictionary<string, PropertyValue> MarkSecrets(SchemaResource resource, ImmutableDictionary<string, PropertyValue> properties) =>
        MarkSecrets(resource.SecretInputPaths, properties);

    /// <summary>Wraps each of <paramref name="paths"/> (dotted, for nested values) as a secret, wherever it is set.</summary>
    public static ImmutableDictionary<string, PropertyValue> MarkSecrets(IEnumerable<string> paths, ImmutableDictionary<string, PropertyValue> properties) =>
        paths.Aggregate(properties, (current, path) => MarkSecret(current, path.Split('.')));

    /// <summary>
    /// Whether the program made the storage's bucket or path secret: then the check file's URL, which names both, is
    /// secret too, and is not logged.
    /// </summary>
    public static bool HidesLocation(IReadOnlyDictionary<string, PropertyValue> inputs) =>
        new[] { P.Bucket, P.Path }.Any(key => inputs.TryGetValue(key, out var value) && value.IsSecret);

    /// <summary>The storage's bucket and path, where the program made them secret in any of <paramref name="properties"/>: values no message may show.</summary>
    public static IReadOnlyCollection<string> SecretLocation(params IReadOnlyDictionary<string, PropertyValue>[] properties) =>
        [.. properties
            .SelectMany(inputs => new[] { P.Bucket, P.Path }
                .Select(key => inputs.TryGetValue(key, out var value) && value.IsSecret && value.TryGetString(out var text) ? text : null))
            .OfType<string>()
            .Distinct(StringComparer.Ordinal)];

    /// <summary>The storage's state as secret as its inputs, the check file's URL with its bucket and path (<see cref="HidesLocation"/>).</summary>
    public static ImmutableDictionary<string, PropertyValue> SecretStorageState(ExternalStorageOutputs outputs, IReadOnlyDictionary<string, PropertyValue> inputs)
    {
        var state = KeepSecrecy(StorageState(outputs), inputs);
        return HidesLocation(inputs) ? MarkSecrets([P.FileUrl], state) : state;
    }

    /// <summary>
    /// Carries the secret flag of each input over to the output of the same path, so a value the
    /// program made secret (a bucket name, say) is not written to the state in plain text.
    /// </summary>
    public static ImmutableDictionary<string, PropertyValue> KeepSecrecy(
        ImmutableDictionary<string, PropertyValue> outputs,
        IReadOnlyDictionary<string, PropertyValue> inputs)
    {
        var result = outputs;
        foreach (var (key, output) in outputs)
        {
            if (!inputs.TryGetValue(key, out var input))
            {
                continue;
            }

            var kept = output;
            if (output.TryGetMap(out var outputMap) && input.TryGetMap(out var inputMap))
            {
                kept = new PropertyValue(KeepSecrecy(outputMap, inputMap)).WithSecret(output.IsSecret);
            }

            result = result.SetItem(key, input.IsSecret ? kept.WithSecret(true) : kept);
        }

        return result;
    }

    private static ImmutableDictionary<string, PropertyValue> MarkSecret(ImmutableDictionary<string, PropertyValue> properties, ReadOnlySpan<string> path)
    {
        if (!properties.TryGetValue(path[0], out var value) || value.IsNull || value.IsComputed)
        {
            return properties;
        }

        if (path.Length == 1)
        {
            return properties.SetItem(path[0], value.WithSecret(true));
        }

        return value.TryGetMap(out var nested)
            ? properties.SetItem(path[0], new PropertyValue(MarkSecret(nested, path[1..])).WithSecret(value.IsSecret))
            : properties;
    }

    private static void Put(ImmutableDictionary<string, PropertyValue>.Builder properties, string key, string? value)
    {
        if (value is not null)
        {
            properties[key] = new PropertyValue(value);
        }
    }

    private static void Put(ImmutableDictionary<string, PropertyValue>.Builder properties, string key, SecretString? value)
    {
        if (value is not null)
        {
            properties[key] = new PropertyValue(value.Reveal()).WithSecret(true);
        }
    }
}
