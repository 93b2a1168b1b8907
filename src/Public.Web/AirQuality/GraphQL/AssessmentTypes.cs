using GraphQL;
using GraphQL.Types;
using Public.Web.Contract;
using Public.Web.GraphQL;

namespace Public.Web.AirQuality.GraphQL;

/// <summary>An HJ 663 assessment, with its period (year or month) as an enum value after the month.</summary>
internal sealed class AssessmentGraphType() : DeclaredObjectGraphType<AssessmentDto>(new GraphFields<AssessmentDto>().After("month", type =>
    type.Field<NonNullGraphType<AssessmentPeriodGraphType>>("period").Description("评价时段 / YEAR or MONTH.")
        .Resolve(c => c.Source.Month is null ? AssessmentPeriod.Year : AssessmentPeriod.Month)));

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
        this.Connection<DeclaredObjectGraphType<CityHourDto>, CityInfo>("hourly", "城市小时序列 / City hourly series (REST /city/hourly).")
            .Argument<HourFilterGraphType>("filter", "筛选 / Dates (default the last 7 days with data) and pollutants.")
            .Resolve(c =>
            {
                var filter = c.GetArgument<SeriesFilter?>("filter") ?? new SeriesFilter();
                var (from, to) = StationSeries.Range(c, filter, 7, AirQualityQueries.HourlyMaxDays);
                var (first, after) = StationSeries.PageArguments(c);
                return Paging.Slice(c.Service<AirQualityQueries>().CityHourly(from, to, filter.PollutantSet), first, after);
            });
        this.Connection<DeclaredObjectGraphType<DayDto>, CityInfo>("daily", "城市日序列 / City daily series (REST /city/daily).")
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
