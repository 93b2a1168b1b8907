namespace Public.Web.Tests.Hosting;

/// <summary>
/// Collection fixture: one app with demo data up to <see cref="PublicWebApp.DemoClock"/> (a copy of the process's
/// seeded demo store) served on real Kestrel at a free loopback port, shared by the tests that need demo data or a
/// browser. Tests using it only read.
/// </summary>
public sealed class DemoKestrelApp : IDisposable
{
    private readonly Lazy<PublicWebApp> _app = new(() => new PublicWebApp(demo: true, kestrel: true, time: PublicWebApp.DemoClock, seededOnce: true));

    /// <summary>The demo's year in progress: its clock's year in China.</summary>
    public static int YearInProgress => PublicWebApp.DemoClock.GetUtcNow().ToOffset(TimeSpan.FromHours(8)).Year;

    public PublicWebApp App => _app.Value;

    public HttpClient Client => App.Client;

    /// <summary>Where Kestrel listens, e.g. http://127.0.0.1:41234/.</summary>
    public Uri BaseAddress => App.Client.BaseAddress!;

    public void Dispose()
    {
        if (_app.IsValueCreated)
        {
            _app.Value.Dispose();
        }
    }
}

/// <summary>
/// The demo app on Kestrel and its static export (made by the first test that needs it, then read by the export and
/// log tests alike: one export of the same store, not one per class).
/// </summary>
[CollectionDefinition(Name)]
public sealed class DemoOnKestrel : ICollectionFixture<DemoKestrelApp>, ICollectionFixture<Public.Web.Tests.Site.ExportedSite>
{
    public const string Name = "Demo data on Kestrel";
}
