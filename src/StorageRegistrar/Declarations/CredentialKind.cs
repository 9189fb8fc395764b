namespace StorageRegistrar.Declarations;

/// <summary>The credential a storage hands to Stream, by who issues it.</summary>
public enum CredentialKind
{
    /// <summary>None: Stream's own AWS account is granted in the bucket policy (S3 policy mode).</summary>
    None,

    /// <summary>An access key of an IAM user created for the storage (S3 keys mode).</summary>
    AwsAccessKey,

    /// <summary>A key of a service account created for the storage (GCS).</summary>
    GcsServiceAccountKey,

    /// <summary>A client secret of an Entra application created for the storage (Azure Blob).</summary>
    AzureClientSecret,

    /// <summary>A key of an S3-compatible store, issued by the store's owner and given in configuration.</summary>
    StoreAccessKey,
}
