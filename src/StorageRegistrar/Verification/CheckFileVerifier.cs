using Amazon;
using Amazon.Runtime;
using Amazon.S3;
using Azure.Identity;
using Azure.Storage.Blobs;
using Google.Cloud.Storage.V1;
using StorageRegistrar.Declarations;
using StorageRegistrar.Validation;

namespace StorageRegistrar.Verification;

/// <summary>
/// The owner's half of Stream's storage check: Stream's check writes <c>stream-&lt;uuid&gt;.md</c> under
/// bucket/path and returns its URL; this finds that file with the owner's own credentials, proving it
/// landed where the declaration says, and deletes it so that checks leave nothing behind.
/// </summary>
public class CheckFileVerifier
{
    private readonly CheckFileVerifierOptions _options;

    public CheckFileVerifier()
        : this(new CheckFileVerifierOptions())
    {
    }

    public CheckFileVerifier(CheckFileVerifierOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
    }

    /// <summary>
    /// Finds the owner's credentials the verification of <paramref name="declaration"/>'s check file signs in with, so that
    /// their absence stops an operation before it writes anything; a cloud whose client the options give needs none here.
    /// </summary>
    /// <exception cref="OwnerCredentialsMissingException">The cloud's default chain has nothing the verification could sign in with.</exception>
    public virtual Task RequireOwnerCredentialsAsync(StorageDeclaration declaration, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(declaration);
        var clientGiven = declaration.StorageType switch
        {
            StorageTypes.S3 => _options.S3ClientFactory is not null,
            StorageTypes.Gcs => _options.GcsClientFactory is not null,
            _ => _options.BlobServiceClientFactory is not null,
        };
        return clientGiven
            ? Task.CompletedTask
            : OwnerCredentials.RequireAsync(declaration.StorageType!, _options.AwsProfile?.Invoke(declaration), cancellationToken);
    }

    /// <summary>
    /// Confirms the check file named by <paramref name="fileUrl"/> exists under the declaration's bucket
    /// and path and, unless <see cref="CheckFileVerifierOptions.DeleteCheckFile"/> is off, deletes it. Under a retention
    /// lock the store refuses the delete, which is expected: the result says until when the lock keeps the file
    /// (<see cref="CheckFileVerification.KeptUntil"/>). A refusal that is not the lock's is an error.
    /// </summary>
    /// <param name="declaration">Needs storageType, bucket and path; awsS3.region (and customEndpointUrl) or azureBlob.accountName when the default clients are used.</param>
    /// <param name="fileUrl">The <c>file_url</c> of Stream's check response.</param>
    /// <exception cref="ArgumentException">The declaration lacks what is needed to find the file.</exception>
    /// <exception cref="CheckFileVerificationException">The file is not where it should be, or the store refused or failed.</exception>
    public virtual async Task<CheckFileVerification> VerifyAsync(
        StorageDeclaration declaration, string fileUrl, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(declaration);
        ArgumentNullException.ThrowIfNull(fileUrl);
        var location = Locate(declaration);

        var segments = CheckFileName.ParseSegments(fileUrl, out var fileName);
        if (segments.Count == 0)
        {
            // The URL may carry a signature in its query, so it is not repeated.
            throw new CheckFileVerificationException(
                CheckFileVerificationFailure.InvalidFileUrl,
                "The check's file_url does not end in a file named stream-<uuid>.md: pass the file_url of Stream's check response unchanged.",
                location);
        }

        location = location.At(location.Path + fileName);
        using var store = CreateStore(declaration, location);

        var file = await store.FindAsync(location, cancellationToken)
            ?? throw await MisplacedOrMissingAsync(store, location, segments, cancellationToken);

        if (!_options.DeleteCheckFile)
        {
            return new CheckFileVerification(Deleted: false, location.ObjectKey, file.SizeInBytes);
        }

        if (await store.DeleteAsync(location, file, cancellationToken) is { } keptUntil)
        {
            return new CheckFileVerification(Deleted: false, location.ObjectKey, file.SizeInBytes, keptUntil);
        }

        if (await store.FindAsync(location, cancellationToken) is not null)
        {
            throw location.NotDeleted();
        }

        return new CheckFileVerification(Deleted: true, location.ObjectKey, file.SizeInBytes);
    }

    private static async Task<CheckFileVerificationException> MisplacedOrMissingAsync(
        ICheckFileStore store, CheckFileLocation location, IReadOnlyList<string> segments, CancellationToken cancellationToken)
    {
        foreach (var key in CheckFileName.AlternativeKeys(segments, location.ObjectKey))
        {
            if (await store.FindAsync(location.At(key), cancellationToken) is not null)
            {
                return location.FileOutsidePath(key);
            }
        }

        return location.FileNotFound();
    }

