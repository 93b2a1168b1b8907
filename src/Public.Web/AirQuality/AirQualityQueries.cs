using Public.Standards.AirQuality;
using Public.Standards.Assessment;
using Public.Web.Api;
using Public.Web.AirQuality.Stations;
using Public.Web.AirQuality.Store;
using Public.Web.Infrastructure;
using Public.Web.Infrastructure.Publication;

namespace Public.Web.AirQuality;

/// <summary>
/// The one query service of the air-quality feature: REST (and later GraphQL and the site) call these
/// methods, so they cannot disagree.
/// </summary>
public sealed class AirQualityQueries
{
    public const int HourlyMaxDays = 366;
    public const int DailyMaxDays = 3660;

    private readonly AirQualityStore _store;
    private readonly StationRegistry _registry;
    private readonly PlanTargets _targets;
    private readonly TimeProvider _time;
    private readonly Func<int, string?>? _yearSignature;
    private readonly Func<long?>? _dataVersion;

    /// <param name="yearSignature">
    /// The signature of a year's stored hours (<see cref="Bulk.BulkArchives.YearHourSignature"/>: rows and latest batch of
    /// its natural days, read once per data version), or null where there is none: an assessment of a period of that
    /// year is kept while it stays the same, so the days are not read again (the city's days are derived from the
    /// year's stored hours in the batch that stored them).
    /// </param>
    /// <param name="dataVersion">The store's data version as this replica knows it (<c>DataVersionMonitor</c>), or null where there is none.</param>
    internal AirQualityQueries(AirQualityStore store, StationRegistry registry, PlanTargets targets, TimeProvider time, Func<int, string?>? yearSignature = null,
        Func<long?>? dataVersion = null)
    {
        _dataVersion = dataVersion;
        _store = store;
        _registry = registry;
        _targets = targets;
        _time = time;
        _yearSignature = yearSignature;
    }

    public StationRegistry Registry => _registry;

    public PlanTargets Targets => _targets;

    /// <summary>The last day that has data, else today (Asia/Shanghai): the default end of date ranges.</summary>
    /// <remarks>
    /// Asked by every page and series answer that has a default range (a few hundred times in an export); the store's
    /// answer is kept for the data version it was read at (<see cref="_dataVersion"/>: the version is taken before the
    /// store is read, so what is kept is never older than the version it is kept for) and the day.
    /// </remarks>
    public DateOnly LatestDay()
    {
        var today = ChinaTime.Today(_time);
        var version = _dataVersion?.Invoke();
        if (version is not null && Volatile.Read(ref _latestDay) is { } kept && kept.Version == version && kept.Today == today)
        {
            return kept.Day;
        }

        var day = _store.LatestHourEnd(_registry.All.Select(s => s.Code).ToList()) is { } h ? ChinaTime.DayOfHourEnd(h) : today;
        if (version is { } v)
        {
            Volatile.Write(ref _latestDay, new LatestDayKept(v, today, day));
        }

        return day;
    }

    private sealed record LatestDayKept(long Version, DateOnly Today, DateOnly Day);

    /// <summary>
    /// A station's hours of one day with their log references, every pollutant — kept for the data version they were
    /// read at. A series' day chunks (<see cref="MonthChunks"/>: the default week, and the month of the last day with
    /// data) are rendered as JSON and as CSV from the same hours (the CSV shows all but the references): after an import
    /// both formats render the new days, and each read them from the store and computed them again. The days asked last
    /// are kept (a few dozen, some 50 KB each), only while the data version stays.
    /// </summary>
    internal IReadOnlyList<HourDto> StationHourlyDay(string code, DateOnly day)
    {
        var version = _dataVersion?.Invoke();
        var key = (code, day);
        lock (_dayGate)
        {
            if (version is not null && version == _daysVersion && _days.TryGetValue(key, out var kept))
            {
                return kept;
            }
        }

        var hours = StationHourly([code], day, day, null, withLog: true)[code];
        if (version is { } v)
        {
            lock (_dayGate)
            {
                if (v > _daysVersion || _days.Count >= MaxKeptDays)
                {
                    _days.Clear();
                    _daysVersion = Math.Max(v, _daysVersion);
                }

                if (v == _daysVersion)
                {
                    _days[key] = hours;
                }
            }
        }

        return hours;
    }

