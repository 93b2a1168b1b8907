using System.ComponentModel;
using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Public.Standards.Identifiers;
using Public.Web.Api;
using Public.Web.Infrastructure;

namespace Public.Web.Enterprises;

public sealed record EnterpriseListQuery(
    [property: Description("District (区县), exact name, e.g. 太和区")][FromQuery(Name = "district")] string? District,
    [property: Description("Industry, exact name, e.g. 火力发电")][FromQuery(Name = "industry")] string? Industry,
    [property: Description("List year: enterprises on the key-polluter list of that year")][FromQuery(Name = "year")] string? Year,
    [property: Description("Search text: part of the name (any case) or of the credit code")][FromQuery(Name = "search")] string? Search,
    [property: Description("json (default) or csv")][FromQuery(Name = "format")] string? Format,
    [property: Description("Page number, from 1")][FromQuery(Name = "page")] string? Page,
    [property: Description("Rows per page (max 1000)")][FromQuery(Name = "limit")] string? Limit);

/// <summary>REST endpoints of the key-polluter registry under <c>/api/v1/enterprises</c>.</summary>
internal static class EnterprisesApi
{
    public const string RealSource = "锦州市重点排污单位名录及排污许可信息 / Jinzhou key-polluter list (重点排污单位名录) and permit information";
    public const string Units = "排放限值单位 mg/m³（标态干烟气，按排放口基准氧含量折算）；高度 m；坐标 WGS-84 / Limits in mg/m³ (dry flue gas at standard conditions, at the outlet's reference O2); heights in m; coordinates WGS-84";

    public static IEndpointRouteBuilder MapEnterprisesApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v1").WithTags("Key polluters 重点排污单位");
        group.MapGet("/enterprises", List).WithName("ListEnterprises")
            .WithSummary("重点排污单位名录（可筛选，可导出 CSV）Enterprises on the key-polluter list, by district, industry and list year");
        group.MapGet("/enterprises/{creditCode}", Get).WithName("GetEnterprise")
            .WithSummary("单个重点排污单位及其排放口 One enterprise with its outlets and limits");
        group.MapGet("/enterprises/{creditCode}/outlets", Outlets).WithName("ListEnterpriseOutlets")
            .WithSummary("排放口、监测方式与排放限值 An enterprise's outlets, monitoring and limits (CSV: one row per outlet and pollutant)");
        group.MapGet("/enterprises/{creditCode}/versions", Versions).WithName("ListEnterpriseVersions")
            .WithSummary("名录记录的全部版本（含变更原因）Every version of an enterprise's registry record: recorded time, import batch, source file and line, changed fields");
        return routes;
    }

    public static Meta Meta(MetaFactory factory, int? page = null, int? limit = null, int? found = null)
    {
        var meta = factory.Create(page, limit, found);
        return meta with { Source = meta.Demo ? meta.Source : RealSource, Units = Units };
    }

    private static IResult List([AsParameters] EnterpriseListQuery q, HttpRequest request, EnterpriseQueries queries, MetaFactory meta) => Problems.Guard(() =>
    {
        var filter = EnterpriseQueries.ParseFilter(q.District, q.Industry, q.Year, q.Search);
        var csv = QueryParameters.WantsCsv(request, q.Format);
        var (page, limit) = QueryParameters.Paging(q.Page, q.Limit, csv ? QueryParameters.MaxLimit : QueryParameters.DefaultLimit);
        var items = queries.Window(filter, (page - 1) * limit, limit, out var found);
        return csv
            ? Results.File(Csv.Write(items, EnterpriseColumns), Csv.ContentType, "enterprises.csv")
            : Results.Ok(new ListResponse<Enterprise>(Meta(meta, page, limit, found), items));
    });

    private static IResult Get(string creditCode, EnterpriseStore store, MetaFactory meta) => Problems.Guard(() =>
        Results.Ok(new ItemResponse<Enterprise>(Meta(meta), Find(creditCode, store))));

    private static IResult Outlets(string creditCode, [FromQuery(Name = "format")] string? format, HttpRequest request, EnterpriseStore store, MetaFactory meta) => Problems.Guard(() =>
    {
        var enterprise = Find(creditCode, store);
        if (QueryParameters.WantsCsv(request, format))
        {
            var rows = enterprise.Outlets.SelectMany(o => o.Pollutants.Select(p => (Outlet: o, Pollutant: p)));
            return Results.File(Csv.Write(rows, OutletColumns(enterprise.CreditCode)), Csv.ContentType, $"outlets-{enterprise.CreditCode}.csv");
        }

        return Results.Ok(new ListResponse<Outlet>(Meta(meta, 1, enterprise.Outlets.Count, enterprise.Outlets.Count), enterprise.Outlets));
    });

    private static IResult Versions(string creditCode, [FromQuery(Name = "format")] string? format, HttpRequest request, EnterpriseStore store, MetaFactory meta) => Problems.Guard(() =>
    {
        Find(creditCode, store);
        var versions = store.Versions(creditCode);
        if (QueryParameters.WantsCsv(request, format))
        {
            return Results.File(Csv.Write(versions, VersionColumns), Csv.ContentType, $"enterprise-versions-{creditCode}.csv");
        }

        var m = Meta(meta, 1, versions.Count, versions.Count);
        return Results.Ok(new ListResponse<EnterpriseVersion>(m with { Units = m.Units + "；recordedAt 为 UTC / recordedAt in UTC" }, versions));
    });

    private static readonly (string, Func<EnterpriseVersion, string?>)[] VersionColumns =
    [
        ("version", v => v.Version.ToString(CultureInfo.InvariantCulture)), ("recordedAt", v => v.RecordedAt),
        ("batchId", v => v.BatchId?.ToString(CultureInfo.InvariantCulture)), ("source", v => v.Source),
        ("sourceLine", v => v.SourceLine?.ToString(CultureInfo.InvariantCulture)), ("reason", v => v.Reason),
        ("name", v => v.Enterprise.Name), ("industry", v => v.Enterprise.Industry), ("district", v => v.Enterprise.District),
        ("listYears", v => string.Join(' ', v.Enterprise.ListEntries.Select(l => string.Create(CultureInfo.InvariantCulture, $"{l.Year}:{l.Category}")))),
        ("outlets", v => v.Enterprise.Outlets.Count.ToString(CultureInfo.InvariantCulture)),
    ];

    /// <summary>The enterprise with this code: 400 naming what is wrong with a malformed code, 404 for an unknown one.</summary>
    public static Enterprise Find(string creditCode, EnterpriseStore store)
    {
        var check = UnifiedSocialCreditCode.Validate(creditCode);
        if (!check.IsValid)
        {
            throw new BadParameterException("creditCode", "bad credit code (GB 32100-2015): " + check.Message);
        }

        return store.Get(creditCode) ?? throw new NotFoundException("creditCode", $"no enterprise with credit code {creditCode} in the registry");
    }

    private static string? Number(decimal? value) => value?.ToString(CultureInfo.InvariantCulture);

    private static string? Number(double? value) => value?.ToString("R", CultureInfo.InvariantCulture);

    private static readonly (string, Func<Enterprise, string?>)[] EnterpriseColumns =
    [
        ("creditCode", e => e.CreditCode), ("name", e => e.Name), ("industry", e => e.Industry), ("district", e => e.District),
        ("address", e => e.Address), ("latitude", e => Number(e.Latitude)), ("longitude", e => Number(e.Longitude)),
        ("permitNumber", e => e.PermitNumber),
        ("listYears", e => string.Join(' ', e.ListEntries.Select(l => string.Create(CultureInfo.InvariantCulture, $"{l.Year}:{l.Category}")))),
        ("outlets", e => e.Outlets.Count.ToString(CultureInfo.InvariantCulture)),
        ("automaticOutlets", e => e.Outlets.Count(o => o.Monitoring == Outlet.Automatic).ToString(CultureInfo.InvariantCulture)),
    ];

    private static (string, Func<(Outlet Outlet, OutletPollutant Pollutant), string?>)[] OutletColumns(string creditCode) =>
    [
        ("creditCode", _ => creditCode), ("outletCode", r => r.Outlet.Code), ("outletName", r => r.Outlet.Name), ("type", r => r.Outlet.Type),
        ("heightM", r => Number(r.Outlet.HeightM)), ("latitude", r => Number(r.Outlet.Latitude)), ("longitude", r => Number(r.Outlet.Longitude)),
        ("monitoring", r => r.Outlet.Monitoring), ("requiredFrequency", r => r.Outlet.RequiredFrequency), ("mn", r => r.Outlet.Mn),
        ("emissionStandard", r => r.Outlet.EmissionStandard), ("referenceOxygen", r => Number(r.Outlet.ReferenceOxygen)),
        ("pollutant", r => r.Pollutant.Code), ("limitMgPerM3", r => Number(r.Pollutant.Limit)),
        ("specialLimitMgPerM3", r => Number(r.Pollutant.SpecialLimit)),
        ("specialLimitsFrom", r => r.Outlet.SpecialLimitsFrom?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)),
    ];
}

