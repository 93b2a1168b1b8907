using System.Text.Encodings.Web;
using System.Text.Unicode;
using Microsoft.Extensions.FileProviders;
using Microsoft.OpenApi;
using Public.Web.Api;
using Public.Web.GraphQL;
using Public.Web.AirQuality;
using Public.Web.AirQuality.Demo;
using Public.Web.AirQuality.Import;
using Public.Web.AirQuality.Stations;
using Public.Web.AirQuality.Store;
using Public.Web.Disclosures;
using Public.Web.Enterprises;
using Public.Web.Infrastructure;
using Public.Web.Penalties;
using Public.Web.Plan;
using Public.Web.Reference;
using Public.Web.SelfMonitoring;
using Public.Web.Serving;
using Public.Web.Site;
using Public.Web.Warnings;

namespace Public.Web;

/// <summary>Wiring only: which services exist and in which order the pipeline runs.</summary>
internal static class Composition
{
    public static void AddPublicServices(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        builder.AddServing();
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(sp =>
        {
            var config = sp.GetRequiredService<IConfiguration>();
            return new StoreOptions
            {
                Path = config["Store:Path"] is { Length: > 0 } p ? p : StoreOptions.DefaultPath,
                Demo = !string.Equals(config["Store:Demo"], "false", StringComparison.OrdinalIgnoreCase),
            };
        });
        services.AddSingleton(sp => new Database(sp.GetRequiredService<StoreOptions>().Path));
        services.AddSingleton(sp => ContentFiles.Locate(sp.GetRequiredService<IConfiguration>()["Content:Path"]));
        services.AddSingleton(sp => StationRegistry.Load(sp.GetRequiredService<ContentFiles>()));
        services.AddSingleton(sp => PlanTargets.From(sp.GetRequiredService<Public.Web.Plan.PlanContent>()));
        services.AddSingleton<AirQualityStore>();
        services.AddSingleton<CnemcImporter>();
        services.AddSingleton<DemoSeeder>();
        services.AddSingleton<MetaFactory>();
        services.AddSingleton(sp => new AirQualityQueries(
            sp.GetRequiredService<AirQualityStore>(), sp.GetRequiredService<StationRegistry>(),
            sp.GetRequiredService<PlanTargets>(), sp.GetRequiredService<TimeProvider>()));
        services.AddPenalties();
        services.AddWarnings();
        services.AddEnterprises();
        services.AddDisclosures();
        services.AddPlan();

        services.AddPublicGraphQL();
        // The website: Razor components rendered on the server only (static SSR, no interactivity, works without JavaScript).
        services.AddRazorComponents();
        services.AddSingleton(sp => Site.Press.PressLibrary.Load(sp.GetRequiredService<IConfiguration>()["Press:Path"] is { Length: > 0 } press
            ? press : sp.GetRequiredService<ContentFiles>().PathOf("press")));
        // Pages are UTF-8: Chinese text as characters, not &#x…; entities (a third of the bytes, and readable source).
        services.AddWebEncoders(o => o.TextEncoderSettings = new TextEncoderSettings(UnicodeRanges.All));

        services.AddProblemDetails();
        services.ConfigureHttpJsonOptions(o =>
        {
            // Chinese text, "+08:00" and "µg/m³" stay readable in JSON. Safe here: responses are application/json,
            // never inlined into HTML.
            o.SerializerOptions.Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping;
            o.SerializerOptions.Converters.Add(new IsoTimeConverter());
        });
        // Public data: any origin may read. POST is allowed because POST /graphql only reads (there are no mutations).
        services.AddCors(o => o.AddDefaultPolicy(p => p.AllowAnyOrigin().WithMethods("GET", "HEAD", "POST").AllowAnyHeader()));
        services.AddEndpointsApiExplorer();
        services.AddSwaggerGen(o => o.SwaggerDoc("v1", new OpenApiInfo
        {
            Title = "锦州蓝天公开数据 API / Jinzhou Blue Sky open data API",
            Version = "v1",
            Description = """
                只读公开数据接口。Read-only public data.

                * 时间：Asia/Shanghai（+08:00），同时给出 UTC。小时值以时段**结束**时刻标记（01:00 = 00:00–01:00 平均）；自然日 D 含 D 01:00 至 D+1 00:00 的小时值。
                  Times: Asia/Shanghai (+08:00) with UTC alongside. Hourly values are labelled with the END of the averaging hour; natural day D holds hours labelled D 01:00 … D+1 00:00.
                * 单位：µg/m³，CO 为 mg/m³。Units: µg/m³, CO in mg/m³.
                * 城市值：各城市评价点该小时（或该日有效日均值）的算术平均，按 GB/T 8170 修约后计算 AQI。City value: arithmetic mean of the assessment stations' values for the hour (or their valid daily values for the day), rounded per GB/T 8170, then the AQI.
                * 实时 AQI：PM2.5/PM10 的 1 小时浓度按 24 小时分段表计算，SO2/NO2/CO/O3 按 1 小时分段表，向上取整，超过 500 按 500 计并标记（与 2019 年实测发布值一致）。Real-time AQI: 1-hour PM against the 24-hour table, SO2/NO2/CO/O3 against the 1-hour table, rounded up, capped at 500 and flagged (matches the published 2019 values).
                * 列表：`{meta, results}`，`page`/`limit` 分页（列表最多 1000 条，时间序列每页最多 10000 条）；`?format=csv` 返回带 BOM 的 UTF-8 CSV。Lists: `{meta, results}` with page/limit; `?format=csv` for CSV (UTF-8 with BOM).
                * 错误：RFC 9457 problem details，`parameter` 指出出错的参数。Errors: RFC 9457 problem details naming the `parameter`.
                """,
        }));
    }

