using System.Globalization;
using System.Text;
using Microsoft.Data.Sqlite;
using Npgsql;
using Public.Tests.SharedData;
using Public.Web.Infrastructure.Data;

namespace Public.Web.Tests.Postgres;

/// <summary>
/// A record's published bytes on PostgreSQL are SQLite's, value by value: REAL columns (SQLite's <c>json_object</c>
/// writes them by its printf <c>%!0.17g</c>) and embedded JSON documents (SQLite's <c>json()</c>). The expected text is
/// what SQLite itself — the e_sqlite3 the app runs on — writes for the same double or document, through the same
/// <see cref="StoreDialect.JsonObject"/> SQL the publisher uses; PostgreSQL runs the same list through its side.
/// </summary>
public sealed class PgRecordBytesTests(EngineServer engines) : IClassFixture<EngineServer>
{
    private static string Cnemc => SharedDataLocator.RequireJinzhouHourly();

    [Fact]
    public void RealValuesAreWrittenAsSqliteWritesThemFromEdgeCasesToTheCnemcFile()
    {
        SkipUnlessPostgres();
        var values = EdgeCases().Concat(CnemcValues()).Concat(RandomValues(new Random(18), 4000)).ToList();
        Assert.True(values.Count > 8000, $"only {values.Count} values");

        var sqlite = OnSqlite(values.Select(v => (object)v).ToList(), embed: false);
        var postgres = OnPostgres(values.ToArray(), embed: false);

        AssertSame(values.Select(v => v.ToString("R", CultureInfo.InvariantCulture)).ToList(), sqlite, postgres);

        // What SQLite writes, as facts measured on SQLite 3.53.3 (so a change of SQLite's own text shows here too).
        var known = new Dictionary<double, string>
        {
            [25.0] = "25.0", [0.1] = "0.1", [1e-7] = "1.0e-07", [1e20] = "1.0e+20", [1.3] = "1.3",
            [123456789012345.6] = "123456789012345.59", [-0.0] = "0.0", [1e15] = "1000000000000000.0",
            [1.0 / 3] = "0.33333333333333332", [0.1 + 0.2] = "0.30000000000000004", [double.Epsilon] = "4.9406564584124654e-324",
            [double.MaxValue] = "1.7976931348623157e+308", [double.PositiveInfinity] = "9.0e+999", [double.NegativeInfinity] = "-9.0e+999",
        };
        foreach (var (value, text) in known)
        {
            var i = values.IndexOf(value);
            Assert.True(i >= 0, $"{value:R} is among the values");
            Assert.Equal("{\"v\":" + text + "}", sqlite[i]);
        }
    }

    /// <summary>
    /// Migration 6's short way (integers of up to 9 digits, decimals of up to 9 + 3 digits): every value with three
    /// decimals from 0 to 100, every tenth to 10,000, integers to 100,000, random three-decimal values up to 10⁹ of both
    /// signs, and the neighbours where the short way stops (10⁹, four decimals, 10⁻⁴), written as SQLite writes them.
    /// </summary>
    [Fact]
    public void ShortDecimalsWhichTakeTheShortWayAreWrittenAsSqliteWritesThem()
    {
        SkipUnlessPostgres();
        var random = new Random(6);
        var values = Enumerable.Range(0, 100_001).Select(k => k / 1000.0)
            .Concat(Enumerable.Range(0, 100_001).Select(k => k / 10.0))
            .Concat(Enumerable.Range(0, 100_001).Select(k => (double)k))
            .Concat(Enumerable.Range(0, 20_000).Select(_ => (random.NextDouble() < 0.5 ? -1 : 1) * (random.NextInt64(1_000_000_000_000) / 1000.0)))
            .Concat([999_999_999, 1e9, -1e9, 999_999_999.999, 1_000_000_000.5, 0.0001, 0.0005, 1.2345, -0.001, 0.001, 1e-3, 3e-4])
            .ToList();

        var sqlite = OnSqlite(values.Select(v => (object)v).ToList(), embed: false);
        var postgres = OnPostgres(values.ToArray(), embed: false);

        AssertSame(values.Select(v => v.ToString("R", CultureInfo.InvariantCulture)).ToList(), sqlite, postgres);
        Assert.Equal("{\"v\":25.0}", sqlite[values.IndexOf(25.0)]);
        Assert.Equal("{\"v\":0.001}", sqlite[values.IndexOf(0.001)]);
        Assert.Equal("{\"v\":0.0001}", sqlite[values.IndexOf(0.0001)]);
    }

