using System.Collections.Immutable;
using System.Globalization;
using Pulumi.Experimental;
using Pulumi.Experimental.Provider;
using StorageRegistrar.Declarations;
using StorageRegistrar.Resources;
using StorageRegistrar.Validation;
using P = StorageRegistrar.Resources.ExternalStorageProperties;

namespace StreamStorage.Provider;

/// <summary>
/// Reads Pulumi property values into the registrar's declarations. Values that are not known yet
/// (preview) are recorded as unknown paths rather than guessed; values of the wrong kind become
/// check failures on their property path. Nothing here formats a value, so secrets stay unseen.
/// </summary>
internal sealed class PropertyReader
{
    private readonly List<CheckFailure> _failures = [];
    private readonly HashSet<string> _unknown = new(StringComparer.Ordinal);

    private PropertyReader()
    {
    }

    public IReadOnlyList<CheckFailure> Failures => _failures;

    public IReadOnlyCollection<string> UnknownPaths => _unknown;

    public static (ExternalStorageInputs Inputs, PropertyReader Reader) ReadStorage(IReadOnlyDictionary<string, PropertyValue> properties)
    {
        var reader = new PropertyReader();
        var awsS3 = reader.Map(properties, P.AwsS3, P.AwsS3);
        var azureBlob = reader.Map(properties, P.AzureBlob, P.AzureBlob);
        var declaration = new StorageDeclaration
        {
            Name = reader.String(properties, P.Name, P.Name),
            StorageType = reader.String(properties, P.StorageType, P.StorageType),
            Bucket = reader.String(properties, P.Bucket, P.Bucket),
            Path = reader.String(properties, P.Path, P.Path),
            AwsS3 = awsS3 is null ? null : new S3Settings
            {
                Region = reader.String(awsS3, P.S3.Region, DeclarationFields.AwsS3Region),
                ApiKey = reader.String(awsS3, P.S3.ApiKey, DeclarationFields.AwsS3ApiKey),
                Secret = SecretString.From(reader.String(awsS3, P.S3.Secret, DeclarationFields.AwsS3Secret)),
                CustomEndpointUrl = reader.String(awsS3, P.S3.CustomEndpointUrl, DeclarationFields.AwsS3CustomEndpointUrl),
            },
            GcsCredentials = SecretString.From(reader.String(properties, P.GcsCredentials, P.GcsCredentials)),
            AzureBlob = azureBlob is null ? null : new AzureBlobSettings
            {
                AccountName = reader.String(azureBlob, P.Azure.AccountName, DeclarationFields.AzureBlobAccountName),
                ClientId = reader.String(azureBlob, P.Azure.ClientId, DeclarationFields.AzureBlobClientId),
                ClientSecret = SecretString.From(reader.String(azureBlob, P.Azure.ClientSecret, DeclarationFields.AzureBlobClientSecret)),
                TenantId = reader.String(azureBlob, P.Azure.TenantId, DeclarationFields.AzureBlobTenantId),
            },
        };
        var check = new StorageCheckSettings
        {
            Deadline = reader.Deadline(reader.Number(properties, P.CheckDeadlineSeconds, P.CheckDeadlineSeconds), P.CheckDeadlineSeconds),
            VerifyCheckFile = reader.Boolean(properties, P.VerifyCheckFile, P.VerifyCheckFile) ?? false,
        };
        return (new ExternalStorageInputs(declaration, check), reader);
    }

    /// <summary>A storage's recorded state: its inputs plus the last check.</summary>
    public static ExternalStorageOutputs ReadStorageState(IReadOnlyDictionary<string, PropertyValue> properties)
    {
        var (inputs, reader) = ReadStorage(properties);
        var checkedAt = reader.String(properties, P.CheckedAt, P.CheckedAt);
        return new ExternalStorageOutputs(
            inputs,
            reader.String(properties, P.FileUrl, P.FileUrl),
            DateTimeOffset.TryParse(checkedAt, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var at) ? at : null);
    }

    public static (CallTypeBindingDeclaration Binding, PropertyReader Reader) ReadBinding(IReadOnlyDictionary<string, PropertyValue> properties)
    {
        var reader = new PropertyReader();
        var binding = new CallTypeBindingDeclaration
        {
            CallType = reader.String(properties, CallTypeBindingProperties.CallType, CallTypeBindingProperties.CallType),
            ExternalStorage = reader.String(properties, CallTypeBindingProperties.ExternalStorage, CallTypeBindingProperties.ExternalStorage),
        };
        return (binding, reader);
    }

    public static CallTypeBindingOutputs ReadBindingState(IReadOnlyDictionary<string, PropertyValue> properties)
    {
        var (binding, reader) = ReadBinding(properties);
        return new CallTypeBindingOutputs(
            binding,
            reader.String(properties, CallTypeBindingProperties.PreviousExternalStorage, CallTypeBindingProperties.PreviousExternalStorage));
    }

