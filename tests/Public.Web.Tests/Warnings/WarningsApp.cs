using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Public.Web.AirQuality.Import;
using Public.Web.Warnings.Import;

namespace Public.Web.Tests.Warnings;

/// <summary>
/// The whole app over its own SQLite file in its own temp folder, like <c>PublicWebApp</c>, with a fixed clock
/// so that "now" (active warnings, the demo data's end) is part of the test's data.
/// </summary>
public sealed class WarningsApp : IDisposable
{
    public static readonly TimeSpan China = TimeSpan.FromHours(8);

    private readonly Factory _factory;

    public WarningsApp(DateTimeOffset now, bool demo = false)
    {
        Folder = Directory.CreateTempSubdirectory("public-web-warnings-").FullName;
        DatabasePath = Path.Combine(Folder, "store", "test.db");
        _factory = new Factory(DatabasePath, demo, now);
        Client = _factory.CreateClient();
    }

    public string Folder { get; }

    public string DatabasePath { get; }

    public HttpClient Client { get; }

    public IServiceProvider Services => _factory.Services;

    internal WarningImportSummary ImportWarnings(params string[] paths) => Services.GetRequiredService<WarningImporter>().Import(paths);

    internal ImportSummary ImportAir(string path) => Services.GetRequiredService<CnemcImporter>().Import([path], new ImportOptions());

    public string WriteText(string name, string text)
    {
        var path = Path.Combine(Folder, name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text, new UTF8Encoding(false));
        return path;
    }

    /// <summary>
    /// A national-network file for station 1767A with only PM2.5, the same value in all 24 hours of each day, so
    /// that the city daily AQI is the PM2.5 IAQI of that value (HJ 633-2012 表1, 24-hour column).
    /// </summary>
    public string WriteCityDays(DateOnly first, IReadOnlyList<int> pm25PerDay) => WriteText("city-days.csv", CityDaysCsv(first, pm25PerDay));

    /// <inheritdoc cref="WriteCityDays"/>
    internal static string CityDaysCsv(DateOnly first, IReadOnlyList<int> pm25PerDay)
    {
        var sb = new StringBuilder("date,hour,type,1767A\n");
        for (var d = 0; d < pm25PerDay.Count; d++)
        {
            // Day D holds the hours labelled D 01:00 … D+1 00:00.
            for (var h = 1; h <= 24; h++)
            {
                var label = first.AddDays(d).ToDateTime(TimeOnly.MinValue).AddHours(h);
                sb.Append(CultureInfo.InvariantCulture, $"{label:yyyyMMdd},{label.Hour},PM2.5,{pm25PerDay[d]}\n");
            }
        }

        return sb.ToString();
    }

    /// <summary>Rows of a table, read with plain SQL (not through the store under test).</summary>
    public long Count(string table)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = DatabasePath, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT COUNT(*) FROM {table}";
        return (long)command.ExecuteScalar()!;
    }

    /// <summary>The sample files shipped in content/samples/warnings (copied next to the app).</summary>
    public static string Sample(string name) => Path.Combine(AppContext.BaseDirectory, "content", "samples", "warnings", name);

    public void Dispose()
    {
        Client.Dispose();
        _factory.Dispose();
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
            // A file still held by a late reader; the OS temp cleaner takes it.
        }
    }

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now.ToUniversalTime();
    }

    private sealed class Factory(string databasePath, bool demo, DateTimeOffset now) : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseSetting("Store:Path", databasePath);
            builder.UseSetting("Store:Demo", demo ? "true" : "false");
            builder.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(new FixedTime(now)));
        }
    }
}
