using System.Data.Common;
using Public.Standards.AirQuality;
using Public.Standards.Assessment;
using Public.Web.AirQuality.Stations;
using Public.Web.Infrastructure;

namespace Public.Web.AirQuality.Store;

/// <summary>
/// Materialises the derived tables (station days, city hours, city days) from the latest published
/// versions, for a range of natural days. Every number comes from Public.Standards; this class only
/// gathers the inputs.
///
/// City values (how, exactly): for each hour, the city concentration of a pollutant is the arithmetic
/// mean of the 1-hour values of the city's assessment stations that reported it that hour, rounded per
/// GB/T 8170 to the reporting precision (integer µg/m³, CO 0.1 mg/m³); the city hourly AQI is computed from
/// those means. For each day, the city value of a pollutant is the arithmetic mean of the stations' valid
/// daily values (GB 3095 validity per station), rounded the same way; the city daily AQI is computed from
/// those means. The number of contributing stations is kept with every value.
/// </summary>
internal static class Derivation
{
    private const int HoursPerDay = 24;

    /// <param name="latest">
    /// The latest version of every stored hour of the days, when the caller already holds them (the importer has read
    /// and written them in this transaction), their values as the store gives them back
    /// (<see cref="AirQualityStore.AsStored"/>); null reads them from the store.
    /// </param>
    public static void Rebuild(DbConnection connection, DbTransaction transaction, AirQualityStore store, StationRegistry registry, DateOnly from, DateOnly to,
        IEnumerable<StationHourRow>? latest = null)
    {
        var fromExclusive = ChinaTime.DayStart(from);
        var toInclusive = ChinaTime.DayStart(to.AddDays(1));
        var rows = latest ?? store.CurrentHoursAllStations(fromExclusive, toInclusive, connection, transaction);
        var days = to.DayNumber - from.DayNumber + 1;
        var hours = days * HoursPerDay;

        // station → [hour index][type index]
        var grid = new Dictionary<string, decimal?[][]>(StringComparer.Ordinal);
        foreach (var row in rows)
        {
            if (!registry.Contains(row.Station))
            {
                continue;
            }

            if (!grid.TryGetValue(row.Station, out var series))
            {
                series = new decimal?[hours][];
                grid[row.Station] = series;
            }

            series[(int)((row.HourEndUnix - fromExclusive) / 3600) - 1] = row.Values;
        }

        var dayRows = new List<DayRow>();
        var stationDays = new Dictionary<string, DayRow?[]>(StringComparer.Ordinal);
        foreach (var (station, series) in grid)
        {
            var perDay = new DayRow?[days];
            for (var d = 0; d < days; d++)
            {
                var day = StationDay(station, from.AddDays(d), series, d * HoursPerDay);
                if (day is not null)
                {
                    perDay[d] = day;
                    dayRows.Add(day);
                }
            }

            stationDays[station] = perDay;
        }

        var cityStations = registry.CityStations.Select(s => s.Code).Where(grid.ContainsKey).ToList();
        for (var d = 0; d < days; d++)
        {
            var city = CityDay(from.AddDays(d), cityStations.Select(s => stationDays[s][d]).OfType<DayRow>().ToList());
            if (city is not null)
            {
                dayRows.Add(city);
            }
        }

        var cityHours = new List<CityHourRow>();
        for (var h = 0; h < hours; h++)
        {
            var present = cityStations.Select(s => grid[s][h]).OfType<decimal?[]>().ToList();
            if (present.Count == 0)
            {
                continue;
            }

            var hourEnd = fromExclusive + ((h + 1) * 3600L);
            cityHours.Add(CityHour(hourEnd, present));
        }

        AirQualityStore.ReplaceDays(connection, transaction, from, to, dayRows);
        AirQualityStore.ReplaceCityHours(connection, transaction, fromExclusive, toInclusive, cityHours);
    }

