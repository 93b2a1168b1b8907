using System.Globalization;
using GraphQL;
using GraphQL.DataLoader;
using GraphQL.Types;
using Public.Standards.Emissions;
using Public.Web.GraphQL;
using Public.Web.SelfMonitoring;

namespace Public.Web.Enterprises.GraphQL;

/// <summary>An enterprise of the registry (REST /api/v1/enterprises/{creditCode}); its outlets come with it, so a page of N costs no extra read.</summary>
internal sealed class EnterpriseGraphType : ObjectGraphType<Enterprise>
{
    public EnterpriseGraphType()
    {
        Name = "Enterprise";
        Description = "重点排污单位 / An enterprise on the key-polluter list (重点排污单位名录), with its outlets and limits. Same fields as REST /api/v1/enterprises/{creditCode}.";
        Field<NonNullGraphType<StringGraphType>>("creditCode").Description("统一社会信用代码 / Unified social credit code (GB 32100-2015), the key.").Resolve(c => c.Source.CreditCode);
        Field<NonNullGraphType<StringGraphType>>("name").Description("单位名称 / Name.").Resolve(c => c.Source.Name);
        Field<NonNullGraphType<StringGraphType>>("industry").Description("行业 / Industry, exact name (the industry filter).").Resolve(c => c.Source.Industry);
        Field<NonNullGraphType<StringGraphType>>("district").Description("区县 / District, exact name (the district filter).").Resolve(c => c.Source.District);
        Field<StringGraphType>("address").Description("地址 / Address.").Resolve(c => c.Source.Address);
        Field<FloatGraphType>("latitude").Description("纬度 / Latitude, WGS-84 degrees.").Resolve(c => c.Source.Latitude);
        Field<FloatGraphType>("longitude").Description("经度 / Longitude, WGS-84 degrees.").Resolve(c => c.Source.Longitude);
        Field<StringGraphType>("permitNumber").Description("排污许可证编号 / Pollutant discharge permit number.").Resolve(c => c.Source.PermitNumber);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<EnterpriseListEntryGraphType>>>>("listEntries")
            .Description("名录年份与类别 / The years the enterprise is on the key-polluter list, with the category of each.").Resolve(c => c.Source.ListEntries);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<OutletGraphType>>>>("outlets")
            .Description("排放口 / The outlets, with monitoring, standard and limits (REST /api/v1/enterprises/{creditCode}/outlets).").Resolve(c => c.Source.Outlets);
        Field<OutletGraphType>("outlet")
            .Description("单个排放口 / One outlet by its code; null when the enterprise has no such outlet.")
            .Argument<NonNullGraphType<StringGraphType>>("code", "排放口编号 / Outlet code, e.g. DA001.")
            .Resolve(c => c.Source.Outlets.FirstOrDefault(o => o.Code == c.GetArgument<string>("code")));
    }
}

internal sealed class EnterpriseListEntryGraphType : ObjectGraphType<ListEntry>
{
    public EnterpriseListEntryGraphType()
    {
        Name = "EnterpriseListEntry";
        Description = "名录条目 / One year's entry of an enterprise on the key-polluter list.";
        Field<NonNullGraphType<IntGraphType>>("year").Description("名录年份 / Year of the list.").Resolve(c => c.Source.Year);
        Field<NonNullGraphType<StringGraphType>>("category").Description("类别 / Category: 大气, 水, 土壤, 噪声 or 其他.").Resolve(c => c.Source.Category);
    }
}

