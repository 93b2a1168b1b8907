using System.Text.Json;
using DuckDB.NET.Data;
using Public.Web.Tests.Hosting;

namespace Public.Web.Tests.Bulk;

/// <summary>Tests that set the process time zone run alone.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProcessTimeZoneTests
{
    // The collection definition only; the tests are in the classes that name it.
    public const string Name = "process time zone";
}

/// <summary>Our Parquet files read back with an independent engine (DuckDB), compared with the JSON API.</summary>
[Collection(ProcessTimeZoneTests.Name)]
public sealed class ParquetDuckDbTests(RealDataApp real) : IClassFixture<RealDataApp>
{
    [Fact]
    public async Task StationHoursParquetReadsBackInDuckDbWithTheApisRowsTypesAndValuesInAnyProcessTimeZone()
    {
        var (bytes, response) = await BulkFiles.DownloadAsync(real.Client, "/bulk/station-hours/2019.parquet");
        Assert.Equal("application/vnd.apache.parquet", response.Content.Headers.ContentType?.MediaType);
        var file = Path.Combine(real.App.Folder, "station-hours-2019.parquet");
        await File.WriteAllBytesAsync(file, bytes, TestContext.Current.CancellationToken);

        // The API's long series of one station: instants and values (CO 1.3 must come back as 1.3, not 1.2999999523).
        var api = (await real.Client.GetJsonAsync("/api/v1/stations/1767A/hourly?from=2019-01-01&to=2019-12-31")).Results()
            .Select(h => (Ms: h.GetProperty("time").GetDateTimeOffset().ToUnixTimeMilliseconds(), Aqi: Int(h.GetProperty("aqi")),
                Pm25: Value(h, "PM2.5"), Co: Value(h, "CO")))
            .ToList();
        var total = 0;
        foreach (var code in real.Facts.Stations)
        {
            total += (await real.Client.GetJsonAsync($"/api/v1/stations/{code}/hourly?from=2019-01-01&to=2019-12-31&limit=1")).GetProperty("meta").GetProperty("found").GetInt32();
        }

        var original = Environment.GetEnvironmentVariable("TZ");
        var answers = new List<string>();
        try
        {
            foreach (var zone in new[] { "UTC", "Asia/Shanghai" })
            {
                Environment.SetEnvironmentVariable("TZ", zone);
                TimeZoneInfo.ClearCachedData();
                using var db = new DuckDBConnection("Data Source=:memory:");
                db.Open();
                Execute(db, $"SET TimeZone = '{zone}'");
                var types = Query(db, $"SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM '{file}')").ToDictionary(r => (string)r[0]!, r => (string)r[1]!);
                Assert.Equal("TIMESTAMP WITH TIME ZONE", types["time"]);
                Assert.Equal("DOUBLE", types["pm25_ugm3"]);
                Assert.Equal("DOUBLE", types["co_mgm3"]);
                Assert.Equal("INTEGER", types["aqi"]);
                Assert.Equal("VARCHAR", types["station"]);
                Assert.Equal(total, Convert.ToInt32(Query(db, $"SELECT count(*) FROM '{file}'")[0][0], System.Globalization.CultureInfo.InvariantCulture));

                var rows = Query(db, $"SELECT epoch_ms(time), aqi, pm25_ugm3, co_mgm3 FROM '{file}' WHERE station = '1767A' ORDER BY time");
                Assert.Equal(api.Count, rows.Count);
                foreach (var (expected, row) in api.Zip(rows))
                {
                    Assert.Equal(expected.Ms, Convert.ToInt64(row[0], System.Globalization.CultureInfo.InvariantCulture));
                    Assert.Equal(expected.Aqi, row[1] is null ? null : Convert.ToInt32(row[1], System.Globalization.CultureInfo.InvariantCulture));
                    Assert.Equal(expected.Pm25 is { } p ? (double)p : null, (double?)row[2]);
                    Assert.Equal(expected.Co is { } c ? (double)c : null, (double?)row[3]);
                }

                var units = Query(db, $"SELECT decode(value) FROM parquet_kv_metadata('{file}') WHERE decode(key) = 'units'");
                using var unitsJson = JsonDocument.Parse((string)units[0][0]!);
                Assert.Equal("mg/m\u00B3", unitsJson.RootElement.GetProperty("co_mgm3").GetString());
                Assert.Equal("\u00B5g/m\u00B3", unitsJson.RootElement.GetProperty("pm25_ugm3").GetString());
                answers.Add(string.Join(';', rows.Select(r => string.Join(',', r))));
            }
        }
        finally
        {
            Environment.SetEnvironmentVariable("TZ", original);
            TimeZoneInfo.ClearCachedData();
        }

        Assert.Equal(answers[0], answers[1]);
    }

    private static int? Int(JsonElement e) => e.ValueKind == JsonValueKind.Null ? null : e.GetInt32();

    private static decimal? Value(JsonElement hour, string type) =>
        hour.GetProperty("values").EnumerateArray().FirstOrDefault(v => v.Str("type") == type) is { ValueKind: JsonValueKind.Object } v
            && v.GetProperty("value").ValueKind != JsonValueKind.Null ? v.GetProperty("value").GetDecimal() : null;

    private static void Execute(DuckDBConnection db, string sql)
    {
        using var command = db.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    /// <summary>Every row of a DuckDB query as boxed values (null for SQL NULL); the month tests read archives with it too.</summary>
    internal static List<object?[]> Query(DuckDBConnection db, string sql)
    {
        using var command = db.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var rows = new List<object?[]>();
        while (reader.Read())
        {
            var row = new object?[reader.FieldCount];
            for (var i = 0; i < row.Length; i++)
            {
                row[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
            }

            rows.Add(row);
        }

        return rows;
    }
}
