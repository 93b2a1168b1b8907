using System.Data.Common;
using Microsoft.Data.Sqlite;
using Public.Web.AirQuality.Import;
using Public.Web.AirQuality.Store;
using Public.Web.Transparency;

namespace Public.Web.Infrastructure.Publication;

/// <summary>
/// The one write path of published data. Every importer, the HJ 212 listener and the demo seeders publish through
/// <see cref="Publish{T}"/>, which opens the transaction, records the batch, lets the caller write its rows (its format
/// and its rules are all it keeps), then appends one log leaf per record version its rows added (caught by temporary
/// triggers on every published table, so no write can slip past the log), one tombstone leaf per withdrawn record and
/// the batch leaf, has the checkpoint written, bumps the data version and commits — all or nothing: an import that
/// fails adds no row and no leaf. The same on both engines (<see cref="Database.Connect"/>); only how the rows are
/// caught differs (<see cref="RecordCapture"/>).
/// </summary>
internal sealed class Publisher(Database database, ILogCheckpointWriter checkpoints, TimeProvider time)
{
    /// <summary>The store meta key set on a database that holds generated demo data.</summary>
    public const string DemoMetaKey = "demo";

    public Database Database => database;

    /// <summary>
    /// Set by scheduled ingestion around the imports it starts: called with each batch inside its transaction, before
    /// the batch is finished, so what it records about the batch (its run and source) commits or rolls back with it.
    /// </summary>
    internal static readonly AsyncLocal<Action<PublicationBatch>?> Annotate = new();

    /// <summary>The time now as the store writes it (UTC ISO, seconds).</summary>
    public string Now() => ChinaTime.IsoUtc(time.GetUtcNow());

    /// <summary>Whether the database holds generated demo data.</summary>
    public bool IsDemo => database.GetMeta(DemoMetaKey) == "1";

    /// <summary>Refuses to import real data into a demo database; <paramref name="advice"/> says where to import instead.</summary>
    public void RefuseDemo(string advice)
    {
        if (IsDemo)
        {
            throw new ImportRefusedException($"the database {database.FullPath} holds generated demo data; {advice}");
        }
    }

    /// <summary>
    /// Runs <paramref name="write"/> inside one transaction with its batch (kind <paramref name="kind"/>, started at
    /// <paramref name="startedAt"/>), logs what it wrote and commits. Any exception rolls everything back.
    /// </summary>
    public T Publish<T>(string kind, string startedAt, Func<PublicationBatch, T> write)
    {
        using var connection = database.Connect();
        using var cache = database.Dialect.WriteCache(connection);
        using var transaction = connection.BeginTransaction();
        database.Dialect.BeginWrite(connection, transaction);
        var batch = new PublicationBatch(connection, transaction, ImportBatches.Begin(connection, transaction, kind, startedAt), kind, startedAt);
        var capture = RecordCapture.Start(connection, transaction);
        var result = write(batch);
        if (batch.Abandoned)
        {
            transaction.Rollback();
            return result;
        }

        Annotate.Value?.Invoke(batch);
        ImportBatches.Finish(connection, transaction, batch.Row(Now()));
        var treeSize = LogAppender.Append(connection, transaction, batch, capture, Now(), out var leaves);
        capture.Stop();
        checkpoints.WriteCheckpoint(connection, transaction, treeSize);
        database.BumpDataVersion(connection, transaction);
        transaction.Commit();
        database.Dialect.AfterPublication(connection, leaves);
        return result;
    }

    /// <summary>
    /// Publishes one file of records as one batch, all or nothing: <paramref name="apply"/> writes each record and
    /// counts what it did; if it added to <paramref name="problems"/> (a rule that needs the store, e.g. a changed
    /// record without a correction reason), nothing of the file is kept and the answer is null.
    /// </summary>
    public (int New, int Versions, int Unchanged)? PublishFile(string kind, string name, string sha256, int records, List<ImportProblem> problems,
        Func<PublicationBatch, (int New, int Versions, int Unchanged)> apply)
    {
        var before = problems.Count;
        return Publish(kind, Now(), batch =>
        {
            var counts = apply(batch);
            if (problems.Count > before)
            {
                batch.Abandon();
                return ((int New, int Versions, int Unchanged)?)null;
            }

            batch.AddFile(name, sha256, records, "imported");
            batch.Count(1, records, counts.New + counts.Versions, counts.New, counts.Versions, counts.Unchanged, 0);
            return counts;
        });
    }

