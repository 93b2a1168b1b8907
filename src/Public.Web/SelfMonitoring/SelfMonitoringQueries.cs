using System.Globalization;
using Public.Standards.Emissions;
using Public.Web.Api;
using Public.Web.Enterprises;
using Public.Web.Infrastructure;

namespace Public.Web.SelfMonitoring;

/// <summary>One outlet's pollutant whose series is asked for: the outlet (for its MN, reference O2 and special-limit date) and the pollutant.</summary>
public sealed record OutletSeries(Outlet Outlet, OutletPollutant Pollutant)
{
    /// <summary>The key of the series in the answers of the batched reads: MN and pollutant code.</summary>
    public string Key => SelfMonitoringQueries.SeriesKey(Outlet.Mn, Pollutant.Code);
}

/// <summary>
/// The one query service of self-monitoring (CEMS) data: REST, GraphQL and the site call these methods, so the
/// O2 correction, the limit in force and the exceedance rule live in one place. Single-outlet reads (REST) go
/// through <see cref="CemsStore"/>; reads of many outlets at once (a GraphQL page, an enterprise page) go
/// through <see cref="CemsBatchReads"/>, one statement for all of them.
/// </summary>
public sealed class SelfMonitoringQueries
{
    public const string Label = "企业自行监测数据，未经生态环境部门审核";
    public const string LabelEn = "Enterprise self-monitoring data, not reviewed by the environment authority";

    /// <summary>Longest range of one hourly series request, in days (REST and GraphQL).</summary>
    public const int MaxDays = 366;

    /// <summary>Days of an hourly series when neither from nor to is given.</summary>
    public const int DefaultDays = 7;

    private const string Oxygen = Hj212Importer.Oxygen;

    private readonly EnterpriseStore _enterprises;
    private readonly CemsStore _store;
    private readonly CemsBatchReads _batch;
    private readonly TimeProvider _time;

    internal SelfMonitoringQueries(EnterpriseStore enterprises, CemsStore store, CemsBatchReads batch, TimeProvider time)
    {
        _enterprises = enterprises;
        _store = store;
        _batch = batch;
        _time = time;
    }

    /// <summary>The enterprise, outlet and pollutant of a series request; each problem names its parameter (400/404).</summary>
    public (Enterprise Enterprise, Outlet Outlet, OutletPollutant Pollutant) Resolve(string creditCode, string outletCode, string? pollutantCode)
    {
        var enterprise = EnterprisesApi.Find(creditCode, _enterprises);
        var outlet = enterprise.Outlets.FirstOrDefault(o => o.Code == outletCode)
            ?? throw new NotFoundException("outletCode", $"{enterprise.Name} has no outlet {outletCode}");
        return (enterprise, outlet, Pollutant(outlet, pollutantCode));
    }

    /// <summary>The outlet's pollutant with this code, or a 400 naming the pollutants it does monitor.</summary>
    public static OutletPollutant Pollutant(Outlet outlet, string? pollutantCode)
    {
        if (string.IsNullOrWhiteSpace(pollutantCode))
        {
            throw new BadParameterException("pollutant", "name a pollutant code, e.g. pollutant=a21026");
        }

        return outlet.Pollutants.FirstOrDefault(p => p.Code == pollutantCode)
            ?? throw new BadParameterException("pollutant", $"outlet {outlet.Code} does not monitor {pollutantCode} (it monitors {string.Join(", ", outlet.Pollutants.Select(p => p.Code))})");
    }

    /// <summary>from/to of an hourly series: inclusive days, default the last <see cref="DefaultDays"/> days, at most <see cref="MaxDays"/>.</summary>
    public (DateOnly From, DateOnly To) Range(string? from, string? to) =>
        QueryParameters.DateRange(from, to, ChinaTime.Today(_time), DefaultDays, MaxDays);

    /// <summary>A year parameter: 2000 … 2100.</summary>
    public static int Year(string? text, string parameter = "year")
    {
        if (text is null || !int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var year) || year is < 2000 or > 2100)
        {
            throw new BadParameterException(parameter, $"{parameter} '{text}' must be a year such as 2019");
        }

