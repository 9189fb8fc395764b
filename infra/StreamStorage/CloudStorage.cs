using StreamStorage.Sdk.Inputs;

namespace StreamStorage;

/// <summary>What a cloud's resources give <see cref="RecordingStorage"/> for the registration with Stream and the outputs.</summary>
internal sealed record CloudStorage
{
    /// <summary>The bucket, or for Azure the container, Stream writes into.</summary>
    public required Output<string> BucketName { get; init; }

    public required Output<string> ConsoleUrl { get; init; }

    /// <summary>How Stream reaches an S3 or S3-compatible bucket; for GCS and Azure see the two below.</summary>
    public Input<AwsS3Args>? AwsS3 { get; init; }

    /// <summary>The service account's JSON key Stream signs in to GCS with.</summary>
    public Input<string>? GcsCredentials { get; init; }

    /// <summary>The storage account and Entra application Stream signs in to Azure Blob with.</summary>
    public Input<AzureBlobArgs>? AzureBlob { get; init; }

    /// <inheritdoc cref="RecordingStorage.StreamIdentity"/>
    public Output<string>? StreamIdentity { get; init; }

    /// <summary>The storage account holding an Azure container, which the doctor must be told.</summary>
    public Output<string>? AzureAccount { get; init; }

    /// <summary>The Azure subscription of that account, for the container's ARM id the doctor reads Stream's role assignments at.</summary>
    public Output<string>? AzureSubscriptionId { get; init; }

    /// <summary>The id of the customer-managed key the stack created (KMS key ARN, Cloud KMS key name, Key Vault key's resource id), for the doctor.</summary>
    public Output<string>? CreatedKeyId { get; init; }

    /// <summary>The log bucket's name (Azure: the log account's resource id) the stack created for the access logs, for the doctor.</summary>
    public Output<string>? CreatedLogDestination { get; init; }

    /// <summary>S3 server access logs into an existing log bucket: the logging service's statement, for the log bucket's owner to merge.</summary>
    public Output<string>? LogBucketPolicyStatement { get; init; }

    /// <summary>What Stream's check needs in place: its grant, its credential and, for a new S3 bucket, the last of the bucket's settings.</summary>
    public IReadOnlyList<Resource> RegistrationWaitsFor { get; init; } = [];

    /// <summary>The project policies that lift GCP's key constraints (keyCreationException), which the keys of the project's other storages wait for too.</summary>
    public IReadOnlyList<Resource> KeyCreationException { get; init; } = [];
}
