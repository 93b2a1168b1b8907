using Npgsql;

namespace Public.Web.Infrastructure.Postgres;

/// <summary>
/// Which engine holds the store, read in one place: <c>Store:Provider</c> (<c>sqlite</c>, the default, or
/// <c>postgres</c>), <c>ConnectionStrings:Postgres</c> (the primary: writes and imports) and the optional
/// <c>ConnectionStrings:PostgresRead</c> (the read replicas). Several replicas are one Npgsql connection string naming
/// several hosts (<c>Host=r1,r2;Load Balance Hosts=true;Target Session Attributes=prefer-standby</c>): Npgsql
/// spreads the reads and skips a host that is down, so there is no list format of our own.
/// </summary>
internal sealed record StoreProvider(string Provider, string? Postgres, string? PostgresRead)
{
    public const string Sqlite = "sqlite";
    public const string PostgresName = "postgres";

    public bool IsPostgres => Provider == PostgresName;

    /// <summary>Reads the settings; an unknown provider or a missing or malformed connection string is an error naming the setting.</summary>
    public static StoreProvider From(IConfiguration configuration)
    {
        var provider = (configuration["Store:Provider"] ?? "").Trim().ToLowerInvariant();
        if (provider.Length == 0)
        {
            provider = Sqlite;
        }

        if (provider is not (Sqlite or PostgresName))
        {
            throw new StoreProviderException($"Store:Provider 只能是 sqlite 或 postgres，而不是 '{configuration["Store:Provider"]}' / Store:Provider must be sqlite or postgres, not '{configuration["Store:Provider"]}'");
        }

        var primary = configuration.GetConnectionString("Postgres") is { Length: > 0 } p ? p : null;
        var read = configuration.GetConnectionString("PostgresRead") is { Length: > 0 } r ? r : null;
        if (provider == PostgresName)
        {
            if (primary is null)
            {
                throw new StoreProviderException("Store:Provider=postgres 需要 ConnectionStrings:Postgres（环境变量 ConnectionStrings__Postgres） / Store:Provider=postgres needs ConnectionStrings:Postgres (environment variable ConnectionStrings__Postgres)");
            }

            Check("ConnectionStrings:Postgres", primary);
            if (read is not null)
            {
                Check("ConnectionStrings:PostgresRead", read);
            }
        }

        return new StoreProvider(provider, primary, read);
    }

    /// <summary>
    /// Null when the app can run with these settings; otherwise why not. PostgreSQL holds the schema,
    /// <c>migrate-store</c> fills it and the publication pipeline, penalties, warnings, plan progress, disclosures, the
    /// enterprise registry, CEMS and manual monitoring run on it, but air quality's store still runs on SQLite only: starting
    /// on PostgreSQL would serve half of it, so the app refuses to start rather than run half-working.
    /// </summary>
    public static string? Refusal(IConfiguration configuration)
    {
        StoreProvider settings;
        try
        {
            settings = From(configuration);
        }
        catch (StoreProviderException e)
        {
            return e.Message;
        }

        return settings.IsPostgres ? NotPortedYet : null;
    }

    /// <summary>Every host (server, import, export-site, tests' factories) refuses settings it cannot run with.</summary>
    public static void ThrowIfRefused(IConfiguration configuration)
    {
        if (Refusal(configuration) is { } refusal)
        {
            throw new StoreProviderException(refusal);
        }
    }

    public const string NotPortedYet = """
        Store:Provider=postgres：PostgreSQL 存储尚在开发中。已在 PostgreSQL 上运行：数据库结构（版本化迁移）、migrate-store（把 SQLite 存储复制到
        PostgreSQL 并校验）、发布管线（记录字节与 SQLite 逐字节相同，包括浮点数和内嵌 JSON 文档），以及每个功能的存储、导入和查询服务：空气质量
        （CNEMC 导入）、行政处罚、重污染天气预警（含与实测 AQI 的对照）、行动计划进展、信息公开与企业声明、企业名录、自动监测（CEMS）和手工监测。
        程序本身的服务部分（自动采集、推送、日志的读取端、只读副本）尚未移植，因此本程序拒绝以 PostgreSQL 启动（不会半可用地运行）。
        请去掉 Store:Provider（默认 sqlite）。详见 content/docs/postgres.md。
        Store:Provider=postgres: the PostgreSQL store is work in progress. Running on PostgreSQL: the schema (versioned migrations),
        migrate-store (copies a SQLite store into PostgreSQL and verifies it), the publication pipeline (record bytes identical to
        SQLite's, floating-point values and embedded JSON documents included), and every feature's store, import and query
        service: air quality (CNEMC import), penalties, heavy-pollution warnings (with the comparison with the observed AQI), plan
        progress, disclosures and enterprise statements, the enterprise registry, CEMS and manual monitoring. The app's serving
        parts (automatic ingest, push, the log's read side, read replicas) are not ported yet, so the app
        refuses to start on PostgreSQL rather than run half-working. Remove Store:Provider (default sqlite). See content/docs/postgres.md.
        """;

    private static void Check(string setting, string connectionString)
    {
        try
        {
            _ = new NpgsqlConnectionStringBuilder(connectionString);
        }
        catch (ArgumentException e)
        {
            throw new StoreProviderException($"{setting} 不是有效的 PostgreSQL 连接字符串 / {setting} is not a valid PostgreSQL connection string: {e.Message}");
        }
    }
}

/// <summary>The store settings are wrong; the message names the setting, in Chinese and English.</summary>
internal sealed class StoreProviderException(string message) : Exception(message);
