using Public.Web.AirQuality.Demo;

namespace Public.Web.Tests.Demo;

public sealed class DemoAirGeneratorTests
{
    private static readonly TimeSpan Beijing = TimeSpan.FromHours(8);
    private static readonly DateTimeOffset FirstHourEnd = new(2018, 1, 1, 1, 0, 0, Beijing);
    private static readonly DateTimeOffset LastHourEnd = new(2026, 4, 1, 0, 0, 0, Beijing);
    private static readonly string[] Stations = ["1767A", "1768A", "1769A", "1770A", "1771A"];

    // The generator is a pure function, so one forward pass can be shared read-only by every test.
    private static readonly Lazy<Dictionary<string, DemoHour?[]>> Series = new(() =>
    {
        int count = (int)(LastHourEnd - FirstHourEnd).TotalHours + 1;
        var series = new Dictionary<string, DemoHour?[]>();
        foreach (string station in Stations)
        {
            var hours = new DemoHour?[count];
            for (int i = 0; i < count; i++)
            {
                hours[i] = DemoAirGenerator.Generate(station, FirstHourEnd.AddHours(i));
            }

            series[station] = hours;
        }

        return series;
    });

    private static IEnumerable<(string Station, DateTimeOffset HourStart, DemoHour Hour)> Reported()
    {
        foreach (var (station, hours) in Series.Value)
        {
            for (int i = 0; i < hours.Length; i++)
            {
                if (hours[i] is { } hour)
                {
                    yield return (station, FirstHourEnd.AddHours(i - 1), hour);
                }
            }
        }
    }

    [Fact]
    public void GeneratingTheSameStationHourTwiceGivesIdenticalValues()
    {
        var hourEnd = new DateTimeOffset(2019, 1, 15, 8, 0, 0, Beijing);
        for (int i = 0; i < 500; i++)
        {
            foreach (string station in Stations)
            {
                Assert.Equal(DemoAirGenerator.Generate(station, hourEnd.AddHours(i * 7)), DemoAirGenerator.Generate(station, hourEnd.AddHours(i * 7)));
            }
        }
    }

    [Fact]
    public void AnHourGeneratedAloneOrBackwardsMatchesTheSameHourInAForwardSequence()
    {
        var forward = Series.Value;
        var rng = new Random(20190101);
        for (int n = 0; n < 2000; n++)
        {
            string station = Stations[rng.Next(Stations.Length)];
            int i = rng.Next(forward[station].Length);
            Assert.Equal(forward[station][i], DemoAirGenerator.Generate(station, FirstHourEnd.AddHours(i)));
        }

        int last = forward["1769A"].Length - 1;
        for (int i = last; i > last - 24 * 60; i--)
        {
            Assert.Equal(forward["1769A"][i], DemoAirGenerator.Generate("1769A", FirstHourEnd.AddHours(i)));
        }
    }

    [Fact]
    public void TheSameInstantWrittenInUtcGivesTheSameHour()
    {
        var local = new DateTimeOffset(2021, 7, 3, 15, 0, 0, Beijing);
        var sample = Enumerable.Range(0, 200).Select(i => local.AddHours(i * 5));
        foreach (var hourEnd in sample)
        {
            Assert.Equal(DemoAirGenerator.Generate("1770A", hourEnd), DemoAirGenerator.Generate("1770A", hourEnd.ToUniversalTime()));
        }
    }

    [Fact]
    public void Pm10IsNeverBelowPm25()
    {
        foreach (var (station, hourStart, hour) in Reported())
        {
            if (hour.PM25 is { } pm25 && hour.PM10 is { } pm10)
            {
                Assert.True(pm10 >= pm25, $"{station} {hourStart:O}: PM10 {pm10} < PM2.5 {pm25}");
            }
        }
    }

    [Fact]
    public void AllValuesAreNonNegativeRoundedAndBelowPhysicalBounds()
    {
        foreach (var (_, _, hour) in Reported())
        {
            AssertMicrogram(hour.PM25, 1000);
            AssertMicrogram(hour.PM10, 2000);
            AssertMicrogram(hour.SO2, 1000);
            AssertMicrogram(hour.NO2, 500);
            AssertMicrogram(hour.O3, 600);
            if (hour.CO is { } co)
            {
                Assert.InRange(co, 0m, 30m);
                Assert.Equal(co, decimal.Round(co, 1));
            }
        }
    }

    [Fact]
    public void WinterMeanPm25IsMoreThanOneAndAHalfTimesTheSummerMeanEveryYear()
    {
        for (int year = 2018; year <= 2025; year++)
        {
            int y = year;
            double winter = Mean(h => h.HourStart.Year == y && h.HourStart.Month is 12 or 1 or 2, h => h.Hour.PM25);
            double summer = Mean(h => h.HourStart.Year == y && h.HourStart.Month is 6 or 7 or 8, h => h.Hour.PM25);
            Assert.True(winter > 1.5 * summer, $"{year}: winter {winter:F1} vs summer {summer:F1}");
        }
    }

