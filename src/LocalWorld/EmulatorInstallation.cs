using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;

namespace LocalWorld;

/// <summary>
/// Where the Node emulators run from. Their launchers, package.json and lock file ship next to this
/// assembly (<c>emulators/</c>); on first use <c>npm ci</c> installs the pinned packages from that lock file
/// into a per-user folder named after the lock file's hash, so that every build, test project and
/// installed tool shares one installation per set of versions.
/// </summary>
public static class EmulatorInstallation
{
    /// <summary>Overrides the per-user folder that holds installations (for CI caches or a read-only home).</summary>
    public const string HomeVariable = "STREAM_STORAGE_EMULATORS_HOME";

    /// <summary>The oldest Node.js major version the pinned emulators run on.</summary>
    public const int MinimumNodeMajorVersion = 20;

    private const string LockFileName = "package-lock.json";
    private const string InstalledMarkerName = ".installed";

    private static readonly TimeSpan InstallTimeLimit = TimeSpan.FromMinutes(15);

    /// <summary>The shipped launchers and package files.</summary>
    public static string PackageDirectory => Path.Combine(AppContext.BaseDirectory, "emulators");

    /// <summary>The folder the emulators run from for the shipped lock file.</summary>
    public static string InstallDirectory
    {
        get
        {
            var home = Environment.GetEnvironmentVariable(HomeVariable) is { Length: > 0 } configured
                ? configured
                : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.Create), "stream-storage", "emulators");
            return Path.Combine(home, LockFileHash());
        }
    }

    /// <summary>
    /// Returns the folder to run the emulators from, installing them first when this lock file has no
    /// installation yet (reported through <paramref name="progress"/>). Concurrent callers, in this
    /// process or others, wait for one installation.
    /// </summary>
    /// <exception cref="EmulatorPrerequisiteException">Node.js or npm is missing or too old, or <c>npm ci</c> failed.</exception>
    public static async Task<string> EnsureInstalledAsync(IProgress<string>? progress, CancellationToken cancellationToken)
    {
        var directory = InstallDirectory;
        Directory.CreateDirectory(directory);
        await using var installLock = await AcquireLockAsync(Path.Combine(directory, ".lock"), progress, cancellationToken).ConfigureAwait(false);

        // Launchers are small and may change without the lock file: refresh them on every start.
        CopyPackageFiles(directory);
        if (File.Exists(Path.Combine(directory, InstalledMarkerName)))
        {
            return directory;
        }

        await RequireNodeAsync(cancellationToken).ConfigureAwait(false);
        progress?.Report($"Installing the local emulators into {directory} (npm ci; first use only, a minute or two)…");
        var stopwatch = Stopwatch.StartNew();
        // Install scripts stay off: the emulators need none of them (re2's would compile C++ for minutes), and
        // packages run no code of theirs at install time.
        var (exitCode, output) = await RunAsync("npm", ["ci", "--ignore-scripts", "--no-audit", "--no-fund", "--loglevel=error"], directory, InstallTimeLimit, cancellationToken).ConfigureAwait(false);
        if (exitCode != 0)
        {
            throw new EmulatorPrerequisiteException(
                $"npm ci failed in {directory} with exit code {exitCode}; the emulators were not installed.{Environment.NewLine}{output.TrimEnd()}");
        }

        await File.WriteAllTextAsync(Path.Combine(directory, InstalledMarkerName), DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture), cancellationToken).ConfigureAwait(false);
        progress?.Report(string.Create(CultureInfo.InvariantCulture, $"Installed the local emulators in {stopwatch.Elapsed.TotalSeconds:0} s."));
        return directory;
    }

    private static string LockFileHash()
    {
        var lockFile = Path.Combine(PackageDirectory, LockFileName);
        if (!File.Exists(lockFile))
        {
            throw new EmulatorPrerequisiteException($"The emulator package files are missing: {lockFile} does not exist. Rebuild the application.");
        }

        return Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(lockFile)))[..16];
    }

    private static void CopyPackageFiles(string directory)
    {
        var source = PackageDirectory;
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(directory, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            // Written beside and renamed over, so that a process starting a launcher never reads half a file.
            var staging = target + ".tmp";
            File.Copy(file, staging, overwrite: true);
            File.Move(staging, target, overwrite: true);
        }
    }

    private static async Task RequireNodeAsync(CancellationToken cancellationToken)
    {
        const string install = "Install Node.js 20 or later with npm (https://nodejs.org, or `apt-get install nodejs npm`), then run again.";
        (int ExitCode, string Output) node;
        try
        {
            node = await RunAsync("node", ["--version"], Directory.GetCurrentDirectory(), TimeSpan.FromSeconds(30), cancellationToken).ConfigureAwait(false);
        }
        catch (System.ComponentModel.Win32Exception)
        {
            throw new EmulatorPrerequisiteException($"Node.js is not installed (no 'node' on PATH); the local emulators run on it. {install}");
        }

        var version = node.Output.Trim().TrimStart('v');
        var major = version.Split('.')[0];
        if (node.ExitCode != 0 || !int.TryParse(major, NumberStyles.None, CultureInfo.InvariantCulture, out var majorVersion) || majorVersion < MinimumNodeMajorVersion)
        {
            throw new EmulatorPrerequisiteException($"Node.js {version} is too old or did not run; the local emulators need {MinimumNodeMajorVersion} or later. {install}");
        }

        try
        {
            await RunAsync("npm", ["--version"], Directory.GetCurrentDirectory(), TimeSpan.FromSeconds(30), cancellationToken).ConfigureAwait(false);
        }
        catch (System.ComponentModel.Win32Exception)
        {
            throw new EmulatorPrerequisiteException($"npm is not installed (no 'npm' on PATH); it installs the local emulators. {install}");
        }
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(
        string fileName, IReadOnlyList<string> arguments, string workingDirectory, TimeSpan limit, CancellationToken cancellationToken)
    {
        var startInfo = new ProcessStartInfo(fileName)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = workingDirectory,
        };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        using var process = Process.Start(startInfo)!;
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(limit);
        try
        {
            await process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            cancellationToken.ThrowIfCancellationRequested();
            throw new EmulatorPrerequisiteException($"'{fileName} {string.Join(' ', arguments)}' did not finish within {limit.TotalMinutes:0} minutes.");
        }

        return (process.ExitCode, await output.ConfigureAwait(false) + await error.ConfigureAwait(false));
    }

    private static async Task<FileStream> AcquireLockAsync(string path, IProgress<string>? progress, CancellationToken cancellationToken)
    {
        var waitingReported = false;
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException)
            {
                if (!waitingReported)
                {
                    progress?.Report("Waiting for another process that is installing the local emulators…");
                    waitingReported = true;
                }

                await Task.Delay(TimeSpan.FromMilliseconds(250), cancellationToken).ConfigureAwait(false);
            }
        }
    }
}
