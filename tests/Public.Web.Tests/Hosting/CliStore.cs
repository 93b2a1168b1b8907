namespace Public.Web.Tests.Hosting;

/// <summary>
/// A fresh store of <see cref="TestStore.Engine"/> for the CLI run as a separate process (<see cref="AppProcess"/>): a
/// SQLite file at <see cref="Path"/>, or a database of its own on the test process's PostgreSQL server. <see cref="Args"/>
/// names it on the command line as a user would (<c>--db PATH</c>, plus <c>--Store:Provider=postgres</c> and the connection
/// string on PostgreSQL; the log's signing key is generated beside <c>--db</c> either way); <see cref="Scalar"/> reads it
/// with plain SQL, not through the code under test.
/// </summary>
internal sealed class CliStore
{
    private readonly IReadOnlyDictionary<string, string> _settings = TestStore.For().Fresh();

    public CliStore(string folder, string name = "cli.db") => Path = System.IO.Path.Combine(folder, name);

    /// <summary>The SQLite file (on PostgreSQL only the folder of the generated log key).</summary>
    public string Path { get; }

    /// <summary>The command-line options that point the CLI at this store.</summary>
    public string[] Args => ["--db", Path, .. _settings.Select(s => $"--{s.Key}={s.Value}")];

    public long Scalar(string sql) => TestStore.Scalar(_settings.GetValueOrDefault("ConnectionStrings:Postgres"), Path, sql);
}