    /// <summary>
    /// What stops the check file of <paramref name="declaration"/> from being located, naming the field, or null when
    /// nothing does. A storage Stream lists is read as Stream holds it: the rules for creating one (a path ending in
    /// '/', no "..") are not applied, only what the owner's clients and messages cannot take.
    /// </summary>
    public static string? CheckLocatable(StorageDeclaration declaration)
    {
        ArgumentNullException.ThrowIfNull(declaration);
        if (DeclarationValidator.CheckStorageType(declaration.StorageType) is { } storageTypeProblem)
        {
            return $"{DeclarationFields.StorageType} {storageTypeProblem}";
        }

        if (string.IsNullOrEmpty(declaration.Bucket))
        {
            return $"{DeclarationFields.Bucket} is required to find the check file.";
        }

        return declaration.Path is { } path && UnsafeText.Check(path) is { } unsafeCharacter
            ? $"{DeclarationFields.Path} {unsafeCharacter}"
            : null;
    }

    private static CheckFileLocation Locate(StorageDeclaration declaration)
    {
        if (CheckLocatable(declaration) is { } problem)
        {
            throw new ArgumentException(problem, nameof(declaration));
        }

        // The key is known once the file name is read from the URL.
        return new CheckFileLocation(declaration.StorageType!, declaration.Bucket!, FolderOf(declaration.Path), ObjectKey: "");
    }

    /// <summary>
    /// The key prefix Stream writes under, the check file and recordings alike. Stream documents only that files land
    /// under bucket/path, not what becomes of a path without a trailing '/' (it accepts any path); such a path is taken
    /// as a folder, as the emulator writes it: a leading '/' dropped and a trailing one added, so "video" and "video/"
    /// are looked in alike.
    /// </summary>
    public static string FolderOf(string? path)
    {
        var prefix = (path ?? "").TrimStart('/');
        return prefix.Length == 0 || prefix.EndsWith('/') ? prefix : prefix + "/";
    }

    private ICheckFileStore CreateStore(StorageDeclaration declaration, CheckFileLocation location) => declaration.StorageType switch
    {
        StorageTypes.S3 => new S3CheckFileStore(_options.S3ClientFactory?.Invoke(declaration) ?? CreateDefaultS3Client(declaration, location)),
        StorageTypes.Gcs => new GcsCheckFileStore(_options.GcsClientFactory?.Invoke(declaration) ?? CreateDefaultGcsClient(location)),
        _ => new AzureCheckFileStore(_options.BlobServiceClientFactory?.Invoke(declaration) ?? CreateDefaultBlobServiceClient(declaration)),
    };

    private AmazonS3Client CreateDefaultS3Client(StorageDeclaration declaration, CheckFileLocation location)
    {
        var settings = declaration.AwsS3;
        if (string.IsNullOrEmpty(settings?.Region))
        {
            throw new ArgumentException($"{DeclarationFields.AwsS3Region} is required to reach the bucket with the default S3 client.", nameof(declaration));
        }

        var config = settings.CustomEndpointUrl is { } endpoint
            ? new AmazonS3Config { ServiceURL = endpoint, AuthenticationRegion = settings.Region, ForcePathStyle = true }
            : new AmazonS3Config { RegionEndpoint = RegionEndpoint.GetBySystemName(settings.Region) };
        if (_options.AwsProfile?.Invoke(declaration) is { } profile)
        {
            config.Profile = new Profile(profile);
        }

        AWSCredentials credentials;
        try
        {
            credentials = OwnerCredentials.ResolveAws(config);
        }
        catch (OwnerCredentialsMissingException e)
        {
            throw location.CredentialsUnavailable(null, e);
        }

        return new AmazonS3Client(credentials, config);
    }

    private static StorageClient CreateDefaultGcsClient(CheckFileLocation location)
    {
        try
        {
            return OwnerCredentials.CreateGcsClient();
        }
        catch (OwnerCredentialsMissingException e)
        {
            throw location.CredentialsUnavailable(null, e);
        }
    }

    private static BlobServiceClient CreateDefaultBlobServiceClient(StorageDeclaration declaration)
    {
        var accountName = declaration.AzureBlob?.AccountName;
        if (string.IsNullOrEmpty(accountName))
        {
            throw new ArgumentException($"{DeclarationFields.AzureBlobAccountName} is required to reach the container with the default Azure client.", nameof(declaration));
        }

        return new BlobServiceClient(AzureBlobSettings.BlobServiceUri(accountName), new DefaultAzureCredential());
    }
}