    private const int MaxKeptDays = 64;
    private readonly Lock _dayGate = new();
    private readonly Dictionary<(string Code, DateOnly Day), IReadOnlyList<HourDto>> _days = [];
    private long _daysVersion = -1;

    private LatestDayKept? _latestDay;

    public Station RequireStation(string code) =>
        _registry.Find(code) ?? throw new NotFoundException("code", $"unknown station '{code}' (known: {string.Join(", ", _registry.All.Select(s => s.Code))})");

    /// <summary>The stations with their latest reading, all read in one store query.</summary>
    public IReadOnlyList<StationDto> Stations(IEnumerable<Station> stations)
    {
        var list = stations.ToList();
        var latest = Latest(list.Select(s => s.Code).ToList());
        return list.Select(s => Describe(s, latest.GetValueOrDefault(s.Code))).ToList();
    }

    public StationDto Station(Station s) => Stations([s])[0];

    /// <summary>A station as published, with the given latest reading (null: none, or not asked for).</summary>
    public static StationDto Describe(Station s, LatestDto? latest) =>
        new(s.Code, s.Name, s.NameEn,
            s.FormerNames.Select(f => new FormerNameDto(f.Name, f.NameEn, f.From, f.To, f.Note)).ToList(),
            s.City, s.CityEn, s.District, s.Lon, s.Lat, s.Type, s.TypeEn, s.CityAssessment, latest);

    /// <summary>The latest reading of each of the stations that has one (registry codes), in one store query.</summary>
    public IReadOnlyDictionary<string, LatestDto> Latest(IReadOnlyCollection<string> codes) =>
        _store.LatestHours(codes).ToDictionary(r => r.Station, r =>
        {
            var hour = Hour(r, null);
            return new LatestDto(hour.Time, hour.TimeUtc, hour.Aqi, hour.Level, hour.PrimaryPollutants, hour.Values);
        }, StringComparer.Ordinal);

    public IReadOnlyList<HourDto> StationHourly(string code, DateOnly from, DateOnly to, IReadOnlySet<Pollutant>? pollutants)
    {
        var station = RequireStation(code);
        return StationHourly([station.Code], from, to, pollutants)[station.Code];
    }

    /// <summary>The hourly series of several stations (registry codes) in one store query; every code gets a list.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<HourDto>> StationHourly(IReadOnlyCollection<string> codes, DateOnly from, DateOnly to, IReadOnlySet<Pollutant>? pollutants) =>
        StationHourly(codes, from, to, pollutants, withLog: true);

    /// <summary>
    /// The same; <paramref name="withLog"/> false leaves out each hour's reference into the transparency log (one more
    /// query over every hour read), for a table that has no column for it (the yearly archives).
    /// </summary>
    internal IReadOnlyDictionary<string, IReadOnlyList<HourDto>> StationHourly(IReadOnlyCollection<string> codes, DateOnly from, DateOnly to, IReadOnlySet<Pollutant>? pollutants, bool withLog)
    {
        var rows = _store.CurrentHours(codes, ChinaTime.DayStart(from), ChinaTime.DayStart(to.AddDays(1)));
        if (!withLog)
        {
            return ByCode(codes, rows.Select(r => Hour(r, pollutants)), h => h.Station);
        }

        var log = LogRefs.Read(_store.Database, PublishedDatasets.StationHours, rows, r => LogRefs.StationHourKey(r.Station, ChinaTime.FromUnix(r.HourEndUnix)), r => r.Version);
        return ByCode(codes, rows.Select(r => Hour(r, pollutants) with { Log = log.Of(LogRefs.StationHourKey(r.Station, ChinaTime.FromUnix(r.HourEndUnix)), r.Version) }), h => h.Station);
    }

    /// <summary>
    /// A station's hours for the wide shape, read and computed lean (<see cref="WideHours"/>): the same hours, AQI and
    /// values as <see cref="StationHourly(string, DateOnly, DateOnly, IReadOnlySet{Pollutant}?)"/>, without the long
    /// shape's per-value records and log references (the wide shape has no column for them).
    /// </summary>
    internal WideHours StationHourlyWide(string code, DateOnly from, DateOnly to, IReadOnlySet<Pollutant>? pollutants)
    {
        var station = RequireStation(code);
        return WideHours.Compute(_store.CurrentHourValues(station.Code, ChinaTime.DayStart(from), ChinaTime.DayStart(to.AddDays(1))), pollutants);
    }

