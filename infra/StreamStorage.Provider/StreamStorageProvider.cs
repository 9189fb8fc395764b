using System.Collections.Immutable;
using Pulumi.Experimental;
using Pulumi.Experimental.Provider;
using StorageRegistrar.Declarations;
using StorageRegistrar.Registration;
using StorageRegistrar.Resources;
using StorageRegistrar.Stream;
using StorageRegistrar.Validation;
using StorageRegistrar.Verification;

namespace StreamStorage.Provider;

/// <summary>
/// The <c>streamstorage</c> provider: <c>ExternalStorage</c> and <c>CallTypeBinding</c> resources on
/// top of the registrar. Each method converts Pulumi values to registrar calls and back; the
/// decisions (validation, diff, partial failure, refresh) live in <c>StorageRegistrar.Resources</c>.
/// </summary>
public sealed class StreamStorageProvider : global::Pulumi.Experimental.Provider.Provider
{
    private readonly IEngine _engine;
    private readonly EngineLog _log;
    private readonly ProviderConfigurationStore _configuration;
    private readonly Func<string, string?> _environment;
    private readonly CheckFileVerifier _verifier;
    private readonly Lock _registrarLock = new();
    private ProviderConfigValues? _registrarConfig;
    private ExternalStorageRegistrar? _registrar;
    private ProviderSettings? _settings;

    /// <summary>What this deployment's creates took over in the configured app, whose deletes later in it are left.</summary>
    private DeploymentTakeovers? _takeovers;

    /// <param name="configuration">
    /// What Configure said in this process. The host makes a new provider on Attach, after which
    /// Configure is not repeated, so the plugin shares one store across the instances it makes.
    /// </param>
    public StreamStorageProvider(IEngine engine, ProviderConfigurationStore configuration)
        : this(engine, configuration, Environment.GetEnvironmentVariable, new CheckFileVerifier())
    {
    }

    /// <param name="environment">Reads the STREAM_* fallbacks; tests pass their own.</param>
    /// <param name="verifier">Reads back and deletes check files with the owner's credentials (ambient ones by default).</param>
    public StreamStorageProvider(IEngine engine, Func<string, string?> environment, CheckFileVerifier verifier)
        : this(engine, new ProviderConfigurationStore(), environment, verifier)
    {
    }

    private StreamStorageProvider(IEngine engine, ProviderConfigurationStore configuration, Func<string, string?> environment, CheckFileVerifier verifier)
    {
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(environment);
        ArgumentNullException.ThrowIfNull(verifier);
        _engine = engine;
        _log = new EngineLog(engine);
        _configuration = configuration;
        _environment = environment;
        _verifier = verifier;
    }

    public override Task<GetSchemaResponse> GetSchema(GetSchemaRequest request, CancellationToken ct) =>
        Task.FromResult(new GetSchemaResponse { Schema = ProviderSchema.ToJson() });

    public override Task<CheckResponse> CheckConfig(CheckRequest request, CancellationToken ct)
    {
        var (config, reader) = PropertyReader.ReadConfig(request.NewInputs);
        var (_, problems) = ProviderSettings.Resolve(config, _environment);
        // A value that is not known yet cannot be judged, and an unknown one may still arrive.
        reader.Add(problems.Where(p => !reader.UnknownPaths.Contains(p.Field)));
        // The API secret is kept as a secret in the provider's state even when the stack set it in plain text.
        var inputs = PropertyWriter.MarkSecrets(ProviderSchema.SecretConfig, request.NewInputs);
        // A key from STREAM_API_KEY is recorded as the key, so that a new one (another app) shows in DiffConfig as a new key set in the stack does.
        if (!reader.UnknownPaths.Contains(ProviderConfigProperties.ApiKey) && ProviderSettings.KeyFromEnvironment(config, _environment) is { } environmentKey)
        {
            inputs = inputs.SetItem(ProviderConfigProperties.ApiKey, new PropertyValue(environmentKey));
        }

        return Task.FromResult(new CheckResponse { Inputs = inputs, Failures = [.. reader.Failures] });
    }

