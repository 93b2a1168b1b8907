using System.ComponentModel;
using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Public.Standards.Identifiers;
using Public.Web.Api;
using Public.Web.Contract;
using Public.Web.Infrastructure;
using Public.Web.Infrastructure.Publication;

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
        var group = routes.MapGroup("/api/v1").WithTags(OpenApiTags.KeyPolluters);
        group.MapGet("/enterprises", List).WithName("ListEnterprises")
            .WithSummary("重点排污单位名录（可筛选，可导出 CSV）Enterprises on the key-polluter list, by district, industry and list year").ListOf<Enterprise>(EnterpriseCsv);
        group.MapGet("/enterprises/{creditCode}", Get).WithName("GetEnterprise")
            .WithSummary("单个重点排污单位及其排放口 One enterprise with its outlets and limits").ItemOf<Enterprise>();
        group.MapGet("/enterprises/{creditCode}/outlets", Outlets).WithName("ListEnterpriseOutlets")
            .WithSummary("排放口、监测方式与排放限值 An enterprise's outlets, monitoring and limits (CSV: one row per outlet and pollutant)").ListOf<Outlet>(OutletCsv);
        group.MapGet("/enterprises/{creditCode}/versions", Versions).WithName("ListEnterpriseVersions")
            .WithSummary("名录记录的全部版本（含变更原因）Every version of an enterprise's registry record: recorded time, import batch, source file and line, changed fields").ListOf<EnterpriseVersion>(VersionCsv);
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
            ? Results.File(EnterpriseCsv.Write(items), Csv.ContentType, "enterprises.csv")
            : Results.Ok(new ListResponse<Enterprise>(Meta(meta, page, limit, found), items));
    });

    private static IResult Get(string creditCode, EnterpriseQueries queries, MetaFactory meta) => Problems.Guard(() =>
        Results.Ok(new ItemResponse<Enterprise>(Meta(meta), queries.Get(creditCode))));

    private static IResult Outlets(string creditCode, [FromQuery(Name = "format")] string? format, HttpRequest request, EnterpriseStore store, MetaFactory meta) => Problems.Guard(() =>
    {
        var enterprise = Find(creditCode, store);
        if (QueryParameters.WantsCsv(request, format))
        {
            var rows = enterprise.Outlets.SelectMany(o => o.Pollutants.Select(p => (enterprise, o, p)));
            return Results.File(OutletCsv.Write(rows), Csv.ContentType, $"outlets-{enterprise.CreditCode}.csv");
        }

        return Results.Ok(new ListResponse<Outlet>(Meta(meta, 1, enterprise.Outlets.Count, enterprise.Outlets.Count), enterprise.Outlets));
    });

    private static IResult Versions(string creditCode, [FromQuery(Name = "format")] string? format, HttpRequest request, EnterpriseStore store, MetaFactory meta) => Problems.Guard(() =>
    {
        Find(creditCode, store);
        // Each version's content carries that version's place in the transparency log.
        var stored = store.Versions(creditCode);
        var log = LogRefs.Read(store.Database, PublishedDatasets.Enterprises, stored, v => [v.Enterprise.CreditCode], v => v.Version);
        var versions = stored.Select(v => v with { Enterprise = v.Enterprise with { Log = log.Of([v.Enterprise.CreditCode], v.Version) } }).ToList();
        if (QueryParameters.WantsCsv(request, format))
        {
            return Results.File(VersionCsv.Write(versions), Csv.ContentType, $"enterprise-versions-{creditCode}.csv");
        }

        var m = Meta(meta, 1, versions.Count, versions.Count);
        return Results.Ok(new ListResponse<EnterpriseVersion>(m with { Units = m.Units + "；recordedAt 为 UTC / recordedAt in UTC" }, versions));
    });

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

    // ---- CSV layouts: contract fields; list years and outlet counts are computed columns ----

    private static string ListYears(Enterprise e) =>
        string.Join(' ', e.ListEntries.Select(l => string.Create(CultureInfo.InvariantCulture, $"{l.Year}:{l.Category}")));

    private const string ListYearsZh = "列入名录的年份与类别（年份:类别，空格分隔）";
    private const string ListYearsEn = "Years on the key-polluter list with the category, as year:category pairs, space-separated";

    private static readonly CsvLayout<Enterprise> EnterpriseCsv = CsvLayout.Of<Enterprise>()
        .Fields("creditCode", "name", "industry", "district", "address", "latitude", "longitude", "permitNumber")
        .Column("listYears", ListYearsZh, ListYearsEn, ListYears)
        .Column("outlets", "排放口数", "Number of outlets", e => e.Outlets.Count)
        .Column("automaticOutlets", "自动监测排放口数", "Number of outlets with automatic monitoring (CEMS)", e => e.Outlets.Count(o => o.Monitoring == Outlet.Automatic));

    private static readonly CsvLayout<EnterpriseVersion> VersionCsv = CsvLayout.Of<EnterpriseVersion>()
        .Fields("version", "recordedAt", "batchId", "source", "sourceLine", "reason")
        .Field("enterprise.name", name: "name")
        .Field("enterprise.industry", name: "industry")
        .Field("enterprise.district", name: "district")
        .Column("listYears", ListYearsZh, ListYearsEn, v => ListYears(v.Enterprise))
        .Column("outlets", "排放口数", "Number of outlets", v => v.Enterprise.Outlets.Count);

    /// <summary>One row per outlet and pollutant.</summary>
    private static readonly CsvLayout<(Enterprise E, Outlet O, OutletPollutant P)> OutletCsv = CsvLayout.Of<(Enterprise E, Outlet O, OutletPollutant P)>()
        .Field(r => r.E, "creditCode")
        .Field(r => r.O, "code", name: "outletCode")
        .Field(r => r.O, "name", name: "outletName")
        .Fields(r => r.O, "type", "heightM", "latitude", "longitude", "monitoring", "requiredFrequency", "mn", "emissionStandard", "referenceOxygen")
        .Field(r => r.P, "code", name: "pollutant")
        .Field(r => r.P, "limit", name: "limitMgPerM3")
        .Field(r => r.P, "specialLimit", name: "specialLimitMgPerM3")
        .Field(r => r.O, "specialLimitsFrom");
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
