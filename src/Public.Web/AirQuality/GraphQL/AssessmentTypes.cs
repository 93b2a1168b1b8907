using GraphQL;
using GraphQL.Types;
using Public.Web.GraphQL;

namespace Public.Web.AirQuality.GraphQL;

internal sealed class AssessmentGraphType : ObjectGraphType<AssessmentDto>
{
    public AssessmentGraphType()
    {
        Name = "Assessment";
        Description = "环境空气质量评价（HJ 663）/ City assessment of a year or month: statistics with coverage, good-days ratio, days per level, " +
            "composite index, and the action plan's target for the year (REST /city/assessment/{year}[/{month}]). Estimated from real-time data, not the official result.";
        Field<NonNullGraphType<StringGraphType>>("area").Description("区域 / Always \"city\".").Resolve(c => c.Source.Area);
        Field<NonNullGraphType<IntGraphType>>("year").Description("年份 / Year.").Resolve(c => c.Source.Year);
        Field<IntGraphType>("month").Description("月份 / Month 1–12; null for a year.").Resolve(c => c.Source.Month);
        Field<NonNullGraphType<AssessmentPeriodGraphType>>("period").Description("评价时段 / YEAR or MONTH.")
            .Resolve(c => c.Source.Month is null ? AssessmentPeriod.Year : AssessmentPeriod.Month);
        Field<NonNullGraphType<LocalDateGraphType>>("from").Description("起始日期 / First day of the period.").Resolve(c => c.Source.From);
        Field<NonNullGraphType<LocalDateGraphType>>("to").Description("结束日期 / Last day of the period.").Resolve(c => c.Source.To);
        Field<NonNullGraphType<BooleanGraphType>>("complete").Description("时段已结束 / False while the period is in progress (assessed on the days so far).").Resolve(c => c.Source.Complete);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<StatisticGraphType>>>>("statistics").Description("统计量 / HJ 663 statistics with their coverage.").Resolve(c => c.Source.Statistics);
        Field<NonNullGraphType<IntGraphType>>("validAqiDays").Description("有效天数 / Days with a valid daily AQI.").Resolve(c => c.Source.ValidAqiDays);
        Field<NonNullGraphType<IntGraphType>>("expectedDays").Description("应有天数 / Days in the period (so far).").Resolve(c => c.Source.ExpectedDays);
        Field<NonNullGraphType<IntGraphType>>("goodDays").Description("优良天数 / Days with AQI ≤ 100.").Resolve(c => c.Source.GoodDays);
        Field<DecimalGraphType>("goodDaysRatioPercent").Description("优良天数比例（%）/ goodDays ÷ validAqiDays, percent.").Resolve(c => c.Source.GoodDaysRatioPercent);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<LevelDaysGraphType>>>>("daysPerLevel").Description("各级别天数 / Days in each AQI level.").Resolve(c => c.Source.DaysPerLevel);
        Field<DecimalGraphType>("compositeIndex").Description("综合指数 / Composite air quality index (HJ 663).").Resolve(c => c.Source.CompositeIndex);
        Field<NonNullGraphType<BooleanGraphType>>("compositeIndexComplete").Description("综合指数完整 / Whether every statistic of the index had sufficient data.").Resolve(c => c.Source.CompositeIndexComplete);
        Field<AssessmentPlanTargetGraphType>("planTarget").Description("行动方案目标 / The action plan's target for the year and whether it is met (years only).").Resolve(c => c.Source.PlanTarget);
        Field<NonNullGraphType<StringGraphType>>("basis").Description("依据 / What the values are based on (real-time, unreviewed data).").Resolve(c => c.Source.Basis);
        Field<NonNullGraphType<StringGraphType>>("method").Description("方法 / How the statistics are computed.").Resolve(c => c.Source.Method);
    }
}