    /// <summary>
    /// Provider configuration. Stack config reaches a provider as strings, explicit provider arguments
    /// as typed values, so the deadline is taken either way.
    /// </summary>
    public static (ProviderConfigValues Config, PropertyReader Reader) ReadConfig(IReadOnlyDictionary<string, PropertyValue> properties)
    {
        var reader = new PropertyReader();
        var config = new ProviderConfigValues
        {
            ApiKey = reader.String(properties, ProviderConfigProperties.ApiKey, ProviderConfigProperties.ApiKey),
            ApiSecret = SecretString.From(reader.String(properties, ProviderConfigProperties.ApiSecret, ProviderConfigProperties.ApiSecret)),
            BaseUrl = reader.String(properties, ProviderConfigProperties.BaseUrl, ProviderConfigProperties.BaseUrl),
            CheckDeadlineSeconds = reader.NumberOrNumericString(properties, ProviderConfigProperties.CheckDeadlineSeconds),
        };
        return (config, reader);
    }

    /// <summary>Adds validation problems as check failures on their property paths.</summary>
    public void Add(IEnumerable<ValidationProblem> problems) =>
        _failures.AddRange(problems.Select(p => new CheckFailure(p.Field, p.Message)));

    /// <summary>
    /// For operations that act on Stream: every value must be known and well-formed. Check has
    /// reported these already, so this only guards against an engine that skipped it.
    /// </summary>
    public void ThrowIfUnusable(string type)
    {
        if (_failures.Count > 0)
        {
            throw new InvalidOperationException(
                $"{type} inputs are invalid:" + string.Concat(_failures.Select(f => $"{Environment.NewLine}  {f.Property}: {f.Reason}")));
        }

        if (_unknown.Count > 0)
        {
            throw new InvalidOperationException(
                $"{type} inputs are not known yet ({string.Join(", ", _unknown.Order(StringComparer.Ordinal))}); they must be known outside preview.");
        }
    }

    private string? String(IReadOnlyDictionary<string, PropertyValue> map, string key, string path) =>
        TryRead(map, key, path, "a string", (PropertyValue value, out string? read) => value.TryGetString(out read), out var text) ? text : null;

    private double? Number(IReadOnlyDictionary<string, PropertyValue> map, string key, string path) =>
        TryRead(map, key, path, "a number", (PropertyValue value, out double read) => value.TryGetNumber(out read), out var number) ? number : null;

    private double? NumberOrNumericString(IReadOnlyDictionary<string, PropertyValue> map, string key) =>
        TryRead<double>(map, key, key, "a number of seconds", TryGetNumberOrNumericString, out var number) ? number : null;

    private bool? Boolean(IReadOnlyDictionary<string, PropertyValue> map, string key, string path) =>
        TryRead(map, key, path, "true or false", (PropertyValue value, out bool read) => value.TryGetBool(out read), out var flag) ? flag : null;

    private IReadOnlyDictionary<string, PropertyValue>? Map(IReadOnlyDictionary<string, PropertyValue> map, string key, string path) =>
        TryRead(map, key, path, "an object", (PropertyValue value, out ImmutableDictionary<string, PropertyValue>? read) => value.TryGetMap(out read), out var nested) ? nested : null;

    private static bool TryGetNumberOrNumericString(PropertyValue value, out double number) =>
        value.TryGetNumber(out number)
        || (value.TryGetString(out var text) && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out number));

    /// <summary>
    /// The value at <paramref name="key"/> when it is set, known and of the kind <paramref name="tryGet"/> takes. One not known
    /// yet is recorded as unknown, one of another kind as a check failure on <paramref name="path"/> that says it must be
    /// <paramref name="expected"/>.
    /// </summary>
    private bool TryRead<T>(IReadOnlyDictionary<string, PropertyValue> map, string key, string path, string expected, TryGetKind<T> tryGet, out T? result)
    {
        result = default;
        if (Known(map, key, path) is not { } value)
        {
            return false;
        }

        if (tryGet(value, out result))
        {
            return true;
        }

        WrongKind(value, path, expected);
        return false;
    }

    private TimeSpan? Deadline(double? seconds, string path)
    {
        var problems = new List<ValidationProblem>();
        var deadline = ResourceChecks.DeadlineFromSeconds(seconds, path, problems);
        Add(problems);
        return deadline;
    }

    /// <summary>The value when present and known; records unknown ones. Null and absent mean "not set".</summary>
    private PropertyValue? Known(IReadOnlyDictionary<string, PropertyValue> map, string key, string path)
    {
        if (!map.TryGetValue(key, out var value) || value.IsNull)
        {
            return null;
        }

        if (value.IsComputed)
        {
            _unknown.Add(path);
            return null;
        }

        return value;
    }

    private void WrongKind(PropertyValue value, string path, string expected)
    {
        // Names the kind that was given, never the value: it may be a secret.
        _failures.Add(new CheckFailure(path, $"must be {expected}, not {KindName(value.Type)}."));
    }

    private static string KindName(PropertyValueType type) => type switch
    {
        PropertyValueType.Bool => "true or false",
        PropertyValueType.Number => "a number",
        PropertyValueType.String => "a string",
        PropertyValueType.Array => "a list",
        PropertyValueType.Map => "an object",
        PropertyValueType.Asset => "an asset",
        PropertyValueType.Archive => "an archive",
        PropertyValueType.Resource => "a resource reference",
        _ => "a value of another kind",
    };

    /// <summary>One of <see cref="PropertyValue"/>'s TryGet methods: the value as one kind, if it is of that kind.</summary>
    private delegate bool TryGetKind<T>(PropertyValue value, out T result);
}
