using StorageRegistrar.Preflight;

namespace StreamStorage.Cli;

/// <summary>What <c>stream-storage</c> exits with: one code per kind of failure, so that pipelines can branch on it.</summary>
public static class ExitCodes
{
    public const int Success = 0;

    /// <summary>A failure the CLI did not expect; the message says what happened.</summary>
    public const int UnexpectedError = 1;

    /// <summary>Bad arguments or missing settings (Stream keys, region, account): fix the command line or the environment.</summary>
    public const int InvalidInput = 2;

    /// <summary>Stream refused a call or could not be reached.</summary>
    public const int StreamError = 3;

    /// <summary>Stream has no external storage with that name.</summary>
    public const int StorageNotFound = 4;

    /// <summary>Stream's check did not succeed before its deadline.</summary>
    public const int CheckFailed = 5;

    /// <summary>Stream's check succeeded, but the owner could not find or delete the check file where the storage says.</summary>
    public const int VerificationFailed = 6;

    /// <summary>The doctor found at least one problem (or the check failed).</summary>
    public const int ProblemsFound = 7;

    /// <summary>The rehearsal needs Node.js 20+ with npm for the local emulators, or their installation failed; the message says what to install.</summary>
    public const int PrerequisiteMissing = 8;

    /// <summary>The rehearsal ran, and something did not hold: a check, a binding, a recording, or something left behind.</summary>
    public const int RehearsalFailed = 9;

    /// <summary>
    /// The cloud SDK's default credential chain found none of your own credentials (AWS, Google application default
    /// credentials), which check and doctor need before running Stream's check; the message says where it looked.
    /// </summary>
    public const int OwnerCredentialsMissing = 10;

    /// <summary>Preflight: a guardrail (an organization policy, or a right the deployer lacks) would stop <c>pulumi up</c>; the report says which and the fix.</summary>
    public const int PreflightBlocked = 11;

    /// <summary>Preflight: nothing is known to block, but some guardrail could not be examined (a read refused or failed, a cloud not checked yet).</summary>
    public const int PreflightNotExamined = 12;

    /// <summary>What a preflight report's outcome exits with, for the preflight command and a rehearsal that preflight stops alike.</summary>
    public static int Of(PreflightOutcome outcome) => outcome switch
    {
        PreflightOutcome.Blocks => PreflightBlocked,
        PreflightOutcome.NotExamined => PreflightNotExamined,
        _ => Success,
    };

    /// <summary>Stopped by Ctrl+C.</summary>
    public const int Cancelled = 130;
}
