using System.Globalization;
using GraphQL.Types;
using Public.Standards.Warnings;
using Public.Web.GraphQL;

namespace Public.Web.Warnings.GraphQL;

/// <summary>
/// The warning levels as an enum (inputs). Outputs give the level object of REST, whose <c>code</c> is the REST
/// string and whose <c>value</c> is this enum.
/// </summary>
internal sealed class WarningLevelGraphType : EnumerationGraphType
{
    public WarningLevelGraphType()
    {
        Name = "WarningLevel";
        Description = "预警级别 / Heavy-pollution warning level (重污染天气预警), from the least to the most severe. REST codes: blue, yellow, orange, red.";
        Add("BLUE", WarningLevel.Blue, "蓝色预警（Ⅳ级）/ Blue warning (grade IV); only in older or configured schemes.");
        Add("YELLOW", WarningLevel.Yellow, "黄色预警（Ⅲ级）/ Yellow warning (grade III).");
        Add("ORANGE", WarningLevel.Orange, "橙色预警（Ⅱ级）/ Orange warning (grade II).");
        Add("RED", WarningLevel.Red, "红色预警（Ⅰ级）/ Red warning (grade I), the most severe.");
    }
}

/// <summary>The statuses of a warning at the time of the request; the enum's values are the REST codes.</summary>
internal sealed class WarningStatusGraphType : EnumerationGraphType
{
    public WarningStatusGraphType()
    {
        Name = "WarningStatus";
        Description = "预警状态 / Status of a warning now. Output fields give the REST code string (active, scheduled, lifted, expired).";
        Add("ACTIVE", "active", "生效中 / In force now: issued, not lifted, not past the end it announced.");
        Add("SCHEDULED", "scheduled", "待生效 / Issued to take effect later.");
        Add("LIFTED", "lifted", "已解除 / Ended by a lift notice (解除).");
        Add("EXPIRED", "expired", "已到期 / Ended at the end its last notice announced, without a lift.");
    }
}

/// <summary>The REST list filters (level, from, to, status), typed.</summary>
internal sealed class WarningListFilter
{
    public List<WarningLevel>? Level { get; set; }

    public DateOnly? From { get; set; }

    public DateOnly? To { get; set; }

    public List<string>? Status { get; set; }

    /// <summary>Through the REST parser, so that both APIs apply the same checks and name the same parameter.</summary>
    public WarningFilter Parse() => WarningQueries.ParseFilter(
        Level is { Count: > 0 } l ? string.Join(',', l.Select(WarningLevels.Code)) : null,
        Text(From), Text(To),
        Status is { Count: > 0 } s ? string.Join(',', s) : null);

    public static string? Text(DateOnly? date) => date?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}

internal sealed class WarningFilterGraphType : InputObjectGraphType<WarningListFilter>
{
    public WarningFilterGraphType()
    {
        Name = "WarningFilter";
        Description = "预警筛选 / Which warnings (REST /api/v1/warnings parameters): highest level, a period they were in force during, status.";
        Field<ListGraphType<NonNullGraphType<WarningLevelGraphType>>>("level")
            .Description("最高级别 / Keep warnings whose HIGHEST level is one of these (a yellow warning upgraded to orange counts as orange).");
        Field<LocalDateGraphType>("from").Description("起始日期 / Warnings in force at any time on or after this local date.");
        Field<LocalDateGraphType>("to").Description("结束日期 / Warnings in force at any time on or before this local date.");
        Field<ListGraphType<NonNullGraphType<WarningStatusGraphType>>>("status").Description("状态 / Keep warnings with one of these statuses now.");
    }
}

/// <summary>The consistency view's period (REST from, to).</summary>
internal sealed class ConsistencyPeriod
{
    public DateOnly? From { get; set; }

    public DateOnly? To { get; set; }
}

internal sealed class ConsistencyFilterGraphType : InputObjectGraphType<ConsistencyPeriod>
{
    public ConsistencyFilterGraphType()
    {
        Name = "ConsistencyFilter";
        Description = "对比时段 / The period of the consistency view (REST /api/v1/warnings/consistency): default the 365 days up to today, at most 3,660 days.";
        Field<LocalDateGraphType>("from").Description("起始日期 / First local date (default 365 days before to).");
        Field<LocalDateGraphType>("to").Description("结束日期 / Last local date (default today).");
    }
}