    private static DayRow? StationDay(string station, DateOnly date, decimal?[][] series, int offset)
    {
        var any = false;
        for (var h = 0; h < HoursPerDay; h++)
        {
            any |= series[offset + h] is not null;
        }

        if (!any)
        {
            return null;
        }

        List<decimal?> Column(int type)
        {
            var values = new List<decimal?>(HoursPerDay);
            for (var h = 0; h < HoursPerDay; h++)
            {
                values.Add(series[offset + h]?[type]);
            }

            return values;
        }

        var so2 = DailyStatistics.Mean(Column(PublishedTypes.SO2));
        var no2 = DailyStatistics.Mean(Column(PublishedTypes.NO2));
        var pm10 = DailyStatistics.Mean(Column(PublishedTypes.PM10));
        var co = DailyStatistics.Mean(Column(PublishedTypes.CO));
        var pm25 = DailyStatistics.Mean(Column(PublishedTypes.PM25));
        var o3 = Column(PublishedTypes.O3);
        var o31 = DailyStatistics.O3DailyMax1h(o3);
        var o38 = DailyStatistics.O3DailyMax8h(o3);

        return Day(station, date,
            (Round(so2.Value, Pollutant.SO2), so2.Coverage.Valid),
            (Round(no2.Value, Pollutant.NO2), no2.Coverage.Valid),
            (Round(pm10.Value, Pollutant.PM10), pm10.Coverage.Valid),
            (Round(co.Value, Pollutant.CO), co.Coverage.Valid),
            (Round(pm25.Value, Pollutant.PM25), pm25.Coverage.Valid),
            (Round(o31.Value, Pollutant.O3), o31.Coverage.Valid),
            (Round(o38.Value, Pollutant.O3), o38.Coverage.Valid));
    }

    private static DayRow? CityDay(DateOnly date, List<DayRow> stations)
    {
        if (stations.Count == 0)
        {
            return null;
        }

        (decimal?, int) Mean(Func<DayRow, decimal?> pick, Pollutant pollutant)
        {
            var values = stations.Select(pick).OfType<decimal>().ToList();
            return values.Count == 0 ? (null, 0) : (Round(values.Average(), pollutant), values.Count);
        }

        return Day(AirQualityStore.CityArea, date,
            Mean(s => s.SO2, Pollutant.SO2), Mean(s => s.NO2, Pollutant.NO2), Mean(s => s.PM10, Pollutant.PM10),
            Mean(s => s.CO, Pollutant.CO), Mean(s => s.PM25, Pollutant.PM25),
            Mean(s => s.O3_1hMax, Pollutant.O3), Mean(s => s.O3_8hMax, Pollutant.O3));
    }

    private static DayRow Day(string area, DateOnly date,
        (decimal? V, int N) so2, (decimal? V, int N) no2, (decimal? V, int N) pm10, (decimal? V, int N) co,
        (decimal? V, int N) pm25, (decimal? V, int N) o31, (decimal? V, int N) o38)
    {
        var edition = AqiEditions.ForDate(date);
        var aqi = DailyAqi.Compute(edition, new DailyInputs(so2.V, no2.V, pm10.V, co.V, pm25.V, o31.V, o38.V));
        return new DayRow(area, date, so2.V, so2.N, no2.V, no2.N, pm10.V, pm10.N, co.V, co.N, pm25.V, pm25.N,
            o31.V, o31.N, o38.V, o38.N, aqi.Aqi, Primary(aqi), AqiEditions.Name(edition));
    }

    private static CityHourRow CityHour(long hourEnd, List<decimal?[]> stations)
    {
        decimal? Mean(int type, Pollutant pollutant)
        {
            var values = stations.Select(v => v[type]).OfType<decimal>().ToList();
            return values.Count == 0 ? null : Round(values.Average(), pollutant);
        }

        var so2 = Mean(PublishedTypes.SO2, Pollutant.SO2);
        var no2 = Mean(PublishedTypes.NO2, Pollutant.NO2);
        var pm10 = Mean(PublishedTypes.PM10, Pollutant.PM10);
        var co = Mean(PublishedTypes.CO, Pollutant.CO);
        var o3 = Mean(PublishedTypes.O3, Pollutant.O3);
        var pm25 = Mean(PublishedTypes.PM25, Pollutant.PM25);
        var edition = AqiEditions.ForDate(ChinaTime.DayOfHourEnd(hourEnd));
        var aqi = HourlyAqi.Compute(edition, new HourlyInputs(so2, no2, pm10, co, o3, pm25));
        return new CityHourRow(hourEnd, so2, no2, pm10, co, o3, pm25, stations.Count, aqi.Aqi, Primary(aqi), AqiEditions.Name(edition));
    }

    public static string? Primary(AqiResult result) =>
        result.PrimaryPollutants.Count == 0 ? null : string.Join(",", result.PrimaryPollutants.Select(Pollutants.Code));

    private static decimal? Round(decimal? value, Pollutant pollutant) =>
        value is { } v ? Rounding.Gb8170(v, Pollutants.Decimals(pollutant)) : null;
}
