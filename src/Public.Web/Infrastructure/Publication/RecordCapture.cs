using System.Collections.Concurrent;
using System.Data.Common;
using System.Globalization;
using Public.Web.Infrastructure.Data;

namespace Public.Web.Infrastructure.Publication;

/// <summary>
/// Catches every row inserted into a published table during one publication, into a table of the publication's own
/// (<c>pub_capture</c>: which dataset, the record's key, its version, in write order).
/// <list type="bullet">
/// <item>SQLite: a temporary table and one temporary AFTER INSERT trigger per dataset, created inside the publication's
/// transaction (so a rollback removes them too) and dropped before its commit (so a pooled connection does not keep
/// them; a rollback removes them with the rest).</item>
/// <item>PostgreSQL: temporary triggers do not exist there, so migration 2 (<see cref="Postgres.PgSchemaV2"/>) gives
/// every published table a permanent AFTER INSERT row trigger that writes into <c>pg_temp.pub_capture</c> when that
/// table exists and does nothing otherwise. The publisher creates it inside its transaction <c>ON COMMIT DROP</c>: it is
/// visible to that session alone, lives exactly as long as the publication (a commit drops it, a rollback undoes its
/// creation) and a pooled connection never keeps it. Writes outside a publication therefore log nothing, exactly as on
/// SQLite, where the triggers exist only on the publishing connection.</item>
/// </list>
/// </summary>
internal sealed class RecordCapture
{
    private const int MaxKeyColumns = 5;
    private static readonly ConcurrentDictionary<(string Table, string Column), string> PgKeyTypes = new();
    private readonly DbConnection _connection;
    private readonly DbTransaction _transaction;
    private readonly StoreDialect _dialect;
    private bool _stopped;

    private RecordCapture(DbConnection connection, DbTransaction transaction, StoreDialect dialect)
    {
        _connection = connection;
        _transaction = transaction;
        _dialect = dialect;
    }

    public static RecordCapture Start(DbConnection connection, DbTransaction transaction)
    {
        var dialect = StoreDialect.Of(connection);
        var keys = string.Join(", ", Enumerable.Range(0, MaxKeyColumns).Select(i => "k" + i));
        if (dialect.IsPostgres)
        {
            // The keys as text (the triggers write NEW.k::text); Read casts them back to each key column's type.
            var columns = string.Join(", ", Enumerable.Range(0, MaxKeyColumns).Select(i => $"k{i} text COLLATE \"C\""));
            connection.Execute(transaction,
                $"CREATE TEMP TABLE pub_capture (seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, tbl text COLLATE \"C\" NOT NULL, {columns}, v bigint NOT NULL) ON COMMIT DROP");
            return new RecordCapture(connection, transaction, dialect);
        }

        var sql = $"CREATE TEMP TABLE IF NOT EXISTS pub_capture (seq INTEGER PRIMARY KEY, ds INTEGER NOT NULL, {keys}, v INTEGER NOT NULL);\n";
        for (var i = 0; i < PublishedDatasets.All.Count; i++)
        {
            var d = PublishedDatasets.All[i];
            var columns = string.Join(", ", d.RecordKey.Select((_, j) => "k" + j));
            var values = string.Join(", ", d.RecordKey.Select(k => "NEW." + k));
            sql += $"CREATE TEMP TRIGGER IF NOT EXISTS pub_capture_{i} AFTER INSERT ON main.{d.Table} BEGIN " +
                $"INSERT INTO pub_capture (ds, {columns}, v) VALUES ({i}, {values}, NEW.version); END;\n";
        }

        connection.Execute(transaction, sql);
        return new RecordCapture(connection, transaction, dialect);
    }

    /// <summary>The record versions written so far, dataset by dataset (in <see cref="PublishedDatasets.All"/> order), each in write order.</summary>
    public IEnumerable<(PublishedDataset Dataset, string Id, long Version, byte[] Bytes)> Read()
    {
        var written = _dialect.IsPostgres ? Tables() : null;
        for (var i = 0; i < PublishedDatasets.All.Count; i++)
        {
            var d = PublishedDatasets.All[i];
            using var command = _connection.CreateCommand();
            command.Transaction = _transaction;
            if (written is null)
            {
                command.CommandText = $"SELECT {d.SelectList} FROM temp.pub_capture c JOIN {d.Table} t ON " +
                    string.Join(" AND ", d.RecordKey.Select((k, j) => $"t.{k} = c.k{j}")) + $" AND t.version = c.v {d.Join} " +
                    $"WHERE c.ds = {i.ToString(CultureInfo.InvariantCulture)} ORDER BY c.seq";
            }
            else
            {
                // Only the datasets this publication wrote: the others may not be ported to PostgreSQL yet.
                if (!written.Contains(d.Table))
                {
                    continue;
                }

                command.CommandText = $"SELECT {d.SelectListFor(_dialect)} FROM pg_temp.pub_capture c JOIN {d.Table} t ON " +
                    string.Join(" AND ", d.RecordKey.Select((k, j) => $"t.{k} = CAST(c.k{j} AS {PgKeyType(d.Table, k)})")) + $" AND t.version = c.v {d.Join} " +
                    $"WHERE c.tbl = '{d.Table}' ORDER BY c.seq";
            }

            // PostgreSQL runs one command at a time per connection, and the caller writes between rows: read the dataset first.
            var rows = PublishedRows.Read(command, d);
            foreach (var row in written is null ? rows : rows.ToList())
            {
                yield return row;
            }
        }
    }

