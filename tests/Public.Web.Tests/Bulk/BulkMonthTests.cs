using System.Globalization;
using System.IO.Compression;
using DuckDB.NET.Data;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Public.Web.Bulk;
using Public.Web.Serving;
using Public.Web.Tests.Hosting;
using static Public.Web.Tests.Export.IncrementalExportTests;

namespace Public.Web.Tests.Bulk;

/// <summary>
/// The air series' yearly archives built month by month: after a new day only its month is read from the store again,
/// the files equal those of a build from scratch over the same store byte for byte, and the multi-member CSV.gz and
/// the Parquet file with a row group per month read back whole in DuckDB (an independent reader), every hour of the
/// imported days (known from the CSV given to the importer) present.
/// </summary>
[Trait(TestStore.EnginesTrait, TestStore.BothEngines)]
public sealed class BulkMonthTests
{
    private static readonly string[] AirDatasets = ["city-days", "city-hours", "station-days", "station-hours"];

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AfterANewDayOnlyItsMonthIsReadAgainAndTheFilesEqualABuildFromScratch()
    {
        using var app = new PublicWebApp();
        // Mid-month days: the hour labelled 00:00 belongs to the day before (CNEMC labels the end of the hour), still the same month.
        app.Import(app.WriteText("days.csv", Day(new DateOnly(2019, 1, 15)) + Day(new DateOnly(2019, 2, 26), header: false) + Day(new DateOnly(2019, 2, 27), header: false)));
        var archives = app.Services.GetRequiredService<BulkArchives>();
        var first = await CurrentAsync(app, archives);
        // The first build of this process reads every month of every air dataset's year.
        Assert.Equal(AirDatasets.SelectMany(d => Enumerable.Range(1, 12).Select(m => $"{d}/2019-{m:00}")).Order(StringComparer.Ordinal), first.MonthsRead);

        var encoded = archives.ParquetRowGroupsEncoded;
        app.Import(app.WriteText("day3.csv", Day(new DateOnly(2019, 2, 28))));
        var second = await CurrentAsync(app, archives);
        // February's Parquet row group alone is encoded again, of each air dataset; the other months' are joined as kept.
        Assert.Equal(AirDatasets.Length, archives.ParquetRowGroupsEncoded - encoded);
        Assert.True(second.DataVersion > first.DataVersion);
        // February alone, of each air dataset; the yearly files are written again (they hold the new day).
        Assert.Equal(AirDatasets.Select(d => $"{d}/2019-02"), second.MonthsRead);
        Assert.Equal(AirDatasets.Select(d => $"{d}/2019").Order(StringComparer.Ordinal), second.Rebuilt.Where(r => AirDatasets.Any(d => r.StartsWith(d + "/", StringComparison.Ordinal))).Order(StringComparer.Ordinal));
        var hours = second.Years.Single(y => y.Dataset == "station-hours" && y.Year == 2019);
        // 4 days × 24 hours × 5 stations, as imported.
        Assert.Equal(4 * 24 * 5, hours.Rows);
        Assert.NotEqual(first.Years.Single(y => y.Dataset == "station-hours").CsvGz.Sha256, hours.CsvGz.Sha256);

        // A build from scratch (another folder, nothing in memory) over the same store writes the very same bytes.
        var scratch = Path.Combine(app.Folder, "scratch.bulk");
        using var fresh = new BulkArchives(app.Services, new BulkOptions { Folder = scratch }, app.Services.GetRequiredService<DataVersionMonitor>(),
            app.Services.GetRequiredService<ILogger<BulkArchives>>(), TimeProvider.System);
        var rebuilt = await fresh.CurrentAsync(Cancel);
        Assert.Equal(second.DataVersion, rebuilt.DataVersion);
        Assert.Equal(second.Files.Select(f => (f.Path, f.Sha256, f.Bytes)), rebuilt.Files.Select(f => (f.Path, f.Sha256, f.Bytes)));
        foreach (var file in second.Files)
        {
            Assert.Equal(await File.ReadAllBytesAsync(archives.PathOf(file), Cancel), await File.ReadAllBytesAsync(fresh.PathOf(file), Cancel));
        }

        // The joined Parquet file is byte for byte what Parquet.Net writes from all the year's months at once (with the
        // file metadata read back from it by Parquet.Net): the empty months left out, January and February one row group each.
        var dataset = BulkDatasets.All.Single(d => d.Id == "station-hours");
        var joined = await File.ReadAllBytesAsync(archives.PathOf(hours.Parquet), Cancel);
        Dictionary<string, string> metadata;
        await using (var reader = await Parquet.ParquetReader.CreateAsync(new MemoryStream(joined), cancellationToken: Cancel))
        {
            Assert.Equal(2, reader.RowGroupCount);
            metadata = reader.CustomMetadata;
        }

        var months = Enumerable.Range(1, 12).Select(m => dataset.Span!(app.Services, new DateOnly(2019, m, 1), new DateOnly(2019, m, 1).AddMonths(1).AddDays(-1)).Cells).ToList();
        Assert.Equal(await WideFormats.ParquetAsync(dataset.Table.Columns, months, metadata, Cancel), joined);
    }

