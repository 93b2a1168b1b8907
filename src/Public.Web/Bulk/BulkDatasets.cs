using Public.Web.AirQuality;
using Public.Web.AirQuality.Store;

namespace Public.Web.Bulk;

/// <summary>
/// One dataset of the yearly archives: its URL segment (<c>/bulk/{id}/{year}.parquet</c>), names, the wide table its
/// files hold, the data-dictionary page that documents its records, how often it is updated (a DCAT frequency), the
/// years that may have data and the rows of one year (Asia/Shanghai calendar year).
/// </summary>
internal sealed record BulkDataset(
    string Id, string NameZh, string NameEn, string DescriptionZh, string DescriptionEn, string DictionaryId, IWideTable Table,
    string Frequency, Func<IServiceProvider, IReadOnlyList<int>> Years, Func<IServiceProvider, int, WideRows> Year)
{
    /// <summary>
    /// A cheap text that changes whenever the year's rows may have (read before the rows themselves): by default the
    /// store's data version, so the rows are read again after any import and their files rewritten only when their
    /// content changed (the fingerprint); the air-quality series use the stored hours of the year instead.
    /// </summary>
    public Func<IServiceProvider, int, string> Signature { get; init; } = VersionSignature;

    /// <summary>
    /// The rows of a span of local dates (first to last, inclusive), for a dataset whose rows each belong to one date:
    /// with it (and <see cref="SpanSignature"/>) a year's archive is built month by month — each month's CSV a gzip member
    /// of its own and a Parquet row group of its own, kept in memory with the month's signature — so a new day reads and
    /// compresses its month alone (<see cref="BulkArchives"/>). Null: the year is read whole.
    /// </summary>
    public Func<IServiceProvider, DateOnly, DateOnly, WideRows>? Span { get; init; }

    /// <summary>A cheap text that changes whenever the rows of a span of dates may have (as <see cref="Signature"/> for a year).</summary>
    public Func<IServiceProvider, DateOnly, DateOnly, string>? SpanSignature { get; init; }

    /// <summary>Whether the rows are the national network's air-quality data (CNEMC is named as their creator in the catalog).</summary>
    public bool Air { get; init; }

    /// <summary>The page that documents the dataset (the DCAT landing page).</summary>
    public string LandingPath { get; init; } = "/data/" + DictionaryId;

    /// <summary>The first date or time column (what a pandas snippet parses as dates), or null.</summary>
    public string? DateColumn => Table.Columns.FirstOrDefault(c => c.Kind is Contract.FieldKind.Date or Contract.FieldKind.DateTime)?.Name;

    private static string VersionSignature(IServiceProvider sp, int year) =>
        "v" + sp.GetRequiredService<Serving.DataVersionMonitor>().Current.Number.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The air-quality datasets all derive from the stored hours of the year (its natural days' hours).</summary>
    public static string AirSignatureOf(IServiceProvider sp, int year) => AirSpanSignatureOf(sp, new DateOnly(year, 1, 1), new DateOnly(year, 12, 31));

    /// <summary>The stored hours of the natural days from <paramref name="first"/> to <paramref name="last"/> (their count and latest batch).</summary>
    public static string AirSpanSignatureOf(IServiceProvider sp, DateOnly first, DateOnly last) =>
        sp.GetRequiredService<AirQualityStore>().HourSignature(first, last);
}

/// <summary>The datasets with yearly archives.</summary>
internal static class BulkDatasets
{
    private const string Annual = "http://publications.europa.eu/resource/authority/frequency/ANNUAL";
    private const string Hourly = "http://publications.europa.eu/resource/authority/frequency/HOURLY";
    private const string Daily = "http://publications.europa.eu/resource/authority/frequency/DAILY";

    /// <summary>The air-quality series, then every other dataset (<see cref="RecordDatasets"/>).</summary>
    public static readonly IReadOnlyList<BulkDataset> All = [.. AirSeries(), .. RecordDatasets.All];

    private static List<BulkDataset> AirSeries() =>
    [
        AirDataset(new("station-hours", "站点小时数据", "Station hourly data",
            "锦州国控站每站每小时一行：15 项发布值中的 14 项浓度（各带单位列名）、计算的 AQI、级别、首要污染物、发布的 AQI 与版本号。",
            "One row per Jinzhou national station and hour: 14 of the 15 published value types (units in the column names), the computed AQI, level, primary pollutants, the published AQI and the version.",
            "station-hourly", AirWideTables.StationHours, Hourly, AirYearsOf, ByYear(StationHours)), StationHours),
        AirDataset(new("station-days", "站点日数据", "Station daily data",
            "每站每日一行：六项污染物的日统计值（GB 3095 有效性）与有效小时数、日 AQI、级别和首要污染物。",
            "One row per station and day: the six pollutants' daily statistics (GB 3095 validity) with their valid hours, the daily AQI, level and primary pollutants.",
            "station-daily", AirWideTables.Days, Daily, AirYearsOf, ByYear(StationDays)), StationDays),
        AirDataset(new("city-hours", "城市小时数据", "City hourly data",
            "城市每小时一行：城市评价点的六项污染物小时平均、城市 AQI、级别、首要污染物与参与站点数。",
            "One row per city hour: the mean of the assessment stations' six 1-hour values, the city AQI, level, primary pollutants and the count of stations.",
            "city-hourly", AirWideTables.CityHours, Hourly, AirYearsOf, ByYear(CityHours)), CityHours),
        AirDataset(new("city-days", "城市日数据", "City daily data",
            "城市每日一行：日统计值与参与站点数、日 AQI、级别和首要污染物。",
            "One row per city day: the daily statistics with the count of contributing stations, the daily AQI, level and primary pollutants.",
            "city-daily", AirWideTables.Days, Daily, AirYearsOf, ByYear(CityDays)), CityDays),
    ];

    /// <summary>An air-quality series: its rows by span of dates (so its archives are built month by month), signed by the stored hours.</summary>
    private static BulkDataset AirDataset(BulkDataset dataset, Func<IServiceProvider, DateOnly, DateOnly, WideRows> span) =>
        dataset with { Air = true, Signature = BulkDataset.AirSignatureOf, Span = span, SpanSignature = BulkDataset.AirSpanSignatureOf };

    private static Func<IServiceProvider, int, WideRows> ByYear(Func<IServiceProvider, DateOnly, DateOnly, WideRows> span) =>
        (sp, year) => span(sp, new DateOnly(year, 1, 1), new DateOnly(year, 12, 31));

    /// <summary>
    /// Station by station, each read and computed lean (<see cref="WideHours"/>, the <c>?shape=wide</c> path: the stored
    /// values as doubles, the AQI in integers, no record per hour and no log reference, which the archive has no column
    /// for): the same cells as <see cref="AirWideTables.StationHours"/> gives for the long shape's hours, in the same
    /// order (by station, then hour), at a fraction of the CPU — a new day reads its month of every station again.
    /// </summary>
    private static WideRows StationHours(IServiceProvider sp, DateOnly first, DateOnly last)
    {
        var columns = Enumerable.Range(0, AirWideTables.StationHours.Columns.Count).ToList();
        var cells = new List<object?[]>();
        foreach (var code in Codes(sp))
        {
            using var hours = Air(sp).StationHourlyWide(code, first, last, null);
            cells.AddRange(hours.Rows(columns, 0, hours.Count).Cells);
        }

        return new WideRows(AirWideTables.StationHours.Columns, cells);
    }

    /// <summary>The same rows through the long shape (<see cref="HourDto"/>s): what <see cref="StationHours"/> must equal (the tests compare them).</summary>
    internal static WideRows StationHoursLong(IServiceProvider sp, DateOnly first, DateOnly last) =>
        AirWideTables.StationHours.Rows(Air(sp).StationHourly(Codes(sp), first, last, null, withLog: false).Values.SelectMany(h => h));

    private static WideRows StationDays(IServiceProvider sp, DateOnly first, DateOnly last) =>
        AirWideTables.Days.Rows(Air(sp).StationDaily(Codes(sp), first, last).Values.SelectMany(d => d));

    private static WideRows CityHours(IServiceProvider sp, DateOnly first, DateOnly last) =>
        AirWideTables.CityHours.Rows(Air(sp).CityHourly(first, last, null));

    private static WideRows CityDays(IServiceProvider sp, DateOnly first, DateOnly last) =>
        AirWideTables.Days.Rows(Air(sp).CityDaily(first, last));

    public static BulkDataset? Find(string id) => All.FirstOrDefault(d => string.Equals(d.Id, id, StringComparison.Ordinal));

    /// <summary>Annual, for the archive files themselves (one per year).</summary>
    public const string ArchiveFrequency = Annual;

    private static AirQualityQueries Air(IServiceProvider sp) => sp.GetRequiredService<AirQualityQueries>();

    private static List<string> Codes(IServiceProvider sp) => Air(sp).Registry.All.Select(s => s.Code).ToList();

    /// <summary>The years of the city's daily series (every air-quality import derives it): first to last.</summary>
    public static List<int> AirYearsOf(IServiceProvider sp) =>
        sp.GetRequiredService<AirQualityStore>().DayRange(AirQualityStore.CityArea) is { } range
            ? Enumerable.Range(range.First.Year, range.Last.Year - range.First.Year + 1).ToList()
            : [];
}
