
namespace StreamStorage.Sdk;

/// <summary>
/// Points a Stream Video call type at an external storage. Deleting the binding points the call type
/// back at the storage it used before. Changing the call type replaces the binding.
/// </summary>
[ResourceType("streamstorage:index:CallTypeBinding", null)]
public sealed class CallTypeBinding : CustomResource
{
    public CallTypeBinding(string name, CallTypeBindingArgs args, CustomResourceOptions? options = null)
        : base("streamstorage:index:CallTypeBinding", name, args, SdkOptions.Merge(options, id: null))
    {
    }

    private CallTypeBinding(string name, Input<string> id, CustomResourceOptions? options = null)
        : base("streamstorage:index:CallTypeBinding", name, null, SdkOptions.Merge(options, id))
    {
    }

    [Output("callType")]
    public Output<string> CallType { get; private set; } = null!;

    [Output("externalStorage")]
    public Output<string> ExternalStorage { get; private set; } = null!;

    /// <summary>The storage the call type used before this binding (null: Stream's own); restored on delete.</summary>
    [Output("previousExternalStorage")]
    public Output<string?> PreviousExternalStorage { get; private set; } = null!;

    /// <summary>An existing binding by its call type name.</summary>
    public static CallTypeBinding Get(string name, Input<string> id, CustomResourceOptions? options = null) =>
        new(name, id, options);
}

public sealed class CallTypeBindingArgs : ResourceArgs
{
    /// <summary>Name of an existing call type, e.g. <c>default</c>.</summary>
    [Input("callType", required: true)]
    public Input<string> CallType { get; set; } = null!;

    /// <summary>
    /// Name of the storage to record into. Pass <see cref="ExternalStorage.Name"/> so that the binding
    /// is created after, and deleted before, the storage.
    /// </summary>
    [Input("externalStorage", required: true)]
    public Input<string> ExternalStorage { get; set; } = null!;
}
