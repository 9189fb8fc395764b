using System.CommandLine;

namespace StreamStorage.Cli.Commands;

/// <summary>
/// A set of options that each take a plain value for every storage, or <c>STORAGE=VALUE</c> for one (repeatable), so
/// that one <c>doctor --all</c> can be told about storages in different regions, accounts and declarations.
/// </summary>
internal abstract class PerStorageOptions
{
    /// <summary>The set's options, in the order help lists them.</summary>
    protected abstract IReadOnlyList<Option<string[]>> All { get; }

    public void AddTo(Command command)
    {
        foreach (var option in All)
        {
            command.Options.Add(option);
        }
    }

    /// <summary>
    /// The storages that <c>STORAGE=VALUE</c> arguments name and Stream does not list, each with the first option naming
    /// it: a storage deleted at Stream, or a mistyped name whose value (a lock, a key, a region) was examined for none.
    /// </summary>
    public IEnumerable<(string Option, string Storage)> Unlisted(ParseResult parseResult, IReadOnlyCollection<string> listed)
    {
        ArgumentNullException.ThrowIfNull(listed);
        foreach (var option in All)
        {
            foreach (var value in parseResult.GetValue(option) ?? [])
            {
                var separator = StorageSeparator(value);
                if (separator >= 0 && !listed.Any(name => value.StartsWith($"{name}=", StringComparison.Ordinal)))
                {
                    yield return (option.Name, value[..separator]);
                }
            }
        }
    }

    /// <summary>
    /// An option that takes a plain value for every storage or <c>STORAGE=VALUE</c> for one, one value a token and
    /// repeatable; read with <see cref="ValueFor"/>.
    /// </summary>
    protected static Option<string[]> PerStorage(string name, string description) => new(name)
    {
        Description = description,
        AllowMultipleArgumentsPerToken = false,
    };

    /// <summary>
    /// Parses every value <paramref name="option"/> was given with <paramref name="parse"/>, the reader its value is
    /// later read with; one it refuses (<see cref="FormatException"/>) stops the command, before anything is asked of
    /// Stream, with <paramref name="refusal"/> of the argument as given and the parser's reason.
    /// </summary>
    protected static void ParseEach<T>(ParseResult parseResult, Option<string[]> option, Func<string, T> parse, Func<string, string, string> refusal)
    {
        foreach (var value in parseResult.GetValue(option) ?? [])
        {
            FormatException? refused = null;
            foreach (var candidate in ValuesOf(value))
            {
                try
                {
                    parse(candidate);
                    refused = null;
                    break;
                }
                catch (FormatException e)
                {
                    refused ??= e;
                }
            }

            if (refused is not null)
            {
                throw new ArgumentException(refusal(value, refused.Message), refused);
            }
        }
    }

    /// <summary>
    /// Reads <paramref name="option"/>'s value for <paramref name="storage"/> as the doctor will, refusing one its reader
    /// refuses: where a value holds '=' too, only the storage's name settles which part is the value.
    /// </summary>
    /// <exception cref="ArgumentException">The reader refuses the value.</exception>
    protected static void ReadFor(string option, string storage, Action read)
    {
        ArgumentNullException.ThrowIfNull(read);
        try
        {
            read();
        }
        catch (FormatException e)
        {
            throw new ArgumentException($"{option} for '{storage}' cannot be read ({e.Message}): pass the stack's doctorArguments.", e);
        }
    }

    /// <summary>
    /// What a plain or <c>STORAGE=VALUE</c> argument may give, whichever storage it names: the text after its first '=',
    /// then after each later one, since a storage's name may hold '=' too (<see cref="ValueFor"/> reads it after the whole name).
    /// </summary>
    protected static IEnumerable<string> ValuesOf(string argument)
    {
        var separator = StorageSeparator(argument);
        if (separator < 0)
        {
            yield return argument;
            yield break;
        }

        for (; separator >= 0; separator = argument.IndexOf('=', separator + 1))
        {
            yield return argument[(separator + 1)..];
        }
    }

    /// <summary>The value <paramref name="option"/> was given for <paramref name="storage"/> by name, else its last plain value, else null.</summary>
    protected static string? ValueFor(ParseResult parseResult, Option<string[]> option, string storage)
    {
        string? plain = null;
        foreach (var value in parseResult.GetValue(option) ?? [])
        {
            // A storage Stream lists may hold '=' in its name: the whole name, then '=', names it.
            if (value.StartsWith($"{storage}=", StringComparison.Ordinal) && StorageSeparator(value) >= 0)
            {
                return value[(storage.Length + 1)..];
            }

            if (StorageSeparator(value) < 0)
            {
                plain = value;
            }
        }

        return plain;
    }

    /// <summary>
    /// Where a <c>STORAGE=VALUE</c> argument's name ends; -1 for a plain value. A URL is plain, whatever '=' its query
    /// holds (its scheme's "://" comes first), so that an endpoint is judged rather than taken for another storage's.
    /// </summary>
    private static int StorageSeparator(string argument)
    {
        var separator = argument.IndexOf('=', StringComparison.Ordinal);
        return separator < 0 || argument.AsSpan(0, separator).Contains("://", StringComparison.Ordinal) ? -1 : separator;
    }
}
