using Microsoft.Data.Sqlite;
using Npgsql;
using Public.Web.Infrastructure;
using Public.Web.Infrastructure.Postgres;

namespace Public.Web.Tests.Postgres;

/// <summary>One PostgreSQL server for the schema tests; each test makes its own database on it.</summary>
public sealed class SchemaServer : IDisposable
{
    public PostgresServer Server { get; } = new();

    public void Dispose() => Server.Dispose();
}

public sealed class PostgresSchemaTests(SchemaServer fixture) : IClassFixture<SchemaServer>
{
    private static NpgsqlDataSource Migrated(string connectionString)
    {
        var dataSource = NpgsqlDataSource.Create(connectionString);
        PgMigrations.Apply(dataSource, TestContext.Current.CancellationToken);
        return dataSource;
    }

    [Fact]
    public void MigrationsApplyToAnEmptyDatabaseAndReapplyAsNoOps()
    {
        using var dataSource = NpgsqlDataSource.Create(fixture.Server.CreateDatabase());
        var first = PgMigrations.Apply(dataSource, TestContext.Current.CancellationToken);
        Assert.Equal(PgMigrations.All.Select(m => m.Version), first.Applied);
        Assert.Empty(first.AlreadyThere);

        var again = PgMigrations.Apply(dataSource, TestContext.Current.CancellationToken);
        Assert.Empty(again.Applied);
        Assert.Equal(PgMigrations.All.Select(m => m.Version), again.AlreadyThere);

        using var connection = dataSource.OpenConnection();
        using var count = new NpgsqlCommand("SELECT count(*), min(sha256) FILTER (WHERE version = 1) FROM schema_migrations", connection);
        using var reader = count.ExecuteReader();
        reader.Read();
        Assert.Equal(PgMigrations.All.Count, reader.GetInt64(0));
        Assert.Equal(PgMigrations.All[0].Sha256, reader.GetString(1));
    }

