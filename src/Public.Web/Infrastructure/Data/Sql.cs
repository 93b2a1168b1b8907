using System.Data;
using System.Data.Common;
using System.Globalization;

namespace Public.Web.Infrastructure.Data;

/// <summary>
/// ADO.NET on the base types, for SQL both engines accept: commands with <c>@name</c> parameters (Microsoft.Data.Sqlite
/// and Npgsql both bind them), scalars read whatever integer type the engine returns.
/// </summary>
internal static class Sql
{
    /// <summary>A command on <paramref name="connection"/> in <paramref name="transaction"/> with its parameters (null → SQL NULL).</summary>
    public static DbCommand Command(this DbConnection connection, DbTransaction? transaction, string sql, params (string Name, object? Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Add(name, value);
        }

        return command;
    }

    /// <summary>Adds a parameter (null → SQL NULL) and returns it, so a prepared command can change its value.</summary>
    public static DbParameter Add(this DbCommand command, string name, object? value = null, DbType? type = null)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        if (type is { } t)
        {
            parameter.DbType = t;
        }

        parameter.Value = value ?? DBNull.Value;
        command.Parameters.Add(parameter);
        return parameter;
    }

    public static int Execute(this DbConnection connection, DbTransaction? transaction, string sql, params (string Name, object? Value)[] parameters)
    {
        using var command = connection.Command(transaction, sql, parameters);
        return command.ExecuteNonQuery();
    }

    /// <summary>An integer scalar, whichever integer (or boolean) type the engine gives it.</summary>
    public static long Long(this DbConnection connection, DbTransaction? transaction, string sql, params (string Name, object? Value)[] parameters)
    {
        using var command = connection.Command(transaction, sql, parameters);
        return Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    /// <summary>An integer column as int (SQLite INTEGER and PostgreSQL bigint alike).</summary>
    public static int Int(this DbDataReader reader, int ordinal) => checked((int)reader.GetInt64(ordinal));

    public static int? IntOrNull(this DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.Int(ordinal);

    public static long? LongOrNull(this DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetInt64(ordinal);

    public static string? StringOrNull(this DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);
}
