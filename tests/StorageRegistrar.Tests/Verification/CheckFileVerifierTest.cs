using StorageRegistrar.Verification;
using TestSupport;

namespace StorageRegistrar.Tests.Verification;

/// <summary>
/// A check-file verifier test against one cloud's local store: each test declares a bucket no other test uses,
/// puts check files into it as the owner, and looks as the owner whether the verifier left them there.
/// </summary>
[Collection(ObjectStoresCollection.Name)]
public abstract class CheckFileVerifierTest
{
    protected static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    /// <summary>The declaration of a new bucket (container, for Azure) that the store has, under <paramref name="path"/>.</summary>
    protected async Task<StorageDeclaration> NewBucketAsync(string path)
    {
        var bucket = UniqueNames.For("verify");
        await CreateBucketAsync(bucket);
        return Declaration with { Bucket = bucket, Path = path };
    }

    /// <summary>Puts a check file with a new name under <paramref name="folder"/> of the declared bucket, and returns its key.</summary>
    protected async Task<string> PutCheckFileAsync(StorageDeclaration declaration, string folder)
    {
        var key = folder + CheckFiles.NewFileName();
        await PutAsync(declaration.Bucket!, key);
        return key;
    }

    /// <summary>Why <paramref name="verifier"/> refuses the check file at <paramref name="fileUrl"/>; the test fails if it does not.</summary>
    protected static Task<CheckFileVerificationException> RefusalAsync(CheckFileVerifier verifier, StorageDeclaration declaration, string fileUrl) =>
        Assert.ThrowsAsync<CheckFileVerificationException>(() => verifier.VerifyAsync(declaration, fileUrl, Cancellation));

    protected abstract Task CreateBucketAsync(string bucket);

    /// <summary>The storage as a stack declares it for this cloud, but for its bucket and path, which each test has its own of.</summary>
    protected abstract StorageDeclaration Declaration { get; }

    /// <summary>Writes <see cref="CheckFiles.Content"/> at <paramref name="key"/> as the owner.</summary>
    protected abstract Task PutAsync(string bucket, string key);

    protected abstract Task<bool> ExistsAsync(string bucket, string key);
}