    /// <summary>
    /// A new secret or endpoint reaches the same app, and so the same storages: an update. A new API key is another app,
    /// which holds none of them: the provider is replaced, and with it every resource, made in the new app and deleted
    /// from the old one; <see cref="CheckConfig"/> records a key taken from STREAM_API_KEY, so a new one there counts too.
    /// A key where the state recorded none (a provider checked before keys from the environment were recorded) may be
    /// the same app's, which the provider cannot tell: an update.
    /// </summary>
    public override Task<DiffResponse> DiffConfig(DiffRequest request, CancellationToken ct)
    {
        var keys = request.OldOutputs.Keys.Union(request.NewInputs.Keys, StringComparer.Ordinal);
        var (oldKey, newKey) = (TextOf(request.OldOutputs, ProviderConfigProperties.ApiKey), TextOf(request.NewInputs, ProviderConfigProperties.ApiKey));
        var changed = keys
            .Where(key => key == ProviderConfigProperties.ApiKey && ValueOf(request.NewInputs, key) is not { IsComputed: true }
                ? ProviderSettings.ApiKeyChanges(oldKey, newKey)
                : !SameValue(ValueOf(request.OldOutputs, key), ValueOf(request.NewInputs, key)))
            .Order(StringComparer.Ordinal)
            .ToList();
        return Task.FromResult(new DiffResponse
        {
            Changes = changed.Count > 0,
            Diffs = changed,
            // A key not known yet may name another app: replaced, as a different one is.
            Replaces = ProviderSettings.NamesAnotherApp(oldKey, newKey) || (oldKey is not null && ValueOf(request.NewInputs, ProviderConfigProperties.ApiKey) is { IsComputed: true })
                ? [ProviderConfigProperties.ApiKey]
                : [],
        });
    }

    public override Task<ConfigureResponse> Configure(ConfigureRequest request, CancellationToken ct)
    {
        var (config, _) = PropertyReader.ReadConfig(request.Args);
        _configuration.Current = config;

        // The SDK's defaults: the engine may send secrets, resource references and outputs, and runs previews here.
        return Task.FromResult(new ConfigureResponse
        {
            AcceptSecrets = true,
            SupportsPreview = true,
            AcceptResources = true,
            AcceptOutputs = true,
        });
    }

    public override Task<CheckResponse> Check(CheckRequest request, CancellationToken ct)
    {
        switch (request.Type)
        {
            case ResourceTokens.ExternalStorage:
            {
                var (inputs, reader) = PropertyReader.ReadStorage(request.NewInputs);
                reader.Add(ResourceChecks.Check(inputs, reader.UnknownPaths));
                return Task.FromResult(new CheckResponse
                {
                    Inputs = PropertyWriter.MarkSecrets(ProviderSchema.ExternalStorage, request.NewInputs),
                    Failures = [.. reader.Failures],
                });
            }

            case ResourceTokens.CallTypeBinding:
            {
                var (binding, reader) = PropertyReader.ReadBinding(request.NewInputs);
                reader.Add(ResourceChecks.Check(binding, reader.UnknownPaths));
                return Task.FromResult(new CheckResponse { Inputs = request.NewInputs, Failures = [.. reader.Failures] });
            }

            default:
                throw UnknownType(request.Type);
        }
    }

    public override Task<DiffResponse> Diff(DiffRequest request, CancellationToken ct)
    {
        IReadOnlyCollection<string> ignored = request.IgnoreChanges.IsDefault ? [] : request.IgnoreChanges;
        var diff = request.Type switch
        {
            ResourceTokens.ExternalStorage => DiffStorage(request, ignored),
            ResourceTokens.CallTypeBinding => DiffBinding(request, ignored),
            _ => throw UnknownType(request.Type),
        };
        return Task.FromResult(new DiffResponse
        {
            Changes = diff.Change != ResourceChange.None,
            Diffs = [.. diff.ChangedProperties],
            Replaces = [.. diff.ReplacingProperties],
            // A replacement the provider asks for has another name or call type, so it can exist beside the old one:
            // creating it first lets bindings move over before the old storage is deleted. One asked for by the program
            // (replaceOnChanges) keeps the name, which Stream holds once: the old one goes first.
            DeleteBeforeReplace = diff.ReplacingProperties.Count == 0,
        });
    }

