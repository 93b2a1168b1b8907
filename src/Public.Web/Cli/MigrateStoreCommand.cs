using System.Globalization;
using Npgsql;
using Public.Web.Infrastructure.Postgres;

namespace Public.Web.Cli;

/// <summary>
/// <c>migrate-store --from sqlite:PATH --to postgres:CONNECTIONSTRING</c>: applies the PostgreSQL migrations on the
/// target, copies the SQLite store into it (<see cref="StoreCopy"/>) and verifies the copy (<see cref="StoreVerification"/>).
/// Exit codes: 0 copied (or already there) and verified, 1 refused, failed or a difference found, 2 usage error.
/// </summary>
internal static class MigrateStoreCommand
{
    // Starts with a line break: the usage text before it (verify's) ends without one.
    public const string Usage = """

          dotnet run --project src/Public.Web -- migrate-store --from sqlite:PATH --to postgres:CONNECTIONSTRING
              Copy a SQLite store (every table: all versions, the publication log, checkpoints, ingest and push state) into a
              PostgreSQL database and verify the copy: row counts, every row, every log leaf and record hash, the log's root.
              The target gets the schema migrations first and must be empty; run again on a target holding the same store,
              it copies nothing and verifies again. Work in progress: the app cannot serve from PostgreSQL yet (content/docs/postgres.md).
              e.g. migrate-store --from sqlite:data/public.db --to "postgres:Host=db;Database=bluesky;Username=bluesky;Password=…"

        """;

    public static int Run(IReadOnlyList<string> args, TextWriter output, TextWriter error)
    {
        string? from = null, to = null;
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            string? Value(string name)
            {
                if (arg.StartsWith(name + "=", StringComparison.Ordinal))
                {
                    return arg[(name.Length + 1)..];
                }

                if (i + 1 < args.Count && !args[i + 1].StartsWith("--", StringComparison.Ordinal))
                {
                    return args[++i];
                }

                return "";
            }

            if (arg == "--from" || arg.StartsWith("--from=", StringComparison.Ordinal))
            {
                from = Value("--from");
            }
            else if (arg == "--to" || arg.StartsWith("--to=", StringComparison.Ordinal))
            {
                to = Value("--to");
            }
            else
            {
                return UsageError(error, $"未知参数 '{arg}' / unknown argument '{arg}'");
            }
        }

        if (string.IsNullOrEmpty(from) || !from.StartsWith("sqlite:", StringComparison.Ordinal) || from.Length == "sqlite:".Length)
        {
            return UsageError(error, from is null
                ? "缺少 --from sqlite:PATH / --from sqlite:PATH is missing"
                : $"--from 应为 sqlite:PATH，而不是 '{from}' / --from must be sqlite:PATH, not '{from}'");
        }

        if (string.IsNullOrEmpty(to) || !to.StartsWith("postgres:", StringComparison.Ordinal) || to.Length == "postgres:".Length)
        {
            return UsageError(error, to is null
                ? "缺少 --to postgres:CONNECTIONSTRING / --to postgres:CONNECTIONSTRING is missing"
                : $"--to 应为 postgres:CONNECTIONSTRING（如 postgres:Host=db;Database=bluesky;Username=u），而不是 '{Redact(to)}' / --to must be postgres:CONNECTIONSTRING (e.g. postgres:Host=db;Database=bluesky;Username=u), not '{Redact(to)}'");
        }

        var path = from["sqlite:".Length..];
        NpgsqlConnectionStringBuilder connection;
        try
        {
            // No command timeout: copying and reading back a national store takes longer than any default.
            connection = new NpgsqlConnectionStringBuilder(to["postgres:".Length..]) { CommandTimeout = 0 };
        }
        catch (ArgumentException e)
        {
            return UsageError(error, $"--to 不是有效的 PostgreSQL 连接字符串 / --to is not a valid PostgreSQL connection string: {e.Message}");
        }

