using System.Diagnostics;
using System.Globalization;
using DuckDB.NET.Data;
using Public.Web.Bulk;
using Public.Web.Contract;

namespace Public.Web.Tests.Bulk;

/// <summary>
/// A Parquet file joined from row groups each encoded alone (the months of a yearly archive) is, byte for byte, the
/// file Parquet.Net writes from all the groups at once, and DuckDB (an independent reader) reads back every value.
/// </summary>
public sealed class ParquetRowGroupTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private static readonly Dictionary<string, string> Metadata = new(StringComparer.Ordinal) { ["dataset"] = "test", ["year"] = "2019", ["units"] = "{\"pm25_ugm3\":\"µg/m³\"}" };

    /// <summary>
    /// Every column kind, required and nullable, and more than 15 columns (the footer's lists of columns then carry
    /// their length in a varint of its own).
    /// </summary>
    private static readonly IReadOnlyList<WideColumn> Columns =
    [
        new("station", FieldKind.Text, null, "站点", "Station.", null, true),
        new("time", FieldKind.DateTime, null, "时间", "Time.", null, true),
        new("aqi", FieldKind.Whole, null, "AQI", "AQI.", null, false),
        new("pm25_ugm3", FieldKind.Exact, "µg/m³", "PM2.5", "PM2.5.", null, false),
        new("lon", FieldKind.Binary, "°", "经度", "Longitude.", null, false),
        new("valid", FieldKind.Boolean, null, "有效", "Valid.", null, false),
        new("day", FieldKind.Date, null, "日期", "Date.", null, false),
        new("primary_pollutants", FieldKind.Text, null, "首要污染物", "Primary pollutants.", null, false),
        new("days", FieldKind.Record, null, "日", "Days.", null, false) { JsonType = "array" },
        .. Enumerable.Range(1, 8).Select(i => new WideColumn($"x{i}_ugm3", FieldKind.Exact, "µg/m³", $"值{i}", $"Value {i}.", null, false)),
    ];

    [Fact]
    public async Task MonthsEncodedAloneAndJoinedEqualParquetNetsWriteOfTheWholeYearByteForByte()
    {
        // January with nulls in every nullable column, February empty, March large enough for multi-byte offsets and
        // dictionary-encoded text, April's values all missing, June a single row.
        List<IReadOnlyList<object?[]>> months = [Month(1, 300, 5), new List<object?[]>(), Month(3, 3000, 40), Month(4, 50, 5, allMissing: true), Month(6, 1, 1)];
        var whole = await WideFormats.ParquetAsync(Columns, months, Metadata, Cancel);
        var groups = new List<ParquetRowGroup?>();
        foreach (var month in months)
        {
            groups.Add(await WideFormats.ParquetRowGroupAsync(Columns, month, Metadata, Cancel));
        }

        Assert.Null(groups[1]);
        var joined = WideFormats.ParquetJoin(groups);
        Assert.Equal(whole.Length, joined.Length);
        Assert.Equal(whole, joined);

        // Each row group's first column chunk starts where its month's bytes were put (after PAR1 and the months before),
        // and Parquet.Net reads a later group's values from there.
        await using (var reader = await Parquet.ParquetReader.CreateAsync(new MemoryStream(joined), cancellationToken: Cancel))
        {
            var starts = groups.OfType<ParquetRowGroup>().Select(g => (long)g.Chunks.Length).Prepend(4L).SkipLast(1).ToList();
            for (var i = 1; i < starts.Count; i++)
            {
                starts[i] += starts[i - 1];
            }

            Assert.Equal(starts, reader.Metadata!.RowGroups.Select(g => g.Columns[0].MetaData!.DataPageOffset));
            var stations = new string?[months[2].Count];
            await reader.RowGroups[1].ReadAsync(reader.Schema.DataFields[0], stations.AsMemory(), null, Cancel);
            Assert.Equal(months[2].Select(r => (string?)r[0]), stations);
        }

        // One month alone joins back into its own file.
        Assert.Equal(await WideFormats.ParquetAsync(Columns, [months[2]], Metadata, Cancel), WideFormats.ParquetJoin([groups[2]]));

        // DuckDB reads the joined file: one row group per month with rows, and the counts and sums of the input.
        var file = Path.Combine(Path.GetTempPath(), $"joined-{Guid.NewGuid():N}.parquet");
        await File.WriteAllBytesAsync(file, joined, Cancel);
        try
        {
            using var db = new DuckDBConnection("Data Source=:memory:");
            db.Open();
            var rows = months.SelectMany(m => m).ToList();
            Assert.Equal(4L, Convert.ToInt64(ParquetDuckDbTests.Query(db, $"SELECT count(DISTINCT row_group_id) FROM parquet_metadata('{file}')")[0][0], CultureInfo.InvariantCulture));
            var read = ParquetDuckDbTests.Query(db, $"SELECT count(*), count(aqi), CAST(sum(aqi) AS BIGINT), count(pm25_ugm3), sum(pm25_ugm3), count(valid), count(*) FILTER (WHERE valid), max(day), count(primary_pollutants), count(DISTINCT station), min(epoch_ms(time)), count(days) FROM '{file}'")[0];
            int Count(int c) => rows.Count(r => r[c] is not null);
            Assert.Equal(rows.Count, Convert.ToInt32(read[0], CultureInfo.InvariantCulture));
            Assert.Equal(Count(2), Convert.ToInt32(read[1], CultureInfo.InvariantCulture));
            Assert.Equal(rows.Sum(r => (int?)r[2] ?? 0), Convert.ToInt64(read[2], CultureInfo.InvariantCulture));
            Assert.Equal(Count(3), Convert.ToInt32(read[3], CultureInfo.InvariantCulture));
            Assert.Equal((double)rows.Sum(r => (decimal?)r[3] ?? 0), (double)read[4]!, 6);
            Assert.Equal(Count(5), Convert.ToInt32(read[5], CultureInfo.InvariantCulture));
            Assert.Equal(rows.Count(r => r[5] is true), Convert.ToInt32(read[6], CultureInfo.InvariantCulture));
            Assert.Equal(rows.Max(r => (DateOnly?)r[6]), read[7] switch { DateOnly d => d, DateTime t => DateOnly.FromDateTime(t), var other => throw new InvalidCastException($"max(day): {other}") });
            Assert.Equal(Count(7), Convert.ToInt32(read[8], CultureInfo.InvariantCulture));
            Assert.Equal(40, Convert.ToInt32(read[9], CultureInfo.InvariantCulture));
            Assert.Equal(new DateTimeOffset(2019, 1, 1, 0, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds(), Convert.ToInt64(read[10], CultureInfo.InvariantCulture));
            Assert.Equal(Count(8), Convert.ToInt32(read[11], CultureInfo.InvariantCulture));
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task RowGroupsWrittenWithOtherFileMetadataAreNotJoined()
    {
        var january = await WideFormats.ParquetRowGroupAsync(Columns, Month(1, 10, 2), Metadata, Cancel);
        var february = await WideFormats.ParquetRowGroupAsync(Columns, Month(2, 10, 2), new Dictionary<string, string>(Metadata) { ["year"] = "2020" }, Cancel);
        var error = Assert.Throws<ArgumentException>(() => WideFormats.ParquetJoin([january, february]));
        Assert.Contains("row group 1", error.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => WideFormats.ParquetJoin([null, null]));
        Assert.Throws<InvalidDataException>(() => ParquetRowGroup.Of("PAR1 not a footer PAR1"u8.ToArray()));
    }

    /// <summary>
    /// A national year (<c>PARQUET_BENCH_STATIONS</c> stations, 20 by default; 500 in tests/Benchmarks/parquet-months.sh)
    /// of hourly rows with the station-hours archive's columns: after one changed month, encoding that month alone and
    /// joining it with the eleven kept equals encoding the whole year. The times (a fraction of the whole year's) go to
    /// the file <c>PARQUET_BENCH_OUT</c> names, if any.
    /// </summary>
    [Fact]
    public async Task AfterOneChangedMonthOfANationalYearEncodingItAloneAndJoiningEqualsTheWholeYearsEncode()
    {
        var stations = int.Parse(Environment.GetEnvironmentVariable("PARQUET_BENCH_STATIONS") ?? "20", CultureInfo.InvariantCulture);
        var columns = AirWideTables.StationHours.Columns;
        var months = Enumerable.Range(1, 12).Select(m => Hours(columns, m, stations)).ToList();
        // Warm up (JIT) on a small piece, not timed.
        _ = WideFormats.ParquetJoin([await WideFormats.ParquetRowGroupAsync(columns, months[0].Take(100).ToList(), Metadata, Cancel)]);
        _ = await WideFormats.ParquetAsync(columns, [months[0].Take(100).ToList()], Metadata, Cancel);

        var watch = Stopwatch.StartNew();
        var whole = await WideFormats.ParquetAsync(columns, months, Metadata, Cancel);
        var full = watch.Elapsed;

        var kept = new List<ParquetRowGroup?>();
        foreach (var month in months)
        {
            kept.Add(await WideFormats.ParquetRowGroupAsync(columns, month, Metadata, Cancel));
        }

        watch.Restart();
        kept[5] = await WideFormats.ParquetRowGroupAsync(columns, months[5], Metadata, Cancel);
        var encoded = watch.Elapsed;
        var joined = WideFormats.ParquetJoin(kept);
        var total = watch.Elapsed;

        // The times are the benchmark's to report (tests/Benchmarks/parquet-months.sh), not a condition of this test: a
        // loaded CI machine must not fail it.
        Assert.Equal(whole, joined);
        if (Environment.GetEnvironmentVariable("PARQUET_BENCH_OUT") is { Length: > 0 } output)
        {
            await File.WriteAllTextAsync(output, string.Create(CultureInfo.InvariantCulture,
                $"{stations} stations x 12 months, {months.Sum(m => m.Count):N0} rows, {whole.Length:N0} bytes of Parquet: the whole year encoded in {full.TotalMilliseconds:F0} ms; after one changed month: that month encoded in {encoded.TotalMilliseconds:F0} ms + joined in {(total - encoded).TotalMilliseconds:F1} ms = {total.TotalMilliseconds:F0} ms ({total / full:P1})\n"), Cancel);
        }
    }

    /// <summary>
    /// A month of rows of <see cref="Columns"/>: <paramref name="count"/> hours over <paramref name="stations"/> stations,
    /// every seventh value of a nullable column missing (all of them with <paramref name="allMissing"/>).
    /// </summary>
    private static List<object?[]> Month(int month, int count, int stations, bool allMissing = false)
    {
        var start = new DateTimeOffset(2019, month, 1, 0, 0, 0, TimeSpan.Zero);
        return Enumerable.Range(0, count).Select(i =>
        {
            bool Missing(int c) => allMissing || (i + c) % 7 == 0;
            var time = start.AddHours(i / stations);
            object?[] row =
            [
                $"S{i % stations:000}", time, Missing(2) ? null : 20 + (i % 180), Missing(3) ? null : 0.1m * (i % 997),
                Missing(4) ? null : 121.1 + (i % 13) / 100.0, Missing(5) ? null : i % 3 == 0, Missing(6) ? null : DateOnly.FromDateTime(time.UtcDateTime),
                Missing(7) ? null : (i % 4 == 0 ? "PM2.5 PM10" : "O3"), Missing(8) ? null : $"[{{\"day\":\"2019-{month:00}-01\",\"value\":{i % 5}}}]",
                .. Enumerable.Range(1, 8).Select(k => Missing(8 + k) ? null : (object)(1.5m * ((i * k) % 301))),
            ];
            return row;
        }).ToList();
    }

    /// <summary>
    /// The hours of a month of <paramref name="stations"/> stations as cells of <paramref name="columns"/> (by each
    /// column's kind, about a tenth of the optional values missing): the shape and repetition of a national station-hours year.
    /// </summary>
    private static List<object?[]> Hours(IReadOnlyList<WideColumn> columns, int month, int stations)
    {
        var start = new DateTimeOffset(2019, month, 1, 0, 0, 0, TimeSpan.Zero);
        var hours = (int)(start.AddMonths(1) - start).TotalHours;
        var random = new Random(month);
        var rows = new List<object?[]>(hours * stations);
        for (var h = 0; h < hours; h++)
        {
            for (var s = 0; s < stations; s++)
            {
                var row = new object?[columns.Count];
                for (var c = 0; c < columns.Count; c++)
                {
                    var missing = !columns[c].Required && random.Next(10) == 0;
                    row[c] = columns[c] switch
                    {
                        { Name: "station" } => $"{1001 + s}A",
                        { Kind: FieldKind.DateTime } => start.AddHours(h + 1),
                        { Kind: FieldKind.Whole } => missing ? null : random.Next(20, 300),
                        { Kind: FieldKind.Exact } => missing ? null : Math.Round((decimal)(random.NextDouble() * 200), 1),
                        { Kind: FieldKind.Text } column when !column.Required => missing ? null : (random.Next(2) == 0 ? "PM2.5" : "O3"),
                        _ => "Good",
                    };
                }

                rows.Add(row);
            }
        }

        return rows;
    }
}
