using Microsoft.Data.Sqlite;
using Npgsql;

namespace Public.Web.Infrastructure.Postgres;

/// <summary>A column as both engines hold it: its name and its PostgreSQL type (bigint, double precision, text, bytea).</summary>
internal sealed record StoreColumn(string Name, string PgType);

/// <summary>
/// A table of the SQLite store and where it lands in PostgreSQL: the SQLite columns (all present in PostgreSQL,
/// generated columns aside) and the key rows are ordered by (the primary key, or every column when there is none).
/// </summary>
internal sealed record StoreTable(string Name, IReadOnlyList<StoreColumn> Columns, IReadOnlyList<string> Key, IReadOnlyList<string> IdentityColumns)
{
    public string ColumnList => string.Join(", ", Columns.Select(c => Quote(c.Name)));

    public string SqliteSelect => $"SELECT {ColumnList} FROM {Quote(Name)} ORDER BY {string.Join(", ", Key.Select(Quote))}";

    // SQLite sorts NULL first and TEXT by its bytes; "C" collation (the columns') and NULLS FIRST give the same order here.
    public string PostgresSelect => $"SELECT {ColumnList} FROM {Quote(Name)} ORDER BY {string.Join(", ", Key.Select(k => Quote(k) + " NULLS FIRST"))}";

    public static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}

