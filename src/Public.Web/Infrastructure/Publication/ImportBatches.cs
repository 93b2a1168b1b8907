using System.Data.Common;
using Public.Web.AirQuality.Store;
using Public.Web.Infrastructure.Data;

namespace Public.Web.Infrastructure.Publication;

/// <summary>
/// The import log's rows (<c>import_batch</c>, <c>import_file</c>) as the publisher writes them, in SQL both engines
/// accept (AirQualityStore.Batches reads them back for the import log).
/// </summary>
internal static class ImportBatches
{
    public static long Begin(DbConnection connection, DbTransaction transaction, string kind, string startedAt) =>
        connection.Long(transaction, "INSERT INTO import_batch(kind, started_at, status) VALUES (@k, @t, 'running') RETURNING id", ("@k", kind), ("@t", startedAt));

    public static void Finish(DbConnection connection, DbTransaction transaction, ImportBatchRow batch) =>
        connection.Execute(transaction, """
            UPDATE import_batch SET finished_at = @f, files = @files, rows = @rows, values_stored = @vs,
                new_records = @nr, new_versions = @nv, unchanged = @u, rejected = @r, status = @st WHERE id = @id
            """,
            ("@f", batch.FinishedAt), ("@files", batch.Files), ("@rows", batch.Rows), ("@vs", batch.ValuesStored), ("@nr", batch.NewRecords),
            ("@nv", batch.NewVersions), ("@u", batch.Unchanged), ("@r", batch.Rejected), ("@st", batch.Status), ("@id", batch.Id));

    /// <summary>Records one file of a batch; the same file twice in one batch is one row.</summary>
    public static void AddFile(DbConnection connection, DbTransaction transaction, long batchId, string name, string sha256, int rows, string status) =>
        connection.Execute(transaction, "INSERT INTO import_file(batch_id, name, sha256, rows, status) VALUES (@b, @n, @h, @r, @s) ON CONFLICT DO NOTHING",
            ("@b", batchId), ("@n", name), ("@h", sha256), ("@r", rows), ("@s", status));
}
