using Public.Web.AirQuality.Import;
using System.Data.Common;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Public.Standards.Hj212;
using Public.Web.Disclosures.Import;
using Public.Web.Enterprises;
using Public.Web.Infrastructure;
using Public.Web.Infrastructure.Publication;
using Public.Web.Penalties.Import;
using Public.Web.Plan.Import;
using Public.Web.SelfMonitoring;
using Public.Web.Tests.Hosting;
using Public.Web.Tests.Penalties;
using Public.Web.Transparency;
using Public.Web.Warnings.Import;

namespace Public.Web.Tests.Publication;

/// <summary>
/// Every importer publishes through the one pipeline: a batch yields one leaf per record version it wrote, then its
/// batch leaf, and a new signed checkpoint that covers them, in the same transaction as the data; a failed import adds
/// no leaf and no checkpoint.
/// </summary>
[Trait(TestStore.EnginesTrait, TestStore.BothEngines)]
public sealed class PipelineTests : IDisposable
{
    private const string Cnemc = """
        date,hour,type,1767A,1768A
        20190301,1,AQI,57,60
        20190301,1,PM2.5,40,43
        20190301,1,CO,0.8,0.9
        20190301,2,AQI,59,61
        20190301,2,PM2.5,41,44
        20190301,2,CO,0.7,0.9
        """;

    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);
    private static readonly Enterprise Plant = DemoEnterprises.All[0];

    private readonly PublicWebApp _app = new();

    public void Dispose() => _app.Dispose();

    private T Get<T>() where T : notnull => _app.Services.GetRequiredService<T>();

    private int LeafCount => LogFacts.Leaves(_app).Count;

    private long Rows(string table) => LogFacts.Scalar(_app, $"SELECT COUNT(*) FROM {table}");

    private string Samples(string folder) => Path.Combine(Get<ContentFiles>().Root, "samples", folder);

    [Fact]
    public void CnemcStationHoursAreLoggedWithTheirValuesAndACorrectionChainsToTheVersionBefore()
    {
        Assert.True(_app.Import(_app.WriteText("china_sites_20190301.csv", Cnemc)).Clean);

        var leaves = LogFacts.AssertOneBatch(_app, 0, "cnemc");
        Assert.Equal(["1767A.2019-03-01T01", "1767A.2019-03-01T02", "1768A.2019-03-01T01", "1768A.2019-03-01T02"], leaves.Select(l => l.Id!).Order(StringComparer.Ordinal));
        Assert.All(leaves, l => Assert.Equal(("station-hours", 1L), (l.Dataset!, l.Version!.Value)));
        var first = JsonDocument.Parse(leaves.Single(l => l.Id == "1767A.2019-03-01T01").Bytes).RootElement;
        // The file's values of 1767A at hour 1: AQI 57, PM2.5 40 µg/m³, CO 0.8 mg/m³; the hour ends 2019-03-01 01:00 +08:00.
        Assert.Equal((57m, 40m, 0.8m), (first.GetProperty("aqi").GetDecimal(), first.GetProperty("pm25").GetDecimal(), first.GetProperty("co").GetDecimal()));
        Assert.Equal(new DateTimeOffset(2019, 3, 1, 1, 0, 0, TimeSpan.FromHours(8)).ToUnixTimeSeconds(), first.GetProperty("hour_end").GetInt64());

        var before = LeafCount;
        Assert.True(_app.Import(_app.WriteText("china_sites_20190301_v2.csv", Cnemc.Replace("20190301,2,PM2.5,41,44", "20190301,2,PM2.5,45,44", StringComparison.Ordinal))).Clean);

        var correction = Assert.Single(LogFacts.AssertOneBatch(_app, before, "cnemc"));
        Assert.Equal(("1767A.2019-03-01T02", 2L), (correction.Id!, correction.Version!.Value));
        Assert.Equal(45m, JsonDocument.Parse(correction.Bytes).RootElement.GetProperty("pm25").GetDecimal());
        Assert.Contains($"previous {leaves.Single(l => l.Id == "1767A.2019-03-01T02").Sha256}\n", correction.Envelope, StringComparison.Ordinal);
    }

    [Fact]
    public void PenaltyDecisionsAreLoggedUnderPathSafeIdsThatSpellTheirDecisionNumbers()
    {
        string[] numbers = ["测试罚〔2019〕21号", "测试罚〔2019〕22号"];
        Assert.True(Get<PenaltyImporter>().Import([_app.WriteText("p.csv", PenaltyRows.Csv(PenaltyRows.Valid(numbers[0]), PenaltyRows.Valid(numbers[1])))]).Clean);

        var leaves = LogFacts.AssertOneBatch(_app, 0, "penalties");
        Assert.Equal(numbers, leaves.Select(l => Decode(l.Id!)));
        Assert.All(leaves, l => Assert.Equal("penalties", l.Dataset));
        Assert.Equal(numbers[0], JsonDocument.Parse(leaves[0].Bytes).RootElement.GetProperty("decision_number").GetString());
    }

    [Fact]
    public void WarningEventsAndReductionEntriesAreLogged()
    {
        Assert.True(Get<WarningImporter>().Import([Samples("warnings")]).Clean);

        var leaves = LogFacts.AssertOneBatch(_app, 0, "warnings");
        Assert.Equal(Rows("warning_event"), leaves.Count(l => l.Dataset == "warning-events"));
        Assert.Equal(Rows("reduction_entry"), leaves.Count(l => l.Dataset == "reduction-entries"));
        Assert.True(Rows("warning_event") > 0 && Rows("reduction_entry") > 0);
    }

    [Fact]
    public void RegistryManualResultsDisclosuresAndStatementsAreLoggedOneBatchPerFile()
    {
        var before = LeafCount;
        Assert.True(Get<EnterpriseImporter>().Import([Path.Combine(Samples("enterprises"), "sample-registry.json")]).Clean);
        var enterprises = LogFacts.AssertOneBatch(_app, before, "enterprises");
        Assert.Equal(Rows("enterprise_version"), enterprises.Count);
        Assert.All(enterprises, l => Assert.Equal("enterprises", l.Dataset));
        before = LeafCount;
        var versionsBefore = Rows("enterprise_version");
        Assert.True(Get<EnterpriseImporter>().Import([Path.Combine(Samples("enterprises"), "registry.csv")]).Clean);
        Assert.Equal(Rows("enterprise_version") - versionsBefore, LogFacts.AssertOneBatch(_app, before, "enterprises").Count);

        before = LeafCount;
        Assert.True(Get<ManualMonitoringImporter>().Import([Samples("monitoring")]).Clean);
        var manual = LogFacts.AssertOneBatch(_app, before, "manual-monitoring");
        Assert.Equal(Rows("manual_result_version"), manual.Count);

        before = LeafCount;
        Assert.True(Get<DisclosureImporter>().ImportStatements([Path.Combine(Samples("statements"), "statements.json")]).Clean);
        var statements = LogFacts.AssertOneBatch(_app, before, "statements");
        Assert.Equal(Rows("enterprise_statement"), statements.Count);
        Assert.All(statements, l => Assert.Equal("statements", l.Dataset));

        before = LeafCount;
        Assert.True(Get<DisclosureImporter>().ImportDisclosures([Path.Combine(Samples("disclosures"), "disclosures-2018.json")]).Clean);
        var disclosures = LogFacts.AssertOneBatch(_app, before, "disclosures");
        Assert.Equal(Rows("disclosure"), disclosures.Count);
    }

    [Fact]
    public void Hj212HoursFromAFileAreLoggedUnderOutletAndDataTime()
    {
        Assert.True(Get<EnterpriseImporter>().Import([_app.WriteText("registry.json", JsonSerializer.Serialize(new { enterprises = new[] { Plant } }, Web))]).Clean);
        var before = LeafCount;
        var mn = Plant.Outlets[0].Mn!;
        string Hourly(string time, string cp) =>
            Hj212Codec.FormatDataSegment($"QN={time}000;ST=31;CN=2061;PW=123456;MN={mn};Flag=5;CP=&&DataTime={time};{cp}&&").TrimEnd();
        var capture = _app.WriteText("capture.txt", Hourly("20191231090000", "a21026-Avg=100,a21026-Flag=N;a19001-Avg=9,a19001-Flag=N") + "\r\n" +
            Hourly("20191231100000", "a21026-Avg=90,a21026-Flag=N;a19001-Avg=8,a19001-Flag=N") + "\r\n");

        Assert.True(Get<Hj212Importer>().Import([capture]).Clean);

        var leaves = LogFacts.AssertOneBatch(_app, before, "hj212");
        Assert.Equal([$"{mn}.20191231090000", $"{mn}.20191231100000"], leaves.Select(l => l.Id!));
        Assert.All(leaves, l => Assert.Equal("cems-hours", l.Dataset));
        Assert.Contains("a21026,100", JsonDocument.Parse(leaves[0].Bytes).RootElement.GetProperty("vals").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void PlanReportsAreLogged()
    {
        const string header = "target,period,value,done,completedOn,reportingBody,department,sourceTitle,sourceIssuer,sourceDocumentNumber,sourceDate,sourceUrl,sourceSha256,reason";
        const string report = "m01-a,2018,41.5,,,市发改委,fagai,清洁取暖工作总结,锦州市发展和改革委员会,锦发改〔2019〕1号,2019-02-01,https://example.invalid/a.pdf,,";

        Assert.True(Get<PlanProgressImporter>().Import([_app.WriteText("reports.csv", $"{header}\n{report}\n")]).Clean);

        var leaf = Assert.Single(LogFacts.AssertOneBatch(_app, 0, "plan-progress"));
        Assert.Equal("plan-reports", leaf.Dataset);
        Assert.Equal("m01-a.2018." + string.Concat(Encoding.UTF8.GetBytes("市发改委").Select(b => "_" + b.ToString("X2", CultureInfo.InvariantCulture))), leaf.Id);
        Assert.Equal("41.5", JsonDocument.Parse(leaf.Bytes).RootElement.GetProperty("value").GetString());
    }

    [Fact]
    public void AFailedImportAddsNoLeafAndNoCheckpoint()
    {
        Assert.True(Get<PenaltyImporter>().Import([_app.WriteText("good.csv", PenaltyRows.Csv(PenaltyRows.Valid("测试罚〔2019〕21号")))]).Clean);
        var (leaves, checkpoint) = (LeafCount, LogFacts.CheckpointSize(_app));

        // A changed decision without a correction reason is refused by a rule that needs the store, after writing began.
        var changed = Get<PenaltyImporter>().Import([_app.WriteText("changed.csv", PenaltyRows.Csv(
            PenaltyRows.Valid("测试罚〔2019〕23号"), PenaltyRows.Valid("测试罚〔2019〕21号", ("fineAmount", "150000"))))]);
        var unreadable = Get<WarningImporter>().Import([_app.WriteBytes("bad.csv", [0x66, 0xFF, 0x0A])]);
        var badCnemc = _app.Import(_app.WriteText("china_sites_20190302.csv", "date,hour,type,1767A\n20190302,1,PM2.5,abc\n"));

        Assert.False(changed.Clean);
        Assert.False(unreadable.Clean);
        Assert.False(badCnemc.Clean);
        Assert.Equal(1, Rows("penalty"));
        Assert.Equal((leaves, checkpoint), (LeafCount, LogFacts.CheckpointSize(_app)));
    }

    [Fact]
    public void WhenTheCheckpointCannotBeWrittenTheDataAreNotPublishedEither()
    {
        var database = Get<Database>();
        var publisher = new Publisher(database, new RefusingCheckpointWriter(), TimeProvider.System);
        var importer = new PenaltyImporter(publisher, TimeProvider.System);

        Assert.Throws<InvalidOperationException>(() => importer.Import([_app.WriteText("p.csv", PenaltyRows.Csv(PenaltyRows.Valid("测试罚〔2019〕21号")))]));

        Assert.Equal((0L, 0L, 0L), (Rows("penalty"), Rows("penalty_version"), Rows("import_batch")));
        Assert.Equal(0, LeafCount);
    }

    [Fact]
    public void AnImportWhoseBatchLeafWouldNotFitAnEntryBundleIsRefusedWholeAndNamesTheLimit()
    {
        // 700 files named as the national mirrors name them: 700 "file <sha256> <name>" lines are about 70 KB, over the
        // 65,535 bytes a C2SP entry bundle can hold for one entry (its length prefix has 16 bits).
        var refused = Assert.Throws<ImportRefusedException>(() => Get<Publisher>().Publish("cnemc", "2026-01-01T00:00:00Z", batch =>
        {
            for (var i = 0; i < 700; i++)
            {
                batch.AddFile($"china_sites_{20190101 + i:D8}.csv", new string('a', 64), 1, "imported");
            }
        }));

        Assert.Contains("one import of 700 files is too large for one log entry", refused.Message, StringComparison.Ordinal);
        Assert.Contains("65,535", refused.Message, StringComparison.Ordinal);
        Assert.Equal((0L, 0L, 0), (Rows("import_batch"), Rows("import_file"), LeafCount));
    }

    [Fact]
    public void AWithdrawnRecordGetsATombstoneThatChainsToItsLastVersion()
    {
        Assert.True(Get<PenaltyImporter>().Import([_app.WriteText("p.csv", PenaltyRows.Csv(PenaltyRows.Valid("测试罚〔2019〕21号")))]).Clean);
        var published = LogFacts.Leaves(_app).Single(l => l.Kind == "record");

        Get<Publisher>().Publish("withdrawal", "2026-01-01T00:00:00Z", batch => batch.Withdraw(PublishedDatasets.Penalties, published.Id!));

        var tombstone = LogFacts.Leaves(_app)[^2];
        Assert.Equal("tombstone", tombstone.Kind);
        Assert.Equal($"bluesky-log/v1\nkind tombstone\ndataset penalties\nid {published.Id}\nversion 2\nsha256 none\nprevious {published.Sha256}\nbatch {tombstone.Batch}\n", tombstone.Envelope);
        Assert.Equal(LogFacts.Leaves(_app).Count, LogFacts.CheckpointSize(_app));
        // The decision is still in the tables, so the store now serves what the log says was withdrawn.
        var finding = Assert.Single(StoreTamperCheck.Run(Get<Database>()));
        Assert.Equal((TamperKind.Withdrawn, "penalties", published.Id), (finding.Kind, finding.Dataset, finding.Id));
    }

    [Fact]
    public void EveryLeafReadsBackWithTheLogsOwnEnvelopeParser()
    {
        Assert.True(_app.Import(_app.WriteText("china_sites_20190301.csv", Cnemc)).Clean);
        Assert.True(Get<PenaltyImporter>().Import([_app.WriteText("p.csv", PenaltyRows.Csv(PenaltyRows.Valid("测试罚〔2019〕21号")))]).Clean);

        foreach (var leaf in LogFacts.Leaves(_app))
        {
            var parsed = LogEnvelope.Parse(Encoding.UTF8.GetBytes(leaf.Envelope));
            Assert.Equal((leaf.Kind, leaf.Dataset, leaf.Id, leaf.Version, leaf.Batch), (parsed.Kind, parsed.Dataset, parsed.Id, parsed.Version, parsed.Batch));
        }
    }

    /// <summary>Reads an id back: '_' and two hex digits per UTF-8 byte, everything else as it is.</summary>
    private static string Decode(string id)
    {
        var bytes = new List<byte>();
        for (var i = 0; i < id.Length; i++)
        {
            if (id[i] == '_')
            {
                bytes.Add(byte.Parse(id.AsSpan(i + 1, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture));
                i += 2;
            }
            else
            {
                bytes.Add((byte)id[i]);
            }
        }

        return Encoding.UTF8.GetString([.. bytes]);
    }

    private sealed class RefusingCheckpointWriter : ILogCheckpointWriter
    {
        public void WriteCheckpoint(DbConnection connection, DbTransaction transaction, long treeSize) =>
            throw new InvalidOperationException("the signing key is not available");
    }
}
