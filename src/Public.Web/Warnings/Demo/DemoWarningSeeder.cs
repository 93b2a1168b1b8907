using Public.Standards.Warnings;
using Public.Web.AirQuality.Store;
using Public.Web.Warnings.Import;

namespace Public.Web.Warnings.Demo;

/// <summary>
/// Writes the demo warnings and reduction lists into a demo database, right after the demo air-quality data,
/// through the importer's checks. Runs on every start: what is already there is unchanged, so only warnings for
/// newly completed episodes are added. A database without demo data is never touched.
/// </summary>
internal sealed class DemoWarningSeeder(WarningImporter importer, AirQualityStore air, WarningSchemeCalendar calendar, TimeProvider time, ILogger<DemoWarningSeeder> logger)
{
    public void EnsureSeeded()
    {
        if (air.Database.GetMeta(WarningImporter.DemoMetaKey) != "1" || air.DayRange(AirQualityStore.CityArea) is not { } range)
        {
            return;
        }

        var days = air.Days(AirQualityStore.CityArea, range.First, range.Last).Select(d => new DemoCityDay(d.Date, d.Aqi, d.PrimaryPollutants)).ToList();
        var (events, entries) = DemoWarnings.Derive(days, calendar, DemoWarnings.Today(time).AddDays(-1));
        var where = new FieldBag("demo", 0);
        var summary = importer.Apply("demo-warnings", [],
            events.Select(e => new ParsedWarningEvent(e, null, where)).ToList(),
            entries.Select(e => new ParsedReductionEntry(e, null, where)).ToList(),
            events.Count + entries.Count);
        if (!summary.Clean)
        {
            logger.LogWarning("Demo warnings not written: {Problems}", string.Join("; ", summary.Problems.Take(5)));
        }
        else if (logger.IsEnabled(LogLevel.Information))
        {
            logger.LogInformation("Demo warnings: {New} new events, {Unchanged} unchanged; {Entries} new reduction-list entries",
                summary.NewEvents, summary.UnchangedEvents, summary.NewEntries);
        }
    }
}
