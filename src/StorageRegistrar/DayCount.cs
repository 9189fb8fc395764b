using System.Globalization;

namespace StorageRegistrar;

/// <summary>A number of days as messages say it: "1 day", "30 days".</summary>
public static class DayCount
{
    public static string Of(long days) => days == 1 ? "1 day" : string.Create(CultureInfo.InvariantCulture, $"{days} days");
}