internal sealed class OutletGraphType : ObjectGraphType<Outlet>
{
    public OutletGraphType()
    {
        Name = "Outlet";
        Description = "排放口 / An outlet (排放口) of an enterprise: type, height, monitoring, emission standard, reference O2 and limits; its self-monitoring series are batched across outlets.";
        Field<NonNullGraphType<StringGraphType>>("code").Description("排放口编号 / Code, unique in the enterprise, e.g. DA001.").Resolve(c => c.Source.Code);
        Field<NonNullGraphType<StringGraphType>>("name").Description("名称 / Name.").Resolve(c => c.Source.Name);
        Field<NonNullGraphType<StringGraphType>>("type").Description("类型 / main (主要排放口) or general (一般排放口).").Resolve(c => c.Source.Type);
        Field<DecimalGraphType>("heightM").Description("高度（m）/ Height in metres.").Resolve(c => c.Source.HeightM);
        Field<FloatGraphType>("latitude").Description("纬度 / Latitude, WGS-84 degrees.").Resolve(c => c.Source.Latitude);
        Field<FloatGraphType>("longitude").Description("经度 / Longitude, WGS-84 degrees.").Resolve(c => c.Source.Longitude);
        Field<NonNullGraphType<StringGraphType>>("monitoring").Description("监测方式 / automatic (自动监测, CEMS) or manual (手工监测).").Resolve(c => c.Source.Monitoring);
        Field<NonNullGraphType<StringGraphType>>("requiredFrequency").Description("监测频次 / Required monitoring frequency as in the permit, e.g. 自动监测 or 每季度一次.").Resolve(c => c.Source.RequiredFrequency);
        Field<StringGraphType>("emissionStandard").Description("执行标准 / Emission standard, e.g. GB 13223-2011.").Resolve(c => c.Source.EmissionStandard);
        Field<DecimalGraphType>("referenceOxygen").Description("基准氧含量（%）/ Reference O2 in %, to which values are corrected.").Resolve(c => c.Source.ReferenceOxygen);
        Field<LocalDateGraphType>("specialLimitsFrom").Description("特别排放限值执行日期 / From this date the special limits replace the ordinary ones; null when none.").Resolve(c => c.Source.SpecialLimitsFrom);
        Field<StringGraphType>("mn").Description("数采仪 MN / HJ 212 device ID of the outlet's data logger; null for an outlet without one.").Resolve(c => c.Source.Mn);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<OutletPollutantGraphType>>>>("pollutants")
            .Description("监测污染物与限值 / The pollutants monitored, with limits in mg/m³ at the reference O2.").Resolve(c => c.Source.Pollutants);
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

internal sealed class OutletPollutantGraphType : ObjectGraphType<OutletPollutant>
{
    public OutletPollutantGraphType()
    {
        Name = "OutletPollutant";
        Description = "排放口监测污染物 / A pollutant monitored at an outlet, with its limits (mg/m³, dry flue gas at standard conditions, at the reference O2).";
        Field<NonNullGraphType<StringGraphType>>("code").Description("污染物代码 / HJ 212 code, e.g. a21026 (SO2).").Resolve(c => c.Source.Code);
        Field<DecimalGraphType>("limit").Description("排放限值（mg/m³）/ Ordinary limit in mg/m³.").Resolve(c => c.Source.Limit);
        Field<DecimalGraphType>("specialLimit").Description("特别排放限值（mg/m³）/ Special limit in mg/m³, in force from the outlet's specialLimitsFrom; null when none.").Resolve(c => c.Source.SpecialLimit);
    }
}

internal sealed class HourlyEmissionGraphType : ObjectGraphType<HourlyEmissionDto>
{
    public HourlyEmissionGraphType()
    {
        Name = "HourlyEmission";
        Description = "小时排放监测值 / One hour of an outlet's self-monitoring (" + SelfMonitoringQueries.Label + " / " + SelfMonitoringQueries.LabelEn + "). Concentrations in mg/m³, O2 in %.";
        Field<NonNullGraphType<StringGraphType>>("dataTime").Description("数据时间 / The data logger's DataTime as sent, local time (Asia/Shanghai) without offset, yyyy-MM-ddTHH:mm:ss, as in REST.")
            .Resolve(c => c.Source.DataTime.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture));
        Field<NonNullGraphType<StringGraphType>>("pollutant").Description("污染物代码 / HJ 212 code.").Resolve(c => c.Source.Pollutant);
        Field<NonNullGraphType<DecimalGraphType>>("measured").Description("实测浓度（mg/m³）/ Value as sent, mg/m³ at the measured O2.").Resolve(c => c.Source.Measured);
        Field<StringGraphType>("flag").Description("数据标记 / HJ 212 data flag: N normal, F stopped, M maintenance, S set, D fault, C calibration, T over range, B communication.").Resolve(c => c.Source.Flag);
        Field<DecimalGraphType>("oxygen").Description("含氧量（%）/ O2 of the same hour (a19001, flag N); null without one.").Resolve(c => c.Source.Oxygen);
        Field<DecimalGraphType>("referenceOxygen").Description("基准氧含量（%）/ The outlet's reference O2.").Resolve(c => c.Source.ReferenceOxygen);
        Field<DecimalGraphType>("corrected").Description("折算浓度（mg/m³）/ C = C′ × (21 − O2ref)/(21 − O2meas), three decimals; null without an O2 reading.").Resolve(c => c.Source.Corrected);
        Field<DecimalGraphType>("limit").Description("限值（mg/m³）/ The limit in force that day.").Resolve(c => c.Source.Limit);
        Field<NonNullGraphType<BooleanGraphType>>("specialLimit").Description("是否特别排放限值 / Whether the limit in force is the special limit.").Resolve(c => c.Source.SpecialLimit);
        Field<BooleanGraphType>("exceeded").Description("是否超标 / Corrected value strictly above the limit; judged only for flag N values with a corrected value, else null.").Resolve(c => c.Source.Exceeded);
        Field<DecimalGraphType>("multiple").Description("超标倍数 / Corrected value ÷ limit, three decimals, when exceeded; else null.").Resolve(c => c.Source.Multiple);
        Field<NonNullGraphType<StringGraphType>>("label").Description("数据性质 / Always \"" + SelfMonitoringQueries.Label + "\" (the CSV's label column).").Resolve(_ => SelfMonitoringQueries.Label);
    }
}

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
