using System.Net;
using System.Security.Cryptography;
using Microsoft.Extensions.DependencyInjection;
using Public.Web.Infrastructure;
using Public.Web.Infrastructure.Publication;
using Public.Web.Penalties.Import;
using Public.Web.Tests.Hosting;
using Public.Web.Tests.Penalties;
using Public.Web.Transparency;

namespace Public.Web.Tests.Publication;

/// <summary>
/// The record bytes are served as logged, for ever; and an edit made straight in the store (the SQLite file or the
/// PostgreSQL database, the append-only triggers dropped or switched off first) is named by the store check: dataset,
/// id and version.
/// </summary>
[Trait(TestStore.EnginesTrait, TestStore.BothEngines)]
public sealed class TamperAndRecordsTests : IDisposable
{
    private const string Cnemc = """
        date,hour,type,1767A,1768A
        20190301,1,AQI,57,60
        20190301,1,PM2.5,40,43
        """;

    private readonly PublicWebApp _app = new();

    public TamperAndRecordsTests()
    {
        Assert.True(_app.Import(_app.WriteText("china_sites_20190301.csv", Cnemc)).Clean);
        Assert.True(_app.Services.GetRequiredService<PenaltyImporter>().Import([_app.WriteText("p.csv", PenaltyRows.Csv(PenaltyRows.Valid("测试罚〔2019〕21号")))]).Clean);
    }

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task ALoggedRecordVersionIsServedByteForByteWithAnImmutableCacheHeader()
    {
        foreach (var leaf in LogFacts.Leaves(_app).Where(l => l.Kind == "record"))
        {
            using var response = await _app.Client.GetAsync(new Uri($"/log/records/{leaf.Dataset}/{leaf.Id}/v{leaf.Version}.json", UriKind.Relative), TestContext.Current.CancellationToken);

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
            Assert.Contains("immutable", response.Headers.CacheControl?.ToString(), StringComparison.Ordinal);
            var bytes = await response.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken);
            Assert.Equal(leaf.Sha256, Convert.ToHexStringLower(SHA256.HashData(bytes)));
        }
    }

    [Theory]
    [InlineData("/log/records/station-hours/1767A.2019-03-01T01/v2.json", "version 2")]
    [InlineData("/log/records/nothing/1767A.2019-03-01T01/v1.json", "dataset 'nothing'")]
    [InlineData("/log/records/station-hours/1767A.2019-03-01T01/v0.json", "v<version>.json")]
    [InlineData("/log/records/station-hours/1767A.2019-03-01T01/1.json", "v<version>.json")]
    [InlineData("/log/records/station-hours/1767A%202019/v1.json", "not a log id")]
    public async Task AnUnknownRecordVersionIsA404ThatSaysWhy(string path, string why)
    {
        using var response = await _app.Client.GetAsync(new Uri(path, UriKind.Relative), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains(why, await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
    }

    [Fact]
    public void AnUntouchedStoreMatchesItsLog() => Assert.Empty(StoreTamperCheck.Run(_app.Services.GetRequiredService<Database>()));

    [Fact]
    public void AValueEditedStraightInTheStoreIsNamedByDatasetIdAndVersion()
    {
        EditBehindThePipeline("UPDATE station_hour SET pm25 = 4 WHERE station = '1767A'");
        EditBehindThePipeline("UPDATE penalty_version SET fine_fen = 100", sqliteTrigger: "penalty_version_no_update");

        var findings = StoreTamperCheck.Run(_app.Services.GetRequiredService<Database>());

        var penaltyId = LogFacts.Leaves(_app).Single(l => l.Dataset == "penalties").Id!;
        Assert.Equal([("penalties", penaltyId, 1L), ("station-hours", "1767A.2019-03-01T01", 1L)],
            findings.Select(f => (f.Dataset, f.Id, f.StoreVersion!.Value)).Order());
        Assert.All(findings, f => Assert.Equal(TamperKind.Changed, f.Kind));
        Assert.Contains("station-hours/1767A.2019-03-01T01 v1", string.Join('\n', findings), StringComparison.Ordinal);
    }

    [Fact]
    public async Task VerifyStoreExitsZeroOnAnUntouchedStoreAndOneNamingTheEditedRecord()
    {
        // The store as the command line names it: the SQLite file, or postgres:CONNECTIONSTRING.
        string[] store = ["--store", _app.PostgresConnectionString is { } postgres ? "postgres:" + postgres : _app.DatabasePath];
        var (cleanOut, editedOut) = (new StringWriter(), new StringWriter());

        Assert.Equal(0, await VerifyCommand.VerifyAsync(store, cleanOut, new StringWriter()));
        EditBehindThePipeline("UPDATE station_hour SET pm25 = 4 WHERE station = '1767A'");
        Assert.Equal(1, await VerifyCommand.VerifyAsync(store, editedOut, new StringWriter()));

        Assert.Contains("every current record matches", cleanOut.ToString(), StringComparison.Ordinal);
        Assert.StartsWith("station-hours/1767A.2019-03-01T01 v1: the store's bytes", editedOut.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void ARowAddedOrRemovedBehindThePipelinesBackIsNamedToo()
    {
        EditBehindThePipeline("""
            DELETE FROM station_hour WHERE station = '1768A';
            INSERT INTO station_hour (station, hour_end, version, recorded_at, batch_id, source, pm25) VALUES ('1767A', 1551373200, 2, '2026-01-01T00:00:00Z', 1, 'edited', 1);
            """);

        var findings = StoreTamperCheck.Run(_app.Services.GetRequiredService<Database>()).Select(f => (f.Kind, f.Dataset, f.Id)).Order().ToList();

        Assert.Equal([(TamperKind.Changed, "station-hours", "1767A.2019-03-01T01"), (TamperKind.Missing, "station-hours", "1768A.2019-03-01T01")], findings);
    }

    /// <summary>
    /// Runs <paramref name="sql"/> straight in this test's store, as someone with the database's password could: on
    /// SQLite after dropping the append-only trigger named, on PostgreSQL with the session's triggers off (the
    /// append-only and the capture triggers alike; <c>session_replication_role</c> needs the superuser the test server has).
    /// </summary>
    private void EditBehindThePipeline(string sql, string? sqliteTrigger = null)
    {
        using var connection = _app.OpenStore();
        using var command = connection.CreateCommand();
        command.CommandText = _app.PostgresConnectionString is not null ? "SET session_replication_role = replica; " + sql
            : sqliteTrigger is null ? sql : $"DROP TRIGGER {sqliteTrigger}; {sql}";
        command.ExecuteNonQuery();
    }
}
