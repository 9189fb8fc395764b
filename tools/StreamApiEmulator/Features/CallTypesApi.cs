using StreamApiEmulator.Pipeline;
using StreamApiEmulator.State;
using StreamApiEmulator.Wire;

namespace StreamApiEmulator.Features;

/// <summary>List, get, create, update (partial) and delete call types (current and legacy paths).</summary>
public static class CallTypesApi
{
    public static IEndpointRouteBuilder MapCallTypes(this IEndpointRouteBuilder app) =>
        app.MapCurrentAndLegacy("/api/v2/video/calltypes", "/video/calltypes", group =>
        {
            group.MapGet("", List).WithStreamOperation("ListCallTypes");
            group.MapPost("", CreateAsync).WithStreamOperation("CreateCallType");
            group.MapGet("/{name}", Get).WithStreamOperation("GetCallType");
            group.MapPut("/{name}", UpdateAsync).WithStreamOperation("UpdateCallType");
            group.MapDelete("/{name}", Delete).WithStreamOperation("DeleteCallType");
        });

    /// <summary>Stream's timestamps on the wire: integer nanoseconds since the Unix epoch.</summary>
    public static long UnixNanoseconds(DateTimeOffset time) => (time.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) * 100;

    public static CallTypeResponse ToResponse(StoredCallType callType) => new(
        callType.Name,
        callType.Grants,
        callType.Settings,
        callType.NotificationSettings,
        UnixNanoseconds(callType.CreatedAt),
        UnixNanoseconds(callType.UpdatedAt),
        callType.ExternalStorage);

    private static IResult List(CallTypeRegistry callTypes) =>
        StreamResults.Ok(
            new ListCallTypeResponse(callTypes.List().ToDictionary(c => c.Name, ToResponse, StringComparer.Ordinal)),
            EmulatorJsonContext.Wire.ListCallTypeResponse);

    private static IResult Get(string name, CallTypeRegistry callTypes) =>
        StreamResults.Ok(ToResponse(callTypes.Get(PathSegment.Name(name))), EmulatorJsonContext.Wire.CallTypeResponse);

    private static async Task<IResult> CreateAsync(HttpContext context, CallTypeRegistry callTypes, StorageRegistry storages)
    {
        var request = await StreamResults.ReadBodyAsync(context, EmulatorJsonContext.Wire.CreateCallTypeRequest);
        var errors = new InputErrors();
        errors.Require(request.Name, "name");
        var change = Validate(request, storages, errors);
        var created = callTypes.Create(request.Name!, change);
        return StreamResults.Created(ToResponse(created), EmulatorJsonContext.Wire.CallTypeResponse);
    }

    private static async Task<IResult> UpdateAsync(string name, HttpContext context, CallTypeRegistry callTypes, StorageRegistry storages)
    {
        name = PathSegment.Name(name);
        var request = await StreamResults.ReadBodyAsync(context, EmulatorJsonContext.Wire.UpdateCallTypeRequest);
        var change = Validate(request, storages, new InputErrors());
        var updated = callTypes.Update(name, change);
        return StreamResults.Created(ToResponse(updated), EmulatorJsonContext.Wire.CallTypeResponse);
    }

    private static IResult Delete(string name, CallTypeRegistry callTypes)
    {
        name = PathSegment.Name(name);
        callTypes.Delete(name);
        return StreamResults.Ok();
    }

    /// <summary>
    /// Validates the supplied sections and returns the change they make: only what is present changes
    /// (grants per role, settings and notification settings key by key); <c>external_storage: ""</c>
    /// goes back to Stream's own storage.
    /// </summary>
    private static Action<StoredCallType> Validate(UpdateCallTypeRequest request, StorageRegistry storages, InputErrors errors)
    {
        if (request.Settings is not null)
        {
            CallSettingsValidator.Validate(request.Settings, errors);
        }

        foreach (var (role, capabilities) in request.Grants ?? [])
        {
            if (capabilities is null)
            {
                errors.Add($"grants.{role}", "must be a list of capabilities");
            }
        }

        errors.ThrowIfAny();
        if (!string.IsNullOrEmpty(request.ExternalStorage))
        {
            storages.RequireKnown(request.ExternalStorage, "external_storage");
        }

        return callType =>
        {
            if (request.ExternalStorage is not null)
            {
                callType.ExternalStorage = request.ExternalStorage.Length == 0 ? null : request.ExternalStorage;
            }

            foreach (var (role, capabilities) in request.Grants ?? [])
            {
                callType.Grants[role] = [.. capabilities];
            }

            if (request.Settings is not null)
            {
                JsonMerge.Into(callType.Settings, request.Settings);
            }

            if (request.NotificationSettings is not null)
            {
                JsonMerge.Into(callType.NotificationSettings, request.NotificationSettings);
            }
        };
    }
}