    [Fact]
    public void TheSignaturesOfDaysMonthsAndTheYearCountTheStoredRowsAndTheirLatestBatch()
    {
        using var app = new PublicWebApp();
        // CNEMC labels the end of the hour: hour 0 of 1 February ends at midnight and belongs to 31 January.
        app.Import(app.WriteText("days.csv", Day(new DateOnly(2019, 1, 31)) + Day(new DateOnly(2019, 2, 1), header: false)));
        var store = app.Services.GetRequiredService<Public.Web.AirQuality.Store.AirQualityStore>();
        var before = store.HourSignaturesByMonth(2019);
        // Five stations: January 24 + 1 hours each, February 23; one batch.
        Assert.Equal("125:1", before[1]);
        Assert.Equal("115:1", before[2]);
        Assert.Equal("0:0", before[3]);

        // A second batch: 1 February again with the first station's PM2.5 changed (a new version of its 24 hours: the
        // table is append-only, the rows are counted with every version; the hour ending at 00:00 on 1 February is
        // January's) and 2 February (five stations, the hour ending at 00:00 on 2 February is the 1st's).
        app.Import(app.WriteText("again.csv", Day(new DateOnly(2019, 2, 1)).Replace(",PM2.5,", ",PM2.5,1", StringComparison.Ordinal) + Day(new DateOnly(2019, 2, 2), header: false)));
        var months = store.HourSignaturesByMonth(2019);
        Assert.Equal(Enumerable.Range(1, 12), months.Keys.Order());
        Assert.Equal("126:2", months[1]);
        Assert.Equal("258:2", months[2]);

        // Every signature against the rows themselves: each month's, each day's of January and February and the year's
        // (the span of natural days: hour ends in (00:00 of the first, 00:00 after the last]).
        string Counted(DateOnly first, DateOnly last) =>
            $"{Count("COUNT(*)", first, last)}:{Count("COALESCE(MAX(batch_id), 0)", first, last)}";
        long Count(string what, DateOnly first, DateOnly last) => TestStore.Scalar(app.PostgresConnectionString, app.DatabasePath,
            string.Create(CultureInfo.InvariantCulture, $"SELECT {what} FROM station_hour WHERE hour_end > {Public.Web.Infrastructure.ChinaTime.DayStart(first)} AND hour_end <= {Public.Web.Infrastructure.ChinaTime.DayStart(last.AddDays(1))}"));
        foreach (var (month, signature) in months)
        {
            var first = new DateOnly(2019, month, 1);
            var last = first.AddMonths(1).AddDays(-1);
            Assert.Equal(Counted(first, last), signature);
            Assert.Equal(signature, store.HourSignature(first, last));
        }

        for (var day = new DateOnly(2019, 1, 1); day <= new DateOnly(2019, 2, 28); day = day.AddDays(1))
        {
            Assert.Equal(Counted(day, day), store.HourSignature(day, day));
        }

        Assert.Equal(Counted(new DateOnly(2019, 1, 1), new DateOnly(2019, 12, 31)), store.HourSignature(new DateOnly(2019, 1, 1), new DateOnly(2019, 12, 31)));
        Assert.Equal("384:2", store.HourSignature(new DateOnly(2019, 1, 1), new DateOnly(2019, 12, 31)));
    }

