using Public.Web.Export;

namespace Public.Web.Tests.Export;

/// <summary>
/// The URL families of the incremental export as the reference docs list them (<c>content/docs/export.md</c>, the table of
/// families): each URL, in either language and as the app's URL or the exported file's path, falls in the family named there.
/// </summary>
public sealed class FamilyOfTests
{
    [Theory]
    [InlineData("/press", "press")]
    [InlineData("/en/press/2019-03-01-example", "press")]
    [InlineData("/feeds/press.atom", "press")]
    [InlineData("/feeds/press.en.atom", "press")]
    [InlineData("/docs/export", "docs")]
    [InlineData("/en/docs", "docs")]
    [InlineData("/swagger/v1/swagger.json", "openapi")]
    [InlineData("/", "home")]
    [InlineData("/en", "home")]
    [InlineData("/en/", "home")]
    [InlineData("/index.html", "home")]
    [InlineData("/stations/1767A", "air")]
    [InlineData("/en/stations/1767A/index.html", "air")]
    [InlineData("/api/v1/stations", "air")]
    [InlineData("/api/v1/stations.json", "air")]
    [InlineData("/api/v1/stations/1767A/hourly?format=csv", "air")]
    [InlineData("/api/v1/city/hourly", "air")]
    [InlineData("/api/v1/city/daily?from=2019-01-01&to=2019-06-30", "air")]
    [InlineData("/air/2018", "air-2018")]
    [InlineData("/en/air/2019/index.html", "air-2019")]
    [InlineData("/api/v1/city/assessment/2018", "air-2018")]
    [InlineData("/api/v1/city/hourly?from=2019-01-01&to=2019-12-31&format=csv", "air-2019")]
    [InlineData("/api/v1/stations/1767A/daily?from=2018-01-01&to=2018-12-31", "air-2018")]
    [InlineData("/api/v1/stations/1767A/daily/from-2018-01-01_to-2018-12-31.json", "air-2018")]
    [InlineData("/warnings", "warnings")]
    [InlineData("/en/warnings/index.html", "warnings")]
    [InlineData("/feeds/warnings.cap", "warnings")]
    [InlineData("/api/v1/warnings?limit=1000", "warnings")]
    [InlineData("/penalties", "penalties")]
    [InlineData("/feeds/penalties.atom", "penalties")]
    [InlineData("/api/v1/parties/91210700MA0Y000000", "penalties")]
    [InlineData("/enterprises/91210700MA0Y000000", "enterprises")]
    [InlineData("/audit", "enterprises")]
    [InlineData("/api/v1/audit.json", "enterprises")]
    [InlineData("/plan", "plan-measured")]
    [InlineData("/feeds/plan.atom", "plan-measured")]
    [InlineData("/about", "static")]
    [InlineData("/en/methodology", "static")]
    [InlineData("/api/v1/reference/aqi-breakpoints", "static")]
    [InlineData("/css/site.css", "static")]
    [InlineData("/log/tile/0/079", "log")]
    [InlineData("/log/checkpoint", "store")]
    [InlineData("/sitemap.xml", "sitemap")]
    [InlineData("/data", "store")]
    [InlineData("/transparency", "store")]
    [InlineData("/bulk/datapackage.json", "store")]
    [InlineData("/catalog.ttl", "store")]
    // A prefix of a family's root that is not that root is not the family.
    [InlineData("/pressure", "store")]
    [InlineData("/stationsx", "store")]
    [InlineData("/airport", "store")]
    public void EachUrlFallsInTheFamilyTheDocsName(string url, string family) =>
        Assert.Equal(family, DependencyKeys.FamilyOf(url));

    [Fact]
    public void AMeasureWithoutAMeasuredTargetIsPlanOnlyWhenTheContentSaysSo()
    {
        var planOnly = new HashSet<string>(StringComparer.Ordinal) { "measure:m01", "target:m01-a", "department:dept-eco" };
        Assert.Equal("plan", DependencyKeys.FamilyOf("/plan/m01", planOnly));
        Assert.Equal("plan", DependencyKeys.FamilyOf("/en/plan/m01/index.html", planOnly));
        Assert.Equal("plan", DependencyKeys.FamilyOf("/api/v1/plan/targets/m01-a.json", planOnly));
        Assert.Equal("plan", DependencyKeys.FamilyOf("/plan/departments/dept-eco", planOnly));
        Assert.Equal("plan-measured", DependencyKeys.FamilyOf("/plan/goals", planOnly));
        Assert.Equal("plan-measured", DependencyKeys.FamilyOf("/plan/m01", null));
    }
}
