using StreamApiEmulator.Control;
using StreamApiEmulator.ObjectStores;
using StreamApiEmulator.Pipeline;
using StreamApiEmulator.State;
using StreamApiEmulator.Wire;

namespace StreamApiEmulator.Features;

/// <summary>List, create, update, delete and check external storages (current and legacy paths).</summary>
public static class ExternalStorageApi
{
    private static readonly string[] StorageTypes = ["s3", "gcs", "abs"];

    private const string CheckFileContent =
        "This file was written by Stream to check that it can write to this external storage. It is safe to delete.\n";

    public static IEndpointRouteBuilder MapExternalStorage(this IEndpointRouteBuilder app) =>
        app.MapCurrentAndLegacy("/api/v2/external_storage", "/video/external_storage", group =>
        {
            group.MapGet("", List).WithStreamOperation("ListExternalStorage");
            group.MapPost("", CreateAsync).WithStreamOperation("CreateExternalStorage");
            group.MapPut("/{name}", UpdateAsync).WithStreamOperation("UpdateExternalStorage");
            group.MapDelete("/{name}", Delete).WithStreamOperation("DeleteExternalStorage");
            group.MapGet("/{name}/check", CheckAsync).WithStreamOperation("CheckExternalStorage");
        });

    private static IResult List(StorageRegistry storages) =>
        StreamResults.Ok(
            new ListExternalStorageResponse(storages.ListVisible().ToDictionary(s => s.Name, ToResponse, StringComparer.Ordinal)),
            EmulatorJsonContext.Wire.ListExternalStorageResponse);

    private static async Task<IResult> CreateAsync(HttpContext context, StorageRegistry storages, FaultInjector faults)
    {
        var request = await StreamResults.ReadBodyAsync(context, EmulatorJsonContext.Wire.CreateExternalStorageRequest);
        var errors = new InputErrors();
        errors.Require(request.Name, "name");
        var storage = Validate(request.Name ?? string.Empty, request, errors);
        errors.ThrowIfAny();

        var invisibleFor = faults.Take("CreateExternalStorage", context.Request, FaultKind.EventualConsistency)
            .Select(f => f.Delay)
            .DefaultIfEmpty(TimeSpan.Zero)
            .Max();
        storages.Create(storage, invisibleFor);
        return StreamResults.Created();
    }

    private static async Task<IResult> UpdateAsync(string name, HttpContext context, StorageRegistry storages)
    {
        name = PathSegment.Name(name);
        var request = await StreamResults.ReadBodyAsync(context, EmulatorJsonContext.Wire.UpdateExternalStorageRequest);
        var errors = new InputErrors();
        var storage = Validate(name, request, errors);
        errors.ThrowIfAny();
        if (name == StorageRegistry.StreamS3)
        {
            throw StreamException.InputError("name", $"{StorageRegistry.StreamS3} name reserved for internal use");
        }

        // Bucket and type are required, so an update replaces the whole configuration; only the name stays.
        var updated = storages.Replace(storage);
        return StreamResults.Created(ToResponse(updated), EmulatorJsonContext.Wire.ExternalStorageResponse);
    }

    private static IResult Delete(string name, StorageRegistry storages)
    {
        name = PathSegment.Name(name);
        storages.Delete(name);
        return StreamResults.Ok();
    }

    private static async Task<IResult> CheckAsync(string name, HttpContext context, StorageRegistry storages, FaultInjector faults, ObjectStoreWriter writer)
    {
        name = PathSegment.Name(name);
        var storage = storages.Get(name);
        if (faults.Take("CheckExternalStorage", context.Request, FaultKind.CheckFailure).Count > 0)
        {
            throw CheckFailed(storage, PropagationDenial(storage.Type));
        }

        if (faults.Take("CheckExternalStorage", context.Request, FaultKind.CheckWithoutFileUrl).Count > 0)
        {
            return StreamResults.Ok();
        }

        var key = ObjectStoreWriter.ObjectKey(storage, $"stream-{Guid.NewGuid()}.md");
        try
        {
            var fileUrl = await writer.WriteAsync(storage, key, CheckFileContent, "text/markdown", context.RequestAborted);
            return StreamResults.Ok(new CheckExternalStorageResponse(fileUrl), EmulatorJsonContext.Wire.CheckExternalStorageResponse);
        }
        catch (ObjectStoreWriteException e)
        {
            throw CheckFailed(storage, e.Message);
        }
    }

