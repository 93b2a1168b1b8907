using System.Text.Encodings.Web;
using System.Text.Unicode;
using Microsoft.Extensions.FileProviders;
using Public.Web.Api;
using Public.Web.Contract;
using Public.Web.GraphQL;
using Public.Web.AirQuality;
using Public.Web.AirQuality.Demo;
using Public.Web.AirQuality.Import;
using Public.Web.AirQuality.Stations;
using Public.Web.AirQuality.Store;
using Public.Web.Disclosures;
using Public.Web.Enterprises;
using Public.Web.Infrastructure;
using Public.Web.Infrastructure.Publication;
using Public.Web.Penalties;
using Public.Web.Plan;
using Public.Web.Push;
using Public.Web.Reference;
using Public.Web.SelfMonitoring;
using Public.Web.Serving;
using Public.Web.Site;
using Public.Web.Transparency;
using Public.Web.Warnings;

namespace Public.Web;

/// <summary>Wiring only: which services exist and in which order the pipeline runs.</summary>
internal static class Composition
{
    public static void AddPublicServices(this WebApplicationBuilder builder)
    {
        // Wrong store settings (Infrastructure/Postgres/StoreProvider.cs) stop every host before anything starts.
        Infrastructure.Postgres.StoreProvider.ThrowIfRefused(builder.Configuration);
        var services = builder.Services;
        builder.AddServing();
        builder.AddPush();
        Ingest.IngestApi.AddIngest(builder);
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
        // Store:Provider: the SQLite file at Store:Path (the default), or PostgreSQL with its optional read replicas.
        services.AddSingleton(sp => Database.FromSettings(Infrastructure.Postgres.StoreProvider.From(sp.GetRequiredService<IConfiguration>()),
            sp.GetRequiredService<StoreOptions>().Path));
        services.AddSingleton(sp => ContentFiles.Locate(sp.GetRequiredService<IConfiguration>()["Content:Path"]));
        services.AddSingleton(sp => StationRegistry.Load(sp.GetRequiredService<ContentFiles>()));
        services.AddSingleton(sp => PlanTargets.From(sp.GetRequiredService<Public.Web.Plan.PlanContent>()));
        services.AddSingleton<AirQualityStore>();
        services.AddSingleton<Publisher>();
        services.AddSingleton<LogBackfill>();
        services.AddSingleton<CnemcImporter>();
        services.AddSingleton<DemoSeeder>();
        services.AddSingleton<MetaFactory>();
        services.AddSingleton(sp => new AirQualityQueries(
            sp.GetRequiredService<AirQualityStore>(), sp.GetRequiredService<StationRegistry>(),
            sp.GetRequiredService<PlanTargets>(), sp.GetRequiredService<TimeProvider>(),
            // The archives' signature of a year's stored hours (once per data version), resolved when first asked.
            year => sp.GetService<Bulk.BulkArchives>()?.YearHourSignature(year),
            () => sp.GetService<Serving.DataVersionMonitor>()?.Current.Number));
        services.AddSingleton<MonthChunks>();
        services.AddHostedService<WideHoursWarmUp>();
        services.AddPenalties();
        services.AddWarnings();
        services.AddEnterprises();
        services.AddDisclosures();
        services.AddPlan();
        services.AddTransparencyLog();
        Bulk.BulkApi.AddBulk(services);

        services.AddPublicGraphQL();
        // The website: Razor components rendered on the server only (static SSR, no interactivity, works without JavaScript).
        services.AddRazorComponents();
        services.AddSingleton(sp => Site.Press.PressLibrary.Load(sp.GetRequiredService<IConfiguration>()["Press:Path"] is { Length: > 0 } press
            ? press : sp.GetRequiredService<ContentFiles>().PathOf("press")));
        services.AddSingleton(sp => Site.Docs.DocsLibrary.Load(sp.GetRequiredService<ContentFiles>().PathOf("docs")));
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
        services.AddPublicOpenApi();
        // Export:Path: the server keeps a static export of itself up to date (Export/ResidentExport.cs).
        Export.ExportSettings.AddResidentExport(builder);
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

    /// <param name="checkEveryLeaf">False for export-site: the log's start-up check covers its signed head only (see <see cref="LogCheckpointWriter.Start(bool)"/>).</param>
    public static void UsePublicPipeline(this WebApplication app, bool checkEveryLeaf = true)
    {
        var options = app.Services.GetRequiredService<StoreOptions>();
        // Refuse to start over a log that does not reproduce its last signed checkpoint (a fork, or an edited file);
        // a new store signs its empty tree, so /log/checkpoint always answers.
        app.Services.GetRequiredService<LogCheckpointWriter>().Start(checkEveryLeaf);
        // A store from before the log: its record versions get their leaves, once, before anything is served.
        app.Services.GetRequiredService<LogBackfill>().Run();
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
        app.MapLogApi();
        Bulk.BulkApi.MapBulk(app);
        app.MapPushApi();
        Ingest.IngestApi.MapIngest(app);
        app.MapLogRecords();
        app.MapPublicGraphQL();
        app.MapSite();
    }
}
