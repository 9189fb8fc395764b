using StorageRegistrar.Verification;
using TestSupport;

namespace StorageRegistrar.Tests.Verification;

/// <summary>
/// A check-file verifier test against one cloud's local store: each test declares a bucket no other test uses,
/// puts check files into it as the owner, and looks as the owner whether the verifier left them there.
/// The scenarios every cloud shares are written here once and run in each cloud's class, with that cloud's hooks.
/// </summary>
[Collection(ObjectStoresCollection.Name)]
public abstract class CheckFileVerifierTest
{
    protected static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public Task A_check_file_under_the_path_is_found_and_deleted() =>
        AssertFoundAndDeletedAsync(SignedInVerifier(), DeclaredPath, FileUrl);

    [Fact]
    public async Task A_refused_delete_that_is_not_the_locks_is_AccessDenied()
    {
        var declaration = await NewBucketAsync(DeclaredPath);
        var key = await PutCheckFileAsync(declaration, DeclaredPath);

        var error = await RefusalAsync(DeleteRefusingVerifier(), declaration, FileUrl(declaration.Bucket!, key));

        Assert.Equal((CheckFileVerificationFailure.AccessDenied, AccessDeniedCode, 403), (error.Reason, error.ErrorCode, error.Status));
        Assert.True(await ExistsAsync(declaration.Bucket!, key));
    }

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

    /// <summary>
    /// Puts a check file under <paramref name="path"/> of a new bucket, hands <paramref name="verifier"/> the URL
    /// <paramref name="fileUrl"/> makes of the bucket and key, and asserts the file was found at its key and deleted.
    /// </summary>
    protected async Task AssertFoundAndDeletedAsync(CheckFileVerifier verifier, string path, Func<string, string, string> fileUrl)
    {
        var declaration = await NewBucketAsync(path);
        var key = await PutCheckFileAsync(declaration, path);

        var result = await verifier.VerifyAsync(declaration, fileUrl(declaration.Bucket!, key), Cancellation);

        Assert.Equal(new CheckFileVerification(Deleted: true, key, CheckFiles.Content.Length), result);
        Assert.False(await ExistsAsync(declaration.Bucket!, key));
    }

    /// <summary>
    /// Puts a check file under <paramref name="path"/> of a new bucket under <paramref name="retention"/>, and asserts
    /// <paramref name="verifier"/> found it, kept it and says it is kept until the lock has run from the file's writing.
    /// </summary>
    protected async Task<CheckFileVerification> AssertKeptUnderLockAsync(CheckFileVerifier verifier, string path, RetentionLock retention)
    {
        var declaration = await NewBucketAsync(path);
        Lock(declaration.Bucket!, retention);
        var key = await PutCheckFileAsync(declaration, path);

        var result = await verifier.VerifyAsync(declaration, FileUrl(declaration.Bucket!, key), Cancellation);

        var keptUntil = (await WrittenAtAsync(declaration.Bucket!, key)).AddDays(retention.Days);
        Assert.Equal(new CheckFileVerification(Deleted: false, key, CheckFiles.Content.Length, keptUntil), result);
        Assert.True(await ExistsAsync(declaration.Bucket!, key));
        return result;
    }

    /// <summary>
    /// Asks <paramref name="verifier"/> for a check file with a new name under the declared path, which the bucket does
    /// not hold, and asserts it is refused as not found, naming that key.
    /// </summary>
    protected async Task<CheckFileVerificationException> AssertFileNotFoundAsync(CheckFileVerifier verifier, StorageDeclaration declaration)
    {
        var key = declaration.Path + CheckFiles.NewFileName();

        var error = await RefusalAsync(verifier, declaration, FileUrl(declaration.Bucket!, key));

        Assert.Equal(CheckFileVerificationFailure.FileNotFound, error.Reason);
        Assert.Equal(key, error.ObjectKey);
        return error;
    }

    /// <summary>
    /// Puts a check file under <paramref name="folder"/> of a new bucket whose declared path is <paramref name="path"/>,
    /// and asserts <paramref name="verifier"/> refuses it as outside the path, naming its key, and leaves it there.
    /// </summary>
    protected async Task<CheckFileVerificationException> AssertOutsidePathAsync(CheckFileVerifier verifier, string path, string folder)
    {
        var declaration = await NewBucketAsync(path);
        var key = await PutCheckFileAsync(declaration, folder);

        var error = await RefusalAsync(verifier, declaration, FileUrl(declaration.Bucket!, key));

        Assert.Equal(CheckFileVerificationFailure.FileOutsidePath, error.Reason);
        Assert.Equal(key, error.ObjectKey);
        Assert.True(await ExistsAsync(declaration.Bucket!, key));
        return error;
    }

    /// <summary>Whether <paramref name="read"/> finds the object: false when it fails as <paramref name="notFound"/> says a missing object does.</summary>
    protected static async Task<bool> FoundAsync<TException>(Func<Task> read, Func<TException, bool> notFound)
        where TException : Exception
    {
        try
        {
            await read();
            return true;
        }
        catch (TException e) when (notFound(e))
        {
            return false;
        }
    }

    /// <summary>Why <paramref name="verifier"/> refuses the check file at <paramref name="fileUrl"/>; the test fails if it does not.</summary>
    protected static Task<CheckFileVerificationException> RefusalAsync(CheckFileVerifier verifier, StorageDeclaration declaration, string fileUrl) =>
        Assert.ThrowsAsync<CheckFileVerificationException>(() => verifier.VerifyAsync(declaration, fileUrl, Cancellation));

    /// <summary>The path the scenarios every cloud shares declare and put their check file under.</summary>
    protected abstract string DeclaredPath { get; }

    /// <summary>A verifier that signs in the way an owner's credentials do on this cloud.</summary>
    protected abstract CheckFileVerifier SignedInVerifier();

    /// <summary>A verifier whose deletes the store refuses with 403 although no lock keeps the file.</summary>
    protected abstract CheckFileVerifier DeleteRefusingVerifier();

    /// <summary>The error code this store answers a refused delete with.</summary>
    protected abstract string AccessDeniedCode { get; }

    /// <summary>The URL a check file at <paramref name="key"/> of <paramref name="bucket"/> has on this cloud.</summary>
    protected abstract string FileUrl(string bucket, string key);

    protected abstract Task CreateBucketAsync(string bucket);

    /// <summary>The storage as a stack declares it for this cloud, but for its bucket and path, which each test has its own of.</summary>
    protected abstract StorageDeclaration Declaration { get; }

    /// <summary>Writes <see cref="CheckFiles.Content"/> at <paramref name="key"/> as the owner.</summary>
    protected abstract Task PutAsync(string bucket, string key);

    protected abstract Task<bool> ExistsAsync(string bucket, string key);

    /// <summary>Puts the bucket under <paramref name="retention"/> in the local store.</summary>
    protected abstract void Lock(string bucket, RetentionLock retention);

    /// <summary>When the object at <paramref name="key"/> was written, as the store's metadata says, which a lock counts from.</summary>
    protected abstract Task<DateTimeOffset> WrittenAtAsync(string bucket, string key);
}
