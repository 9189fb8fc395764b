using StorageRegistrar.Resources;

namespace StackPlanning;

/// <summary>
/// The configuration keys of a stack. Program keys live in the project's namespace (see Pulumi.yaml);
/// the Stream credentials belong to the <c>streamstorage</c> provider, which reads them itself.
/// </summary>
public static class ConfigKeys
{
    public const string Storages = "storages";
    public const string Bindings = "bindings";
    public const string Tags = "tags";
    public const string Production = "production";
    public const string AllowedLocations = "allowedLocations";

    /// <summary>What <c>pulumi preview</c> and <c>pulumi up</c> do with the guardrails read before anything is made: <c>off</c>, <c>warn</c>, <c>strict</c>.</summary>
    public const string Preflight = "preflight";

    /// <summary>Every key of the project's namespace; any other there is a typo or a setting of another program.</summary>
    public static readonly IReadOnlyList<string> ProjectKeys = [Storages, Bindings, Tags, Production, AllowedLocations, Preflight];

    /// <summary>The provider's namespace and credential keys, as the provider itself names and reads them.</summary>
    public const string StreamNamespace = ResourceTokens.Package;
    public const string StreamApiKey = ProviderConfigProperties.ApiKey;
    public const string StreamApiSecret = ProviderConfigProperties.ApiSecret;

    /// <summary>The GCP provider's default project, which a GCS storage's service account (and bucket) use when the storage names none.</summary>
    public const string GcpDefaultProject = "gcp:project";

    /// <summary>The Azure provider's subscription, where the stack's resource group and account are made.</summary>
    public const string AzureSubscriptionId = "azure-native:subscriptionId";

    /// <summary>The AWS provider's tags for every resource it makes (<c>{tags: {name: value}}</c>), under a resource's own.</summary>
    public const string AwsDefaultTags = "aws:defaultTags";

    /// <summary>The settings of one entry of <see cref="Storages"/>.</summary>
    public static class Storage
    {
        public const string Name = "name";
        public const string Cloud = "cloud";
        public const string Path = "path";

        /// <summary><c>true</c>: the stack draws a random folder under <see cref="Path"/>, and Stream writes into it.</summary>
        public const string UnguessablePath = "unguessablePath";
        public const string RetentionDays = "retentionDays";
        public const string Versioning = "versioning";
        public const string NoncurrentVersionDays = "noncurrentVersionDays";
        public const string DataProtection = "dataProtection";
        public const string Region = "region";
        public const string AuthMode = "authMode";
        public const string KmsKeyArn = "kmsKeyArn";
        public const string Project = "project";
        public const string Location = "location";
        public const string ResourceGroup = "resourceGroup";
        public const string AzureRole = "azureRole";
        public const string ClientSecretDays = "clientSecretDays";

        /// <summary>The Azure-only name <see cref="CredentialRotation"/> had before it applied to every cloud; still read as an alias.</summary>
        public const string ClientSecretRotation = "clientSecretRotation";

        public const string CredentialRotation = "credentialRotation";
        public const string CredentialMaxAgeDays = "credentialMaxAgeDays";
        public const string ExistingBucket = "existingBucket";
        public const string ExistingAccount = "existingAccount";
        public const string BucketPolicy = "bucketPolicy";

        /// <summary>S3 policy mode: the stack knowingly accepts that Stream's grant trusts every Stream app, so the doctor notes it rather than warns.</summary>
        public const string AcceptsEveryStreamApp = "acceptsEveryStreamApp";
        public const string Endpoint = "endpoint";
        public const string Bucket = "bucket";
        public const string AccessKeyId = "accessKeyId";
        public const string SecretAccessKey = "secretAccessKey";
        public const string Immutability = "immutability";

        /// <summary>A customer-managed key: <c>create</c>, or the id of an existing key as its cloud names it.</summary>
        public const string EncryptionKey = "encryptionKey";

        /// <summary>Azure's second layer of encryption at the infrastructure level; set when the account is created.</summary>
        public const string InfrastructureEncryption = "infrastructureEncryption";

        /// <summary>How an Azure account the stack creates keeps its copies: <c>LRS</c> (the default), <c>ZRS</c>, <c>GRS</c> or <c>GZRS</c>.</summary>
        public const string Redundancy = "redundancy";

        /// <summary>GCS: the stack owns the project's policies that lift the service-account key constraints, for that project only.</summary>
        public const string KeyCreationException = "keyCreationException";

        public const string Tiers = "tiers";
        public const string AccessLogs = "accessLogs";

        /// <summary>GCS: how many days the buckets the stack creates keep deleted objects restorable (soft delete); 0 turns it off.</summary>
        public const string SoftDeleteDays = "softDeleteDays";

        /// <summary>The value of <see cref="EncryptionKey"/> and <see cref="AccessLogs"/> that has the stack create the key or the log bucket.</summary>
        public const string CreateValue = "create";

        /// <summary>The value of <see cref="AccessLogs"/> for GCS's project-wide Data Access audit logs; never a bucket name, which has no capitals.</summary>
        public const string AuditLogsValue = "auditLogs";

        /// <summary>The settings of <see cref="Immutability"/>.</summary>
        public static class Lock
        {
            public const string Days = "days";
            public const string Mode = "mode";
        }

        /// <summary>The settings of each entry of <see cref="Tiers"/>.</summary>
        public static class Tier
        {
            public const string AfterDays = "afterDays";
            public const string Class = "class";
        }
    }
}
