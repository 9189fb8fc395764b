namespace StorageRegistrar.Verification;

/// <summary>What the owner's side saw of one check file.</summary>
/// <param name="Found">The file exists under the declared bucket and path (always true for a returned result; a missing file throws).</param>
/// <param name="Deleted">The file was deleted and is confirmed gone; false when <see cref="CheckFileVerifierOptions.DeleteCheckFile"/> is off.</param>
/// <param name="ObjectKey">The object key (blob name) inside the bucket or container.</param>
/// <param name="SizeInBytes">The file's size as the store reports it.</param>
public sealed record CheckFileVerification(bool Found, bool Deleted, string ObjectKey, long SizeInBytes);