        return year;
    }

    /// <summary>The hourly series of one outlet's pollutant, days <paramref name="from"/> … <paramref name="to"/> inclusive.</summary>
    public IReadOnlyList<HourlyEmissionDto> Hourly(Outlet outlet, OutletPollutant pollutant, DateOnly from, DateOnly to) =>
        outlet.Mn is null
            ? []
            : Series(_store.Series(outlet.Mn, [pollutant.Code, Oxygen], Start(from), Start(to.AddDays(1))), outlet, pollutant);

    /// <summary>The effective data rate of each month of <paramref name="year"/>: hours flagged N / hours of the month.</summary>
    public IReadOnlyList<EffectiveDataRate> DataRate(Outlet outlet, OutletPollutant pollutant, int year) =>
        Months(year, outlet.Mn is null ? [] : _store.ValidHoursByMonth(outlet.Mn, pollutant.Code, year));

    /// <summary>The hourly series of many outlets' pollutants over the same days, in one read, by <see cref="OutletSeries.Key"/>.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<HourlyEmissionDto>> Hourly(IReadOnlyCollection<OutletSeries> series, DateOnly from, DateOnly to)
    {
        var withMn = series.Where(s => s.Outlet.Mn is not null).ToList();
        var values = withMn.Count == 0
            ? []
            : _batch.Series(withMn.Select(s => s.Outlet.Mn!).Distinct().ToList(), withMn.Select(s => s.Pollutant.Code).Append(Oxygen).Distinct().ToList(),
                Start(from), Start(to.AddDays(1)));
        var byMn = values.GroupBy(v => v.Mn).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        var result = new Dictionary<string, IReadOnlyList<HourlyEmissionDto>>(StringComparer.Ordinal);
        foreach (var s in series)
        {
            result[s.Key] = s.Outlet.Mn is { } mn && byMn.TryGetValue(mn, out var own) ? Series(own, s.Outlet, s.Pollutant) : [];
        }

        return result;
    }

    /// <summary>The monthly data rates of many outlets' pollutants for one year, in one read, by <see cref="OutletSeries.Key"/>.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<EffectiveDataRate>> DataRate(IReadOnlyCollection<OutletSeries> series, int year)
    {
        var withMn = series.Where(s => s.Outlet.Mn is not null).ToList();
        var valid = withMn.Count == 0
            ? []
            : _batch.ValidHoursByMonth(withMn.Select(s => s.Outlet.Mn!).Distinct().ToList(), withMn.Select(s => s.Pollutant.Code).Distinct().ToList(), year);
        var result = new Dictionary<string, IReadOnlyList<EffectiveDataRate>>(StringComparer.Ordinal);
        foreach (var s in series)
        {
            result[s.Key] = Months(year, s.Outlet.Mn is { } mn && valid.TryGetValue((mn, s.Pollutant.Code), out var months) ? months : []);
        }

        return result;
    }

    /// <summary>The first and last DataTime with data of each outlet that has any, by MN.</summary>
    public IReadOnlyDictionary<string, (DateTime First, DateTime Last)> Spans(IEnumerable<Outlet> outlets)
    {
        var mns = outlets.Where(o => o.Mn is not null).Select(o => o.Mn!).Distinct().ToList();
        return mns.Count == 0 ? new Dictionary<string, (DateTime, DateTime)>() : _batch.Spans(mns);
    }

    /// <summary>
    /// The key of an outlet's pollutant in the batched answers. Outlets without an MN share the key "|code": they have
    /// no data, and every such series is empty (and its data rates zero) alike.
    /// </summary>
    public static string SeriesKey(string? mn, string pollutant) => (mn ?? "") + "|" + pollutant;

    private static DateTime Start(DateOnly day) => day.ToDateTime(TimeOnly.MinValue);

    private static List<EffectiveDataRate> Months(int year, IReadOnlyDictionary<string, int> valid) =>
        Enumerable.Range(1, 12).Select(m => EffectiveDataRate.For(year, m,
            valid.GetValueOrDefault(string.Create(CultureInfo.InvariantCulture, $"{year:D4}-{m:D2}")))).ToList();

    /// <summary>Joins each value with its hour's O2 and the limit in force on its day.</summary>
    internal static List<HourlyEmissionDto> Series(List<CemsValue> values, Outlet outlet, OutletPollutant pollutant)
    {
        var oxygen = values.Where(v => v.Pollutant == Oxygen && v.Flag is null or "N").ToDictionary(v => v.DataTime, v => v.Value);
        var limits = EmissionSummaryQueries.Limits(outlet, pollutant);

        var rows = new List<HourlyEmissionDto>();
        foreach (var v in values.Where(v => v.Pollutant == pollutant.Code))
        {
            decimal? o2 = oxygen.TryGetValue(v.DataTime, out var o) ? o : null;
            decimal? corrected = pollutant.Code == Oxygen || o2 is null || outlet.ReferenceOxygen is null
                ? null
                : OxygenCorrection.Correct(v.Value, o2.Value, outlet.ReferenceOxygen.Value);
            var limit = EmissionLimit.InForce(limits, DateOnly.FromDateTime(v.DataTime));
            bool? exceeded = corrected is { } c && limit is not null && v.Flag is null or "N" ? limit.IsExceededBy(c) : null;
            rows.Add(new HourlyEmissionDto(v.DataTime, v.Pollutant, v.Value, v.Flag, o2, outlet.ReferenceOxygen,
                corrected is { } r ? Math.Round(r, 3, MidpointRounding.ToEven) : null, limit?.LimitMgPerM3,
                limit is not null && limit.InForceFrom != DateOnly.MinValue,
                exceeded, exceeded == true ? Math.Round(limit!.Multiple(corrected!.Value), 3, MidpointRounding.ToEven) : null));
        }

        return rows;
    }
}
