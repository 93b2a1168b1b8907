using System.Globalization;
using System.Text;
using Public.Standards.AirQuality;
using Public.Standards.Tests.SharedData;
using Public.Tests.SharedData;

namespace Public.Standards.Tests.AirQuality;

/// <summary>Checks the real-time AQI against values CNEMC published for Jinzhou (shared data, not in the repository).</summary>
public sealed class RealStationDataTests(ITestOutputHelper output)
{
    [Fact]
    public void HourlyAqiMatchesPublishedValueForRealStationData()
    {
        var path = SharedDataLocator.RequireFile("cnemc", "jinzhou_2019H1_hourly.csv");
        var hours = CnemcHourlyCsv.Read(path);

        var compared = 0;
        var disagreements = new List<string>();
        foreach (var h in hours.OrderBy(h => (h.Date, h.Hour, h.Station)))
        {
            var inputs = new HourlyInputs(h["SO2"], h["NO2"], h["PM10"], h["CO"], h["O3"], h["PM2.5"], SO2_24h: h["SO2_24h"]);
            if (h["AQI"] is not { } published
                || inputs.SO2 is null || inputs.NO2 is null || inputs.PM10 is null
                || inputs.CO is null || inputs.O3 is null || inputs.PM25 is null)
            {
                continue;
            }

            compared++;
            var computed = HourlyAqi.Compute(AqiEditions.ForDate(h.Date), inputs).Aqi;
            if (computed != published)
            {
                disagreements.Add(string.Create(
                    CultureInfo.InvariantCulture,
                    $"{h.Date:yyyy-MM-dd} h{h.Hour} {h.Station}: published {published}, computed {computed}; {inputs}"));
            }
        }

        var agree = compared - disagreements.Count;
        var summary = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"{agree} agree / {compared} compared ({(compared == 0 ? 0 : 100.0 * agree / compared):F3} %)")
            .AppendLine()
            .AppendJoin(Environment.NewLine, disagreements)
            .ToString();
        output.WriteLine(summary);
        TestContext.Current.AddAttachment("jinzhou-2019H1-hourly-aqi", summary);

        // The file holds about 17,600 complete station-hours; far fewer means the parser broke, not the AQI.
        Assert.True(compared > 10_000, $"Only {compared} complete station-hours were read.");
        Assert.True(agree >= 0.999m * compared, summary);
    }
}
