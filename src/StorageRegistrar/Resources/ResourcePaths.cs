using StorageRegistrar.Declarations;
using StorageRegistrar.Validation;
using P = StorageRegistrar.Resources.ExternalStorageProperties;

namespace StorageRegistrar.Resources;

/// <summary>
/// Property paths of resource inputs: the leaf values each resource compares, and the path a
/// validation problem points at. Resource inputs use the declaration's own names, so a validation
/// field is its property path whenever the schema has that path.
/// </summary>
public static class ResourcePaths
{
    /// <summary>Every leaf input of a storage by path, secrets as <see cref="SecretString"/>.</summary>
    public static IReadOnlyDictionary<string, object?> LeafValues(ExternalStorageInputs inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        var declaration = inputs.Declaration;
        return new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            [P.Name] = declaration.Name,
            [P.StorageType] = declaration.StorageType,
            [P.Bucket] = declaration.Bucket,
            [P.Path] = declaration.Path,
            [DeclarationFields.AwsS3Region] = declaration.AwsS3?.Region,
            [DeclarationFields.AwsS3ApiKey] = declaration.AwsS3?.ApiKey,
            [DeclarationFields.AwsS3Secret] = declaration.AwsS3?.Secret,
            [DeclarationFields.AwsS3CustomEndpointUrl] = declaration.AwsS3?.CustomEndpointUrl,
            [P.GcsCredentials] = declaration.GcsCredentials,
            [DeclarationFields.AzureBlobAccountName] = declaration.AzureBlob?.AccountName,
            [DeclarationFields.AzureBlobClientId] = declaration.AzureBlob?.ClientId,
            [DeclarationFields.AzureBlobClientSecret] = declaration.AzureBlob?.ClientSecret,
            [DeclarationFields.AzureBlobTenantId] = declaration.AzureBlob?.TenantId,
            [P.CheckDeadlineSeconds] = inputs.Check.Deadline?.TotalSeconds,
            [P.VerifyCheckFile] = inputs.Check.VerifyCheckFile,
        };
    }

    /// <summary>Every leaf input of a call-type binding by path.</summary>
    public static IReadOnlyDictionary<string, object?> LeafValues(CallTypeBindingDeclaration binding)
    {
        ArgumentNullException.ThrowIfNull(binding);
        return new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            [CallTypeBindingProperties.CallType] = binding.CallType,
            [CallTypeBindingProperties.ExternalStorage] = binding.ExternalStorage,
        };
    }

    /// <summary>
    /// The property path a check failure reports for a validation field: the field itself when the
    /// schema has it, else its nearest ancestor that it has, else the resource as a whole (empty).
    /// </summary>
    public static string ForValidationField(SchemaResource resource, string field)
    {
        ArgumentNullException.ThrowIfNull(resource);
        ArgumentNullException.ThrowIfNull(field);
        for (var path = field; path.Length > 0; path = Parent(path))
        {
            if (resource.InputPaths.Contains(path))
            {
                return path;
            }
        }

        return "";
    }

    /// <summary>The top-level property a path belongs to (<c>awsS3</c> for <c>awsS3.region</c>).</summary>
    public static string TopLevel(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var dot = path.IndexOf('.', StringComparison.Ordinal);
        return dot < 0 ? path : path[..dot];
    }

    /// <summary>Whether <paramref name="path"/> is one of <paramref name="paths"/> or lies inside one of them.</summary>
    public static bool IsWithinAny(string path, IEnumerable<string> paths)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(paths);
        return paths.Any(p => path == p || path.StartsWith(p + ".", StringComparison.Ordinal));
    }

    private static string Parent(string path)
    {
        var dot = path.LastIndexOf('.');
        return dot < 0 ? "" : path[..dot];
    }
}
