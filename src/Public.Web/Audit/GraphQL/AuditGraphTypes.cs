using GraphQL;
using GraphQL.Types;
using Public.Web.Contract;
using Public.Web.Disclosures;
using Public.Web.GraphQL;

namespace Public.Web.Audit.GraphQL;

/// <summary>DataTime as sent (local time) as the DateTime scalar with the China offset.</summary>
internal static class LocalHour
{
    public static DateTimeOffset? Of(DateTime? time) => time is { } t ? new DateTimeOffset(t, TimeSpan.FromHours(8)) : null;
}

/// <summary>A disclosure report; the document that triggered a temporary report is given as two flat fields.</summary>
internal sealed class DisclosureGraphType() : DeclaredObjectGraphType<DisclosureDto>(new GraphFields<DisclosureDto>().Replace("trigger", (type, _) =>
{
    type.Field<StringGraphType>("triggerDecisionNumber").Description(ContractCatalog.Field<DisclosureTriggerDto>("decisionNumber").Doc!.Description)
        .Resolve(c => c.Source.Trigger?.DecisionNumber);
    type.Field<LocalDateGraphType>("triggerReceivedDate").Description(ContractCatalog.Field<DisclosureTriggerDto>("receivedDate").Doc!.Description)
        .Resolve(c => c.Source.Trigger?.ReceivedDate);
}));

/// <summary>An enterprise's statement; its period (DataTime as sent) is given with the China offset.</summary>
internal sealed class EnterpriseStatementGraphType() : DeclaredObjectGraphType<StatementDto>(new GraphFields<StatementDto>()
    .Resolve<OffsetDateTimeGraphType>("periodFrom", c => LocalHour.Of(c.Source.PeriodFrom))
    .Resolve<OffsetDateTimeGraphType>("periodTo", c => LocalHour.Of(c.Source.PeriodTo)));

/// <summary>An exceedance hour of the audit; its DataTime is given with the China offset.</summary>
internal sealed class AuditExceedanceHourGraphType() : DeclaredObjectGraphType<ExceedanceHourDto>(new GraphFields<ExceedanceHourDto>()
    .Resolve<NonNullGraphType<OffsetDateTimeGraphType>>("dataTime", c => LocalHour.Of(c.Source.DataTime)));

internal sealed class AuditStatusGraphType : EnumerationGraphType
{
    public AuditStatusGraphType()
    {
        Name = "AuditStatus";
        Description = "审计状态 / An audit status (the REST status filter); outputs keep the REST strings.";
        Add("LATE", AuditService.Statuses.Late, "逾期 / A report was late.");
        Add("MISSING", AuditService.Statuses.Missing, "缺失 / A report is missing.");
        Add("INCONSISTENT", AuditService.Statuses.Inconsistent, "不一致 / A consistency flag.");
        Add("INCOMPLETE", AuditService.Statuses.Incomplete, "内容不全 / Categories missing.");
        Add("LOW_DATA_RATE", AuditService.Statuses.LowDataRate, "数据率低于 90% / Data rate below 90 %.");
        Add("OK", AuditService.Statuses.Ok, "无问题 / Nothing found.");
    }
}

internal sealed class AuditQueryFields : IQueryFieldsContributor
{
    public void AddFields(ObjectGraphType query)
    {
        query.Field<DeclaredObjectGraphType<AuditDto>>("audit")
            .Description("企业年度信息披露审计 / One enterprise's audit for a year (REST /api/v1/audit/{creditCode}/{year}).")
            .Argument<NonNullGraphType<StringGraphType>>("creditCode", "统一社会信用代码 / Credit code.")
            .Argument<NonNullGraphType<IntGraphType>>("year", "年度 / Year, e.g. 2019.")
            .Resolve(c => c.Service<AuditService>().Get(c.GetArgument<string>("creditCode"),
                AuditService.ParseYear(c.GetArgument<int>("year").ToString(System.Globalization.CultureInfo.InvariantCulture))));
        query.Connection<DeclaredObjectGraphType<AuditRankingRowDto>, object?>("auditRanking", "信息披露审计排名 / The ranking of a year (REST /api/v1/audit), best score first.")
            .Argument<NonNullGraphType<IntGraphType>>("year", "年度 / Year.")
            .Argument<StringGraphType>("district", "区县 / District, exact name.")
            .Argument<StringGraphType>("industry", "行业 / Industry, exact name.")
            .Argument<ListGraphType<NonNullGraphType<AuditStatusGraphType>>>("status", "状态 / Rows with any of these statuses.")
            .Resolve(c =>
            {
                var year = AuditService.ParseYear(c.GetArgument<int>("year").ToString(System.Globalization.CultureInfo.InvariantCulture));
                var statuses = c.GetArgument<List<string>?>("status");
                return c.Page(AuditApi.Rows(c.Service<AuditService>(), year, c.GetArgument<string?>("district"), c.GetArgument<string?>("industry"),
                    statuses is { Count: > 0 } ? statuses.ToHashSet(StringComparer.Ordinal) : null));
            });
        query.Connection<DisclosureGraphType, object?>("disclosures", "企业的披露报告 / An enterprise's disclosure reports (REST /api/v1/enterprises/{creditCode}/disclosures).")
            .Argument<NonNullGraphType<StringGraphType>>("creditCode", "统一社会信用代码 / Credit code.")
            .Resolve(c =>
            {
                var enterprise = Enterprises.EnterprisesApi.Find(c.GetArgument<string>("creditCode"), c.Service<Enterprises.EnterpriseStore>());
                return c.Page(c.Service<DisclosureQueries>().Disclosures(enterprise.CreditCode,
                    DisclosuresApi.PenaltyIds(c.Service<Penalties.Store.PenaltyStore>(), enterprise.CreditCode)));
            });
        query.Connection<EnterpriseStatementGraphType, object?>("statements", "企业公开说明 / An enterprise's statements (REST /api/v1/enterprises/{creditCode}/statements).")
            .Argument<NonNullGraphType<StringGraphType>>("creditCode", "统一社会信用代码 / Credit code.")
            .Resolve(c =>
            {
                var enterprise = Enterprises.EnterprisesApi.Find(c.GetArgument<string>("creditCode"), c.Service<Enterprises.EnterpriseStore>());
                return c.Page(c.Service<DisclosureQueries>().Statements(enterprise.CreditCode));
            });
    }
}
