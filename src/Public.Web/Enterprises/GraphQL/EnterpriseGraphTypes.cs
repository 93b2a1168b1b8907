using System.Globalization;
using GraphQL;
using GraphQL.DataLoader;
using GraphQL.Types;
using Public.Standards.Emissions;
using Public.Web.Contract;
using Public.Web.GraphQL;
using Public.Web.SelfMonitoring;

namespace Public.Web.Enterprises.GraphQL;

/// <summary>An enterprise of the registry (REST /api/v1/enterprises/{creditCode}); its outlets come with it, so a page of N costs no extra read.</summary>
internal sealed class EnterpriseGraphType : DeclaredObjectGraphType<Enterprise>
{
    public EnterpriseGraphType()
    {
        Field<OutletGraphType>("outlet")
            .Description("单个排放口 / One outlet by its code; null when the enterprise has no such outlet.")
            .Argument<NonNullGraphType<StringGraphType>>("code", "排放口编号 / Outlet code, e.g. DA001.")
            .Resolve(c => c.Source.Outlets.FirstOrDefault(o => o.Code == c.GetArgument<string>("code")));
    }
}

/// <summary>An outlet; its self-monitoring series are batched across outlets.</summary>
internal sealed class OutletGraphType : DeclaredObjectGraphType<Outlet>
{
    public OutletGraphType()
    {
        this.Connection<HourlyEmissionGraphType, Outlet>("hourly",
                "小时监测数据 / Hourly self-monitoring values of one pollutant (REST …/outlets/{outletCode}/hourly): measured, flag, O2, corrected to the reference O2, " +
                "the limit in force and exceedance. " + SelfMonitoringQueries.Label + " / " + SelfMonitoringQueries.LabelEn + ". At most 366 days per request; default the last 7 days.")
            .Argument<NonNullGraphType<StringGraphType>>("pollutant", "污染物代码 / HJ 212 code, e.g. a21026 (SO2), a21002 (NOx), a34013 (particulate).")
            .Argument<LocalDateGraphType>("from", "起始日 / First day (DataTime as sent, local time), inclusive.")
            .Argument<LocalDateGraphType>("to", "结束日 / Last day, inclusive.")
            .Resolve(c => EnterpriseLoaders.Hourly(c, c.Source));
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<DataRateMonthGraphType>>>>("dataRate")
            .Description("逐月有效数据率 / Effective data rate of each month of a year: hours with a value flagged N / hours of the month (REST …/outlets/{outletCode}/data-rate).")
            .Argument<NonNullGraphType<StringGraphType>>("pollutant", "污染物代码 / HJ 212 code, e.g. a21026.")
            .Argument<NonNullGraphType<IntGraphType>>("year", "年份 / Year, 2000–2100.")
            .Resolve(c => EnterpriseLoaders.DataRate(c, c.Source));
    }
}

/// <summary>One hour of self-monitoring, with the label that says what the data are (the CSV's label column).</summary>
internal sealed class HourlyEmissionGraphType : DeclaredObjectGraphType<HourlyEmissionDto>
{
    public HourlyEmissionGraphType()
    {
        Field<NonNullGraphType<StringGraphType>>("label").Description("数据性质 / Always \"" + SelfMonitoringQueries.Label + "\" (the CSV's label column).").Resolve(_ => SelfMonitoringQueries.Label);
    }
}

/// <summary>
/// A month's data rate. Written by hand: <see cref="EffectiveDataRate"/> is a record of Public.Standards, which
/// knows nothing of the web contract's declarations.
/// </summary>
internal sealed class DataRateMonthGraphType : ObjectGraphType<EffectiveDataRate>
{
    public DataRateMonthGraphType()
    {
        Name = "DataRateMonth";
        Description = "月有效数据率 / The effective data rate of an outlet's pollutant in one month (" + SelfMonitoringQueries.Label + ").";
        Field<NonNullGraphType<IntGraphType>>("year").Description("年 / Year.").Resolve(c => c.Source.Year);
        Field<NonNullGraphType<IntGraphType>>("month").Description("月 / Month, 1–12.").Resolve(c => c.Source.Month);
        Field<NonNullGraphType<IntGraphType>>("expectedHours").Description("应有小时数 / Days of the month × 24.").Resolve(c => c.Source.ExpectedHours);
        Field<NonNullGraphType<IntGraphType>>("validHours").Description("有效小时数 / Hours with a value flagged N.").Resolve(c => c.Source.ValidHours);
        Field<NonNullGraphType<DecimalGraphType>>("rate").Description("有效数据率 / validHours ÷ expectedHours, 0–1.").Resolve(c => c.Source.Rate);
        Field<NonNullGraphType<StringGraphType>>("label").Description("数据性质 / Always \"" + SelfMonitoringQueries.Label + "\".").Resolve(_ => SelfMonitoringQueries.Label);
    }
}