    /// <summary>
    /// A prepared statement that notes a row of <paramref name="dataset"/> (index <paramref name="datasetIndex"/> in
    /// <see cref="PublishedDatasets.All"/>) in this publication's capture table exactly as its trigger would, for rows
    /// written before the log existed (<see cref="LogBackfill"/>): <see cref="CaptureNote.Add"/> takes the key values and
    /// the version.
    /// </summary>
    public static CaptureNote Note(DbConnection connection, DbTransaction transaction, int datasetIndex, PublishedDataset dataset)
    {
        var dialect = StoreDialect.Of(connection);
        var keys = dataset.RecordKey.Count;
        var columns = string.Join(", ", Enumerable.Range(0, keys).Select(k => "k" + k));
        var values = string.Join(", ", Enumerable.Range(0, keys).Select(k => "@k" + k));
        // The triggers write the dataset's index and the keys as they are on SQLite, the table and the keys as text on PostgreSQL.
        var command = connection.Command(transaction, dialect.IsPostgres
            ? $"INSERT INTO pg_temp.pub_capture (tbl, {columns}, v) VALUES ('{dataset.Table}', {values}, @v)"
            : $"INSERT INTO temp.pub_capture (ds, {columns}, v) VALUES ({datasetIndex.ToString(CultureInfo.InvariantCulture)}, {values}, @v)");
        var parameters = Enumerable.Range(0, keys).Select(k => command.Add("@k" + k)).ToList();
        return new CaptureNote(command, parameters, command.Add("@v", type: System.Data.DbType.Int64), dialect.IsPostgres);
    }

    /// <summary>Drops the triggers and the table (inside the transaction, before the commit; on PostgreSQL the commit drops the table).</summary>
    public void Stop()
    {
        if (_stopped)
        {
            return;
        }

        _stopped = true;
        if (_dialect.IsPostgres)
        {
            return;
        }

        var sql = string.Concat(Enumerable.Range(0, PublishedDatasets.All.Count).Select(i => $"DROP TRIGGER IF EXISTS temp.pub_capture_{i};\n")) +
            "DROP TABLE IF EXISTS temp.pub_capture;";
        _connection.Execute(_transaction, sql);
    }

    private HashSet<string> Tables()
    {
        using var command = _connection.Command(_transaction, "SELECT DISTINCT tbl FROM pg_temp.pub_capture");
        using var reader = command.ExecuteReader();
        var tables = new HashSet<string>(StringComparer.Ordinal);
        while (reader.Read())
        {
            tables.Add(reader.GetString(0));
        }

        return tables;
    }

    /// <summary>A key column's PostgreSQL type, read from the catalogue once per process (the same in every database the migrations made).</summary>
    private string PgKeyType(string table, string column) =>
        PgKeyTypes.GetOrAdd((table, column), key =>
        {
            using var command = _connection.Command(_transaction,
                "SELECT format_type(atttypid, atttypmod) FROM pg_attribute WHERE attrelid = CAST(@t AS regclass) AND attname = @c AND NOT attisdropped",
                ("@t", key.Table), ("@c", key.Column));
            return command.ExecuteScalar() as string
                ?? throw new InvalidOperationException($"published table {key.Table} has no key column {key.Column} on PostgreSQL");
        });
}

/// <summary>Reads the rows of a <see cref="PublishedDataset.SelectList"/>: log id, version, exact bytes.</summary>
internal static class PublishedRows
{
    public static IEnumerable<(PublishedDataset Dataset, string Id, long Version, byte[] Bytes)> Read(DbCommand command, PublishedDataset dataset)
    {
        var parts = dataset.IdParts.Count;
        using var reader = command.ExecuteReader();
        var values = new object?[parts];
        while (reader.Read())
        {
            for (var i = 0; i < parts; i++)
            {
                values[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
            }

            yield return (dataset, RecordIds.Of(values), reader.GetInt64(parts), System.Text.Encoding.UTF8.GetBytes(reader.GetString(parts + 1)));
        }
    }
}

/// <summary>Notes rows in a publication's capture table as the triggers would (<see cref="RecordCapture.Note"/>).</summary>
internal sealed class CaptureNote(DbCommand command, IReadOnlyList<DbParameter> keys, DbParameter version, bool keysAsText) : IDisposable
{
    public void Add(IReadOnlyList<object> key, long v)
    {
        for (var k = 0; k < keys.Count; k++)
        {
            keys[k].Value = keysAsText ? Convert.ToString(key[k], CultureInfo.InvariantCulture)! : key[k];
        }

        version.Value = v;
        command.ExecuteNonQuery();
    }

    public void Dispose() => command.Dispose();
}
