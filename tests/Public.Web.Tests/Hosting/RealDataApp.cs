using Public.Tests.SharedData;
using Public.Web.AirQuality.Import;
using Public.Web.Tests.SharedData;

namespace Public.Web.Tests.Hosting;

/// <summary>
/// Class fixture: one app whose database holds the real 2019 H1 Jinzhou file, imported through the real importer once
/// per test process (<see cref="Template"/>) and copied for each class on first use. Tests of a class that uses it only
/// read. Without the shared data, using it skips.
/// </summary>
public sealed class RealDataApp : IDisposable
{
    private static ImportSummary? _summary;

    /// <summary>The file imported into a fresh store; the summary is the one import's (every copy holds what it wrote).</summary>
    private static readonly StoreTemplate Template = new("cnemc-jinzhou-2019h1", (path, settings) =>
    {
        using var app = new PublicWebApp(databasePath: path, settings: settings);
        _summary = app.Import(SharedDataLocator.RequireJinzhouHourly());
    });

    private readonly Lock _lock = new();
    private PublicWebApp? _app;
    private CnemcCsvFacts? _facts;
    private string? _csvPath;

    public PublicWebApp App => Ensure().App;

    public HttpClient Client => Ensure().App.Client;

    /// <summary>The summary of the one import into this app.</summary>
    public ImportSummary Summary => Ensure().Summary;

    internal CnemcCsvFacts Facts => Ensure().Facts;

    public string CsvPath => Ensure().Path;

    private (PublicWebApp App, ImportSummary Summary, CnemcCsvFacts Facts, string Path) Ensure()
    {
        var path = SharedDataLocator.RequireJinzhouHourly();
        lock (_lock)
        {
            if (_app is null)
            {
                var app = new PublicWebApp(copyOf: Template);
                _facts = CnemcCsvFacts.Read(path);
                _csvPath = path;
                _app = app;
            }

            return (_app, _summary!, _facts!, _csvPath!);
        }
    }

    public void Dispose() => _app?.Dispose();
}
