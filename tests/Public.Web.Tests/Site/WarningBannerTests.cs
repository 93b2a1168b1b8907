using System.Net;
using Public.Web.Tests.Warnings;

namespace Public.Web.Tests.Site;

/// <summary>While a warning is in force every page says so, with what its notice asks citizens to do.</summary>
public sealed class WarningBannerTests
{
    [Fact]
    public async Task EveryPageCarriesTheWarningInForceWithWhatItsNoticeAsksOfCitizens()
    {
        using var app = new WarningsApp(new DateTimeOffset(2022, 2, 10, 12, 0, 0, WarningsApp.China));
        app.ImportWarnings(WarningsApp.Sample("warnings.csv"));
        foreach (var path in new[] { "/", "/plan", "/en/about" })
        {
            var (status, html) = await app.Client.GetPageAsync(path);
            Assert.Equal(HttpStatusCode.OK, status);
            Assert.Contains(path.StartsWith("/en", StringComparison.Ordinal) ? "heavy-pollution warning in force" : "预警生效中", html, StringComparison.Ordinal);
            Assert.Contains("儿童、老年人和心脏病、呼吸系统疾病患者留在室内（示例）", html, StringComparison.Ordinal);
            Assert.Contains("中小学、幼儿园停止户外活动（示例）", html, StringComparison.Ordinal);
            Assert.Contains("href=\"" + (path.StartsWith("/en", StringComparison.Ordinal) ? "/en" : "") + "/warnings/SAMPLE-2022-01\"", html, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task NoBannerWhenNoWarningIsInForce()
    {
        using var app = new WarningsApp(new DateTimeOffset(2022, 3, 10, 12, 0, 0, WarningsApp.China));
        app.ImportWarnings(WarningsApp.Sample("warnings.csv"));
        var (_, html) = await app.Client.GetPageAsync("/");
        Assert.DoesNotContain("预警生效中", html, StringComparison.Ordinal);
        Assert.Contains("目前没有生效的重污染天气预警", html, StringComparison.Ordinal);
    }
}