    public IReadOnlyList<HourVersionDto> StationVersions(string code, DateOnly from, DateOnly to, bool changedOnly)
    {
        var station = RequireStation(code);
        return StationVersions([station.Code], from, to, changedOnly)[station.Code];
    }

    /// <summary>Every version of several stations' hours in one store query; every code gets a list.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<HourVersionDto>> StationVersions(IReadOnlyCollection<string> codes, DateOnly from, DateOnly to, bool changedOnly)
    {
        var rows = _store.AllVersions(codes, ChinaTime.DayStart(from), ChinaTime.DayStart(to.AddDays(1)));
        var latest = rows.GroupBy(r => (r.Station, r.HourEndUnix)).ToDictionary(g => g.Key, g => g.Max(r => r.Version));
        var log = LogRefs.Read(_store.Database, PublishedDatasets.StationHours, rows, r => LogRefs.StationHourKey(r.Station, ChinaTime.FromUnix(r.HourEndUnix)), r => r.Version);
        var versions = rows
            .Where(r => !changedOnly || latest[(r.Station, r.HourEndUnix)] > 1)
            .Select(r => new HourVersionDto(r.Station, ChinaTime.FromUnix(r.HourEndUnix), r.Version, latest[(r.Station, r.HourEndUnix)] == r.Version,
                DateTimeOffset.Parse(r.RecordedAt, System.Globalization.CultureInfo.InvariantCulture).ToOffset(ChinaTime.Offset),
                r.Source, r.SourceLine, r.Reason, Values(r.Values, null, null))
            {
                Log = log.Of(LogRefs.StationHourKey(r.Station, ChinaTime.FromUnix(r.HourEndUnix)), r.Version),
            });
        return ByCode(codes, versions, v => v.Station);
    }

    public IReadOnlyList<DayDto> StationDaily(string code, DateOnly from, DateOnly to)
    {
        var station = RequireStation(code);
        return StationDaily([station.Code], from, to)[station.Code];
    }

    /// <summary>The daily series of several stations in one store query; every code gets a list.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<DayDto>> StationDaily(IReadOnlyCollection<string> codes, DateOnly from, DateOnly to) =>
        ByCode(codes, _store.Days(codes, from, to).Select(d => Day(d, station: true)), d => d.Area);

    private static Dictionary<string, IReadOnlyList<T>> ByCode<T>(IReadOnlyCollection<string> codes, IEnumerable<T> items, Func<T, string> code)
    {
        var result = codes.Distinct(StringComparer.Ordinal).ToDictionary(c => c, _ => (IReadOnlyList<T>)new List<T>(), StringComparer.Ordinal);
        foreach (var item in items)
        {
            if (result.TryGetValue(code(item), out var list))
            {
                ((List<T>)list).Add(item);
            }
        }

        return result;
    }

    public IReadOnlyList<DayDto> CityDaily(DateOnly from, DateOnly to) =>
        _store.Days(AirQualityStore.CityArea, from, to).Select(d => Day(d, station: false)).ToList();

    public IReadOnlyList<CityHourDto> CityHourly(DateOnly from, DateOnly to, IReadOnlySet<Pollutant>? pollutants) =>
        _store.CityHours(ChinaTime.DayStart(from), ChinaTime.DayStart(to.AddDays(1))).Select(h =>
        {
            var time = ChinaTime.FromUnix(h.HourEndUnix);
            var edition = AqiEditions.ForDate(ChinaTime.DayOfHourEnd(h.HourEndUnix));
            var result = HourlyAqi.Compute(edition, new HourlyInputs(h.SO2, h.NO2, h.PM10, h.CO, h.O3, h.PM25));
            (Pollutant P, decimal? V)[] values = [(Pollutant.PM25, h.PM25), (Pollutant.PM10, h.PM10), (Pollutant.SO2, h.SO2), (Pollutant.NO2, h.NO2), (Pollutant.O3, h.O3), (Pollutant.CO, h.CO)];
            return new CityHourDto(time, time.ToUniversalTime(), h.Aqi, LevelOf(h.Aqi), Split(h.PrimaryPollutants), h.Edition, h.Stations,
                values.Where(v => pollutants is null || pollutants.Contains(v.P))
                    .Select(v => new ValueDto(Pollutants.Code(v.P), Pollutants.Code(v.P), "1h", v.V, Pollutants.Unit(v.P), null, IaqiOf(result, v.P)))
                    .ToList());
        }).ToList();