    /// <summary>
    /// The folder of static files. `dotnet run` from the repository root makes the content root the folder the
    /// user typed the command in (so relative paths mean what they say), where there is no wwwroot; the build
    /// copies wwwroot next to the binary, and that copy is used whenever the content root has none.
    /// </summary>
    internal static IFileProvider WebRoot(IWebHostEnvironment environment)
    {
        if (environment.WebRootFileProvider.GetFileInfo("css/site.css").Exists)
        {
            return environment.WebRootFileProvider;
        }

        var beside = Path.Combine(AppContext.BaseDirectory, "wwwroot");
        return Directory.Exists(beside) ? new PhysicalFileProvider(beside) : environment.WebRootFileProvider;
    }

    public static void UsePublicPipeline(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<StoreOptions>();
        if (options.Demo)
        {
            app.Services.GetRequiredService<DemoSeeder>().EnsureSeeded();
            app.Services.SeedDemoPenalties();
            app.Services.SeedDemoWarnings();
            app.Services.SeedDemoEnterprises();
            app.Services.SeedDemoDisclosures();
            app.Services.SeedDemoPlanProgress();
        }

        app.UseServingEdge();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        // A site path without a page gets the site's 404 page in its language; the API keeps its problem details
        // (inside UseStatusCodePages, so it answers first).
        app.UseWhen(c => SiteEndpoints.IsSitePath(c.Request.Path), site => site.UseStatusCodePagesWithReExecute(SiteEndpoints.NotFoundPath, createScopeForStatusCodePages: true));
        app.UseServingLimits();
        app.UseRouting();
        app.UseCors();
        app.UseServingCache();
        // Razor component endpoints carry antiforgery metadata; the site has no unsafe forms, so no token is ever issued.
        app.UseAntiforgery();
        // wwwroot: site CSS/JS and the vendored libraries (lib/graphiql, lib/echarts).
        app.UseStaticFiles(new StaticFileOptions { FileProvider = WebRoot(app.Environment) });
        app.UseSwagger();
        app.UseSwaggerUI(o =>
        {
            o.SwaggerEndpoint("/swagger/v1/swagger.json", "v1");
            o.DocumentTitle = "锦州蓝天公开数据 API";
        });

        app.MapServingEndpoints();
        app.MapAirQualityApi();
        app.MapReferenceApi();
        app.MapPenaltiesApi();
        app.MapWarnings();
        app.MapEnterprisesApi();
        app.MapSelfMonitoringApi();
        app.MapDisclosuresAndAudit();
        app.MapPlanApi();
        app.MapPublicGraphQL();
        app.MapSite();
    }
}
