using Npgsql;
using Public.Web.Infrastructure.Data;

namespace Public.Web.Infrastructure.Postgres;

/// <summary>
/// Which engine holds the store, read in one place: <c>Store:Provider</c> (<c>sqlite</c>, the default, or
/// <c>postgres</c>), <c>ConnectionStrings:Postgres</c> (the primary: writes and imports) and the optional
/// <c>ConnectionStrings:PostgresRead</c> (the read replicas). Several replicas are one Npgsql connection string naming
/// several hosts (<c>Host=r1,r2;Load Balance Hosts=true;Target Session Attributes=prefer-standby</c>): Npgsql
/// spreads the reads and skips a host that is down, so there is no list format of our own.
/// </summary>
internal sealed record StoreProvider(string Provider, string? Postgres, string? PostgresRead, ReplicaOptions Replicas)
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

        var defaults = new ReplicaOptions();
        var replicas = new ReplicaOptions(
            (int)Number(configuration, "Store:ReplicaWaitMilliseconds", defaults.WaitMilliseconds, 0, 60_000),
            Number(configuration, "Store:ReplicaRetrySeconds", defaults.RetrySeconds, 0, 3600));
        return new StoreProvider(provider, primary, read, replicas);
    }

    /// <summary>Null when the app can run with these settings; otherwise the settings error, naming the setting.</summary>
    public static string? Refusal(IConfiguration configuration)
    {
        try
        {
            _ = From(configuration);
            return null;
        }
        catch (StoreProviderException e)
        {
            return e.Message;
        }
    }

    /// <summary>Every host (server, import, export-site, tests' factories) refuses settings it cannot run with.</summary>
    public static void ThrowIfRefused(IConfiguration configuration)
    {
        if (Refusal(configuration) is { } refusal)
        {
            throw new StoreProviderException(refusal);
        }
    }

    private static double Number(IConfiguration configuration, string setting, double fallback, double min, double max)
    {
        var text = configuration[setting];
        if (string.IsNullOrWhiteSpace(text))
        {
            return fallback;
        }

        return double.TryParse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var value) && value >= min && value <= max
            ? value
            : throw new StoreProviderException(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"{setting} 必须是 {min}—{max} 之间的数，而不是 '{text}' / {setting} must be a number from {min} to {max}, not '{text}'"));
    }

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
