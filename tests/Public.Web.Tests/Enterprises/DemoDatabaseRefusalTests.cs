using Microsoft.Extensions.DependencyInjection;
using Public.Web.AirQuality.Import;
using Public.Web.Enterprises;
using Public.Web.SelfMonitoring;
using Public.Web.Tests.Hosting;

namespace Public.Web.Tests.Enterprises;

/// <summary>
/// A demo database refuses the key-polluter imports as it refuses the others: real registry records, HJ 212 data or
/// manual results mixed into generated demo data would be published as real. Nothing is written.
/// </summary>
[Trait(TestStore.EnginesTrait, TestStore.BothEngines)]
public sealed class DemoDatabaseRefusalTests
{
    [Fact]
    public void RegistryHj212AndManualImportsAreRefusedAndWriteNothing()
    {
        using var app = new PublicWebApp(demo: true, time: PublicWebApp.EarlyDemoClock, seededOnce: true);
        var registry = Path.Combine(app.Services.GetRequiredService<Public.Web.Infrastructure.ContentFiles>().Root, "samples", "enterprises");
        var before = app.Services.GetRequiredService<EnterpriseStore>().List(null, null, null, 0, int.MaxValue, out var enterprisesBefore);
        var packets = app.WriteText("packets.txt", "##0101QN=20190101000000000;ST=31;CN=2061;PW=123456;MN=X;Flag=4;CP=&&&&0000\r\n");
        var manual = app.WriteText("manual.csv", "creditCode,outletCode,pollutant,samplingDate,value,unit,oxygen,limit,lab,reportNumber,link\n");

        var refusals = new[]
        {
            Assert.Throws<ImportRefusedException>(() => app.Services.GetRequiredService<EnterpriseImporter>().Import([registry])),
            Assert.Throws<ImportRefusedException>(() => app.Services.GetRequiredService<Hj212Importer>().Import([packets])),
            Assert.Throws<ImportRefusedException>(() => app.Services.GetRequiredService<ManualMonitoringImporter>().Import([manual])),
        };

        Assert.All(refusals, e => Assert.Contains("holds generated demo data", e.Message, StringComparison.Ordinal));
        Assert.NotEmpty(before);
        app.Services.GetRequiredService<EnterpriseStore>().List(null, null, null, 0, int.MaxValue, out var enterprisesAfter);
        Assert.Equal(enterprisesBefore, enterprisesAfter);
        Assert.Empty(app.Services.GetRequiredService<EnterpriseStore>().Versions(Public.Web.Enterprises.DemoEnterprises.CreditCode(0)).Skip(1));
    }
}
