using System.Globalization;
using Microsoft.Data.Sqlite;
using Npgsql;
using NpgsqlTypes;

namespace Public.Web.Infrastructure.Postgres;

/// <summary>What the copy did: copied rows per table, or nothing because the target already holds this store.</summary>
internal sealed record CopyOutcome(bool Copied, string StoreId, IReadOnlyList<(string Table, long Rows)> Tables);

/// <summary>
/// Copies a SQLite store into a migrated PostgreSQL database: every table, parents first, each with a binary
/// <c>COPY</c>, all in one transaction (a failure leaves the target as empty as it was). The target must be empty;
/// one that already holds the same store (same <c>store_id</c>) is left as it is and only verified again, so the
/// command can be re-run; a target holding any other data is refused.
/// </summary>
internal static class StoreCopy
{
    public static CopyOutcome Run(string sqlitePath, NpgsqlDataSource target, TextWriter progress, CancellationToken cancellationToken = default)
    {
        using var sqlite = StoreTables.OpenSqlite(sqlitePath);
        // One read transaction: the copy is one consistent snapshot even while the source keeps importing.
        using var read = sqlite.BeginTransaction(deferred: true);
        var sourceId = StoreId(sqlite, read) ?? "";

        using var postgres = target.OpenConnection();
        using var write = postgres.BeginTransaction();
        var tables = StoreTables.Match(sqlite, read, postgres, write);
        var nonEmpty = StoreTables.ReadPostgresTables(postgres, write).Where(t => HasRows(postgres, write, t)).ToList();
        if (nonEmpty.Count > 0)
        {
            using var command = new NpgsqlCommand($"SELECT value FROM store_meta WHERE key = '{Database.StoreIdKey}'", postgres, write);
            var targetId = command.ExecuteScalar() as string;
            if (targetId == sourceId && sourceId.Length > 0)
            {
                return new CopyOutcome(false, sourceId, []);
            }

            throw new StoreMigrationException(
                $"--to：目标数据库不是空的（有数据的表：{string.Join(", ", nonEmpty)}），其 store_id 为 {targetId ?? "（无）"}，与源存储的 {sourceId} 不同；拒绝写入。请用一个空数据库。 / " +
                $"--to: the target database is not empty (tables with rows: {string.Join(", ", nonEmpty)}) and its store_id {targetId ?? "(none)"} is not the source's {sourceId}: refused. Use an empty database.");
        }

        var copied = new List<(string, long)>();
        foreach (var table in tables)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var rows = CopyTable(sqlite, read, postgres, table);
            copied.Add((table.Name, rows));
            progress.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {table.Name}: {rows:N0}"));
        }

        // Identity columns continue after the copied ids, as SQLite's rowids would.
        foreach (var table in tables)
        {
            foreach (var column in table.IdentityColumns)
            {
                using var command = new NpgsqlCommand(
                    $"SELECT setval(pg_get_serial_sequence($1, $2), m) FROM (SELECT max({StoreTable.Quote(column)}) AS m FROM {StoreTable.Quote(table.Name)}) x WHERE m IS NOT NULL",
                    postgres, write);
                command.Parameters.Add(new NpgsqlParameter { Value = StoreTable.Quote(table.Name) });
                command.Parameters.Add(new NpgsqlParameter { Value = column });
                command.ExecuteNonQuery();
            }
        }

