using System.Diagnostics;
using System.Globalization;
using Npgsql;
using Public.Web.Infrastructure.Postgres;
using Public.Web.Tests.Hosting;

namespace Public.Web.Tests.Postgres;

/// <summary>
/// A real PostgreSQL (Debian's <c>postgresql</c>; tests/run.sh installs it): <c>initdb</c> into a temporary folder and
/// <c>postgres</c> on a free loopback port, without durability (fsync off: a test server), deleted on dispose. As root
/// (CI runs the tests as root, and PostgreSQL refuses to), the server runs as the <c>postgres</c> user through
/// <c>setpriv</c>, which execs in place, so the process we hold is the server itself. Given a server to stand by for,
/// the folder is a <c>pg_basebackup -R</c> of that server: a hot standby streaming from it.
/// </summary>
public sealed class PostgresServer : IDisposable
{
    private const string ServiceUser = "postgres";

    private Process? _process;

    private readonly bool _asyncCommit;

    /// <param name="standbyOf">The primary this server is a hot standby of (<c>pg_basebackup -R</c>).</param>
    /// <param name="streams">
    /// A primary that standbys stream from (<see cref="PostgresReplicaPair"/>): commits wait for their WAL to be written,
    /// so a standby sees an import as soon as it is committed. The test process's own server does not
    /// (<c>synchronous_commit=off</c>): it has no standby, and a commit need not wait for anything on a server whose data
    /// is thrown away.
    /// </param>
    public PostgresServer(PostgresServer? standbyOf = null, bool streams = false)
    {
        _asyncCommit = standbyOf is null && !streams;
        Folder = Directory.CreateTempSubdirectory(standbyOf is null ? "pg-primary-" : "pg-standby-").FullName;
        DataDirectory = Path.Combine(Folder, "data");
        Port = RedisServer.FreePort();
        try
        {
            if (AsRoot)
            {
                Run("chown", [$"{ServiceUser}:", Folder]);
            }

            if (standbyOf is null)
            {
                // C locale: text sorts by code point, as in SQLite; trust over loopback only (a throwaway test server).
                Run(Tool("initdb"), ["-D", DataDirectory, "-U", "postgres", "-A", "trust", "--no-locale", "-E", "UTF8", "--no-sync"], asService: true);
            }
            else
            {
                Run(Tool("pg_basebackup"), ["-h", "127.0.0.1", "-p", standbyOf.Port.ToString(CultureInfo.InvariantCulture), "-U", "postgres",
                    "-D", DataDirectory, "-R", "-X", "stream", "--no-sync"], asService: true);
            }

            Start();
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    public string Folder { get; }

    public string DataDirectory { get; }

    public int Port { get; }

    /// <summary>The server's own database, for administration (creating the tests' databases).</summary>
    public string AdminConnectionString => ConnectionStringFor("postgres");

    public string ConnectionStringFor(string database) =>
        $"Host=127.0.0.1;Port={Port.ToString(CultureInfo.InvariantCulture)};Username=postgres;Database={database};Pooling=false;Timeout=10";

    /// <summary>
    /// Creates a database of its own for one test (empty, or a copy of <paramref name="template"/>: PostgreSQL copies
    /// the files, and refuses while a connection is open on the template) and returns its connection string. The copy is
    /// a file copy (<c>STRATEGY FILE_COPY</c>, PostgreSQL 15+), not PostgreSQL 15's default of writing every block of
    /// the template through the WAL: measured on a throwaway server of this fixture's settings (fsync off), 0.25–0.3 s
    /// instead of 0.8–1.4 s for a 47 MB store (the real Jinzhou half-year), 0.05–0.26 s instead of 0.16–0.4 s for an
    /// empty one; a test process makes hundreds of them.
    /// </summary>
    public string CreateDatabase(string? template = null, string? name = null)
    {
        name ??= "t_" + Guid.NewGuid().ToString("N")[..12];
        Admin(template is null ? $"CREATE DATABASE {name}" : $"CREATE DATABASE {name} TEMPLATE {template} STRATEGY FILE_COPY");
        return ConnectionStringFor(name);
    }

    /// <summary>
    /// Drops a test's database (<c>WITH (FORCE)</c>: a connection left open does not keep it), so the server's data folder
    /// holds only the databases of the tests still running, not every database of the test process (about 8 GB after a
    /// CI pass on PostgreSQL).
    /// </summary>
    public void DropDatabase(string name) => Admin($"DROP DATABASE IF EXISTS {name} WITH (FORCE)");

    /// <summary>
    /// A new database with the app's schema (every <see cref="PgMigrations"/> step applied, no data, no <c>store_id</c>: the
    /// app names its store on start): a copy of a template this server migrates once, so a test pays a file copy, not
    /// the migrations.
    /// </summary>
    public string CreateMigratedDatabase(string? name = null) => CreateDatabase(template: MigratedTemplate(), name: name);

    private string? _migratedTemplate;
    private readonly Lock _migrating = new();

    private string MigratedTemplate()
    {
        lock (_migrating)
        {
            if (_migratedTemplate is null)
            {
                const string template = "tpl_migrated";
                using (var dataSource = NpgsqlDataSource.Create(CreateDatabase(name: template)))
                {
                    PgMigrations.Apply(dataSource);
                }

                CloseToConnections(template);
                _migratedTemplate = template;
            }

            return _migratedTemplate;
        }
    }

    /// <summary>Ends every connection to <paramref name="database"/> and refuses new ones, so it can serve as a template whatever is still running.</summary>
    public void CloseToConnections(string database)
    {
        Admin($"ALTER DATABASE {database} WITH ALLOW_CONNECTIONS false");
        Admin($"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{database}'");
    }

    private void Admin(string sql)
    {
        using var connection = new NpgsqlConnection(AdminConnectionString);
        connection.Open();
        // A copy of a large template takes longer than Npgsql's 30 s on a loaded machine.
        using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 600 };
        command.ExecuteNonQuery();
    }

    private static bool AsRoot => Environment.UserName == "root";

    /// <summary>The folder of PostgreSQL's programs: <c>pg_config --bindir</c>, else Debian's path for version 15.</summary>
    public static string BinDirectory { get; } = FindBinDirectory();

    private static string FindBinDirectory()
    {
        try
        {
            using var config = Process.Start(new ProcessStartInfo("pg_config", "--bindir") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false });
            if (config is not null)
            {
                var dir = config.StandardOutput.ReadToEnd().Trim();
                config.WaitForExit();
                if (config.ExitCode == 0 && File.Exists(Path.Combine(dir, "initdb")))
                {
                    return dir;
                }
            }
        }
        catch (System.ComponentModel.Win32Exception)
        {
            // No pg_config on PATH: Debian's location below.
        }

        return "/usr/lib/postgresql/15/bin";
    }