/// <summary>The registry filters (REST /api/v1/enterprises parameters), typed.</summary>
internal sealed class EnterpriseListFilter
{
    public string? District { get; set; }

    public string? Industry { get; set; }

    public int? ListYear { get; set; }

    public string? Search { get; set; }

    /// <summary>Through the REST parser, so that both APIs apply the same checks and name the same parameter.</summary>
    public EnterpriseFilter Parse() => EnterpriseQueries.ParseFilter(District, Industry, ListYear?.ToString(CultureInfo.InvariantCulture), Search);
}

internal sealed class EnterpriseFilterGraphType : InputObjectGraphType<EnterpriseListFilter>
{
    public EnterpriseFilterGraphType()
    {
        Name = "EnterpriseFilter";
        Description = "重点排污单位筛选 / Which enterprises (the REST /api/v1/enterprises parameters). Parts combine with AND.";
        Field<StringGraphType>("district").Description("区县 / District, exact, e.g. 太和区.");
        Field<StringGraphType>("industry").Description("行业 / Industry, exact, e.g. 火力发电.");
        Field<IntGraphType>("listYear").Description("名录年份 / On the key-polluter list of this year (REST year).");
        Field<StringGraphType>("search").Description("搜索 / Part of the name (any case) or of the credit code, at most 100 characters (REST search).");
    }
}

/// <summary>
/// The series of outlets through per-request batch loaders keyed by MN and pollutant: the hourly series (or data
/// rates) of every outlet asked in one request with the same dates (or year) cost one store read together.
/// </summary>
internal static class EnterpriseLoaders
{
    public static IDataLoaderResult<Connection> Hourly(IResolveFieldContext context, Outlet outlet)
    {
        var queries = context.Service<SelfMonitoringQueries>();
        var pollutant = SelfMonitoringQueries.Pollutant(outlet, context.GetArgument<string>("pollutant"));
        var (from, to) = queries.Range(Text(context.GetArgument<DateOnly?>("from")), Text(context.GetArgument<DateOnly?>("to")));
        // first/after checked now, so a bad value fails before anything is loaded.
        var first = Paging.First(context.GetArgument<int?>("first"));
        var after = context.GetArgument<string?>("after");
        _ = Paging.Start(after);
        var series = Register(context, outlet, pollutant);
        return context.Request()
            .Loader(string.Create(CultureInfo.InvariantCulture, $"outletHourly|{from:yyyy-MM-dd}|{to:yyyy-MM-dd}"), keys => queries.Hourly(Resolve(series, keys), from, to))
            .Load(SelfMonitoringQueries.SeriesKey(outlet.Mn, pollutant.Code), rows => Paging.Slice(rows ?? [], first, after));
    }

    public static IDataLoaderResult<IReadOnlyList<EffectiveDataRate>> DataRate(IResolveFieldContext context, Outlet outlet)
    {
        var queries = context.Service<SelfMonitoringQueries>();
        var pollutant = SelfMonitoringQueries.Pollutant(outlet, context.GetArgument<string>("pollutant"));
        var year = SelfMonitoringQueries.Year(context.GetArgument<int>("year").ToString(CultureInfo.InvariantCulture));
        var series = Register(context, outlet, pollutant);
        return context.Request()
            .Loader(string.Create(CultureInfo.InvariantCulture, $"outletDataRate|{year}"), keys => queries.DataRate(Resolve(series, keys), year))
            .Load(SelfMonitoringQueries.SeriesKey(outlet.Mn, pollutant.Code), rows => rows ?? []);
    }

    /// <summary>Remembers, for this request, which outlet and pollutant a loader key stands for.</summary>
    private static System.Collections.Concurrent.ConcurrentDictionary<string, OutletSeries> Register(IResolveFieldContext context, Outlet outlet, OutletPollutant pollutant)
    {
        var series = context.Request().Once("outletSeries", () => new System.Collections.Concurrent.ConcurrentDictionary<string, OutletSeries>(StringComparer.Ordinal));
        var s = new OutletSeries(outlet, pollutant);
        series.TryAdd(s.Key, s);
        return series;
    }

    private static List<OutletSeries> Resolve(System.Collections.Concurrent.ConcurrentDictionary<string, OutletSeries> series, IReadOnlyCollection<string> keys) =>
        keys.Select(k => series[k]).ToList();

    private static string? Text(DateOnly? date) => date?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