    [Fact]
    public void SummerOzonePeaksInTheAfternoonWhileNo2PeaksAtNight()
    {
        for (int year = 2018; year <= 2025; year++)
        {
            int y = year;
            bool Summer((string Station, DateTimeOffset HourStart, DemoHour Hour) h) => h.HourStart.Year == y && h.HourStart.Month is 6 or 7 or 8;
            bool Afternoon((string Station, DateTimeOffset HourStart, DemoHour Hour) h) => h.HourStart.Hour is >= 13 and <= 15;
            bool Night((string Station, DateTimeOffset HourStart, DemoHour Hour) h) => h.HourStart.Hour is >= 23 or <= 3;

            double o3Afternoon = Mean(h => Summer(h) && Afternoon(h), h => h.Hour.O3);
            double o3Night = Mean(h => Summer(h) && Night(h), h => h.Hour.O3);
            double no2Afternoon = Mean(h => Summer(h) && Afternoon(h), h => h.Hour.NO2);
            double no2Night = Mean(h => Summer(h) && Night(h), h => h.Hour.NO2);
            Assert.True(o3Afternoon > 1.3 * o3Night, $"{year}: O3 afternoon {o3Afternoon:F1} vs night {o3Night:F1}");
            Assert.True(no2Night > 1.5 * no2Afternoon, $"{year}: NO2 night {no2Night:F1} vs afternoon {no2Afternoon:F1}");
        }
    }

    [Fact]
    public void WholeHourGapsCoverHalfAPercentToThreePercentOfEachStationsHours()
    {
        foreach (var (station, hours) in Series.Value)
        {
            double share = hours.Count(h => h is null) / (double)hours.Length;
            Assert.InRange(share, 0.005, 0.03);
        }

        // Outages come in runs, not only as isolated hours.
        var series = Series.Value["1767A"];
        bool hasRun = Enumerable.Range(0, series.Length - 3).Any(i => series[i] is null && series[i + 1] is null && series[i + 2] is null);
        Assert.True(hasRun);
    }

    [Fact]
    public void EveryHeatingSeasonHasACityWideDayAveragingAbove150Pm25()
    {
        var daily = DailyCityMeans(h => h.PM25);
        for (int season = 2018; season <= 2025; season++)
        {
            var from = new DateOnly(season, 11, 1);
            var to = new DateOnly(season + 1, 3, 31);
            double worst = daily.Where(d => d.Key >= from && d.Key <= to).Max(d => d.Value);
            Assert.True(worst > 150, $"heating season {season}/{season + 1}: worst day {worst:F1}");
        }
    }

    [Fact]
    public void EverySpringHasADustDayWithCoarseParticlesFarAboveFine()
    {
        var pm10 = DailyCityMeans(h => h.PM10);
        var pm25 = DailyCityMeans(h => h.PM25);
        for (int year = 2018; year <= 2025; year++)
        {
            var from = new DateOnly(year, 3, 1);
            var to = new DateOnly(year, 5, 31);
            bool dusty = pm10.Any(d => d.Key >= from && d.Key <= to && d.Value > 200 && d.Value > 2.5 * pm25[d.Key]);
            Assert.True(dusty, $"no dust day in spring {year}");
        }
    }

    [Fact]
    public void CoRisesAndFallsWithPm25InWinter()
    {
        var pairs = Reported()
            .Where(h => h.HourStart.Month is 12 or 1 or 2 && h.Hour.PM25 is not null && h.Hour.CO is not null)
            .Select(h => ((double)h.Hour.PM25!.Value, (double)h.Hour.CO!.Value))
            .ToList();
        Assert.True(Correlation(pairs) > 0.6);
    }

    [Fact]
    public void AnnualPm25ImprovesFromTheFirstYearsToTheLatest()
    {
        double early = Mean(h => h.HourStart.Year is 2018 or 2019, h => h.Hour.PM25);
        double late = Mean(h => h.HourStart.Year is 2024 or 2025, h => h.Hour.PM25);
        Assert.True(late < 0.85 * early, $"2018–19 {early:F1} vs 2024–25 {late:F1}");
    }

    [Fact]
    public void CoastalStationHasTheCleanestFineParticlesAndTheIndustrialOneTheMostSo2()
    {
        var pm25 = Stations.ToDictionary(s => s, s => Mean(h => h.Station == s, h => h.Hour.PM25));
        var so2 = Stations.ToDictionary(s => s, s => Mean(h => h.Station == s, h => h.Hour.SO2));
        Assert.Equal("1768A", pm25.MinBy(p => p.Value).Key);
        Assert.Equal("1769A", so2.MaxBy(p => p.Value).Key);
    }

    [Fact]
    public void UnknownStationCodeIsRejected() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => DemoAirGenerator.Generate("9999A", FirstHourEnd));

    private static void AssertMicrogram(decimal? value, decimal max)
    {
        if (value is { } v)
        {
            Assert.InRange(v, 0m, max);
            Assert.Equal(v, decimal.Truncate(v));
        }
    }

    private static double Mean(
        Func<(string Station, DateTimeOffset HourStart, DemoHour Hour), bool> where,
        Func<(string Station, DateTimeOffset HourStart, DemoHour Hour), decimal?> select) =>
        Reported().Where(where).Select(select).Where(v => v is not null).Average(v => (double)v!.Value);

    private static Dictionary<DateOnly, double> DailyCityMeans(Func<DemoHour, decimal?> select) =>
        Reported()
            .Where(h => select(h.Hour) is not null)
            .GroupBy(h => DateOnly.FromDateTime(h.HourStart.DateTime))
            .ToDictionary(g => g.Key, g => g.Average(h => (double)select(h.Hour)!.Value));

    private static double Correlation(List<(double X, double Y)> pairs)
    {
        double mx = pairs.Average(p => p.X);
        double my = pairs.Average(p => p.Y);
        double sxy = pairs.Sum(p => (p.X - mx) * (p.Y - my));
        double sxx = pairs.Sum(p => (p.X - mx) * (p.X - mx));
        double syy = pairs.Sum(p => (p.Y - my) * (p.Y - my));
        return sxy / Math.Sqrt(sxx * syy);
    }
}