    [Fact]
    public void NullIsNullOnBothAndNaNWhichSqliteCannotStoreIsNullOnPostgres()
    {
        SkipUnlessPostgres();
        Assert.Equal(["{\"v\":null}", "{\"v\":null}"], OnPostgres(new double?[] { null, double.NaN }, embed: false));
        Assert.Equal("{\"v\":null}", OnSqlite([DBNull.Value], embed: false)[0]);
        Assert.Throws<InvalidOperationException>(() => OnSqlite([double.NaN], embed: false));
    }

    [Fact]
    public void EmbeddedDocumentsLoseTheWhitespaceBetweenTokensAndNothingElse()
    {
        SkipUnlessPostgres();
        string[] documents =
        [
            "{}", "{ }", "[ ]", " [1,\n\t2\r\n] ", "42", " \"only a string\" ", "null", "true",
            """{ "a" : 1E+3 , "b": -0, "c": 123456789012345678901234567890, "d": 1.50e-07, "a": 2 }""",
            """{"k":"tab\there \u00e9 é \/ \"q\" \\ ", "sp" : "  two  spaces  ", "nested": {"x": [ {"y" : [ [ ] ] } ] } }""",
            """{"x": 0.1e1, "y": 1.0, "z": true , "w" : false, "n" :null}""",
            "{\n  \"name\": \"锦州市生态环境局\",\n  \"outlets\": [\n    { \"code\": \"DA001\", \"limit\": 50.0 }\n  ]\n}",
            """["\"", "\\", "\\\"", "a \" b", " \\n "]""",
        ];
        var all = documents.Concat(CnemcDocuments()).ToList();

        var sqlite = OnSqlite(all.Select(d => (object)d).ToList(), embed: true);
        var postgres = OnPostgres(all.ToArray(), embed: true);
        AssertSame(all, sqlite, postgres);
        Assert.Equal("{\"v\":{\"a\":1E+3,\"b\":-0,\"c\":123456789012345678901234567890,\"d\":1.50e-07,\"a\":2}}", sqlite[8]);
    }

    private static void SkipUnlessPostgres()
    {
        if (!StoreEngines.IsSelected(StoreEngines.Postgres))
        {
            Assert.Skip($"PostgreSQL not selected ({StoreEngines.Variable})");
        }
    }

    private static void AssertSame(List<string> inputs, List<string> sqlite, List<string> postgres)
    {
        Assert.Equal(sqlite.Count, postgres.Count);
        var differences = Enumerable.Range(0, sqlite.Count).Where(i => sqlite[i] != postgres[i]).ToList();
        Assert.True(differences.Count == 0,
            $"{differences.Count} of {sqlite.Count} differ, e.g.:\n" +
            string.Join("\n", differences.Take(10).Select(i => $"  {inputs[i]}: SQLite {sqlite[i]}, PostgreSQL {postgres[i]}")));
    }

    private static List<string> OnSqlite(List<object> values, bool embed)
    {
        using var connection = new SqliteConnection("Data Source=:memory:");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {StoreDialect.Sqlite.JsonObject([("v", "t.v", embed)])} FROM (SELECT @v AS v) t";
        var parameter = command.CreateParameter();
        parameter.ParameterName = "@v";
        command.Parameters.Add(parameter);
        var texts = new List<string>(values.Count);
        foreach (var value in values)
        {
            parameter.Value = value;
            texts.Add((string)command.ExecuteScalar()!);
        }

        return texts;
    }

    private List<string> OnPostgres<T>(T[] values, bool embed)
    {
        var database = engines.Create(StoreEngines.Postgres);
        using var connection = (NpgsqlConnection)database.Connect();
        using var command = new NpgsqlCommand(
            $"SELECT {StoreDialect.Postgres.JsonObject([("v", "t.v", embed)])} FROM unnest(@v) WITH ORDINALITY AS t(v, i) ORDER BY t.i", connection);
        command.Parameters.AddWithValue("v", values);
        using var reader = command.ExecuteReader();
        var texts = new List<string>(values.Length);
        while (reader.Read())
        {
            texts.Add(reader.GetString(0));
        }

        return texts;
    }