    [Fact]
    public void AnAppliedMigrationWhoseTextChangedIsRefusedNamingIt()
    {
        using var dataSource = Migrated(fixture.Server.CreateDatabase());
        using (var connection = dataSource.OpenConnection())
        using (var tamper = new NpgsqlCommand("UPDATE schema_migrations SET sha256 = 'edited' WHERE version = 1", connection))
        {
            tamper.ExecuteNonQuery();
        }

        var e = Assert.Throws<PgMigrationException>(() => PgMigrations.Apply(dataSource, TestContext.Current.CancellationToken));
        Assert.Contains("migration 1", e.Message, StringComparison.Ordinal);
        Assert.Contains("迁移 1", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void EverySqliteTableAndColumnExistsInThePostgresSchema()
    {
        // A fresh SQLite store as the app creates it: every feature's schema, and the push tables created by their store.
        var folder = Directory.CreateTempSubdirectory("pg-schema-").FullName;
        try
        {
            var path = Path.Combine(folder, "fresh.db");
            _ = new Public.Web.Push.DeliveryStore(new Database(path));
            var sqlite = new Dictionary<string, List<string>>(StringComparer.Ordinal);
            using (var connection = new SqliteConnection($"Data Source={path};Mode=ReadOnly;Pooling=False"))
            {
                connection.Open();
                using var command = connection.CreateCommand();
                command.CommandText = "SELECT m.name, p.name FROM sqlite_master m, pragma_table_info(m.name) p WHERE m.type IN ('table', 'view') AND m.name NOT LIKE 'sqlite%' ORDER BY m.name, p.cid";
                using var reader = command.ExecuteReader();
                while (reader.Read())
                {
                    (sqlite.TryGetValue(reader.GetString(0), out var list) ? list : sqlite[reader.GetString(0)] = []).Add(reader.GetString(1));
                }
            }

            Assert.True(sqlite.Count >= 30, $"the fresh SQLite store has only {sqlite.Count} tables");
            using var dataSource = Migrated(fixture.Server.CreateDatabase());
            var postgres = new HashSet<(string, string)>();
            using (var connection = dataSource.OpenConnection())
            using (var command = new NpgsqlCommand("SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = 'public'", connection))
            using (var reader = command.ExecuteReader())
            {
                while (reader.Read())
                {
                    postgres.Add((reader.GetString(0), reader.GetString(1)));
                }
            }

            var missing = sqlite.SelectMany(t => t.Value.Select(c => (t.Key, c))).Where(tc => !postgres.Contains(tc)).Select(tc => $"{tc.Key}.{tc.c}").ToList();
            Assert.True(missing.Count == 0, "SQLite columns without a PostgreSQL column (add a migration): " + string.Join(", ", missing));
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void EverySqliteKeyAndNamedIndexHasItsPostgresTwin()
    {
        var folder = Directory.CreateTempSubdirectory("pg-keys-").FullName;
        try
        {
            var path = Path.Combine(folder, "fresh.db");
            _ = new Public.Web.Push.DeliveryStore(new Database(path));
            var keys = new Dictionary<string, string>(StringComparer.Ordinal);
            var indexes = new Dictionary<string, string>(StringComparer.Ordinal);
            using (var connection = new SqliteConnection($"Data Source={path};Mode=ReadOnly;Pooling=False"))
            {
                connection.Open();
                void Collect(string sql, Dictionary<string, string> into, string format)
                {
                    using var command = connection.CreateCommand();
                    command.CommandText = sql;
                    using var reader = command.ExecuteReader();
                    var columns = new Dictionary<string, (string Table, List<string> Columns)>(StringComparer.Ordinal);
                    while (reader.Read())
                    {
                        (columns.TryGetValue(reader.GetString(0), out var entry) ? entry : columns[reader.GetString(0)] = (reader.GetString(1), [])).Columns.Add(reader.GetString(2));
                    }

                    foreach (var (name, (table, list)) in columns)
                    {
                        into[name] = string.Format(System.Globalization.CultureInfo.InvariantCulture, format, table, string.Join(",", list));
                    }
                }

                Collect("SELECT m.name, m.name, p.name FROM sqlite_master m, pragma_table_info(m.name) p WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite%' AND p.pk > 0 ORDER BY m.name, p.pk", keys, "{1}");
                Collect("SELECT m.name, m.tbl_name, i.name FROM sqlite_master m, pragma_index_info(m.name) i WHERE m.type = 'index' AND m.sql IS NOT NULL ORDER BY m.name, i.seqno", indexes, "{0}({1})");
            }

            Assert.True(keys.Count >= 25 && indexes.Count >= 8, $"{keys.Count} keys, {indexes.Count} named indexes in the fresh SQLite store");
            using var dataSource = Migrated(fixture.Server.CreateDatabase());
            using var postgres = dataSource.OpenConnection();
            var pgKeys = new Dictionary<string, string>(StringComparer.Ordinal);
            using (var command = new NpgsqlCommand("""
                SELECT c.relname, string_agg(a.attname, ',' ORDER BY k.n)
                FROM pg_constraint x JOIN pg_class c ON c.oid = x.conrelid
                CROSS JOIN LATERAL unnest(x.conkey) WITH ORDINALITY k(attnum, n)
                JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = k.attnum
                WHERE x.contype = 'p' AND NOT c.relispartition GROUP BY c.relname
                """, postgres))
            using (var reader = command.ExecuteReader())
            {
                while (reader.Read())
                {
                    pgKeys[reader.GetString(0)] = reader.GetString(1);
                }
            }

            var pgIndexes = new Dictionary<string, string>(StringComparer.Ordinal);
            using (var command = new NpgsqlCommand("""
                SELECT i.relname, t.relname || '(' || string_agg(a.attname, ',' ORDER BY k.n) || ')'
                FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid
                CROSS JOIN LATERAL unnest(x.indkey::int2[]) WITH ORDINALITY k(attnum, n)
                JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum
                WHERE NOT t.relispartition GROUP BY i.relname, t.relname
                """, postgres))
            using (var reader = command.ExecuteReader())
            {
                while (reader.Read())
                {
                    pgIndexes[reader.GetString(0)] = reader.GetString(1);
                }
            }

            var wrongKeys = keys.Where(k => pgKeys.GetValueOrDefault(k.Key) != k.Value).Select(k => $"{k.Key}: SQLite ({k.Value}), PostgreSQL ({pgKeys.GetValueOrDefault(k.Key)})").ToList();
            Assert.True(wrongKeys.Count == 0, "primary keys differ: " + string.Join("; ", wrongKeys));
            var wrongIndexes = indexes.Where(i => pgIndexes.GetValueOrDefault(i.Key) != i.Value).Select(i => $"{i.Key}: SQLite {i.Value}, PostgreSQL {pgIndexes.GetValueOrDefault(i.Key)}").ToList();
            Assert.True(wrongIndexes.Count == 0, "named indexes differ: " + string.Join("; ", wrongIndexes));
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void StationHoursLandInTheirYearsPartition()
    {
        using var dataSource = Migrated(fixture.Server.CreateDatabase());
        using var connection = dataSource.OpenConnection();
        // 2019-01-01 01:00 Beijing time is the end of the first hour of 2019; 2018-12-31 24:00 (= 2019-01-01 00:00) the last of 2018.
        var firstOf2019 = new DateTimeOffset(2019, 1, 1, 1, 0, 0, TimeSpan.FromHours(8)).ToUnixTimeSeconds();
        var lastOf2018 = new DateTimeOffset(2018, 12, 31, 23, 0, 0, TimeSpan.FromHours(8)).ToUnixTimeSeconds();
        using (var insert = new NpgsqlCommand("""
            INSERT INTO station_hour(station, hour_end, version, recorded_at, batch_id, source, pm25) VALUES
                ('1767A', $1, 1, '2019-01-01T00:00:00Z', 1, 'test', 35), ('1767A', $2, 1, '2019-01-01T00:00:00Z', 1, 'test', 40)
            """, connection))
        {
            insert.Parameters.Add(new NpgsqlParameter { Value = firstOf2019 });
            insert.Parameters.Add(new NpgsqlParameter { Value = lastOf2018 });
            insert.ExecuteNonQuery();
        }

        using var where = new NpgsqlCommand("SELECT tableoid::regclass::text FROM station_hour ORDER BY hour_end", connection);
        using var reader = where.ExecuteReader();
        Assert.True(reader.Read());
        Assert.Equal("station_hour_y2018", reader.GetString(0));
        Assert.True(reader.Read());
        Assert.Equal("station_hour_y2019", reader.GetString(0));
    }

    [Fact]
    public void AppendOnlyTriggersRefuseUpdateAndDeleteOfVersionRowsAndLogLeaves()
    {
        using var dataSource = Migrated(fixture.Server.CreateDatabase());
        using var connection = dataSource.OpenConnection();
        void Run(string sql)
        {
            using var command = new NpgsqlCommand(sql, connection);
            command.ExecuteNonQuery();
        }

        void Refused(string sql, string message)
        {
            var e = Assert.Throws<PostgresException>(() => Run(sql));
            Assert.Equal(message, e.MessageText);
        }

        Run("""
            INSERT INTO import_batch(kind, started_at, status) VALUES ('penalties', '2019-03-01T00:00:00Z', 'done');
            INSERT INTO penalty(decision_number, first_recorded_at) VALUES ('锦环罚〔2019〕1号', '2019-03-01T00:00:00Z');
            INSERT INTO penalty_version(penalty_id, version, recorded_at, batch_id, source, authority, party_name, violation_category,
                violation_summary, legal_basis_law, seal_up, warning, decision_date)
                VALUES (1, 1, '2019-03-01T00:00:00Z', 1, 'test.csv', '锦州市生态环境局', '某公司', 'air', '超标排放', '大气污染防治法', 0, 0, '2019-02-28');
            INSERT INTO log_leaves(idx, leaf, leaf_hash, kind, batch_id) VALUES (0, 'a'::bytea, sha256('\x0061'::bytea), 'batch', 1);
            """);
        Refused("UPDATE penalty_version SET party_name = '另一公司'", "penalty_version is append-only");
        Refused("DELETE FROM penalty_version", "penalty_version is append-only");
        Refused("TRUNCATE penalty_version CASCADE", "penalty_version is append-only");
        Refused("UPDATE log_leaves SET batch_id = 2", "log_leaves is append-only");
        Refused("DELETE FROM log_leaves WHERE idx = 0", "log_leaves is append-only");
        Refused("INSERT INTO log_leaves(idx, leaf, leaf_hash, kind, batch_id) VALUES (5, 'b'::bytea, sha256('\\x0062'::bytea), 'batch', 1)", "log_leaves: idx must be the next index");

        // The hourly tables are partitioned: the guard reaches every partition, also when one is named directly.
        Run("INSERT INTO cems_hour_version(mn, data_time, version, vals, recorded_at, source) VALUES ('MN001', 20190301010000, 1, 'a01,1,,,N', '2019-03-01T00:00:00Z', 'test')");
        Refused("UPDATE cems_hour_version_y2019 SET vals = ''", "cems_hour_version is append-only");
        Refused("DELETE FROM cems_hour_version", "cems_hour_version is append-only");
        Refused("TRUNCATE cems_hour_version_y2019", "cems_hour_version is append-only");

        Run("INSERT INTO log_head(one, tree_size, root, note) VALUES (1, 1, sha256('x'::bytea), 'note')");
        Refused("UPDATE log_head SET tree_size = 1, note = 'other'", "log_head only moves forward");
        Run("UPDATE log_head SET tree_size = 2, note = 'next' WHERE tree_size = 1");
        Refused("DELETE FROM log_head", "log_head is never deleted");

        // Still all there.
        using var count = new NpgsqlCommand("SELECT (SELECT count(*) FROM penalty_version) + (SELECT count(*) FROM log_leaves) + (SELECT count(*) FROM cems_hour_version)", connection);
        Assert.Equal(3L, count.ExecuteScalar());
    }
}