    /// <inheritdoc cref="Publish{T}(string, string, Func{PublicationBatch, T})"/>
    public void Publish(string kind, string startedAt, Action<PublicationBatch> write) =>
        Publish(kind, startedAt, batch =>
        {
            write(batch);
            return 0;
        });
}

/// <summary>One batch being published: the transaction to write in, the files it came from, its counts and its withdrawals.</summary>
internal sealed class PublicationBatch(DbConnection connection, DbTransaction transaction, long id, string kind, string startedAt)
{
    private readonly List<(string Name, string Sha256)> _files = [];
    private readonly List<(PublishedDataset Dataset, string Id)> _withdrawn = [];
    private ImportBatchRow? _counts;

    /// <summary>The connection to write in, on whichever engine the store runs: what ported stores take.</summary>
    public DbConnection StoreConnection => connection;

    /// <summary>The publication's transaction on <see cref="StoreConnection"/>.</summary>
    public DbTransaction StoreTransaction => transaction;

    /// <summary>The SQLite connection, for the stores not yet ported (on PostgreSQL it refuses, naming what is not ported).</summary>
    public SqliteConnection Connection => connection as SqliteConnection ?? throw NotPorted();

    /// <inheritdoc cref="Connection"/>
    public SqliteTransaction Transaction => transaction as SqliteTransaction ?? throw NotPorted();

    private StoreNotPortedException NotPorted() => new(
        $"导入 {kind} 的存储尚未移植到 PostgreSQL / the store of the {kind} import is not yet ported to PostgreSQL (it asks the batch for a SQLite connection); see content/docs/postgres.md");

    /// <summary>The batch number (<c>import_batch.id</c>, the leaves' <c>batch</c>).</summary>
    public long Id => id;

    public string Kind => kind;

    /// <summary>The publisher's time of this batch (UTC ISO), which every row it writes carries as recorded_at.</summary>
    public string StartedAt => startedAt;

    internal IReadOnlyList<(string Name, string Sha256)> Files => _files;

    internal IReadOnlyList<(PublishedDataset Dataset, string Id)> Withdrawn => _withdrawn;

    /// <summary>Records a file of the batch (import log and batch leaf).</summary>
    public void AddFile(string name, string sha256, int rows, string status)
    {
        ImportBatches.AddFile(connection, transaction, id, name, sha256, rows, status);
        if (!_files.Contains((name, sha256)))
        {
            _files.Add((name, sha256));
        }
    }

    /// <summary>The batch's counts for the import log (all zero and "ok" when never set).</summary>
    public void Count(int files, int rows, int valuesStored, int newRecords, int newVersions, int unchanged, int rejected, string status = "ok") =>
        _counts = new ImportBatchRow(id, kind, startedAt, null, files, rows, valuesStored, newRecords, newVersions, unchanged, rejected, status);

    /// <summary>Whether the writer gave up (a rule failed after it started writing): the publication rolls back, nothing is logged.</summary>
    public bool Abandoned { get; private set; }

    /// <summary>Gives the batch up: everything it wrote is rolled back and nothing is logged.</summary>
    public void Abandon() => Abandoned = true;

    /// <summary>Withdraws a record from publication: a tombstone leaf, never a silent delete.</summary>
    public void Withdraw(PublishedDataset dataset, string recordId) => _withdrawn.Add((dataset, recordId));

    internal ImportBatchRow Row(string finishedAt) =>
        (_counts ?? new ImportBatchRow(id, kind, startedAt, null, _files.Count, 0, 0, 0, 0, 0, 0, "ok")) with { FinishedAt = finishedAt };
}
