using StackPlanning;

namespace StreamStorage.Cli.Reports;

/// <summary>
/// What <c>rehearse --json</c> prints: one document; <see cref="Held"/> is true (and the exit code 0) only
/// when every storage was checked, every recording landed where its binding says and nothing was left.
/// <see cref="Warnings"/> are the plan's, as the preview shows them: allowed, so they do not stop the rehearsal.
/// <see cref="Preflight"/> is the document <c>preflight --json</c> prints, read from the local guardrail stand-ins;
/// null when the stack's <c>preflight</c> is <c>off</c>.
/// </summary>
internal sealed record RehearsalReport(
    string Stack,
    bool Held,
    string? Failure,
    PreflightJsonReport? Preflight,
    IReadOnlyList<PlanWarning> Warnings,
    IReadOnlyList<RehearsedStorage> Storages,
    IReadOnlyList<RehearsedBinding> Bindings,
    FaultCount? Faults,
    IReadOnlyList<string> Leftovers,
    IReadOnlyList<KeptBucket> Kept,
    IReadOnlyList<RehearsedRotation> Rotations,
    PhaseSeconds Seconds);

/// <summary>One rotation under <c>--rotate</c>; <see cref="OldCredentialRefused"/> is null where the local store cannot tell (the S3 emulator checks no keys).</summary>
internal sealed record RehearsedRotation(string Storage, bool Rotated, bool? OldCredentialRefused);

/// <param name="Checked">Stream's check passed and the owner found its check file (and deleted it, unless the retention lock keeps it).</param>
/// <param name="Immutability">The retention lock on the storage's bucket, enforced locally by the rehearsal's lock layer; null when recordings are not locked.</param>
/// <param name="Encryption">The customer-managed key (<c>encryptionKey</c>); null when the cloud's own keys encrypt.</param>
/// <param name="Tiers">The storage classes recordings move through (<c>tiers</c>); null without tiers.</param>
/// <param name="AccessLogs">Where access logs go (<c>accessLogs</c>); null when they are off.</param>
/// <param name="SoftDelete">GCS and Azure: how long the buckets (Azure: the account) the stack creates keep deleted objects (<c>softDeleteDays</c>); null where the cloud's default or the owner's setting holds.</param>
internal sealed record RehearsedStorage(
    string Name,
    string Cloud,
    string Bucket,
    string Path,
    bool Checked,
    IReadOnlyList<RecordedObject> Recordings,
    RehearsedImmutability? Immutability,
    RehearsedProtection? Encryption,
    RehearsedProtection? Tiers,
    RehearsedProtection? AccessLogs,
    RehearsedProtection? SoftDelete);

/// <summary>A protection the plan decides for a storage, and what the local store made of it.</summary>
/// <param name="Declared">The plan's decision, in words.</param>
/// <param name="EnforcedLocally">Whether the local store applied it, as read back from it.</param>
/// <param name="Locally">What the local store did with it: applied, or "not enforced locally" and why.</param>
internal sealed record RehearsedProtection(string Declared, bool EnforcedLocally, string Locally);

/// <summary>A storage's retention lock in the rehearsal.</summary>
/// <param name="Mode"><c>governance</c> or <c>compliance</c>.</param>
/// <param name="DeleteRefused">
/// Prove deleted, as the owner, each recording it made in the storage (one per bound call type; a rotation's later ones are
/// not tried), and the store refused every delete with its lock's own error; null when no call type records to it.
/// </param>
internal sealed record RehearsedImmutability(string Mode, int Days, bool? DeleteRefused);

/// <summary>A bucket <c>pulumi destroy</c> leaves on purpose, and why (an existing bucket, a retention lock, protection, <c>dataProtection: retain</c>).</summary>
internal sealed record KeptBucket(string Storage, string Store, string Bucket, string Reason);

/// <summary>A recording as the owner finds it: the store (<c>s3</c>, <c>gcs</c>, <c>azure:ACCOUNT</c>, or <c>stream-s3</c> for Stream's own), bucket and key.</summary>
internal sealed record RecordedObject(string Store, string Bucket, string Key);

internal sealed record RehearsedBinding(string CallType, string Storage);

/// <summary>Faults the emulator injected, and how many of those the flow got past (the same request later answered, or the faulted one itself succeeded).</summary>
internal sealed record FaultCount(int Injected, int Survived);

/// <summary>
/// Each phase's seconds; <see cref="World"/> is starting the local emulators (installing them first on a cold run),
/// <see cref="Preflight"/> reading the guardrails, which runs while the emulators start.
/// </summary>
internal sealed record PhaseSeconds(double Plan, double World, double Preflight, double Up, double Prove, double Destroy, double Total);
