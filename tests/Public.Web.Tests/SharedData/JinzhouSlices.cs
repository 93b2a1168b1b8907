using System.Globalization;
using Public.Tests.SharedData;

namespace Public.Web.Tests.SharedData;

/// <summary>Days of the real 2019 Jinzhou CNEMC file as a file's text, rows unchanged (or changed by the test's edit).</summary>
internal static class JinzhouSlices
{
    /// <summary>The header and the rows labelled from <paramref name="from"/> 00:00 to the midnight after <paramref name="to"/>.</summary>
    public static string Text(DateOnly from, DateOnly to, Func<string, string>? edit = null)
    {
        var lines = File.ReadAllLines(SharedDataLocator.RequireJinzhouHourly());
        var first = from.ToString("yyyyMMdd", CultureInfo.InvariantCulture);
        var last = to.ToString("yyyyMMdd", CultureInfo.InvariantCulture);
        var closing = to.AddDays(1).ToString("yyyyMMdd", CultureInfo.InvariantCulture) + ",0,";
        var rows = lines.Skip(1).Where(l => l.Length > 9 && ((string.CompareOrdinal(l[..8], first) >= 0 && string.CompareOrdinal(l[..8], last) <= 0) || l.StartsWith(closing, StringComparison.Ordinal)));
        return string.Join('\n', [lines[0], .. rows.Select(edit ?? (l => l))]) + "\n";
    }
}
