using Public.Web.AirQuality;
using Public.Web.Contract;
using Public.Web.Disclosures;
using Public.Web.Enterprises;
using Public.Web.Penalties;
using Public.Web.Plan;
using Public.Web.SelfMonitoring;
using Public.Web.Warnings;

namespace Public.Web.Bulk;

/// <summary>A warning event with the warning it belongs to.</summary>
public sealed record WarningEventRow(WarningDto Warning, WarningEventDto Event);

/// <summary>A reduction-list entry with its list.</summary>
public sealed record ReductionEntryRow(ReductionListDto List, ReductionEntryDto Entry);

/// <summary>An outlet with its enterprise.</summary>
public sealed record OutletRow(Enterprise Enterprise, Outlet Outlet);

/// <summary>A self-monitoring record (CEMS hour or day, manual result) with the enterprise and outlet it comes from.</summary>
public sealed record OutletRecordRow<T>(Enterprise Enterprise, Outlet Outlet, T Record);

/// <summary>
/// The wide tables of the record datasets (everything but the air-quality series): each is the API's record flattened
/// by <see cref="WideTable{T}.Flatten{TPart}"/> — every column named, typed and described by the record's contract
/// declarations, nested records as prefixed columns, lists of records as JSON cells — plus the columns that say which
/// warning, list, enterprise or outlet a row belongs to (read from those records' declarations too).
/// </summary>
public static class RecordTables
{
    public static WideTable<AssessmentDto> Assessments { get; } = WideTable.Of<AssessmentDto>()
        .Flatten(a => a).Key("from", "to");

    public static WideTable<WarningDto> Warnings { get; } = WideTable.Of<WarningDto>()
        .Flatten(w => w).Key("id");

    public static WideTable<WarningEventRow> WarningEvents { get; } = WideTable.Of<WarningEventRow>()
        .Field(r => r.Warning, "id", "warningId")
        .Flatten(r => r.Event)
        .Key("warningId", "seq").References("warningId", "warnings", "id");

    public static WideTable<ReductionEntryRow> ReductionEntries { get; } = WideTable.Of<ReductionEntryRow>()
        .Field(r => r.List, "title", "listTitle")
        .Field(r => r.List, "validFrom", "listValidFrom")
        .Field(r => r.List, "validTo", "listValidTo")
        .Flatten(r => r.Entry)
        .Key("listId", "levelCode", "uscc");

    public static WideTable<PenaltyDto> Penalties { get; } = WideTable.Of<PenaltyDto>()
        .Flatten(p => p).Key("id");

    /// <summary>An enterprise without its outlets: they are the outlets dataset, one row each.</summary>
    public static WideTable<Enterprise> Enterprises { get; } = WideTable.Of<Enterprise>()
        .Flatten(e => e, null, "outlets").Key("creditCode");

    public static WideTable<OutletRow> Outlets { get; } = WideTable.Of<OutletRow>()
        .Field(r => r.Enterprise, "creditCode")
        .Flatten(r => r.Outlet, "outlet")
        .Key("creditCode", "outletCode").References("creditCode", "enterprises", "creditCode");

    public static WideTable<OutletRecordRow<HourlyEmissionDto>> CemsHours { get; } = Outlet<HourlyEmissionDto>()
        .Column("time", FieldKind.DateTime, "数据时间（北京时间）", "The data logger's DataTime read as Asia/Shanghai time (HJ 212 loggers send local time), with its offset.",
            r => new DateTimeOffset(r.Record.DataTime, Infrastructure.ChinaTime.Offset))
        .Flatten(r => r.Record)
        .Key("creditCode", "outletCode", "pollutant", "time");

    public static WideTable<OutletRecordRow<DailyEmissionDto>> CemsDays { get; } = Outlet<DailyEmissionDto>()
        .Flatten(r => r.Record)
        .Key("creditCode", "outletCode", "pollutant", "date");

    public static WideTable<OutletRecordRow<ManualResultDto>> ManualResults { get; } = Outlet<ManualResultDto>()
        .Flatten(r => r.Record)
        .Key("creditCode", "outletCode", "pollutant", "samplingDate", "reportNumber");

    public static WideTable<DisclosureDto> Disclosures { get; } = WideTable.Of<DisclosureDto>()
        .Flatten(d => d).Key("id");

    public static WideTable<StatementDto> Statements { get; } = WideTable.Of<StatementDto>()
        .Flatten(s => s).Key("id");

    public static WideTable<PlanMeasureTargetDto> PlanTargets { get; } = WideTable.Of<PlanMeasureTargetDto>()
        .Flatten(t => t).Key("id");

    public static WideTable<PlanProgressReportDto> PlanReports { get; } = WideTable.Of<PlanProgressReportDto>()
        .Flatten(r => r).Key("id");

    private static WideTable<OutletRecordRow<T>> Outlet<T>() => WideTable.Of<OutletRecordRow<T>>()
        .Field(r => r.Enterprise, "creditCode")
        .Field(r => r.Outlet, "code", "outletCode");
}
