using System.Net;
using System.Text;
using Public.Web.AirQuality;
using Public.Web.Contract;
using Public.Web.Penalties;
using Public.Web.Tests.Hosting;

namespace Public.Web.Tests.Contract;

/// <summary>
/// CSV layouts are built from the records' contract fields, and the files keep exactly the headers they had when
/// the columns were hand-written lists (the literal headers below are those files' first lines).
/// </summary>
public sealed class CsvLayoutTests : IDisposable
{
    private readonly PublicWebApp _app = new();

    public void Dispose() => _app.Dispose();

    [Theory]
    [InlineData("/api/v1/stations?format=csv", "code,name,nameEn,city,district,lon,lat,type,latestTime,latestAqi,latestLevel")]
    [InlineData("/api/v1/stations/1767A/hourly?format=csv", "station,time,timeUtc,pollutant,type,period,value,unit,flag,iaqi,aqi,publishedAqi,level,primaryPollutants,edition,version")]
    [InlineData("/api/v1/stations/1767A/hourly/versions?format=csv", "station,time,version,current,recordedAt,source,sourceLine,reason,type,value,unit")]
    [InlineData("/api/v1/stations/1767A/daily?format=csv", "area,date,aqi,level,primaryPollutants,edition,pm25_ugm3,pm25_count,pm10_ugm3,pm10_count,so2_ugm3,so2_count,no2_ugm3,no2_count,o3Max8h_ugm3,o3Max8h_count,o3Max1h_ugm3,o3Max1h_count,co_mgm3,co_count")]
    [InlineData("/api/v1/city/hourly?format=csv", "time,timeUtc,pollutant,value,unit,iaqi,aqi,level,primaryPollutants,stations,edition")]
    [InlineData("/api/v1/penalties?format=csv", "id,decisionNumber,authority,partyName,partyCreditCode,district,industry,violationCategory,violationSummary,legalBasisLaw,legalBasisArticle,types,fineAmount,dailyPenaltyDays,dailyPenaltyAmount,dailyPenaltyTotal,fineTotal,productionOrder,sealUp,confiscationAmount,confiscatedItems,warning,currency,decisionDate,serviceDate,publicationDate,rectificationRequirement,rectificationStatus,paymentStatus,appealStatus,sourceUrl,sourceSha256,version,recordedAt,correctionReason,correctionDate")]
    [InlineData("/api/v1/penalties/stats?by=year&format=csv", "by,key,count,fineTotal,confiscationTotal,currency")]
    [InlineData("/api/v1/warnings?format=csv", "id,status,area,start,startUtc,end,plannedEnd,durationHours,issuedLevel,highestLevel,currentLevel,authority,documentNumber,events,observedDataSupport,observedLevel,observedMaxDailyAqi,observedMaxDailyAqiDate,observedDaysMeetingThreshold,observedDailyAqi,findings,scheme")]
    [InlineData("/api/v1/warnings/consistency?format=csv", "kind,title,warningId,episodeFrom,episodeTo,warningLevel,observedLevel,explanation,evidenceDailyAqi")]
    [InlineData("/api/v1/enterprises?format=csv", "creditCode,name,industry,district,address,latitude,longitude,permitNumber,listYears,outlets,automaticOutlets")]
    public async Task CsvHeadersStayAsTheyWere(string url, string header)
    {
        using var response = await _app.Client.GetAsync(new Uri(url, UriKind.Relative), TestContext.Current.CancellationToken);
        var bytes = await response.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken);
        Assert.True(response.StatusCode == HttpStatusCode.OK, Encoding.UTF8.GetString(bytes));
        Assert.Equal([0xEF, 0xBB, 0xBF], bytes[..3]);
        var text = Encoding.UTF8.GetString(bytes[3..]);
        Assert.Equal(header, text[..text.IndexOf("\r\n", StringComparison.Ordinal)]);
    }

    [Fact]
    public void ValuesAreFormattedByKindInOnePlace()
    {
        Assert.Equal("1.30", CsvLayout.Format(1.30m, -1));
        Assert.Equal("5000.00", CsvLayout.Format(5000m, 2));
        Assert.Equal("121.0986", CsvLayout.Format(121.0986, -1));
        Assert.Equal("2019-01-01T01:00:00+08:00", CsvLayout.Format(new DateTimeOffset(2019, 1, 1, 1, 0, 0, TimeSpan.FromHours(8)), -1));
        Assert.Equal("2018-12-31T17:00:00Z", CsvLayout.Format(new DateTimeOffset(2018, 12, 31, 17, 0, 0, TimeSpan.Zero), -1));
        Assert.Equal("2019-01-01T01:00:00", CsvLayout.Format(new DateTime(2019, 1, 1, 1, 0, 0, DateTimeKind.Unspecified), -1));
        Assert.Equal("2019-03-15", CsvLayout.Format(new DateOnly(2019, 3, 15), -1));
        Assert.Equal("false", CsvLayout.Format(false, -1));
        Assert.Equal("PM2.5 O3", CsvLayout.Format(new List<string> { "PM2.5", "O3" }, -1));
        Assert.Null(CsvLayout.Format(null, -1));
    }

    [Fact]
    public void ALayoutNamesNestedFieldsByTheirPathAndTakesTheirDeclarations()
    {
        var layout = CsvLayout.Of<PenaltyDto>().Field("party.creditCode").Field("sourceDocument.url", name: "sourceUrl").Field("fineAmount", decimals: 2);
        Assert.Equal(["partyCreditCode", "sourceUrl", "fineAmount"], layout.Columns.Select(c => c.Name));
        var declared = ContractCatalog.Field<PartyDto>("creditCode").Doc;
        Assert.NotNull(declared);
        Assert.Equal(declared.Zh, layout.Columns[0].Zh);
        Assert.Equal(declared.En, layout.Columns[0].En);

        var station = CsvLayout.Of<StationDto>().Field("latest.level.nameEn", name: "latestLevel");
        var noReading = new StationDto("X1", "站", "Station", [], "锦州", "Jinzhou", null, 121, 41, "城市评价点", "urban assessment station", true, null);
        var text = Encoding.UTF8.GetString(station.Write([noReading]));
        Assert.Equal("\uFEFFlatestLevel\r\n\r\n", text);
    }

    [Fact]
    public void ALayoutRefusesAFieldTheRecordDoesNotHave() =>
        Assert.Throws<InvalidOperationException>(() => CsvLayout.Of<StationDto>().Field("latest.colour"));
}
