using Microsoft.Extensions.DependencyInjection;
using Public.Web.AirQuality.Import;
using Public.Web.Tests.Hosting;

namespace Public.Web.Tests.AirQuality;

/// <summary>
/// An empty database with demo on gets generated data up to the app's "now". The app's clock is fixed (12:30 on
/// 1 March 2019 in China): on the system clock the seeding ran from 2018 to today, nine years in December 2026 and
/// one more hour of data every hour, so the test grew slower every day (97 s in a CI run of December 2026). That the
/// app's "now" is the system clock when no test replaces it is checked on its own, without seeding.
/// </summary>
public sealed class DemoModeTests
{
    private static readonly DateTimeOffset Now = new(2019, 3, 1, 12, 30, 0, TimeSpan.FromHours(8));

    [Fact]
    public async Task EmptyDatabaseWithDemoOnServesLabelledDemoDataUpToNowAndRefusesImports()
    {
        using var app = new PublicWebApp(demo: true, time: new FixedTime(Now));

        var response = await app.Client.GetJsonAsync("/api/v1/stations");

        var meta = response.GetProperty("meta");
        Assert.True(meta.GetProperty("demo").GetBoolean());
        Assert.False(string.IsNullOrWhiteSpace(meta.Str("demoNotice")));
        Assert.Contains("DEMO", meta.Str("source"), StringComparison.Ordinal);
        var latest = response.Results().Select(s => s.GetProperty("latest").GetProperty("time").GetDateTimeOffset()).Max();
        Assert.InRange(latest, Now.AddHours(-4), Now);

        var file = app.WriteText("real.csv", "date,hour,type,1767A\n20190301,1,AQI,57\n");
        var refused = Assert.Throws<ImportRefusedException>(() => app.Import(file));
        Assert.Contains("demo", refused.Message, StringComparison.Ordinal);
        Assert.Contains(app.DatabasePath, refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void WithoutATestClockTheAppsNowIsTheSystemClock()
    {
        using var app = new PublicWebApp();

        Assert.Same(TimeProvider.System, app.Services.GetRequiredService<TimeProvider>());
    }
}
