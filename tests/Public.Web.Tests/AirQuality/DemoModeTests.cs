using Public.Web.AirQuality.Import;
using Public.Web.Tests.Hosting;

namespace Public.Web.Tests.AirQuality;

/// <summary>The one slow test: an empty database with demo on gets generated data up to now (a few seconds).</summary>
public sealed class DemoModeTests
{
    [Fact]
    public async Task EmptyDatabaseWithDemoOnServesLabelledDemoDataUpToNowAndRefusesImports()
    {
        using var app = new PublicWebApp(demo: true);

        var response = await app.Client.GetJsonAsync("/api/v1/stations");

        var meta = response.GetProperty("meta");
        Assert.True(meta.GetProperty("demo").GetBoolean());
        Assert.False(string.IsNullOrWhiteSpace(meta.Str("demoNotice")));
        Assert.Contains("DEMO", meta.Str("source"), StringComparison.Ordinal);
        var now = DateTimeOffset.UtcNow;
        var latest = response.Results().Select(s => s.GetProperty("latest").GetProperty("time").GetDateTimeOffset()).Max();
        Assert.InRange(latest, now.AddHours(-4), now);

        var file = app.WriteText("real.csv", "date,hour,type,1767A\n20190301,1,AQI,57\n");
        var refused = Assert.Throws<ImportRefusedException>(() => app.Import(file));
        Assert.Contains("demo", refused.Message, StringComparison.Ordinal);
        Assert.Contains(app.DatabasePath, refused.Message, StringComparison.Ordinal);
    }
}