    public AssessmentDto CityAssessment(int year, int? month)
    {
        var (from, to) = Period(year, month);
        // Today and the signature first, the days after: days read later are never older than the signature kept with them.
        var today = ChinaTime.Today(_time);
        var signature = _yearSignature?.Invoke(year);
        return Kept(year, month, today, signature) ?? Assess(year, month, from, to, CityDays(from, to), today, signature);
    }

    /// <summary>
    /// The city's assessment of <paramref name="year"/>, then of each of <paramref name="months"/>, from one read of the
    /// year's days: for each the same as <see cref="CityAssessment"/> (a month's days are the year's days in that month).
    /// For the callers that show a year with its months (the year page, the assessment archives).
    /// </summary>
    public IReadOnlyList<AssessmentDto> CityAssessmentWithMonths(int year, IEnumerable<int> months)
    {
        var (from, to) = Period(year, null);
        var today = ChinaTime.Today(_time);
        var signature = _yearSignature?.Invoke(year);
        var periods = months.Select(m => (int?)m).Prepend(null).ToList();
        var kept = periods.Select(m => Kept(year, m, today, signature)).ToList();
        if (kept.All(k => k is not null))
        {
            return kept.Select(k => k!).ToList();
        }

        var days = CityDays(from, to);
        var result = new List<AssessmentDto> { Assess(year, null, from, to, days, today, signature) };
        foreach (var month in periods.Skip(1))
        {
            var (first, last) = Period(year, month);
            result.Add(Assess(year, month, first, last, days.Where(d => d.Date >= first && d.Date <= last).ToList(), today, signature));
        }

        return result;
    }

    /// <summary>The first and last day of a year, or of a month of it; a year or month out of range is refused.</summary>
    private static (DateOnly From, DateOnly To) Period(int year, int? month)
    {
        if (year is < 2000 or > 2100)
        {
            throw new BadParameterException("year", $"year {year} is out of range");
        }

        if (month is < 1 or > 12)
        {
            throw new BadParameterException("month", $"month {month} must be 1–12");
        }

        var from = new DateOnly(year, month ?? 1, 1);
        return (from, month is not null ? from.AddMonths(1).AddDays(-1) : new DateOnly(year, 12, 31));
    }

    private List<DayRecord> CityDays(DateOnly from, DateOnly to) =>
        _store.Days(AirQualityStore.CityArea, from, to)
            .Select(d => new DayRecord(d.Date, d.SO2, d.NO2, d.PM10, d.CO, d.PM25, d.O3_8hMax, d.O3_1hMax, d.Aqi))
            .ToList();

    /// <summary>
    /// The last assessment of each period on each day (Asia/Shanghai) with the days it was computed from. An assessment
    /// is a function of its period, the days read, today's date and the plan's targets (fixed for the process), so the
    /// same days give the same answer: the year page in each language and the yearly archives, all of one data version,
    /// compute it once. Keyed by the days as read, never by a data version (a read replica may answer from another);
    /// with the signature of the year's stored hours when they were read (<see cref="_yearSignature"/>), which lets a
    /// caller that finds the same signature skip reading the days (<see cref="Kept"/>).
    /// </summary>
    private readonly System.Collections.Concurrent.ConcurrentDictionary<(int Year, int? Month, DateOnly Today), (List<DayRecord> Days, string? Signature, AssessmentDto Result)> _assessed = new();

    /// <summary>The assessment kept for this period and day when the year's stored hours have the same signature as when its days were read, else null.</summary>
    private AssessmentDto? Kept(int year, int? month, DateOnly today, string? signature) =>
        signature is not null && _assessed.TryGetValue((year, month, today), out var memo) && memo.Signature == signature ? memo.Result : null;

