using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Npgsql;

namespace Public.Web.Infrastructure.Postgres;

/// <summary>One versioned step of the PostgreSQL schema. Never edit an applied one: add the next.</summary>
internal sealed record PgMigration(int Version, string Name, string Sql)
{
    public string Sha256 { get; } = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Sql)));
}

/// <summary>What <see cref="PgMigrations.Apply"/> did: the versions it applied now and those that were there already.</summary>
internal sealed record PgMigrationResult(IReadOnlyList<int> Applied, IReadOnlyList<int> AlreadyThere);

/// <summary>
/// The PostgreSQL schema as ordered migrations, recorded in <c>schema_migrations</c>. Each runs in its own
/// transaction, so a failed step leaves the database at the step before; an advisory lock keeps two app instances
/// starting together from applying the same step twice. Applying again is a no-op, and a recorded step whose text
/// changed since is refused (the database and the code would disagree about what the schema is).
/// </summary>
internal static class PgMigrations
{
    public static IReadOnlyList<PgMigration> All { get; } =
    [
        new(1, "every feature's tables, keys, indexes and append-only triggers", PgSchemaV1.Sql),
        new(2, "record capture triggers of the publication pipeline", PgSchemaV2.Sql),
        new(3, "SQLite's JSON text of floating-point values and documents (published record bytes)", PgSchemaV3.Sql),
        new(4, "the packed copy of station hours for the wide series (derived)", PgSchemaStationHourPacked.Sql),
        new(5, "the insertion order of ingest_file (SQLite's rowid)", PgSchemaIngestFileOrder.Sql),
        new(6, "a short way to SQLite's JSON text of short decimals (published record bytes)", PgSchemaRealTextShort.Sql),
        new(7, "the number of station hours of each day and their latest batch (derived)", PgSchemaStationHourDay.Sql),
    ];

    // Any constant shared by every instance of this app: "bluesky" in ASCII.
    private const long LockKey = 0x626c7565736b79;

    public static PgMigrationResult Apply(NpgsqlDataSource dataSource, CancellationToken cancellationToken = default)
    {
        using var connection = dataSource.OpenConnection();
        using (var create = connection.BeginTransaction())
        {
            Execute(connection, create, $"SELECT pg_advisory_xact_lock({LockKey})");
            Execute(connection, create, """
                CREATE TABLE IF NOT EXISTS schema_migrations (
                    version    integer PRIMARY KEY,
                    name       text NOT NULL,
                    sha256     text NOT NULL,
                    applied_at timestamptz NOT NULL DEFAULT now()
                )
                """);
            create.Commit();
        }

        var applied = new List<int>();
        var there = new List<int>();
        foreach (var migration in All)
        {
            cancellationToken.ThrowIfCancellationRequested();
            using var transaction = connection.BeginTransaction();
            Execute(connection, transaction, $"SELECT pg_advisory_xact_lock({LockKey})");
            using (var check = new NpgsqlCommand("SELECT sha256 FROM schema_migrations WHERE version = $1", connection, transaction))
            {
                check.Parameters.Add(new NpgsqlParameter { Value = migration.Version });
                if (check.ExecuteScalar() is string sha)
                {
                    if (sha != migration.Sha256)
                    {
                        throw new PgMigrationException(string.Create(CultureInfo.InvariantCulture,
                            $"数据库已应用的迁移 {migration.Version}（{migration.Name}）与本程序中的文本不同（数据库 sha256 {sha}，程序 {migration.Sha256}）；已应用的迁移不能修改，请新增迁移。 / migration {migration.Version} ({migration.Name}) was applied with a different text (sha256 {sha} in the database, {migration.Sha256} here): an applied migration is never edited, add the next one."));
                    }

                    there.Add(migration.Version);
                    transaction.Commit();
                    continue;
                }
            }

            try
            {
                Execute(connection, transaction, migration.Sql);
            }
            catch (PostgresException e)
            {
                throw new PgMigrationException(string.Create(CultureInfo.InvariantCulture,
                    $"迁移 {migration.Version}（{migration.Name}）失败，数据库保持在上一版本 / migration {migration.Version} ({migration.Name}) failed, the database stays at the version before: {e.MessageText}"), e);
            }

            using (var record = new NpgsqlCommand("INSERT INTO schema_migrations(version, name, sha256) VALUES ($1, $2, $3)", connection, transaction))
            {
                record.Parameters.Add(new NpgsqlParameter { Value = migration.Version });
                record.Parameters.Add(new NpgsqlParameter { Value = migration.Name });
                record.Parameters.Add(new NpgsqlParameter { Value = migration.Sha256 });
                record.ExecuteNonQuery();
            }

            transaction.Commit();
            applied.Add(migration.Version);
        }

        return new PgMigrationResult(applied, there);
    }

    private static void Execute(NpgsqlConnection connection, NpgsqlTransaction? transaction, string sql)
    {
        using var command = new NpgsqlCommand(sql, connection, transaction);
        command.ExecuteNonQuery();
    }
}

/// <summary>A migration could not be applied, or an applied one differs from this program's: the message says which and why.</summary>
internal sealed class PgMigrationException(string message, Exception? inner = null) : Exception(message, inner);
