using System.Diagnostics;
using System.Globalization;
using Npgsql;

namespace Public.Web.Infrastructure.Data;

/// <summary>
/// The read replicas of a PostgreSQL store (<c>ConnectionStrings:PostgresRead</c>: one data source, which may name
/// several hosts), and the one rule deciding when a read may use them. A read goes to a replica only inside a
/// <see cref="ReadOnlyIntent"/> (a request that only reads, marked by the serving pipeline), and only to a replica that has
/// replayed at least the data version the reader needs (its <c>store_meta</c> data_version, read on the connection
/// it is about to use); a lagging replica gets <see cref="ReplicaOptions.WaitMilliseconds"/> to catch up, then the
/// read goes to the primary. A replica that cannot be reached or fails is left alone for
/// <see cref="ReplicaOptions.RetrySeconds"/>: reads go to the primary meanwhile. Imports, the log writer, ingest and
/// every other caller outside a read-only intent always use the primary.
/// </summary>
internal sealed class ReadReplicas(NpgsqlDataSource replicas, ReplicaOptions options) : IDisposable
{
    private long _retryAt;
    private long _reads;
    private long _lagging;
    private long _failures;

    /// <summary>Reads served by a replica.</summary>
    public long Reads => Interlocked.Read(ref _reads);

    /// <summary>Reads sent to the primary because no replica had replayed the version they need in time.</summary>
    public long Lagging => Interlocked.Read(ref _lagging);

    /// <summary>Replica connections or reads that failed (the read then went, or was re-run, on the primary).</summary>
    public long Failures => Interlocked.Read(ref _failures);

    /// <summary>The last replica failure, for /readyz and logs; null while none happened.</summary>
    public string? LastFailure { get; private set; }

    /// <summary>When the last replica failure happened; null while none happened.</summary>
    public DateTimeOffset? LastFailureAt { get; private set; }

    /// <summary>False while reads are kept off the replicas after a failure (<see cref="ReplicaOptions.RetrySeconds"/>).</summary>
    public bool Available => Environment.TickCount64 >= Interlocked.Read(ref _retryAt);

    /// <summary>A replica connection that has replayed at least <paramref name="atLeast"/>, or null (use the primary).</summary>
    public NpgsqlConnection? TryConnect(Func<long> atLeast)
    {
        if (Environment.TickCount64 < Interlocked.Read(ref _retryAt))
        {
            return null;
        }

        NpgsqlConnection? connection = null;
        try
        {
            connection = replicas.OpenConnection();
            // The version is asked for after the connection is open: it is the one this read must not be older than.
            var needed = atLeast();
            var waited = Stopwatch.StartNew();
            while (true)
            {
                // Also the replica's health check: a connection the pool kept to a server that has gone fails here.
                if (ReplayedVersion(connection) >= needed)
                {
                    Interlocked.Increment(ref _reads);
                    return connection;
                }

                if (waited.ElapsedMilliseconds >= options.WaitMilliseconds)
                {
                    Interlocked.Increment(ref _lagging);
                    connection.Dispose();
                    return null;
                }

                Thread.Sleep(5);
            }
        }
        catch (Exception e) when (IsReplicaFailure(e))
        {
            connection?.Dispose();
            Failed(e);
            return null;
        }
    }

    /// <summary>A read on a replica failed after it started: no replica for a while, and drop the pooled connections to it.</summary>
    public void Failed(Exception e)
    {
        Interlocked.Increment(ref _failures);
        LastFailure = e.Message;
        LastFailureAt = DateTimeOffset.UtcNow;
        Interlocked.Exchange(ref _retryAt, Environment.TickCount64 + (long)(options.RetrySeconds * 1000));
        replicas.Clear();
    }

    /// <summary>
    /// What a replica does when it is down, restarting, read-only (a write sent to it by mistake) or cancelling a query
    /// that conflicts with the WAL it replays: an Npgsql error, anywhere in the chain of exceptions.
    /// </summary>
    public static bool IsReplicaFailure(Exception? e)
    {
        for (; e is not null; e = e.InnerException)
        {
            if (e is NpgsqlException or TimeoutException)
            {
                return true;
            }
        }

        return false;
    }

    private static long ReplayedVersion(NpgsqlConnection connection)
    {
        using var command = new NpgsqlCommand("SELECT value FROM store_meta WHERE key = @key", connection);
        command.Parameters.AddWithValue("key", Database.DataVersionKey);
        return command.ExecuteScalar() is string value ? long.Parse(value, CultureInfo.InvariantCulture) : 0;
    }

    public void Dispose() => replicas.Dispose();
}

/// <summary>How long a read waits for a lagging replica, and how long a failed replica is left alone.</summary>
/// <param name="WaitMilliseconds"><c>Store:ReplicaWaitMilliseconds</c>, default 250.</param>
/// <param name="RetrySeconds"><c>Store:ReplicaRetrySeconds</c>, default 5.</param>
internal sealed record ReplicaOptions(int WaitMilliseconds = 250, double RetrySeconds = 5);

/// <summary>
/// Marks the current flow (one HTTP request) as one that only reads published data, so that the store may answer it
/// from a replica; <see cref="AtLeast"/> is the data version it must see (the serving cache keys its answer with that
/// version, so a replica older than it would put old data under a new key). Set with <see cref="Begin"/>.
/// </summary>
public sealed class ReadOnlyIntent : IDisposable
{
    private static readonly AsyncLocal<ReadOnlyIntent?> CurrentIntent = new();
    private readonly ReadOnlyIntent? _outer;

    private ReadOnlyIntent(Func<long> atLeast)
    {
        AtLeast = atLeast;
        _outer = CurrentIntent.Value;
        CurrentIntent.Value = this;
    }

    internal static ReadOnlyIntent? Current => CurrentIntent.Value;

    /// <summary>Asked when a connection is about to be used, so it is never older than the version the reader has by then.</summary>
    public Func<long> AtLeast { get; }

    /// <summary>Whether a connection of this flow came from a replica (a failure may then be re-run on the primary).</summary>
    public bool UsedReplica { get; internal set; }

    /// <summary>Set after a replica failed this flow: everything it reads from now on comes from the primary.</summary>
    public bool PrimaryOnly { get; set; }

    public static ReadOnlyIntent Begin(Func<long> atLeast) => new(atLeast);

    public void Dispose() => CurrentIntent.Value = _outer;
}
