namespace StackPlanning;

/// <summary>Suggests the known key a misspelt one was meant to be.</summary>
public static class KeyNames
{
    /// <summary>The most edits a misspelling may be from the key it was meant to be.</summary>
    public const int MaxEdits = 2;

    /// <summary>
    /// The key of <paramref name="known"/> that <paramref name="key"/> differs from only in case, or else the one
    /// closest to it within <paramref name="maxEdits"/> edits (the first in <paramref name="known"/> on a tie); null when none is.
    /// </summary>
    public static string? Nearest(string key, IEnumerable<string> known, int maxEdits = MaxEdits)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(known);
        var candidates = known.ToList();
        var sameButCase = candidates.FirstOrDefault(k => string.Equals(k, key, StringComparison.OrdinalIgnoreCase));
        if (sameButCase is not null)
        {
            return sameButCase;
        }

        string? nearest = null;
        var fewest = maxEdits + 1;
        foreach (var candidate in candidates)
        {
            var edits = EditDistance(key.ToLowerInvariant(), candidate.ToLowerInvariant(), fewest);
            if (edits < fewest)
            {
                (nearest, fewest) = (candidate, edits);
            }
        }

        return nearest;
    }

    /// <summary>Levenshtein distance, giving up (returning <paramref name="limit"/>) once it cannot be below it.</summary>
    private static int EditDistance(string a, string b, int limit)
    {
        if (Math.Abs(a.Length - b.Length) >= limit)
        {
            return limit;
        }

        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            var rowMinimum = current[0];
            for (var j = 1; j <= b.Length; j++)
            {
                var substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
                current[j] = Math.Min(substitution, Math.Min(previous[j], current[j - 1]) + 1);
                rowMinimum = Math.Min(rowMinimum, current[j]);
            }

            if (rowMinimum >= limit)
            {
                return limit;
            }

            (previous, current) = (current, previous);
        }

        return Math.Min(previous[b.Length], limit);
    }
}
