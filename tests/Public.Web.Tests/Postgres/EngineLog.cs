using Public.Web.Infrastructure;
using Public.Web.Transparency;

namespace Public.Web.Tests.Postgres;

/// <summary>A store's publication log as the engine tests compare it: every leaf with its record's bytes, and the signed root.</summary>
internal static class EngineLog
{
    /// <summary>Each leaf in index order, hex, with the bytes of its record ("-" for a batch leaf).</summary>
    public static List<string> Leaves(Database database)
    {
        using var connection = database.Connect();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT l.leaf, r.bytes FROM log_leaves l LEFT JOIN log_records r ON r.dataset = l.dataset AND r.record_id = l.record_id AND r.version = l.version ORDER BY l.idx";
        using var reader = command.ExecuteReader();
        var leaves = new List<string>();
        while (reader.Read())
        {
            leaves.Add(Convert.ToHexString((byte[])reader[0]) + " " + (reader.IsDBNull(1) ? "-" : Convert.ToHexString((byte[])reader[1])));
        }

        return leaves;
    }

    /// <summary>The root of the log's head, hex.</summary>
    public static string Root(Database database) => Convert.ToHexString(new LogStore(database).ReadHead()!.Root);
}
