using Microsoft.Extensions.DependencyInjection;
using Public.Web.AirQuality;
using Public.Web.Tests.Hosting;
using Public.Web.Tests.Ingest;

namespace Public.Web.Tests.AirQuality;

/// <summary>
/// The city's assessment of a period is kept while the year's stored hours keep their signature (rows and latest batch
/// of its days), so it is not read again for every page, archive and export key that shows it. These check that what
/// is kept never outlives the data: a new day and a corrected day (same rows, new values, a new batch) move it at once,
/// and it always counts the very days the city's daily series shows (HJ 663: good days are days with AQI ≤ 100 among
/// the days with a valid AQI).
/// </summary>
[Trait(TestStore.EnginesTrait, TestStore.BothEngines)]
public sealed class AssessmentFollowsImportsTests
{
    private static readonly DateOnly January = new(2019, 1, 1);

    /// <summary>The January counts from the city's daily series (the API's daily AQI), not from the assessment code.</summary>
    private static (int Valid, int Good) CountsFromDailySeries(AirQualityQueries queries)
    {
        var days = queries.CityDaily(January, January.AddMonths(1).AddDays(-1));
        return (days.Count(d => d.Aqi is not null), days.Count(d => d.Aqi is <= 100));
    }

    /// <summary>The day's lines with every concentration set to a clean-air value (AQI rows too): a correction of that day.</summary>
    private static string CleanAir(string date) =>
        string.Join("\n", DailyFiles.Text(date).Split('\n', StringSplitOptions.RemoveEmptyEntries).Select((line, i) =>
        {
            if (i == 0)
            {
                return line;
            }

            var cells = line.Split(',');
            var clean = cells[2].StartsWith("CO", StringComparison.Ordinal) ? "0.3" : "5";
            return string.Join(",", cells.Take(3).Concat(cells.Skip(3).Select(v => v.Length == 0 ? v : clean)));
        })) + "\n";

    [Fact]
    public void TheMonthsAssessmentFollowsANewDayAndACorrectedDayAndIsKeptOtherwise()
    {
        var folder = Directory.CreateTempSubdirectory("assessment-kept-").FullName;
        try
        {
            using var app = new PublicWebApp();
            var queries = app.Services.GetRequiredService<AirQualityQueries>();
            app.Import(DailyFiles.Write(folder, "20190110"), DailyFiles.Write(folder, "20190111"));

            var first = queries.CityAssessment(2019, 1);
            Assert.Equal(CountsFromDailySeries(queries), (first.ValidAqiDays, first.GoodDays));
            Assert.Equal(2, first.ValidAqiDays);
            // Nothing imported since: the kept assessment itself (not read and computed again).
            Assert.Same(first, queries.CityAssessment(2019, 1));

            // 12 January 2019: a severely polluted day (the real data: city AQI above 300), one more valid day.
            app.Import(DailyFiles.Write(folder, "20190112"));
            var withSevere = queries.CityAssessment(2019, 1);
            Assert.Equal(CountsFromDailySeries(queries), (withSevere.ValidAqiDays, withSevere.GoodDays));
            Assert.Equal(first.ValidAqiDays + 1, withSevere.ValidAqiDays);

            // The same day corrected to clean air: the same rows, new values in a new batch — now a good day.
            var corrected = Path.Combine(folder, "china_sites_20190112.csv");
            File.WriteAllText(corrected, CleanAir("20190112"));
            var summary = app.Import(corrected);
            Assert.True(summary.NewVersions > 0, "the corrected day was stored as new versions");
            var afterCorrection = queries.CityAssessment(2019, 1);
            Assert.Equal(CountsFromDailySeries(queries), (afterCorrection.ValidAqiDays, afterCorrection.GoodDays));
            Assert.Equal(withSevere.ValidAqiDays, afterCorrection.ValidAqiDays);
            // 12 January is now clean (and the hour of 00:00 in its file, the last of 11 January, too): at least one more good day.
            Assert.True(afterCorrection.GoodDays > withSevere.GoodDays, $"good days {withSevere.GoodDays} → {afterCorrection.GoodDays}");

            // The year with its months (the year page) agrees with the single periods, and so does the API.
            var withMonths = queries.CityAssessmentWithMonths(2019, [1]);
            Assert.Equal((afterCorrection.ValidAqiDays, afterCorrection.GoodDays), (withMonths[1].ValidAqiDays, withMonths[1].GoodDays));
            Assert.Equal(afterCorrection.ValidAqiDays, withMonths[0].ValidAqiDays);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