/// <summary>The registry's services and demo seeding, so that Composition needs one line each.</summary>
internal static class EnterprisesModule
{
    public static IServiceCollection AddEnterprises(this IServiceCollection services)
    {
        services.AddSingleton<EnterpriseStore>();
        services.AddSingleton(sp => new EnterpriseQueries(sp.GetRequiredService<EnterpriseStore>()));
        services.AddSingleton<Public.Web.SelfMonitoring.CemsBatchReads>();
        services.AddSingleton(sp => new Public.Web.SelfMonitoring.SelfMonitoringQueries(sp.GetRequiredService<EnterpriseStore>(),
            sp.GetRequiredService<Public.Web.SelfMonitoring.CemsStore>(), sp.GetRequiredService<Public.Web.SelfMonitoring.CemsBatchReads>(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<EnterpriseImporter>();
        services.AddSingleton<DemoEnterpriseSeeder>();
        services.AddSingleton<Public.Web.SelfMonitoring.CemsStore>();
        services.AddSingleton<Public.Web.SelfMonitoring.EmissionSummaryQueries>();
        services.AddSingleton<Public.Web.SelfMonitoring.ManualResultStore>();
        services.AddSingleton<Public.Web.SelfMonitoring.ManualMonitoringImporter>();
        services.AddSingleton<Public.Web.SelfMonitoring.DemoManualResultSeeder>();
        services.AddSingleton<Public.Web.SelfMonitoring.Hj212Importer>();
        services.AddSingleton<Public.Web.SelfMonitoring.Hj212Listener>();
        services.AddSingleton<Public.Web.SelfMonitoring.DemoCemsSeeder>();
        services.AddHostedService(sp => sp.GetRequiredService<Public.Web.SelfMonitoring.Hj212Listener>());
        return services;
    }

    /// <summary>The demo enterprises, then their demo CEMS data.</summary>
    public static void SeedDemoEnterprises(this IServiceProvider services)
    {
        services.GetRequiredService<DemoEnterpriseSeeder>().EnsureSeeded();
        services.GetRequiredService<Public.Web.SelfMonitoring.DemoCemsSeeder>().EnsureSeeded();
        services.GetRequiredService<Public.Web.SelfMonitoring.DemoManualResultSeeder>().EnsureSeeded();
    }
}
