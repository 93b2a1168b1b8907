using System.Globalization;
using GraphQL.Types;
using Public.Web.GraphQL;

namespace Public.Web.Penalties.GraphQL;

/// <summary>The penalty types as an enum (the type filter); its values are the REST codes, which outputs keep.</summary>
internal sealed class PenaltyTypeGraphType : EnumerationGraphType
{
    public PenaltyTypeGraphType()
    {
        Name = "PenaltyType";
        Description = "处罚种类 / Penalty type (行政处罚种类). Output fields give the REST code string (fine, daily, stop-production, …).";
        Add("FINE", PenaltyTypes.Fine, "罚款（含按日连续处罚）/ Fine, daily continuous penalties included (环境保护法 第五十九条).");
        Add("DAILY", PenaltyTypes.Daily, "按日连续处罚 / Daily continuous penalty.");
        Add("STOP_PRODUCTION", PenaltyTypes.StopProduction, "责令停产整治 / Order to stop production.");
        Add("LIMIT_PRODUCTION", PenaltyTypes.LimitProduction, "责令限制生产 / Order to limit production.");
        Add("SEAL_UP", PenaltyTypes.SealUp, "查封、扣押 / Seal-up or seizure.");
        Add("CONFISCATION", PenaltyTypes.Confiscation, "没收违法所得、非法财物 / Confiscation.");
        Add("WARNING", PenaltyTypes.Warning, "警告 / Warning.");
    }
}

internal sealed class PenaltyStatsByGraphType : EnumerationGraphType
{
    public PenaltyStatsByGraphType()
    {
        Name = "PenaltyStatsBy";
        Description = "统计分组 / What penalty statistics are grouped by (REST by=year|district|industry|violation).";
        Add("YEAR", PenaltyStatsBy.Year, "按年份 / By year of the decision date.");
        Add("DISTRICT", PenaltyStatsBy.District, "按区县 / By district as published.");
        Add("INDUSTRY", PenaltyStatsBy.Industry, "按行业 / By industry as published.");
        Add("VIOLATION", PenaltyStatsBy.Violation, "按违法类型 / By violation category.");
    }
}

/// <summary>
/// The REST list filters, typed. Amounts are the <c>Decimal</c> scalar: JSON numbers written from the exact
/// decimal (as REST writes them), read into a decimal without passing through a binary float; at most two
/// decimals, as REST requires.
/// </summary>
internal sealed class PenaltyListFilter
{
    public DateOnly? From { get; set; }

    public DateOnly? To { get; set; }

    public string? District { get; set; }

    public string? Industry { get; set; }

    public string? Violation { get; set; }

    public List<string>? Type { get; set; }

    public decimal? MinAmount { get; set; }

    public decimal? MaxAmount { get; set; }

    public string? Party { get; set; }

    /// <summary>Through the REST parser, so that both APIs apply the same checks and name the same parameter.</summary>
    public PenaltyFilter Parse() => PenaltyQueries.ParseFilter(Date(From), Date(To), District, Industry, Violation,
        Type is { Count: > 0 } t ? string.Join(',', t) : null, Amount(MinAmount), Amount(MaxAmount), Party);

    private static string? Date(DateOnly? date) => date?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    // The decimal's own text keeps its scale (100000.125 stays three decimals and is refused by name).
    private static string? Amount(decimal? amount) => amount?.ToString(CultureInfo.InvariantCulture);
}

internal sealed class PenaltyFilterGraphType : InputObjectGraphType<PenaltyListFilter>
{
    public PenaltyFilterGraphType()
    {
        Name = "PenaltyFilter";
        Description = "处罚筛选 / Which decisions (the REST /api/v1/penalties parameters). Parts combine with AND, the types with OR.";
        Field<LocalDateGraphType>("from").Description("起始日期 / First decision date, inclusive.");
        Field<LocalDateGraphType>("to").Description("结束日期 / Last decision date, inclusive.");
        Field<StringGraphType>("district").Description("区县 / District as published, exact, e.g. 太和区.");
        Field<StringGraphType>("industry").Description("行业 / Industry as published, exact.");
        Field<StringGraphType>("violation").Description("违法类型 / Violation category, exact.");
        Field<ListGraphType<NonNullGraphType<PenaltyTypeGraphType>>>("type").Description("处罚种类 / Any of these types (FINE includes daily continuous penalties).");
        Field<DecimalGraphType>("minAmount").Description("最低罚款（元）/ Least fineTotal in CNY, inclusive: at least 0, at most two decimals.");
        Field<DecimalGraphType>("maxAmount").Description("最高罚款（元）/ Most fineTotal in CNY, inclusive: at least 0, at most two decimals.");
        Field<StringGraphType>("party").Description("当事人 / A unified social credit code (exact, checked per GB 32100-2015), or part of the party's name.");
    }
}