    public override async Task<CreateResponse> Create(CreateRequest request, CancellationToken ct)
    {
        await using var about = _log.About(request.Urn, PropertyWriter.SecretLocation(request.Inputs)).ConfigureAwait(false);
        if (request.Preview)
        {
            return new CreateResponse { Outputs = PropertyWriter.Preview(SchemaOf(request.Type), request.Inputs) };
        }

        var created = request.Type switch
        {
            ResourceTokens.ExternalStorage => await ApplyStorageAsync(
                request.Urn, request.Inputs, inputs => StorageLifecycle(request.Timeout).CreateAsync(inputs, ct)).ConfigureAwait(false),
            ResourceTokens.CallTypeBinding => await ApplyBindingAsync(
                request.Inputs, binding => BindingLifecycle().CreateAsync(binding, ct)).ConfigureAwait(false),
            _ => throw UnknownType(request.Type),
        };
        return new CreateResponse { Id = created.Id, Outputs = created.Outputs };
    }

    /// <summary>
    /// Refresh, and <c>pulumi import</c> by name (storage) or call type (binding). Concurrent reads of
    /// storages share one list call. A resource Stream no longer has is reported gone (no id).
    /// </summary>
    public override async Task<ReadResponse> Read(ReadRequest request, CancellationToken ct)
    {
        await using var about = _log.About(request.Urn, PropertyWriter.SecretLocation(request.Outputs, request.Inputs)).ConfigureAwait(false);
        var importing = request.Outputs.IsEmpty;
        switch (request.Type)
        {
            case ResourceTokens.ExternalStorage:
            {
                var known = importing ? null : PropertyReader.ReadStorageState(request.Outputs);
                var current = await StorageLifecycle().ReadAsync(request.Id, known, ct).ConfigureAwait(false);
                return current is null
                    ? new ReadResponse()
                    : Found(request, current.Inputs.Declaration.Name, PropertyWriter.StorageState(current), PropertyWriter.StorageInputs(current.Inputs));
            }

            case ResourceTokens.CallTypeBinding:
            {
                var known = importing ? null : PropertyReader.ReadBindingState(request.Outputs);
                var current = await BindingLifecycle().ReadAsync(request.Id, known, ct).ConfigureAwait(false);
                return current is null
                    ? new ReadResponse()
                    : Found(request, current.Binding.CallType, PropertyWriter.BindingState(current), PropertyWriter.BindingInputs(current.Binding));
            }

            default:
                throw UnknownType(request.Type);
        }
    }

    public override async Task<UpdateResponse> Update(UpdateRequest request, CancellationToken ct)
    {
        await using var about = _log.About(request.Urn, PropertyWriter.SecretLocation(request.NewInputs, request.OldOutputs, request.OldInputs)).ConfigureAwait(false);
        switch (request.Type)
        {
            case ResourceTokens.ExternalStorage:
            {
                if (request.Preview)
                {
                    // Every update ends with a new check, so its results are unknown until then.
                    return new UpdateResponse { Outputs = PropertyWriter.Preview(ProviderSchema.ExternalStorage, request.NewInputs) };
                }

                var old = PropertyReader.ReadStorageState(request.OldOutputs);
                var updated = await ApplyStorageAsync(
                    request.Urn, request.NewInputs, inputs => StorageLifecycle(request.Timeout).UpdateAsync(old, inputs, ct)).ConfigureAwait(false);
                return new UpdateResponse { Outputs = updated.Outputs };
            }

            case ResourceTokens.CallTypeBinding:
            {
                var old = PropertyReader.ReadBindingState(request.OldOutputs);
                if (request.Preview)
                {
                    // What the call type used before the binding does not change with the binding.
                    return new UpdateResponse
                    {
                        Outputs = PropertyWriter.Preview(ProviderSchema.CallTypeBinding, request.NewInputs)
                            .SetItem(CallTypeBindingProperties.PreviousExternalStorage, PreviousValue(old)),
                    };
                }

                var updated = await ApplyBindingAsync(
                    request.NewInputs, binding => BindingLifecycle().UpdateAsync(old, binding, ct)).ConfigureAwait(false);
                return new UpdateResponse { Outputs = updated.Outputs };
            }

            default:
                throw UnknownType(request.Type);
        }
    }