internal sealed class StatisticGraphType : ObjectGraphType<StatisticDto>
{
    public StatisticGraphType()
    {
        Name = "Statistic";
        Description = "评价统计量 / One HJ 663 statistic of a pollutant with its coverage.";
        Field<NonNullGraphType<StringGraphType>>("pollutant").Description("污染物 / CNEMC pollutant code.").Resolve(c => c.Source.Pollutant);
        Field<NonNullGraphType<StringGraphType>>("statistic").Description("统计量 / e.g. annualMean, percentile95, percentile90.").Resolve(c => c.Source.Statistic);
        Field<DecimalGraphType>("value").Description("数值 / The value; null without data.").Resolve(c => c.Source.Value);
        Field<NonNullGraphType<StringGraphType>>("unit").Description("单位 / Unit: µg/m³, CO in mg/m³.").Resolve(c => c.Source.Unit);
        Field<NonNullGraphType<CoverageGraphType>>("coverage").Description("数据覆盖 / Valid, expected and required days.").Resolve(c => c.Source.Coverage);
    }
}

internal sealed class CoverageGraphType : ObjectGraphType<CoverageDto>
{
    public CoverageGraphType()
    {
        Name = "Coverage";
        Description = "数据覆盖 / How many valid days a statistic rests on, against the days expected and the GB 3095 minimum.";
        Field<NonNullGraphType<IntGraphType>>("valid").Description("有效天数 / Valid days.").Resolve(c => c.Source.Valid);
        Field<NonNullGraphType<IntGraphType>>("expected").Description("应有天数 / Days in the period (so far).").Resolve(c => c.Source.Expected);
        Field<NonNullGraphType<IntGraphType>>("required").Description("最少天数 / Minimum valid days (324 a year, 27 a month, 25 in February).").Resolve(c => c.Source.Required);
        Field<NonNullGraphType<BooleanGraphType>>("sufficient").Description("数据充分 / Whether valid ≥ required.").Resolve(c => c.Source.Sufficient);
    }
}

internal sealed class LevelDaysGraphType : ObjectGraphType<LevelDaysDto>
{
    public LevelDaysGraphType()
    {
        Name = "LevelDays";
        Description = "级别天数 / Days of a period in one AQI level.";
        Field<NonNullGraphType<IntGraphType>>("level").Description("级别序号 / Level 1–6.").Resolve(c => c.Source.Level);
        Field<NonNullGraphType<StringGraphType>>("name").Description("级别名称 / Chinese name.").Resolve(c => c.Source.Name);
        Field<NonNullGraphType<StringGraphType>>("nameEn").Description("英文名称 / English name.").Resolve(c => c.Source.NameEn);
        Field<NonNullGraphType<IntGraphType>>("days").Description("天数 / Days.").Resolve(c => c.Source.Days);
    }
}

internal sealed class AssessmentPlanTargetGraphType : ObjectGraphType<PlanTargetDto>
{
    public AssessmentPlanTargetGraphType()
    {
        Name = "AssessmentPlanTarget";
        Description = "行动方案目标对照 / The action plan's (锦政发〔2018〕33号) target for the year and the status of the assessment against it.";
        Field<NonNullGraphType<StringGraphType>>("document").Description("文件 / The plan document.").Resolve(c => c.Source.Document);
        Field<DecimalGraphType>("pm25AnnualMean").Description("PM2.5 年均浓度目标 / Target PM2.5 annual mean, µg/m³.").Resolve(c => c.Source.Pm25AnnualMean);
        Field<DecimalGraphType>("goodDaysRatioPercent").Description("优良天数比例目标 / Target good-days ratio, percent.").Resolve(c => c.Source.GoodDaysRatioPercent);
        Field<StringGraphType>("pm25Status").Description("PM2.5 达标情况 / met, not met, on track, off track, or insufficient data.").Resolve(c => c.Source.Pm25Status);
        Field<StringGraphType>("goodDaysStatus").Description("优良天数达标情况 / Status of the good-days ratio against its target.").Resolve(c => c.Source.GoodDaysStatus);
    }
}