    private static string Tool(string name)
    {
        var path = Path.Combine(BinDirectory, name);
        return File.Exists(path) ? path : throw new InvalidOperationException($"{path} is missing: apt-get install postgresql (tests/run.sh does it)");
    }

    private void Start()
    {
        var info = Service(Tool("postgres"), ["-D", DataDirectory, "-p", Port.ToString(CultureInfo.InvariantCulture), "-k", Folder,
            "-c", "listen_addresses=127.0.0.1", "-c", "fsync=off", "-c", "full_page_writes=off", "-c", "shared_buffers=32MB",
            "-c", "max_connections=200", "-c", "logging_collector=off", "-c", "synchronous_commit=" + (_asyncCommit ? "off" : "on")]);
        info.RedirectStandardOutput = true;
        info.RedirectStandardError = true;
        _process = Process.Start(info) ?? throw new InvalidOperationException("postgres did not start");
        var log = new System.Text.StringBuilder();
        _process.OutputDataReceived += (_, e) => { lock (log) { log.AppendLine(e.Data); } };
        _process.ErrorDataReceived += (_, e) => { lock (log) { log.AppendLine(e.Data); } };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        var waited = Stopwatch.StartNew();
        while (waited.Elapsed < TimeSpan.FromSeconds(30))
        {
            if (_process.HasExited)
            {
                lock (log)
                {
                    throw new InvalidOperationException($"postgres exited with {_process.ExitCode}: {log}");
                }
            }

            try
            {
                using var connection = new NpgsqlConnection(AdminConnectionString);
                connection.Open();
                return;
            }
            catch (NpgsqlException)
            {
                // Not accepting connections yet (starting up, or a standby still catching up).
            }

            Thread.Sleep(50);
        }

        throw new TimeoutException("postgres did not accept connections within 30 s");
    }

    /// <summary>Stops the server at once (SIGKILL: a crash, not a polite shutdown).</summary>
    public void Kill()
    {
        if (_process is { HasExited: false } p)
        {
            p.Kill();
            p.WaitForExit(10_000);
        }

        _process?.Dispose();
        _process = null;
    }

    public void Dispose()
    {
        if (_process is { HasExited: false } p)
        {
            // SIGINT is PostgreSQL's fast shutdown (its backends end too); SIGKILL if it does not.
            using (var signal = Process.Start("kill", ["-INT", p.Id.ToString(CultureInfo.InvariantCulture)]))
            {
                signal.WaitForExit(5_000);
            }

            if (!p.WaitForExit(10_000))
            {
                p.Kill();
                p.WaitForExit(5_000);
            }
        }

        _process?.Dispose();
        _process = null;
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open: the temporary folder is the system's to clean.
        }
    }

    /// <summary>Runs a program as the service user when we are root (setpriv execs in place: no process in between).</summary>
    private static ProcessStartInfo Service(string program, IEnumerable<string> args)
    {
        var info = new ProcessStartInfo(AsRoot ? "setpriv" : program) { UseShellExecute = false };
        if (AsRoot)
        {
            foreach (var a in new[] { "--reuid", ServiceUser, "--regid", ServiceUser, "--init-groups", "--reset-env", program })
            {
                info.ArgumentList.Add(a);
            }
        }

        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }

        return info;
    }

    private static void Run(string program, IEnumerable<string> args, bool asService = false)
    {
        ProcessStartInfo info;
        if (asService)
        {
            info = Service(program, args);
        }
        else
        {
            info = new ProcessStartInfo(program) { UseShellExecute = false };
            foreach (var a in args)
            {
                info.ArgumentList.Add(a);
            }
        }

        info.RedirectStandardOutput = true;
        info.RedirectStandardError = true;
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"{program} did not start");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(120_000))
        {
            process.Kill();
            throw new TimeoutException($"{program} did not finish within 120 s");
        }

        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{program} {string.Join(' ', args)} exited with {process.ExitCode}: {stderr.Result}{stdout.Result}");
        }
    }
}

/// <summary>A primary and a hot standby streaming from it (<c>pg_basebackup -R</c>), each on its own free port.</summary>
public sealed class PostgresReplicaPair : IDisposable
{
    public PostgresReplicaPair()
    {
        Primary = new PostgresServer(streams: true);
        try
        {
            Standby = new PostgresServer(standbyOf: Primary);
        }
        catch
        {
            Primary.Dispose();
            throw;
        }
    }

    public PostgresServer Primary { get; }

    public PostgresServer Standby { get; }

    public void Dispose()
    {
        Standby.Dispose();
        Primary.Dispose();
    }
}
