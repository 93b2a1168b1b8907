using Public.Web;
using Public.Web.AirQuality.Import;
using Public.Web.Cli;
using Public.Web.Penalties.Import;
using Public.Web.Warnings.Import;

var commandLine = CommandLine.Parse(args);
if (commandLine.Error is not null || commandLine.Arguments.Contains("--help") || commandLine.Arguments.Contains("-h"))
{
    if (commandLine.Error is not null)
    {
        Console.Error.WriteLine(commandLine.Error);
    }

    Console.Error.WriteLine(CommandLine.Usage);
    return commandLine.Error is null ? 0 : 2;
}

if (commandLine.Verb == "keygen")
{
    return Public.Web.Transparency.VerifyCommand.Keygen(commandLine.Arguments, Console.Out, Console.Error);
}

if (commandLine.Verb == "verify")
{
    // An outsider's check: needs no database and no configuration, only the log and its verifier key.
    return await Public.Web.Transparency.VerifyCommand.VerifyAsync(commandLine.Arguments, Console.Out, Console.Error);
}

if (commandLine.Verb == "migrate-store")
{
    // Copies a SQLite store into PostgreSQL and verifies it (Infrastructure/Postgres): needs no host, only the two stores.
    return MigrateStoreCommand.Run(commandLine.Arguments, Console.Out, Console.Error);
}

if (commandLine.Verb == "export-site")
{
    // Runs the real app on a loopback port in this process and writes what it serves (see Export/SiteExporter.cs).
    return await Public.Web.Export.ExportCommand.RunAsync(commandLine.ConfigArgs, commandLine.Arguments, Console.Out, Console.Error);
}

var hostArgs = commandLine.Verb is "import" or "graphql-schema" ? commandLine.ConfigArgs.ToArray() : [.. commandLine.ConfigArgs, .. commandLine.Arguments];
var builder = WebApplication.CreateBuilder(hostArgs);
if (Public.Web.Infrastructure.Postgres.StoreProvider.Refusal(builder.Configuration) is { } refusal)
{
    // Wrong store settings (an unknown Store:Provider, a missing or malformed PostgreSQL connection string).
    Console.Error.WriteLine(refusal);
    return 1;
}

builder.AddPublicServices();

if (commandLine.Verb == "import")
{
    // The import verb uses the same services and store as the server, without serving.
    builder.Logging.SetMinimumLevel(LogLevel.Warning);
    using var host = builder.Build();
    try
    {
        // The log's signed head is checked (signature, stored tree against the signed root) and signed on top of; the
        // server's start checks every leaf (LogCheckpointWriter.StartWriter says why an import does not).
        host.Services.GetRequiredService<Public.Web.Transparency.LogCheckpointWriter>().StartWriter();
        // A store from before the log gets its leaves first, as at the server's start: otherwise an import's new
        // version of a record whose earlier versions were never logged would start a broken chain (previous none).
        host.Services.GetRequiredService<Public.Web.Infrastructure.Publication.LogBackfill>().Run();
        if (commandLine.Arguments is ["penalties", ..])
        {
            return PenaltyImportCommand.Run(commandLine.Arguments, host.Services.GetRequiredService<PenaltyImporter>(), Console.Out, Console.Error);
        }

        if (commandLine.Arguments is ["enterprises", ..])
        {
            return EnterpriseImportCommand.Run(commandLine.Arguments, host.Services.GetRequiredService<Public.Web.Enterprises.EnterpriseImporter>(), Console.Out, Console.Error);
        }

        if (commandLine.Arguments is ["hj212", ..])
        {
            return Hj212ImportCommand.Run(commandLine.Arguments, host.Services.GetRequiredService<Public.Web.SelfMonitoring.Hj212Importer>(), Console.Out, Console.Error);
        }

        if (commandLine.Arguments is ["manual-monitoring", ..])
        {
            return ManualMonitoringImportCommand.Run(commandLine.Arguments, host.Services.GetRequiredService<Public.Web.SelfMonitoring.ManualMonitoringImporter>(), Console.Out, Console.Error);
        }

        if (commandLine.Arguments is ["disclosures" or "statements", ..])
        {
            return DisclosureImportCommand.Run(commandLine.Arguments, host.Services.GetRequiredService<Public.Web.Disclosures.Import.DisclosureImporter>(), Console.Out, Console.Error);
        }

        if (commandLine.Arguments is ["plan-progress", ..])
        {
            return PlanProgressImportCommand.Run(commandLine.Arguments, host.Services.GetRequiredService<Public.Web.Plan.Import.PlanProgressImporter>(), Console.Out, Console.Error);
        }

        if (commandLine.Arguments is ["warnings", ..])
        {
            return WarningImportCommand.Run(commandLine.Arguments, host.Services.GetRequiredService<WarningImporter>(), Console.Out, Console.Error);
        }

        var importer = host.Services.GetRequiredService<CnemcImporter>();
        var exitCode = ImportCommand.Run(commandLine.Arguments, importer, Console.Out, Console.Error);
        // Running replicas would find the new data version by polling; with Redis they hear of it at once.
        Public.Web.Serving.ServingComposition.AnnounceDataVersion(host.Services);
        return exitCode;
    }
    catch (Exception e) when (e is InvalidDataException or IOException or UnauthorizedAccessException or System.Data.Common.DbException)
    {
        Console.Error.WriteLine("import failed: " + e.Message);
        return 1;
    }
    catch (Public.Web.Transparency.LogIntegrityException e)
    {
        // The store's log does not reproduce its last signed checkpoint (or another key signed it): nothing is imported.
        Console.Error.WriteLine("import refused: the publication log: " + e.Message);
        return 1;
    }
}

if (commandLine.Verb == "graphql-schema")
{
    builder.Logging.SetMinimumLevel(LogLevel.Warning);
    using var host = builder.Build();
    return Public.Web.GraphQL.SchemaCommand.Run(commandLine.Arguments, host.Services, Console.Out, Console.Error);
}

var app = builder.Build();
app.UsePublicPipeline();
app.Run();
return 0;

/// <summary>Entry point, public so that WebApplicationFactory can find it.</summary>
public partial class Program;