    private AssessmentDto Assess(int year, int? month, DateOnly from, DateOnly to, List<DayRecord> days, DateOnly today, string? signature)
    {
        if (_assessed.TryGetValue((year, month, today), out var memo) && SameDays(memo.Days, days))
        {
            if (memo.Signature != signature)
            {
                _assessed[(year, month, today)] = memo with { Signature = signature };
            }

            return memo.Result;
        }

        var complete = to < today;
        // A period in progress is assessed on the days so far (and reported as not complete).
        DateOnly? asOf = complete ? null : today.AddDays(-1);
        var a = month is { } mm ? PeriodAssessment.ForMonth(year, mm, days, asOf) : PeriodAssessment.ForYear(year, days, asOf);

        PlanTargetDto? plan = null;
        if (month is null && _targets.For(year) is { } target)
        {
            var pm25 = a.Statistics.FirstOrDefault(s => s.Pollutant == Pollutant.PM25 && s.Statistic == "annualMean");
            // A year without enough valid days (GB 3095: 324, and every month's minimum) has no assessable result.
            var sufficient = pm25?.Coverage.Sufficient == true;
            plan = new PlanTargetDto(_targets.Document, target.Pm25AnnualMean, target.GoodDaysRatioPercent,
                Compare(pm25?.Value, target.Pm25AnnualMean, lowerIsBetter: true, complete, sufficient),
                Compare(a.GoodDaysRatioPercent, target.GoodDaysRatioPercent, lowerIsBetter: false, complete, sufficient));
        }

        var result = new AssessmentDto(AirQualityStore.CityArea, year, month, from, to, complete,
            a.Statistics.Select(s => new StatisticDto(Pollutants.Code(s.Pollutant), s.Statistic, s.Value, s.Unit,
                new CoverageDto(s.Coverage.Valid, s.Coverage.Expected, s.Coverage.Required, s.Coverage.Sufficient))).ToList(),
            a.ValidAqiDays, a.ExpectedDays, a.GoodDays, a.GoodDaysRatioPercent,
            AqiLevels.All.Select(l => new LevelDaysDto(l.Number, l.NameZh, l.NameEn, a.DaysPerLevel.GetValueOrDefault(l.Number))).ToList(),
            a.CompositeIndex, a.CompositeIndexComplete, plan,
            "根据实时发布数据（未经审核）计算的估算值，非官方考核结果。Estimated from real-time (unreviewed) data; not the official assessment.",
            "HJ 663: 城市日均值 = 各评价点日均值（GB 3095 有效性）的算术平均；年均值 = 有效日均值的算术平均；CO 取日均值第95百分位，O3 取日最大8小时平均第90百分位；优良天数比例 = AQI≤100 天数 / 有效天数。City daily value = arithmetic mean of the stations' valid daily values; annual mean = mean of valid daily values; CO 95th percentile of daily means; O3 90th percentile of daily max 8-h means; good-days ratio = days with AQI ≤ 100 / days with a valid AQI.");
        if (_assessed.Count >= 512)
        {
            // Periods of many days (dates move on): start over rather than grow.
            _assessed.Clear();
        }

        _assessed[(year, month, today)] = (days, signature, result);
        return result;
    }

    /// <summary>The same days with the same values, each decimal to its scale (1.0 and 1.00 print differently).</summary>
    private static bool SameDays(List<DayRecord> a, List<DayRecord> b)
    {
        if (a.Count != b.Count)
        {
            return false;
        }

        static bool Same(decimal? x, decimal? y) => x == y && (x is not { } v || v.Scale == y!.Value.Scale);
        for (var i = 0; i < a.Count; i++)
        {
            var (p, q) = (a[i], b[i]);
            if (p.Date != q.Date || p.Aqi != q.Aqi || !Same(p.SO2, q.SO2) || !Same(p.NO2, q.NO2) || !Same(p.PM10, q.PM10) || !Same(p.CO, q.CO)
                || !Same(p.PM25, q.PM25) || !Same(p.O3_8hMax, q.O3_8hMax) || !Same(p.O3_1hMax, q.O3_1hMax))
            {
                return false;
            }
        }

        return true;
    }

    private static string? Compare(decimal? measured, decimal? target, bool lowerIsBetter, bool complete, bool sufficient)
    {
        if (measured is not { } m || target is not { } t)
        {
            return null;
        }

        if (complete && !sufficient)
        {
            return "数据不足，无法评价 insufficient data to assess";
        }

        var met = lowerIsBetter ? m <= t : m >= t;
        return (met, complete) switch
        {
            (true, true) => "达标 met",
            (false, true) => "未达标 not met",
            (true, false) => "进行中，目前达标 on track",
            (false, false) => "进行中，目前未达标 off track",
        };
    }

    private static HourDto Hour(StationHourRow row, IReadOnlySet<Pollutant>? pollutants)
    {
        var time = ChinaTime.FromUnix(row.HourEndUnix);
        var edition = AqiEditions.ForDate(ChinaTime.DayOfHourEnd(row.HourEndUnix));
        var v = row.Values;
        var result = HourlyAqi.Compute(edition, HourlyInputsOf(v));
        var published = v[PublishedTypes.Aqi] is { } p ? (int)p : (int?)null;
        return new HourDto(row.Station, time, time.ToUniversalTime(), result.Aqi, published, Level(result.Level),
            result.PrimaryPollutants.Select(Pollutants.Code).ToList(), result.ExceedingPollutants.Select(Pollutants.Code).ToList(),
            result.Capped, AqiEditions.Name(edition), row.Version, row.Source, Values(v, pollutants, result));
    }