    /// <summary>
    /// Deletes the storage (refused while call types use it; already gone is fine) or points the call
    /// type back at what it used before the binding. The engine deletes bindings before the storages
    /// they reference, because they depend on them.
    /// </summary>
    public override async Task Delete(DeleteRequest request, CancellationToken ct)
    {
        await using var about = _log.About(request.Urn, PropertyWriter.SecretLocation(request.OldOutputs, request.OldInputs)).ConfigureAwait(false);
        switch (request.Type)
        {
            case ResourceTokens.ExternalStorage:
                await StorageLifecycle().DeleteAsync(request.Id, PropertyReader.ReadStorageState(request.OldOutputs), ct).ConfigureAwait(false);
                break;

            case ResourceTokens.CallTypeBinding:
            {
                var old = PropertyReader.ReadBindingState(request.OldOutputs);
                var binding = old.Binding with { CallType = old.Binding.CallType ?? request.Id };
                // A call type someone changed since is left as it is; the registrar's warning says so under this resource.
                await BindingLifecycle().DeleteAsync(old with { Binding = binding }, ct).ConfigureAwait(false);
                break;
            }

            default:
                throw UnknownType(request.Type);
        }
    }

    /// <summary>
    /// A storage's create or update outside preview: the state <paramref name="apply"/> leaves, its
    /// check summarised in the log.
    /// </summary>
    private async Task<Applied> ApplyStorageAsync(
        global::Pulumi.Urn urn,
        ImmutableDictionary<string, PropertyValue> properties,
        Func<ExternalStorageInputs, Task<ExternalStorageOutputs>> apply)
    {
        var (inputs, reader) = PropertyReader.ReadStorage(properties);
        reader.ThrowIfUnusable(ResourceTokens.ExternalStorage);
        ExternalStorageOutputs outputs;
        try
        {
            outputs = await apply(inputs).ConfigureAwait(false);
        }
        catch (Exception failure) when (ResourceOperationException.Hiding(failure, PropertyWriter.SecretLocation(properties)) is var hiding && hiding != failure)
        {
            // A refused takeover names the bucket and path, a failed check may quote them: the engine shows the message.
            throw hiding;
        }

        await LogAsync(urn, PropertyWriter.HidesLocation(properties) ? "Stream's check passed; the URL of its file is secret, as its bucket or path is" : outputs.CheckSummary).ConfigureAwait(false);
        return new Applied(outputs.Inputs.Declaration.Name, PropertyWriter.SecretStorageState(outputs, properties));
    }

    /// <summary>A binding's create or update outside preview: the state <paramref name="apply"/> leaves.</summary>
    private static async Task<Applied> ApplyBindingAsync(
        ImmutableDictionary<string, PropertyValue> properties,
        Func<CallTypeBindingDeclaration, Task<CallTypeBindingOutputs>> apply)
    {
        var (binding, reader) = PropertyReader.ReadBinding(properties);
        reader.ThrowIfUnusable(ResourceTokens.CallTypeBinding);
        var outputs = await apply(binding).ConfigureAwait(false);
        return new Applied(outputs.Binding.CallType, PropertyWriter.KeepSecrecy(PropertyWriter.BindingState(outputs), properties));
    }

    private static ResourceDiff DiffStorage(DiffRequest request, IReadOnlyCollection<string> ignored)
    {
        var old = PropertyReader.ReadStorageState(request.OldOutputs);
        var (inputs, reader) = PropertyReader.ReadStorage(request.NewInputs);
        return ResourceDiffer.Diff(old.Inputs, inputs, reader.UnknownPaths, ignored);
    }

    private static ResourceDiff DiffBinding(DiffRequest request, IReadOnlyCollection<string> ignored)
    {
        var old = PropertyReader.ReadBindingState(request.OldOutputs);
        var (binding, reader) = PropertyReader.ReadBinding(request.NewInputs);
        return ResourceDiffer.Diff(old.Binding, binding, reader.UnknownPaths, ignored);
    }