    private static StreamException CheckFailed(StoredStorage storage, string reason) =>
        new(StreamErrorCode.InputError, $"failed to write check file to {storage.Type} bucket {storage.Bucket}: {reason}");

    // What each cloud answers while a brand-new grant has not reached the storage yet.
    private static string PropagationDenial(string storageType) => storageType switch
    {
        "gcs" => "403 The service account does not have storage.objects.create access to the Google Cloud Storage object. Permission 'storage.objects.create' denied on resource (or it may not exist).",
        "abs" => "AuthorizationPermissionMismatch: This request is not authorized to perform this operation using this permission.",
        _ => "AccessDenied: Access Denied",
    };

    private static StoredStorage Validate(string name, UpdateExternalStorageRequest request, InputErrors errors)
    {
        var storageType = request.StorageType;
        errors.Require(storageType, "storage_type");
        errors.OneOf(storageType, "storage_type", StorageTypes);
        errors.Require(request.Bucket, "bucket");

        S3Config? s3Config = null;
        if (storageType == "s3" && request.AwsS3 is { } s3)
        {
            errors.Require(s3.S3Region, "aws_s3.s3_region");
            if (string.IsNullOrEmpty(s3.S3ApiKey) != string.IsNullOrEmpty(s3.S3Secret))
            {
                errors.Add(string.IsNullOrEmpty(s3.S3ApiKey) ? "aws_s3.s3_api_key" : "aws_s3.s3_secret", "s3_api_key and s3_secret must be given together (or both omitted for bucket-policy access)");
            }

            Uri? endpoint = null;
            if (!string.IsNullOrEmpty(s3.S3CustomEndpointUrl))
            {
                if (!Uri.TryCreate(s3.S3CustomEndpointUrl, UriKind.Absolute, out endpoint) || endpoint.Scheme is not ("http" or "https"))
                {
                    errors.Add("aws_s3.s3_custom_endpoint_url", "must be an absolute http or https URL");
                }
                else if (string.IsNullOrEmpty(s3.S3ApiKey))
                {
                    errors.Add("aws_s3.s3_custom_endpoint_url", "needs s3_api_key and s3_secret: a custom endpoint cannot use bucket-policy access");
                }
            }

            s3Config = new S3Config(s3.S3Region ?? string.Empty, NullIfEmpty(s3.S3ApiKey), NullIfEmpty(s3.S3Secret), endpoint);
        }

        AzureConfig? azureConfig = null;
        if (storageType == "abs" && request.AzureBlob is { } azure)
        {
            errors.Require(azure.AbsAccountName, "azure_blob.abs_account_name");
            errors.Require(azure.AbsTenantId, "azure_blob.abs_tenant_id");
            errors.Require(azure.AbsClientId, "azure_blob.abs_client_id");
            errors.Require(azure.AbsClientSecret, "azure_blob.abs_client_secret");
            azureConfig = new AzureConfig(azure.AbsAccountName ?? string.Empty, azure.AbsTenantId ?? string.Empty, azure.AbsClientId ?? string.Empty, azure.AbsClientSecret ?? string.Empty);
        }

        return new StoredStorage(
            name,
            storageType ?? string.Empty,
            request.Bucket ?? string.Empty,
            request.Path ?? string.Empty,
            storageType == "gcs" ? NullIfEmpty(request.GcsCredentials) : null,
            s3Config,
            azureConfig);
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;

    private static ExternalStorageResponse ToResponse(StoredStorage storage) => new(storage.Name, storage.Type, storage.Bucket, storage.Path);
}
