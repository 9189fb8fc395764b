using System.Text.RegularExpressions;

namespace StorageRegistrar.Preflight.Gcp;

/// <summary>
/// Which <c>gcp.resourceLocations</c> entries hold a bucket location. Besides plain locations, a policy names value
/// groups (<c>in:…</c>, documented under "Restricting resource locations", value groups): a region's group
/// <c>in:REGION-locations</c> holds the region and its zones, and the continental groups below hold what is listed.
/// Anything else (another group, a dual-region in a continental group, a region this table does not know) is
/// undecided: preflight reports it not examined and never guesses it allowed.
/// </summary>
public static partial class GcpLocationGroups
{
    private sealed record ContinentalGroup(IReadOnlyList<string> RegionPrefixes, IReadOnlySet<string> MultiRegions)
    {
        /// <summary>Where the group holds only some regions of its prefix: those it holds, and those it does not.</summary>
        public IReadOnlySet<string>? Regions { get; init; }

        public IReadOnlySet<string>? NotRegions { get; init; }
    }

    /// <summary>The continental groups a plan's bucket locations usually meet, with the facts preflight relies on.</summary>
    private static readonly IReadOnlyDictionary<string, ContinentalGroup> Continental = new Dictionary<string, ContinentalGroup>(StringComparer.Ordinal)
    {
        ["in:us-locations"] = new(["us-"], new HashSet<string> { "us" }),
        ["in:europe-locations"] = new(["europe-"], new HashSet<string> { "eu", "europe" }),
        ["in:asia-locations"] = new(["asia-"], new HashSet<string> { "asia" }),
        // The European Union's regions: not every europe-* region (London and Zurich are outside it).
        ["in:eu-locations"] = new(["europe-"], new HashSet<string> { "eu" })
        {
            Regions = new HashSet<string>
            {
                "europe-central2", "europe-north1", "europe-north2", "europe-southwest1", "europe-west1", "europe-west3",
                "europe-west4", "europe-west8", "europe-west9", "europe-west10", "europe-west12",
            },
            NotRegions = new HashSet<string> { "europe-west2", "europe-west6" },
        },
    };

    /// <summary>The multi-regions each continental group is known to hold or not to hold.</summary>
    private static readonly IReadOnlySet<string> KnownMultiRegions = new HashSet<string> { "us", "eu", "asia", "europe" };

    /// <summary>
    /// Whether the policy entry <paramref name="entry"/> holds <paramref name="location"/> (a GCS location in any case:
    /// <c>EU</c>, <c>europe-west1</c>); null when it cannot be told.
    /// </summary>
    public static bool? Holds(string entry, string location)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentNullException.ThrowIfNull(location);
        var place = location.ToLowerInvariant();
        if (EffectivePolicy.IsValue(entry, place, StringComparison.OrdinalIgnoreCase) is { } plain)
        {
            return plain;
        }

        if (RegionGroup().Match(entry) is { Success: true } regionGroup)
        {
            // A region's group holds the region and its zones; a multi- or dual-region lies in no single region.
            var region = regionGroup.Groups[1].Value;
            return place == region || place.StartsWith(region + "-", StringComparison.Ordinal);
        }

        if (!Continental.TryGetValue(entry, out var group))
        {
            return null;
        }

        if (!Region().IsMatch(place))
        {
            return KnownMultiRegions.Contains(place) ? group.MultiRegions.Contains(place) : null;
        }

        if (!group.RegionPrefixes.Any(prefix => place.StartsWith(prefix, StringComparison.Ordinal)))
        {
            // A region of another continent of this table.
            return Continental.Values.SelectMany(g => g.RegionPrefixes).Any(prefix => place.StartsWith(prefix, StringComparison.Ordinal)) ? false : null;
        }

        if (group.Regions is null)
        {
            return true;
        }

        return group.Regions.Contains(place) ? true : group.NotRegions!.Contains(place) ? false : null;
    }

    [GeneratedRegex(@"^in:([a-z]+-[a-z]+[0-9]+)-locations\z", RegexOptions.CultureInvariant)]
    private static partial Regex RegionGroup();

    [GeneratedRegex(@"^[a-z]+-[a-z]+[0-9]+\z", RegexOptions.CultureInvariant)]
    private static partial Regex Region();
}
