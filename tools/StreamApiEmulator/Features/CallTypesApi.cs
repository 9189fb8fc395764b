using StreamApiEmulator.Pipeline;
using StreamApiEmulator.State;
using StreamApiEmulator.Wire;

namespace StreamApiEmulator.Features;

/// <summary>List, get, create, update (partial) and delete call types (current and legacy paths).</summary>
public static class CallTypesApi
{
    public static IEndpointRouteBuilder MapCallTypes(this IEndpointRouteBuilder app)
    {
        foreach (var prefix in new[] { "/api/v2/video/calltypes", "/video/calltypes" })
        {
            var group = app.MapGroup(prefix);
            group.MapGet("", List).WithStreamOperation("ListCallTypes");
            group.MapPost("", CreateAsync).WithStreamOperation("CreateCallType");
            group.MapGet("/{name}", Get).WithStreamOperation("GetCallType");
            group.MapPut("/{name}", UpdateAsync).WithStreamOperation("UpdateCallType");
            group.MapDelete("/{name}", Delete).WithStreamOperation("DeleteCallType");
        }

        return app;
    }

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
        StreamResults.Ok(ToResponse(callTypes.Get(name)), EmulatorJsonContext.Wire.CallTypeResponse);

    private static async Task<IResult> CreateAsync(HttpContext context, CallTypeRegistry callTypes, StorageRegistry storages)
    {
        var request = await StreamResults.ReadBodyAsync(context, EmulatorJsonContext.Wire.CreateCallTypeRequest);
        var errors = new InputErrors();
        errors.Require(request.Name, "name");
        var change = Validate(request.ExternalStorage, request.Grants, request.Settings, request.NotificationSettings, storages, errors);
        var created = callTypes.Create(request.Name!, change);
        return StreamResults.Created(ToResponse(created), EmulatorJsonContext.Wire.CallTypeResponse);
    }

    private static async Task<IResult> UpdateAsync(string name, HttpContext context, CallTypeRegistry callTypes, StorageRegistry storages)
    {
        var request = await StreamResults.ReadBodyAsync(context, EmulatorJsonContext.Wire.UpdateCallTypeRequest);
        var change = Validate(request.ExternalStorage, request.Grants, request.Settings, request.NotificationSettings, storages, new InputErrors());
        var updated = callTypes.Update(name, change);
        return StreamResults.Created(ToResponse(updated), EmulatorJsonContext.Wire.CallTypeResponse);
    }

    private static IResult Delete(string name, CallTypeRegistry callTypes)
    {
        callTypes.Delete(name);
        return StreamResults.Ok();
    }

    /// <summary>
    /// Validates the supplied sections and returns the change they make: only what is present changes
    /// (grants per role, settings and notification settings key by key); <c>external_storage: ""</c>
    /// goes back to Stream's own storage.
    /// </summary>
    private static Action<StoredCallType> Validate(
        string? externalStorage,
        Dictionary<string, List<string>>? grants,
        System.Text.Json.Nodes.JsonObject? settings,
        System.Text.Json.Nodes.JsonObject? notificationSettings,
        StorageRegistry storages,
        InputErrors errors)
    {
        if (settings is not null)
        {
            CallSettingsValidator.Validate(settings, errors);
        }

        foreach (var (role, capabilities) in grants ?? [])
        {
            if (capabilities is null)
            {
                errors.Add($"grants.{role}", "must be a list of capabilities");
            }
        }

        errors.ThrowIfAny();
        if (!string.IsNullOrEmpty(externalStorage))
        {
            storages.RequireKnown(externalStorage, "external_storage");
        }

        return callType =>
        {
            if (externalStorage is not null)
            {
                callType.ExternalStorage = externalStorage.Length == 0 ? null : externalStorage;
            }

            foreach (var (role, capabilities) in grants ?? [])
            {
                callType.Grants[role] = [.. capabilities];
            }

            if (settings is not null)
            {
                JsonMerge.Into(callType.Settings, settings);
            }

            if (notificationSettings is not null)
            {
                JsonMerge.Into(callType.NotificationSettings, notificationSettings);
            }
        };
    }
}
