namespace StorageRegistrar.Preflight;

/// <summary>
/// What one storage of the plan asks of its cloud, for that cloud's <see cref="IGuardrailChecker"/>. This base form
/// is a storage whose cloud has no checker yet: preflight reports it not examined rather than passing it.
/// </summary>
/// <param name="StorageName">The storage's name in the stack (and at Stream).</param>
/// <param name="Cloud">The configuration's word for its cloud: <c>gcs</c>, <c>s3</c> or <c>abs</c>.</param>
public record PreflightTarget(string StorageName, string Cloud);