        write.Commit();
        return new CopyOutcome(true, sourceId, copied);
    }

    private static long CopyTable(SqliteConnection sqlite, SqliteTransaction read, NpgsqlConnection postgres, StoreTable table)
    {
        using var select = sqlite.CreateCommand();
        select.Transaction = read;
        select.CommandText = table.SqliteSelect;
        using var reader = select.ExecuteReader();
        var types = table.Columns.Select(c => DbType(table, c)).ToArray();
        var rows = 0L;
        try
        {
            using var importer = postgres.BeginBinaryImport($"COPY {StoreTable.Quote(table.Name)} ({table.ColumnList}) FROM STDIN (FORMAT BINARY)");
            var values = new object[table.Columns.Count];
            while (reader.Read())
            {
                reader.GetValues(values);
                importer.StartRow();
                for (var i = 0; i < values.Length; i++)
                {
                    Write(importer, table, values, i, types[i]);
                }

                rows++;
            }

            importer.Complete();
        }
        catch (PostgresException e)
        {
            throw new StoreMigrationException($"复制表 {table.Name} 失败，目标未写入任何数据 / copying table {table.Name} failed, nothing was written to the target: {e.MessageText}{(e.Where is { } w ? " (" + w + ")" : "")}", e);
        }

        return rows;
    }

    private static NpgsqlDbType DbType(StoreTable table, StoreColumn column) => column.PgType switch
    {
        "bigint" => NpgsqlDbType.Bigint,
        "double precision" => NpgsqlDbType.Double,
        "text" => NpgsqlDbType.Text,
        "bytea" => NpgsqlDbType.Bytea,
        _ => throw new StoreMigrationException($"{table.Name}.{column.Name}：PostgreSQL 类型 {column.PgType} 不在复制支持之列 / {table.Name}.{column.Name}: PostgreSQL type {column.PgType} is not one the copy writes (bigint, double precision, text, bytea)"),
    };

    private static void Write(NpgsqlBinaryImporter importer, StoreTable table, object[] row, int i, NpgsqlDbType type)
    {
        var value = row[i];
        switch (value, type)
        {
            case (DBNull, _):
                importer.WriteNull();
                break;
            case (long l, NpgsqlDbType.Bigint):
                importer.Write(l, type);
                break;
            case (double d, NpgsqlDbType.Double):
                importer.Write(d, type);
                break;
            // A REAL column holds whole numbers as integers when SQLite could store them so.
            case (long l, NpgsqlDbType.Double):
                importer.Write((double)l, type);
                break;
            case (string s, NpgsqlDbType.Text):
                importer.Write(s, type);
                break;
            case (byte[] b, NpgsqlDbType.Bytea):
                importer.Write(b, type);
                break;
            default:
                throw new StoreMigrationException(
                    $"{table.Name} 行 {RowName(table, row)} 列 {table.Columns[i].Name}：SQLite 值 {StoreValues.Show(value)}（{value.GetType().Name}）不能存为 PostgreSQL {table.Columns[i].PgType} / " +
                    $"{table.Name} row {RowName(table, row)} column {table.Columns[i].Name}: the SQLite value {StoreValues.Show(value)} ({value.GetType().Name}) does not fit PostgreSQL {table.Columns[i].PgType}");
        }
    }

    /// <summary>A row named by its key columns, e.g. <c>(idx=41)</c>.</summary>
    public static string RowName(StoreTable table, object?[] row) =>
        "(" + string.Join(", ", table.Key.Select(k => k + "=" + StoreValues.Show(row[IndexOf(table, k)]))) + ")";

    private static int IndexOf(StoreTable table, string column)
    {
        for (var i = 0; i < table.Columns.Count; i++)
        {
            if (table.Columns[i].Name == column)
            {
                return i;
            }
        }

        return -1;
    }

    private static bool HasRows(NpgsqlConnection connection, NpgsqlTransaction transaction, string table)
    {
        using var command = new NpgsqlCommand($"SELECT EXISTS (SELECT 1 FROM {StoreTable.Quote(table)})", connection, transaction);
        return command.ExecuteScalar() is true;
    }

    public static string? StoreId(SqliteConnection connection, SqliteTransaction? transaction)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"SELECT value FROM store_meta WHERE key = '{Database.StoreIdKey}'";
        return command.ExecuteScalar() as string;
    }
}

/// <summary>Values as both engines give them back, compared and shown the same way.</summary>
internal static class StoreValues
{
    /// <summary>A value for a message: text quoted and cut at 60 characters, bytes as hex (the first 16).</summary>
    public static string Show(object? value) => value switch
    {
        null or DBNull => "NULL",
        string s => "'" + (s.Length > 60 ? s[..60] + "…" : s) + "'",
        byte[] b => "x'" + Convert.ToHexStringLower(b.AsSpan(0, Math.Min(b.Length, 16))) + (b.Length > 16 ? "…" : "") + $"' ({b.Length} bytes)",
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    /// <summary>The value as the PostgreSQL column holds it (a whole REAL read from SQLite as an integer becomes a double).</summary>
    public static object? Normalize(object? value, string pgType) => value switch
    {
        DBNull => null,
        long l when pgType == "double precision" => (double)l,
        _ => value,
    };

    public static bool Same(object? a, object? b) => (a, b) switch
    {
        (null, null) => true,
        (long x, long y) => x == y,
        // Bit for bit: binary COPY carries doubles exactly, so any difference is a change.
        (double x, double y) => BitConverter.DoubleToInt64Bits(x) == BitConverter.DoubleToInt64Bits(y),
        (string x, string y) => string.Equals(x, y, StringComparison.Ordinal),
        (byte[] x, byte[] y) => x.AsSpan().SequenceEqual(y),
        _ => false,
    };

    /// <summary>The order of both ORDER BYs: NULL first, numbers by value, text by its UTF-8 bytes, bytes as bytes.</summary>
    public static int Compare(object? a, object? b) => (a, b) switch
    {
        (null, null) => 0,
        (null, _) => -1,
        (_, null) => 1,
        (long x, long y) => x.CompareTo(y),
        (double x, double y) => x.CompareTo(y),
        (long x, double y) => ((double)x).CompareTo(y),
        (double x, long y) => x.CompareTo((double)y),
        (string x, string y) => System.Text.Encoding.UTF8.GetBytes(x).AsSpan().SequenceCompareTo(System.Text.Encoding.UTF8.GetBytes(y)),
        (byte[] x, byte[] y) => x.AsSpan().SequenceCompareTo(y),
        _ => string.CompareOrdinal(a.GetType().Name, b.GetType().Name),
    };
}
