using System.Data;
using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;
using NpgsqlTypes;
using SQLitePCL;

namespace Public.Web.Infrastructure.Data;

/// <summary>
/// Appends rows to one table inside the caller's transaction, the same rows in the same order on both engines.
/// SQLite inserts each row as it comes (one prepared INSERT; in-process, a row costs microseconds), through SQLite's own
/// calls (values bound by position, the statement reset and stepped) when each value is its column's type, which is
/// what a national import's hundreds of thousands of rows a day spend their time on: Microsoft.Data.Sqlite's command
/// looks each parameter up by name and builds a reader per row; any other value goes through that command, which
/// converts it as it always did, so the stored values are the same either way. PostgreSQL keeps
/// the rows and writes them with one binary <c>COPY</c> per block of <see cref="BlockRows"/> instead of one round trip
/// a row: COPY fires the table's row triggers as INSERT does, row by row in order (the publication's capture, the
/// log's next-index check), and runs in the open transaction, so the rows commit or roll back with the rest.
/// On PostgreSQL a reader in the same transaction sees the kept rows only after <see cref="Flush"/>.
/// </summary>
internal sealed class RowAppender : IDisposable
{
    /// <summary>Rows kept before a COPY: enough that the round trips vanish, few enough that memory stays small.</summary>
    public const int BlockRows = 10_000;

    private readonly string _table;
    private readonly (string Name, DbType Type)[] _columns;
    private readonly NpgsqlConnection? _copyTo;
    private readonly DbCommand? _insert;
    private readonly SqliteConnection? _sqlite;
    private readonly sqlite3_stmt? _native;
    private readonly List<object?[]> _pending = [];

    public RowAppender(DbConnection connection, DbTransaction? transaction, string table, params (string Name, DbType Type)[] columns)
        : this(connection, transaction, table, true, columns)
    {
    }

    /// <param name="copy">On PostgreSQL, COPY in blocks (true) or one prepared INSERT a row, as on SQLite (for a writer of one row at a time).</param>
    public RowAppender(DbConnection connection, DbTransaction? transaction, string table, bool copy, params (string Name, DbType Type)[] columns)
    {
        (_table, _columns) = (table, columns);
        _copyTo = copy ? connection as NpgsqlConnection : null;
        if (_copyTo is not null)
        {
            return;
        }

        _insert = connection.Command(transaction,
            $"INSERT INTO {table} ({string.Join(", ", columns.Select(c => c.Name))}) VALUES ({string.Join(", ", columns.Select((_, i) => "@p" + i))})");
        for (var i = 0; i < columns.Length; i++)
        {
            _insert.Add("@p" + i, null, columns[i].Type);
        }

        _insert.Prepare();
        if (connection is SqliteConnection sqlite)
        {
            _sqlite = sqlite;
            Check(raw.sqlite3_prepare_v2(sqlite.Handle, _insert.CommandText, out var statement));
            _native = statement;
        }
    }

    /// <summary>Appends one row, its values in column order (null → SQL NULL). On PostgreSQL the array is kept until the COPY.</summary>
    public void Add(params object?[] values)
    {
        if (values.Length != _columns.Length)
        {
            throw new ArgumentException($"a row of {_table} has {_columns.Length} values, not {values.Length}", nameof(values));
        }

        if (_native is not null && TryInsertNative(values))
        {
            return;
        }

        if (_insert is not null)
        {
            for (var i = 0; i < values.Length; i++)
            {
                _insert.Parameters[i].Value = values[i] ?? DBNull.Value;
            }

            _insert.ExecuteNonQuery();
            return;
        }

        _pending.Add(values);
        if (_pending.Count >= BlockRows)
        {
            Flush();
        }
    }

    /// <summary>Writes the rows kept so far (PostgreSQL); nothing to do on SQLite, whose rows are inserted as they come.</summary>
    public void Flush()
    {
        if (_copyTo is null || _pending.Count == 0)
        {
            return;
        }

        using (var copy = _copyTo.BeginBinaryImport(
            $"COPY {_table} ({string.Join(", ", _columns.Select(c => c.Name))}) FROM STDIN (FORMAT BINARY)"))
        {
            foreach (var row in _pending)
            {
                copy.StartRow();
                for (var i = 0; i < row.Length; i++)
                {
                    Write(copy, row[i], _columns[i]);
                }
            }

            copy.Complete();
        }

        _pending.Clear();
    }

    private void Write(NpgsqlBinaryImporter copy, object? value, (string Name, DbType Type) column)
    {
        switch (value)
        {
            case null or DBNull:
                copy.WriteNull();
                break;
            case string s when column.Type == DbType.String:
                copy.Write(s, NpgsqlDbType.Text);
                break;
            case long l when column.Type == DbType.Int64:
                copy.Write(l, NpgsqlDbType.Bigint);
                break;
            case double d when column.Type == DbType.Double:
                copy.Write(d, NpgsqlDbType.Double);
                break;
            case byte[] b when column.Type == DbType.Binary:
                copy.Write(b, NpgsqlDbType.Bytea);
                break;
            default:
                // The INSERT would have converted; COPY writes the column's binary form, so the value must already be its type.
                throw new ArgumentException($"{_table}.{column.Name} ({column.Type}) cannot take a {value.GetType().Name}");
        }
    }

    /// <summary>
    /// Inserts the row through SQLite's own calls when every value is exactly its column's type (or null), the binding
    /// Microsoft.Data.Sqlite would do for it; false, with nothing written, when one is not (the command converts it).
    /// </summary>
    private bool TryInsertNative(object?[] values)
    {
        for (var i = 0; i < values.Length; i++)
        {
            var ok = values[i] switch
            {
                null or DBNull => true,
                string => _columns[i].Type == DbType.String,
                long => _columns[i].Type == DbType.Int64,
                double d => _columns[i].Type == DbType.Double && !double.IsNaN(d),
                byte[] b => _columns[i].Type == DbType.Binary && b.Length > 0,
                _ => false,
            };
            if (!ok)
            {
                return false;
            }
        }

        var statement = _native!;
        try
        {
            for (var i = 0; i < values.Length; i++)
            {
                var position = i + 1;
                Check(values[i] switch
                {
                    string s => raw.sqlite3_bind_text(statement, position, s),
                    long l => raw.sqlite3_bind_int64(statement, position, l),
                    double d => raw.sqlite3_bind_double(statement, position, d),
                    byte[] b => raw.sqlite3_bind_blob(statement, position, b),
                    _ => raw.sqlite3_bind_null(statement, position),
                });
            }

            var step = raw.sqlite3_step(statement);
            if (step != raw.SQLITE_DONE)
            {
                Check(step);
            }
        }
        finally
        {
            raw.sqlite3_reset(statement);
        }

        return true;
    }

    private void Check(int code)
    {
        if (code is not raw.SQLITE_OK and not raw.SQLITE_DONE and not raw.SQLITE_ROW)
        {
            throw new SqliteException($"SQLite Error {code}: '{raw.sqlite3_errmsg(_sqlite!.Handle).utf8_to_string()}'.", code, raw.sqlite3_extended_errcode(_sqlite.Handle));
        }
    }

    public void Dispose()
    {
        _native?.Dispose();
        _insert?.Dispose();
    }
}