        var target = $"{connection.Host}:{connection.Port}/{connection.Database ?? connection.Username ?? "(default database)"}";
        try
        {
            // Before the target is touched: a wrong path must not leave a migrated, empty database behind.
            StoreTables.CheckSource(path);
            using var dataSource = NpgsqlDataSource.Create(connection);
            output.WriteLine($"migrate-store: {path} → PostgreSQL {target}");
            var migrations = PgMigrations.Apply(dataSource);
            output.WriteLine(migrations.Applied.Count > 0
                ? $"迁移 / migrations: 已应用 applied {string.Join(", ", migrations.Applied)}" + (migrations.AlreadyThere.Count > 0 ? $"，原有 already there {string.Join(", ", migrations.AlreadyThere)}" : "")
                : $"迁移 / migrations: 均已应用 all already applied ({string.Join(", ", migrations.AlreadyThere)})");

            output.WriteLine("复制（每表一次二进制 COPY，全部在一个事务中） / copying (one binary COPY per table, all in one transaction):");
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var copy = StoreCopy.Run(path, dataSource, output);
            output.WriteLine(copy.Copied
                ? string.Create(CultureInfo.InvariantCulture, $"已复制并提交，用时 {clock.Elapsed.TotalSeconds:0.0} s，store_id {copy.StoreId} / copied and committed in {clock.Elapsed.TotalSeconds:0.0} s, store_id {copy.StoreId}")
                : $"目标已存有同一存储（store_id {copy.StoreId}），未复制任何行，只重新校验 / the target already holds this store (store_id {copy.StoreId}): nothing copied, verifying again");

            clock.Restart();
            var report = StoreVerification.Run(path, dataSource);
            Print(report, output);
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"校验用时 {clock.Elapsed.TotalSeconds:0.0} s / verification took {clock.Elapsed.TotalSeconds:0.0} s"));
            if (!report.Verified)
            {
                error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"migrate-store: 校验失败，发现 {report.FindingCount} 处不符（见上） / verification failed: {report.FindingCount} difference(s) found (above)"));
                return 1;
            }

            return 0;
        }
        catch (Exception e) when (e is StoreMigrationException or PgMigrationException)
        {
            error.WriteLine("migrate-store: " + e.Message);
            return 1;
        }
        catch (Exception e) when (e is NpgsqlException or System.Net.Sockets.SocketException or TimeoutException)
        {
            error.WriteLine($"migrate-store: --to：无法使用 PostgreSQL {target} / --to: cannot use PostgreSQL {target}: {e.Message}");
            return 1;
        }
        catch (Microsoft.Data.Sqlite.SqliteException e)
        {
            error.WriteLine($"migrate-store: --from：无法读取 SQLite 存储 {path} / --from: cannot read the SQLite store {path}: {e.Message}");
            return 1;
        }
    }

    private static void Print(VerificationReport report, TextWriter output)
    {
        output.WriteLine("校验 / verification:");
        output.WriteLine($"  {"表 table",-30} {"SQLite 行 rows",16} {"PostgreSQL 行 rows",20} {"不符 differences",18}");
        foreach (var t in report.Tables)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {t.Table,-30} {t.SqliteRows,16:N0} {t.PostgresRows,20:N0} {t.Differences,18:N0}"));
        }

        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  日志 / log: {report.Leaves:N0} 个叶的哈希由其字节重算 leaf hashes recomputed from their bytes; {report.RecordHashes:N0} 个记录哈希由其字节重算 record hashes recomputed from their bytes"));
        foreach (var root in report.Roots)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  根 / root @ {root.TreeSize:N0} ({root.Where}): SQLite {Convert.ToHexStringLower(root.Signed)}, PostgreSQL {(root.Recomputed is { } r ? Convert.ToHexStringLower(r) : "—（叶不足 too few leaves）")} {(root.Equal ? "一致 equal" : "不符 DIFFERENT")}"));
        }

        foreach (var finding in report.Findings)
        {
            output.WriteLine("  ✗ " + finding);
        }

        if (report.FindingCount > report.Findings.Count)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  … 另有 {report.FindingCount - report.Findings.Count} 处 / and {report.FindingCount - report.Findings.Count} more"));
        }

        output.WriteLine(report.Verified ? "结果 / result: 一致，已校验 / verified" : "结果 / result: 不一致 / NOT verified");
    }

    /// <summary>The connection string without its password, for messages.</summary>
    private static string Redact(string text) =>
        System.Text.RegularExpressions.Regex.Replace(text, "(?i)(password|pwd)=[^;]*", "$1=***");

    private static int UsageError(TextWriter error, string message)
    {
        error.WriteLine("migrate-store: " + message);
        error.WriteLine("usage: migrate-store --from sqlite:PATH --to postgres:CONNECTIONSTRING");
        return 2;
    }
}
