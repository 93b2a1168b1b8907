using System.Globalization;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Public.Web.AirQuality.Import;
using Public.Web.Tests.Hosting;
using Public.Web.Warnings.Import;

namespace Public.Web.Tests.Warnings;

/// <summary>
/// The whole app (<see cref="PublicWebApp"/>: its own store on the engine <see cref="TestStore"/> selects) with a fixed
/// clock, so that "now" (active warnings, the demo data's end) is part of the test's data. With the demo, a copy of the
/// demo store seeded once for that clock.
/// </summary>
public sealed class WarningsApp : IDisposable
{
    public static readonly TimeSpan China = TimeSpan.FromHours(8);

    private readonly PublicWebApp _app;

    public WarningsApp(DateTimeOffset now, bool demo = false) =>
        _app = new PublicWebApp(demo: demo, time: new FixedTime(now), seededOnce: demo);

    public string Folder => _app.Folder;

    public string DatabasePath => _app.DatabasePath;

    public HttpClient Client => _app.Client;

    public IServiceProvider Services => _app.Services;

    internal WarningImportSummary ImportWarnings(params string[] paths) => Services.GetRequiredService<WarningImporter>().Import(paths);

    internal ImportSummary ImportAir(string path) => _app.Import(path);

    /// <summary>Writes the text as given (UTF-8 without BOM, line ends untouched) into the test's folder.</summary>
    public string WriteText(string name, string text) => _app.WriteBytes(name, new UTF8Encoding(false).GetBytes(text));

    /// <summary>
    /// A national-network file for station 1767A with only PM2.5, the same value in all 24 hours of each day, so
    /// that the city daily AQI is the PM2.5 IAQI of that value (HJ 633-2012 表1, 24-hour column).
    /// </summary>
    public string WriteCityDays(DateOnly first, IReadOnlyList<int> pm25PerDay) => WriteText("city-days.csv", CityDaysCsv(first, pm25PerDay));

    /// <inheritdoc cref="WriteCityDays"/>
    internal static string CityDaysCsv(DateOnly first, IReadOnlyList<int> pm25PerDay)
    {
        var sb = new StringBuilder("date,hour,type,1767A\n");
        for (var d = 0; d < pm25PerDay.Count; d++)
        {
            // Day D holds the hours labelled D 01:00 … D+1 00:00.
            for (var h = 1; h <= 24; h++)
            {
                var label = first.AddDays(d).ToDateTime(TimeOnly.MinValue).AddHours(h);
                sb.Append(CultureInfo.InvariantCulture, $"{label:yyyyMMdd},{label.Hour},PM2.5,{pm25PerDay[d]}\n");
            }
        }

        return sb.ToString();
    }

    /// <summary>Rows of a table, read with plain SQL (not through the store under test).</summary>
    public long Count(string table) => TestStore.Scalar(_app.PostgresConnectionString, DatabasePath, $"SELECT COUNT(*) FROM {table}");

    /// <summary>The sample files shipped in content/samples/warnings (copied next to the app).</summary>
    public static string Sample(string name) => Path.Combine(AppContext.BaseDirectory, "content", "samples", "warnings", name);

    public void Dispose() => _app.Dispose();
}