    private static IEnumerable<double> EdgeCases()
    {
        double[] fixedValues =
        [
            25.0, 0.1, 1e-7, 1e20, 1.3, 123456789012345.6, -0.0, 0.0, 1e15, 1e16, 1e17, 1e-4, 1e-5, 1e14, 9007199254740992.0,
            1.0 / 3, 2.0 / 3, 0.1 + 0.2, 0.3, 123456789012344.5, 1234567890123445.0, 99999999999999990.0, 0.9999999999999999,
            double.Epsilon, double.MaxValue, double.MinValue, 2.2250738585072014e-308, 2.225073858507201e-308, 1e-300, 1e300,
            9.999999999999999e22, 1e23, 1e-320, 4.35, 0.005, 1.005, 2.675, 1e21, 1e22, 5e-324 * 3, 1.7976931348623155e308,
            double.PositiveInfinity, double.NegativeInfinity, 100.0, 1000.5, 0.5, 0.25, 0.125, 1.5e-10, 12345.678,
        ];
        foreach (var value in fixedValues)
        {
            yield return value;
            yield return -value;
        }

        // Every power of ten and of two across the range, and their neighbours.
        for (var e = -323; e <= 308; e++)
        {
            var p = double.Parse($"1e{e}", CultureInfo.InvariantCulture);
            yield return p;
            yield return Math.BitIncrement(p);
            yield return Math.BitDecrement(p);
        }

        for (var e = -1074; e <= 1023; e += 7)
        {
            yield return Math.ScaleB(1.0, e);
        }
    }

    /// <summary>Every distinct concentration of the CNEMC file, their tenths and thousandths, and 24-hour-style means.</summary>
    private static IEnumerable<double> CnemcValues()
    {
        var numbers = new SortedSet<double>();
        foreach (var line in File.ReadLines(Cnemc).Skip(1))
        {
            foreach (var cell in line.Split(',').Skip(3))
            {
                if (cell.Length > 0 && double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out var v))
                {
                    numbers.Add(v);
                }
            }
        }

        Assert.True(numbers.Count > 500, $"only {numbers.Count} distinct values in {Cnemc}");
        var random = new Random(2019);
        var list = numbers.ToList();
        foreach (var v in list)
        {
            yield return v;
            yield return v / 10;
            yield return v / 1000;
        }

        for (var i = 0; i < 2000; i++)
        {
            var count = random.Next(2, 25);
            var sum = 0.0;
            for (var j = 0; j < count; j++)
            {
                sum += list[random.Next(list.Count)];
            }

            yield return sum / count;
        }
    }

    private static IEnumerable<double> RandomValues(Random random, int count)
    {
        for (var i = 0; i < count; i++)
        {
            var bits = random.NextInt64() ^ ((long)random.Next() << 33);
            var any = BitConverter.Int64BitsToDouble(bits);
            if (!double.IsNaN(any))
            {
                yield return any;
            }

            yield return Math.Round((random.NextDouble() - 0.5) * 2000, random.Next(0, 5));
            yield return random.NextDouble() * Math.Pow(10, random.Next(-30, 31));
        }
    }

    /// <summary>Rows of the CNEMC file as indented JSON documents (real text, real numbers as written).</summary>
    private static IEnumerable<string> CnemcDocuments()
    {
        foreach (var line in File.ReadLines(Cnemc).Skip(1).Take(300))
        {
            var cells = line.Split(',');
            var sb = new StringBuilder("{\n  \"date\" : \"").Append(cells[0]).Append("\",\n  \"hour\": ").Append(cells[1])
                .Append(",\n\t\"type\":\"").Append(cells[2]).Append("\",\r\n  \"values\" : [ ");
            sb.AppendJoin(" , ", cells.Skip(3).Select(c => c.Length == 0 ? "null" : c));
            yield return sb.Append(" ]\n}\n").ToString();
        }
    }
}