    /// <summary>The inputs of the hourly AQI from a stored hour's values (indexed like <see cref="PublishedTypes.All"/>).</summary>
    internal static HourlyInputs HourlyInputsOf(decimal?[] v) => new(
        v[PublishedTypes.SO2], v[PublishedTypes.NO2], v[PublishedTypes.PM10], v[PublishedTypes.CO], v[PublishedTypes.O3], v[PublishedTypes.PM25],
        v[PublishedTypes.O3_8h], v[PublishedTypes.PM10_24h], v[PublishedTypes.PM25_24h], v[PublishedTypes.SO2_24h]);

    private static List<ValueDto> Values(decimal?[] values, IReadOnlySet<Pollutant>? pollutants, AqiResult? result)
    {
        var list = new List<ValueDto>();
        for (var i = 1; i < PublishedTypes.Count; i++)
        {
            var type = PublishedTypes.All[i];
            if (type.Pollutant is not { } p || (pollutants is not null && !pollutants.Contains(p)))
            {
                continue;
            }

            int? iaqi = result is not null && type.Period == "1h" ? IaqiOf(result, p) : null;
            list.Add(new ValueDto(Pollutants.Code(p), type.Code, type.Period, values[i], type.Unit, null, iaqi));
        }

        return list;
    }

    /// <summary>The IAQI that the AQI computation used for a pollutant (the largest of its indicators).</summary>
    private static int? IaqiOf(AqiResult result, Pollutant p)
    {
        int? best = null;
        foreach (var (indicator, value) in result.Iaqi)
        {
            if (IndicatorPollutant(indicator) == p && (best is null || value > best))
            {
                best = value;
            }
        }

        return best;
    }

    internal static Pollutant IndicatorPollutant(AqiIndicator indicator) => indicator switch
    {
        AqiIndicator.SO2_1h or AqiIndicator.SO2_24h => Pollutant.SO2,
        AqiIndicator.NO2_1h or AqiIndicator.NO2_24h => Pollutant.NO2,
        AqiIndicator.PM10_24h => Pollutant.PM10,
        AqiIndicator.PM25_24h => Pollutant.PM25,
        AqiIndicator.CO_1h or AqiIndicator.CO_24h => Pollutant.CO,
        _ => Pollutant.O3,
    };

    private static DayDto Day(DayRow d, bool station)
    {
        var required = station ? Validity.MinHoursForDailyMean : 1;
        var o38Required = station ? Validity.MinWindowsForO3DailyMax8h : 1;
        List<DayValueDto> values =
        [
            new("PM2.5", "24h", d.PM25, Pollutants.Unit(Pollutant.PM25), d.PM25Count, required),
            new("PM10", "24h", d.PM10, Pollutants.Unit(Pollutant.PM10), d.PM10Count, required),
            new("SO2", "24h", d.SO2, Pollutants.Unit(Pollutant.SO2), d.SO2Count, required),
            new("NO2", "24h", d.NO2, Pollutants.Unit(Pollutant.NO2), d.NO2Count, required),
            new("O3", "max-8h", d.O3_8hMax, Pollutants.Unit(Pollutant.O3), d.O3_8hCount, o38Required),
            new("O3", "max-1h", d.O3_1hMax, Pollutants.Unit(Pollutant.O3), d.O3_1hCount, required),
            new("CO", "24h", d.CO, Pollutants.Unit(Pollutant.CO), d.COCount, required),
        ];
        return new DayDto(d.Area, d.Date, d.Aqi, LevelOf(d.Aqi), Split(d.PrimaryPollutants), d.Edition, values);
    }

    private static string[] Split(string? csv) => csv is null ? [] : csv.Split(',');

    public static LevelDto? LevelOf(int? aqi) => aqi is { } a ? Level(AqiLevels.For(a)) : null;

    public static LevelDto? Level(AqiLevel? level) =>
        level is null ? null : new LevelDto(level.Number, level.NameZh, level.NameEn, level.GradeZh, level.Hex);
}
