using Microsoft.Data.Sqlite;
using Public.Web.Infrastructure;
using Public.Web.Infrastructure.Data;

namespace Public.Web.Tests.Infrastructure;

/// <summary>
/// Every SQLite connection the store hands out has its set-up pragmas (synchronous NORMAL, foreign keys on), and they run
/// once per SQLite connection, not on every open of a pooled one.
/// </summary>
public sealed class SqliteConnectionSetupTests
{
    [Fact]
    public void EveryConnectionIsSetUpAndAPooledOneOnlyOnce()
    {
        var folder = Directory.CreateTempSubdirectory("public-web-tests-").FullName;
        try
        {
            using var database = new Database(Path.Combine(folder, "store.db"));
            var seen = new List<string>();
            database.StatementObserver = s =>
            {
                lock (seen)
                {
                    seen.Add(s);
                }
            };

            static void AssertSetUp(SqliteConnection c)
            {
                // PRAGMA synchronous: 1 is NORMAL; foreign_keys: 1 is on (SQLite's default is off).
                Assert.Equal((1L, 1L), (c.Long(null, "PRAGMA synchronous"), c.Long(null, "PRAGMA foreign_keys")));
            }

            SQLitePCL.sqlite3 pooled;
            using (var c = database.Open())
            {
                // The connection the constructor opened, back from the pool.
                pooled = c.Handle!;
                AssertSetUp(c);
            }

            using (var c = database.Open())
            {
                Assert.Same(pooled, c.Handle);
                AssertSetUp(c);
            }

            using (var a = database.Open())
            using (var b = database.Open())
            {
                // Two at once: the second is a new SQLite connection, set up when it opened.
                Assert.NotSame(a.Handle, b.Handle);
                AssertSetUp(a);
                AssertSetUp(b);
            }

            lock (seen)
            {
                Assert.Single(seen, s => s.Contains("synchronous=NORMAL", StringComparison.Ordinal));
            }
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }
}