/// <summary>Reads the tables of a SQLite store and matches them with the PostgreSQL schema's.</summary>
internal static class StoreTables
{
    /// <summary>Opens a SQLite store read-only (never creating or changing it); the error names the path.</summary>
    public static SqliteConnection OpenSqlite(string path)
    {
        CheckSource(path);
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = Path.GetFullPath(path),
            Mode = SqliteOpenMode.ReadOnly,
            // Not pooled: the file is let go when the command ends.
            Pooling = false,
        }.ToString());
        connection.Open();
        return connection;
    }

    /// <summary>The source exists (it is never created).</summary>
    public static void CheckSource(string path)
    {
        if (!File.Exists(path))
        {
            throw new StoreMigrationException($"--from：没有 SQLite 存储文件 {path} / --from: no SQLite store at {path}");
        }
    }

    /// <summary>The SQLite tables with their columns and keys (from <c>PRAGMA table_info</c>), parents before the tables that reference them.</summary>
    public static List<(string Name, List<(string Column, int Pk)> Columns, List<string> Parents)> ReadSqlite(SqliteConnection connection, SqliteTransaction? transaction = null)
    {
        var names = new List<string>();
        using (var command = connection.CreateCommand())
        {
            command.Transaction = transaction;
            command.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name";
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                names.Add(reader.GetString(0));
            }
        }

        var tables = new Dictionary<string, (string, List<(string, int)>, List<string>)>(StringComparer.Ordinal);
        foreach (var name in names)
        {
            var columns = new List<(string, int)>();
            using (var command = connection.CreateCommand())
            {
                command.Transaction = transaction;
                command.CommandText = $"SELECT name, pk FROM pragma_table_info($t) ORDER BY cid";
                command.Parameters.AddWithValue("$t", name);
                using var reader = command.ExecuteReader();
                while (reader.Read())
                {
                    columns.Add((reader.GetString(0), reader.GetInt32(1)));
                }
            }

            var parents = new List<string>();
            using (var command = connection.CreateCommand())
            {
                command.Transaction = transaction;
                command.CommandText = "SELECT DISTINCT \"table\" FROM pragma_foreign_key_list($t)";
                command.Parameters.AddWithValue("$t", name);
                using var reader = command.ExecuteReader();
                while (reader.Read())
                {
                    parents.Add(reader.GetString(0));
                }
            }

            tables[name] = (name, columns, parents);
        }

        // Parents first (Kahn's algorithm, by name among the ready ones), so every foreign key finds its row.
        var ordered = new List<(string, List<(string, int)>, List<string>)>();
        var done = new HashSet<string>(StringComparer.Ordinal);
        while (ordered.Count < tables.Count)
        {
            var ready = tables.Values.Where(t => !done.Contains(t.Item1) && t.Item3.All(p => p == t.Item1 || done.Contains(p) || !tables.ContainsKey(p)))
                .OrderBy(t => t.Item1, StringComparer.Ordinal).FirstOrDefault();
            if (ready.Item1 is null)
            {
                throw new StoreMigrationException("SQLite 存储的外键成环，无法排序 / the SQLite store's foreign keys form a cycle: no table order satisfies them");
            }

            ordered.Add(ready);
            done.Add(ready.Item1);
        }

        return ordered;
    }

    /// <summary>The columns of a PostgreSQL table: name → (type, generated, identity); empty when the table does not exist.</summary>
    public static Dictionary<string, (string Type, bool Generated, bool Identity)> ReadPostgresColumns(NpgsqlConnection connection, NpgsqlTransaction? transaction, string table)
    {
        using var command = new NpgsqlCommand("""
            SELECT column_name, data_type, is_generated = 'ALWAYS', is_identity = 'YES'
            FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = $1
            """, connection, transaction);
        command.Parameters.Add(new NpgsqlParameter { Value = table });
        using var reader = command.ExecuteReader();
        var columns = new Dictionary<string, (string, bool, bool)>(StringComparer.Ordinal);
        while (reader.Read())
        {
            columns[reader.GetString(0)] = (reader.GetString(1), reader.GetBoolean(2), reader.GetBoolean(3));
        }

        return columns;
    }

    /// <summary>
    /// The PostgreSQL store's own tables: partitions, schema_migrations and the migrations' constant tables aside
    /// (<c>sqlite_fp_pow10</c> of migration 3 is filled by the migration itself, not copied from SQLite).
    /// </summary>
    public static List<string> ReadPostgresTables(NpgsqlConnection connection, NpgsqlTransaction? transaction)
    {
        using var command = new NpgsqlCommand("""
            SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p') AND NOT c.relispartition AND c.relname NOT IN ('schema_migrations', 'sqlite_fp_pow10')
            ORDER BY c.relname
            """, connection, transaction);
        using var reader = command.ExecuteReader();
        var names = new List<string>();
        while (reader.Read())
        {
            names.Add(reader.GetString(0));
        }

        return names;
    }

    /// <summary>
    /// Every SQLite table matched with its PostgreSQL table, parents first. A SQLite table or column without its
    /// PostgreSQL counterpart is an error naming it (a table added to SQLite needs its migration).
    /// </summary>
    public static List<StoreTable> Match(SqliteConnection sqlite, SqliteTransaction? sqliteTransaction, NpgsqlConnection postgres, NpgsqlTransaction? postgresTransaction)
    {
        var tables = new List<StoreTable>();
        foreach (var (name, columns, _) in ReadSqlite(sqlite, sqliteTransaction))
        {
            var pg = ReadPostgresColumns(postgres, postgresTransaction, name);
            if (pg.Count == 0)
            {
                throw new StoreMigrationException($"PostgreSQL 中没有表 {name}（缺少迁移） / table {name} of the SQLite store has no PostgreSQL table (a migration is missing)");
            }

            var shaped = new List<StoreColumn>();
            foreach (var (column, _) in columns)
            {
                if (!pg.TryGetValue(column, out var type) || type.Generated)
                {
                    throw new StoreMigrationException($"PostgreSQL 表 {name} 没有列 {column}（缺少迁移） / column {name}.{column} of the SQLite store has no PostgreSQL column (a migration is missing)");
                }

                shaped.Add(new StoreColumn(column, type.Type));
            }

            var key = columns.Where(c => c.Pk > 0).OrderBy(c => c.Pk).Select(c => c.Column).ToList();
            var identity = pg.Where(c => c.Value.Identity).Select(c => c.Key).ToList();
            tables.Add(new StoreTable(name, shaped, key.Count > 0 ? key : shaped.Select(c => c.Name).ToList(), identity));
        }

        return tables;
    }
}

/// <summary>migrate-store cannot go on; the message (Chinese, then English) names the parameter, table or row.</summary>
internal sealed class StoreMigrationException(string message, Exception? inner = null) : Exception(message, inner);