    [Fact]
    public async Task MultiMemberCsvGzAndMonthlyRowGroupsReadBackWholeInDuckDb()
    {
        using var app = new PublicWebApp();
        var imported = new[] { new DateOnly(2019, 1, 15), new DateOnly(2019, 2, 26), new DateOnly(2019, 3, 10) };
        app.Import(app.WriteText("days.csv", string.Concat(imported.Select((d, i) => Day(d, header: i == 0)))));
        var archives = app.Services.GetRequiredService<BulkArchives>();
        var manifest = await CurrentAsync(app, archives);
        var year = manifest.Years.Single(y => y.Dataset == "station-hours" && y.Year == 2019);
        var gz = archives.PathOf(year.CsvGz);
        var parquet = archives.PathOf(year.Parquet);

        // A header member and one member per month with rows: four gzip members.
        Assert.Equal(4, Members(await File.ReadAllBytesAsync(gz, Cancel)));

        // .NET's GZipStream reads on through every member: one header line, then every station-hour.
        using (var reader = new StreamReader(new GZipStream(File.OpenRead(gz), CompressionMode.Decompress)))
        {
            var lines = (await reader.ReadToEndAsync(Cancel)).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
            Assert.Single(lines, l => l.StartsWith("station,", StringComparison.Ordinal));
            Assert.Equal(imported.Length * 24 * 5, lines.Length - 1);
        }

        using var db = new DuckDBConnection("Data Source=:memory:");
        db.Open();
        // Every hour of every imported day, by local month (the hour labelled 00:00 is the end of the previous day's last hour).
        var expected = imported.Select(d => d.Month).Distinct().ToDictionary(m => m, m => imported.Count(d => d.Month == m) * 24 * 5);
        foreach (var from in new[] { $"read_csv('{gz}', header = true)", $"'{parquet}'" })
        {
            // The local date of an hour's end minus one hour: UTC+08:00 − 1 h = + 7 h, as microseconds of a plain timestamp.
            var months = ParquetDuckDbTests.Query(db, $"SELECT month(make_timestamp((epoch_ms(CAST(time AS TIMESTAMPTZ)) + 7 * 3600000) * 1000)) AS m, count(*), count(DISTINCT station) FROM {from} GROUP BY m ORDER BY m");
            Assert.Equal(expected.Select(e => (e.Key, e.Value, 5)), months.Select(r => (Convert.ToInt32(r[0], CultureInfo.InvariantCulture), Convert.ToInt32(r[1], CultureInfo.InvariantCulture), Convert.ToInt32(r[2], CultureInfo.InvariantCulture))));
            // The values as imported: PM2.5 of 1767A at 2019-03-10 12:00+08:00 (04:00 UTC) is 30 + 12 × 3 + 0 × 7 + 10 (see Day).
            var pm25 = ParquetDuckDbTests.Query(db, $"SELECT pm25_ugm3 FROM {from} WHERE station = '1767A' AND epoch_ms(CAST(time AS TIMESTAMPTZ)) = 1552190400000");
            Assert.Equal(76m, Convert.ToDecimal(Assert.Single(pm25)[0], CultureInfo.InvariantCulture));
        }

        // One row group per month with rows.
        var groups = ParquetDuckDbTests.Query(db, $"SELECT count(DISTINCT row_group_id) FROM parquet_metadata('{parquet}')");
        Assert.Equal(3, Convert.ToInt32(groups[0][0], CultureInfo.InvariantCulture));
    }

    /// <summary>The manifest of the store's current data version (waiting until the app has seen the import's version).</summary>
    private static async Task<BulkManifest> CurrentAsync(PublicWebApp app, BulkArchives archives)
    {
        var versions = app.Services.GetRequiredService<DataVersionMonitor>();
        var stored = app.Services.GetRequiredService<Public.Web.Infrastructure.Database>().ReadDataVersion().Number;
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (versions.Current.Number < stored && waited.Elapsed < TimeSpan.FromSeconds(30))
        {
            await Task.Delay(20, Cancel);
        }

        return await archives.CurrentAsync(Cancel);
    }

    /// <summary>
    /// The gzip members of a file (RFC 1952): each a 10-byte header (magic 1f 8b, deflate, no optional fields, as .NET
    /// writes it), a deflate stream and an 8-byte trailer. The deflate stream is read one byte at a time, so it ends
    /// exactly where its data does.
    /// </summary>
    private static int Members(byte[] bytes)
    {
        var count = 0;
        var input = new OneByteAtATime(bytes);
        while (input.Position < bytes.Length)
        {
            var at = (int)input.Position;
            Assert.True(bytes[at] == 0x1f && bytes[at + 1] == 0x8b && bytes[at + 2] == 8 && bytes[at + 3] == 0, $"no plain gzip member header at byte {at}");
            input.Position = at + 10;
            using (var inflate = new DeflateStream(input, CompressionMode.Decompress, leaveOpen: true))
            {
                // Read, not CopyTo (which hands the inflater the rest of the input in one piece).
                var buffer = new byte[4096];
                while (inflate.Read(buffer) > 0)
                {
                }
            }

            // The trailer: CRC-32 and size.
            input.Position += 8;
            count++;
        }

        Assert.Equal(bytes.Length, input.Position);
        return count;
    }

    private sealed class OneByteAtATime(byte[] bytes) : MemoryStream(bytes)
    {
        public override int Read(byte[] buffer, int offset, int count) => base.Read(buffer, offset, Math.Min(count, 1));

        public override int Read(Span<byte> buffer) => base.Read(buffer[..Math.Min(buffer.Length, 1)]);

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            base.ReadAsync(buffer, offset, Math.Min(count, 1), cancellationToken);

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            base.ReadAsync(buffer[..Math.Min(buffer.Length, 1)], cancellationToken);
    }
}