    /// <summary>What a read answers for a resource Stream still has: each value as secret as the engine's copy of it.</summary>
    private static ReadResponse Found(
        ReadRequest request, string? id, ImmutableDictionary<string, PropertyValue> state, ImmutableDictionary<string, PropertyValue> inputs) => new()
    {
        Id = id,
        Outputs = PropertyWriter.KeepSecrecy(state, request.Outputs),
        Inputs = PropertyWriter.KeepSecrecy(inputs, request.Inputs),
    };

    /// <summary>The schema of <paramref name="type"/>, whose extra outputs a preview reports as still to be computed.</summary>
    private static SchemaResource SchemaOf(string type) => type switch
    {
        ResourceTokens.ExternalStorage => ProviderSchema.ExternalStorage,
        ResourceTokens.CallTypeBinding => ProviderSchema.CallTypeBinding,
        _ => throw UnknownType(type),
    };

    private static PropertyValue PreviousValue(CallTypeBindingOutputs old) =>
        old.PreviousExternalStorage is { } previous ? new PropertyValue(previous) : PropertyValue.Null;

    /// <summary>Configuration values compare by content; whether one is marked secret is not a change.</summary>
    private static bool SameValue(PropertyValue? old, PropertyValue? @new) =>
        ((old is null || old.IsNull) && (@new is null || @new.IsNull))
        || (old is not null && @new is not null && Plain(old).Equals(Plain(@new)));

    private static PropertyValue Plain(PropertyValue value) =>
        value.WithSecret(false).WithDependencies(ImmutableHashSet<global::Pulumi.Urn>.Empty);

    private static string? TextOf(IReadOnlyDictionary<string, PropertyValue> properties, string key) =>
        ValueOf(properties, key) is { } value && value.TryGetString(out var text) ? text : null;

    private static PropertyValue? ValueOf(IReadOnlyDictionary<string, PropertyValue> properties, string key) =>
        properties.TryGetValue(key, out var value) ? value : null;

    private static InvalidOperationException UnknownType(string type) =>
        new($"Unknown resource type '{type}'. The streamstorage provider has {ResourceTokens.ExternalStorage} and {ResourceTokens.CallTypeBinding}.");

    /// <param name="timeout">The operation's custom timeout as the engine sends it (zero when the program sets none).</param>
    private ExternalStorageLifecycle StorageLifecycle(TimeSpan? timeout = null)
    {
        var registrar = Registrar(out var settings, out var takeovers);
        return new ExternalStorageLifecycle(registrar, _verifier, settings.CheckDeadline, timeout, takeovers);
    }

    private CallTypeBindingLifecycle BindingLifecycle() => new(Registrar(out _, out var takeovers), takeovers);

    /// <summary>
    /// One registrar per configuration, made on first use: Stream is only contacted by operations that
    /// need it, and concurrent reads share its list call. A new configuration gets a new registrar, and a ledger of
    /// takeovers of its own: a name taken over in one app says nothing of another's.
    /// </summary>
    private ExternalStorageRegistrar Registrar(out ProviderSettings settings, out DeploymentTakeovers takeovers)
    {
        var config = _configuration.Current;
        lock (_registrarLock)
        {
            if (_registrar is null || _settings is null || _takeovers is null || !ReferenceEquals(_registrarConfig, config))
            {
                var (resolved, problems) = ProviderSettings.Resolve(config, _environment);
                if (resolved is null)
                {
                    throw new InvalidOperationException(
                        "The streamstorage provider is not configured:" + string.Concat(problems.Select(p => $"{Environment.NewLine}  {p}")));
                }

                _settings = resolved;
                var client = resolved.ToClientOptions();
                client.LoggerFactory = _log.Factory;
                _registrar = new ExternalStorageRegistrar(new StreamClient(client), new RegistrarOptions { LoggerFactory = _log.Factory });
                _takeovers = new DeploymentTakeovers();
                _registrarConfig = config;
            }

            settings = _settings;
            takeovers = _takeovers;
            return _registrar;
        }
    }

    private Task LogAsync(global::Pulumi.Urn urn, string message) =>
        _engine.LogAsync(new LogRequest(LogSeverity.Info, message, urn, ephemeral: true));

    /// <summary>What a create or update answers outside preview: the resource's id and its outputs.</summary>
    private sealed record Applied(string? Id, ImmutableDictionary<string, PropertyValue> Outputs);
}
