using StorageRegistrar.Declarations;
using StorageRegistrar.Verification;

namespace StorageRegistrar.Resources;

/// <summary>How the <c>ExternalStorage</c> resource runs Stream's check after a create or update.</summary>
public sealed record StorageCheckSettings
{
    public static StorageCheckSettings Default { get; } = new();

    /// <summary>How long to keep retrying the check; null takes the provider's or the registrar's default.</summary>
    public TimeSpan? Deadline { get; init; }

    /// <summary>Read the check file back with the owner's credentials and delete it afterwards.</summary>
    public bool VerifyCheckFile { get; init; }
}

/// <summary>The inputs of an <c>ExternalStorage</c> resource: the storage itself and how to check it.</summary>
public sealed record ExternalStorageInputs(StorageDeclaration Declaration, StorageCheckSettings Check);

/// <summary>
/// The state of an <c>ExternalStorage</c> resource: its inputs (Stream never returns credentials, so
/// they are kept from the inputs) and the result of the last successful check.
/// </summary>
public sealed record ExternalStorageOutputs(ExternalStorageInputs Inputs, string? FileUrl, DateTimeOffset? CheckedAt)
{
    /// <summary>What the owner saw of this run's check file; null when it was not verified. Not kept in the state.</summary>
    public CheckFileVerification? CheckFile { get; init; }

    /// <summary>The check's outcome for the deployment's log: where Stream wrote and, when verified, what became of the file.</summary>
    public string CheckSummary => $"Stream's check wrote {FileUrl}{(CheckFile is { } file ? $"; check file {file.Outcome}" : "")}";
}

/// <summary>The state of a <c>CallTypeBinding</c> resource.</summary>
public sealed record CallTypeBindingOutputs(CallTypeBindingDeclaration Binding, string? PreviousExternalStorage);
