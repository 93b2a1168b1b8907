using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Logging;
using Public.Tests.SharedData;
using Public.Web.Tests.Hosting;

namespace Public.Web.Tests.Ingest;

/// <summary>One request the file server answered: path, status and the conditional headers it was sent.</summary>
internal sealed record ServedRequest(string Path, int Status, string? IfNoneMatch, string? IfModifiedSince);

/// <summary>
/// A real http folder for the ingestion tests: Kestrel on a loopback port serving a temp folder with ASP.NET Core's
/// static-file middleware (ETag, Last-Modified, 304 on If-None-Match), logging every request. It can be stopped (the
/// port then refuses connections) and started again on the same port.
/// </summary>
internal sealed class FolderServer : IAsyncDisposable
{
    private WebApplication? _app;
    private int _failNext;

    public FolderServer()
    {
        Folder = Directory.CreateTempSubdirectory("ingest-served-").FullName;
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        Port = ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public string Folder { get; }

    public int Port { get; }

    public string BaseUrl => $"http://127.0.0.1:{Port}/";

    public ConcurrentQueue<ServedRequest> Log { get; } = new();

    /// <summary>Answers the next <paramref name="count"/> requests with 503 Service Unavailable (a transient failure).</summary>
    public void FailNext(int count) => Volatile.Write(ref _failNext, count);

    public async Task StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddDirectoryBrowser();
        builder.WebHost.UseUrls(BaseUrl);
        var app = builder.Build();
        app.Use(async (context, next) =>
        {
            if (Interlocked.Decrement(ref _failNext) >= 0)
            {
                context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
                Log.Enqueue(new ServedRequest(context.Request.Path.Value ?? "", 503, null, null));
                return;
            }

            await next(context);
            Log.Enqueue(new ServedRequest(context.Request.Path.Value ?? "", context.Response.StatusCode,
                context.Request.Headers.IfNoneMatch.ToString() is { Length: > 0 } e ? e : null,
                context.Request.Headers.IfModifiedSince.ToString() is { Length: > 0 } m ? m : null));
        });
        var files = new PhysicalFileProvider(Folder);
        app.UseDirectoryBrowser(new DirectoryBrowserOptions { FileProvider = files });
        app.UseStaticFiles(new StaticFileOptions { FileProvider = files, ServeUnknownFileTypes = true });
        await app.StartAsync(TestContext.Current.CancellationToken);
        _app = app;
    }

    public async Task StopAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync(TestContext.Current.CancellationToken);
            await _app.DisposeAsync();
            _app = null;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

/// <summary>The real 2019 daily files, cut from the shared H1 file (rows unchanged), written under their national names.</summary>
internal static class DailyFiles
{
    private static string[]? _lines;

    private static string[] Lines => _lines ??= File.ReadAllLines(SharedDataLocator.RequireJinzhouHourly());

    /// <summary>Writes <c>china_sites_{date}.csv</c> (header and that date's lines) into <paramref name="folder"/>; returns its path.</summary>
    public static string Write(string folder, string date)
    {
        var path = Path.Combine(folder, $"china_sites_{date}.csv");
        // Written beside and renamed, as a drop folder should be fed: a reader never sees half a file.
        var partial = Path.Combine(folder, $".{date}.partial");
        File.WriteAllText(partial, Text(date));
        File.Move(partial, path, overwrite: true);
        return path;
    }

    public static string Text(string date) =>
        string.Join("\n", Lines.Take(1).Concat(Lines.Skip(1).Where(l => l.StartsWith(date + ",", StringComparison.Ordinal)))) + "\n";
}

/// <summary>Plain SQL over a test's store (never through the code under test) and small waits.</summary>
internal static class IngestFacts
{
    public static long Scalar(PublicWebApp app, string sql) => TestStore.Scalar(app.PostgresConnectionString, app.DatabasePath, sql);

    /// <summary>How many import batches recorded a file of this name (each import of it is one).</summary>
    public static long ImportsOf(PublicWebApp app, string name) =>
        Scalar(app, $"SELECT COUNT(*) FROM import_file WHERE name = '{name}'");

    /// <summary>Distinct station-hours stored whose hour-end label falls on that file's date (its hours 0–23, +08:00).</summary>
    public static long StationHoursOfFile(PublicWebApp app, DateOnly date)
    {
        var start = new DateTimeOffset(date.ToDateTime(TimeOnly.MinValue), TimeSpan.FromHours(8)).ToUnixTimeSeconds();
        return Scalar(app, $"SELECT COUNT(*) FROM (SELECT DISTINCT station, hour_end FROM station_hour WHERE hour_end >= {start} AND hour_end < {start + 86400}) AS h");
    }

    /// <summary>The stored PM2.5 (µg/m³, current version) of a station for an hour label.</summary>
    public static decimal? Pm25(PublicWebApp app, string station, DateOnly date, int hour)
    {
        var label = new DateTimeOffset(date.ToDateTime(TimeOnly.MinValue), TimeSpan.FromHours(8)).AddHours(hour).ToUnixTimeSeconds();
        using var connection = app.OpenStore();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT pm25 FROM station_hour WHERE station = '{station}' AND hour_end = {label} ORDER BY version DESC LIMIT 1";
        return command.ExecuteScalar() is double v ? (decimal)v : null;
    }

    public static async Task UntilAsync(Func<bool> condition, TimeSpan limit, string what)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(waited.Elapsed < limit, $"{what}: not within {limit.TotalSeconds} s");
            await Task.Delay(50, TestContext.Current.CancellationToken);
        }
    }

    public static async Task<JsonElement> JsonAsync(HttpClient client, string path)
    {
        using var response = await client.GetAsync(path, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).RootElement.Clone();
    }
}