/// <summary>The root <c>city</c> object: the city series and assessments.</summary>
internal sealed record CityInfo(string Name, string NameEn);

internal sealed class CityGraphType : ObjectGraphType<CityInfo>
{
    public CityGraphType()
    {
        Name = "City";
        Description = "城市 / The city: its series (mean of the assessment stations 城市评价点) and its HJ 663 assessments.";
        Field<NonNullGraphType<StringGraphType>>("name").Description("城市名称 / Name (Chinese).").Resolve(c => c.Source.Name);
        Field<NonNullGraphType<StringGraphType>>("nameEn").Description("英文名称 / Name in English.").Resolve(c => c.Source.NameEn);
        this.Connection<StationGraphType, CityInfo>("stations", "城市评价点 / The stations whose mean is the city value.")
            .Resolve(c =>
            {
                var queries = c.Service<AirQualityQueries>();
                return c.Page(queries.Registry.CityStations.Select(s => AirQualityQueries.Describe(s, null)).ToList());
            });
        this.Connection<CityHourGraphType, CityInfo>("hourly", "城市小时序列 / City hourly series (REST /city/hourly).")
            .Argument<HourFilterGraphType>("filter", "筛选 / Dates (default the last 7 days with data) and pollutants.")
            .Resolve(c =>
            {
                var filter = c.GetArgument<SeriesFilter?>("filter") ?? new SeriesFilter();
                var (from, to) = StationSeries.Range(c, filter, 7, AirQualityQueries.HourlyMaxDays);
                var (first, after) = StationSeries.PageArguments(c);
                return Paging.Slice(c.Service<AirQualityQueries>().CityHourly(from, to, filter.PollutantSet), first, after);
            });
        this.Connection<DayGraphType, CityInfo>("daily", "城市日序列 / City daily series (REST /city/daily).")
            .Argument<DayFilterGraphType>("filter", "筛选 / Dates (default the last 30 days with data), pollutants, minimum category.")
            .Resolve(c =>
            {
                var filter = c.GetArgument<SeriesFilter?>("filter") ?? new SeriesFilter();
                var (from, to) = StationSeries.Range(c, filter, 30, AirQualityQueries.DailyMaxDays);
                var (first, after) = StationSeries.PageArguments(c);
                return Paging.Slice(StationSeries.FilterDays(c.Service<AirQualityQueries>().CityDaily(from, to), filter), first, after);
            });
        Field<NonNullGraphType<AssessmentGraphType>>("assessment")
            .Description("评价 / The assessment of a year, or of a month of it (REST /city/assessment/{year}[/{month}]).")
            .Argument<NonNullGraphType<IntGraphType>>("year", "年份 / Year, 2000–2100.")
            .Argument<IntGraphType>("month", "月份 / Month 1–12; omit for the year.")
            .Resolve(c => c.Service<AirQualityQueries>().CityAssessment(c.GetArgument<int>("year"), c.GetArgument<int?>("month")));
        this.Connection<AssessmentGraphType, CityInfo>("assessments", "评价列表 / The assessments of a year: the year itself (YEAR) or each of its months (MONTH).")
            .Argument<NonNullGraphType<IntGraphType>>("year", "年份 / Year, 2000–2100.")
            .Argument<NonNullGraphType<AssessmentPeriodGraphType>>("period", "评价时段 / YEAR or MONTH.")
            .Resolve(c =>
            {
                var queries = c.Service<AirQualityQueries>();
                var year = c.GetArgument<int>("year");
                var (first, after) = StationSeries.PageArguments(c);
                var list = c.GetArgument<AssessmentPeriod>("period") == AssessmentPeriod.Year
                    ? [queries.CityAssessment(year, null)]
                    : Enumerable.Range(1, 12).Select(m => queries.CityAssessment(year, m)).ToList();
                return Paging.Slice(list, first, after);
            });
    }
}
