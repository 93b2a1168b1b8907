using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Public.Web.Infrastructure.Publication;

/// <summary>
/// Catches every row inserted into a published table during one publication: a temporary table and one temporary
/// AFTER INSERT trigger per dataset, created inside the publication's transaction (so a rollback removes them too)
/// and dropped before its commit (so a pooled connection does not keep them; a rollback removes them with the rest).
/// </summary>
internal sealed class RecordCapture
{
    private const int MaxKeyColumns = 5;
    private readonly SqliteConnection _connection;
    private readonly SqliteTransaction _transaction;
    private bool _stopped;

    private RecordCapture(SqliteConnection connection, SqliteTransaction transaction)
    {
        _connection = connection;
        _transaction = transaction;
    }

    public static RecordCapture Start(SqliteConnection connection, SqliteTransaction transaction)
    {
        var keys = string.Join(", ", Enumerable.Range(0, MaxKeyColumns).Select(i => "k" + i));
        var sql = $"CREATE TEMP TABLE IF NOT EXISTS pub_capture (seq INTEGER PRIMARY KEY, ds INTEGER NOT NULL, {keys}, v INTEGER NOT NULL);\n";
        for (var i = 0; i < PublishedDatasets.All.Count; i++)
        {
            var d = PublishedDatasets.All[i];
            var columns = string.Join(", ", d.RecordKey.Select((_, j) => "k" + j));
            var values = string.Join(", ", d.RecordKey.Select(k => "NEW." + k));
            sql += $"CREATE TEMP TRIGGER IF NOT EXISTS pub_capture_{i} AFTER INSERT ON main.{d.Table} BEGIN " +
                $"INSERT INTO pub_capture (ds, {columns}, v) VALUES ({i}, {values}, NEW.version); END;\n";
        }

        Database.Execute(connection, sql, transaction);
        return new RecordCapture(connection, transaction);
    }

    /// <summary>The record versions written so far, dataset by dataset (in <see cref="PublishedDatasets.All"/> order), each in write order.</summary>
    public IEnumerable<(PublishedDataset Dataset, string Id, long Version, byte[] Bytes)> Read()
    {
        for (var i = 0; i < PublishedDatasets.All.Count; i++)
        {
            var d = PublishedDatasets.All[i];
            using var command = _connection.CreateCommand();
            command.Transaction = _transaction;
            command.CommandText = $"SELECT {d.SelectList} FROM temp.pub_capture c JOIN {d.Table} t ON " +
                string.Join(" AND ", d.RecordKey.Select((k, j) => $"t.{k} = c.k{j}")) + $" AND t.version = c.v {d.Join} " +
                $"WHERE c.ds = {i.ToString(CultureInfo.InvariantCulture)} ORDER BY c.seq";
            foreach (var row in PublishedRows.Read(command, d))
            {
                yield return row;
            }
        }
    }

    /// <summary>Drops the triggers and the table (inside the transaction, before the commit).</summary>
    public void Stop()
    {
        if (_stopped)
        {
            return;
        }

        _stopped = true;
        var sql = string.Concat(Enumerable.Range(0, PublishedDatasets.All.Count).Select(i => $"DROP TRIGGER IF EXISTS temp.pub_capture_{i};\n")) +
            "DROP TABLE IF EXISTS temp.pub_capture;";
        Database.Execute(_connection, sql, _transaction);
    }
}

/// <summary>Reads the rows of a <see cref="PublishedDataset.SelectList"/>: log id, version, exact bytes.</summary>
internal static class PublishedRows
{
    public static IEnumerable<(PublishedDataset Dataset, string Id, long Version, byte[] Bytes)> Read(SqliteCommand command, PublishedDataset dataset)
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
