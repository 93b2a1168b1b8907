using System.Globalization;
using Npgsql;
using Public.Web.Infrastructure;
using Public.Web.Infrastructure.Publication;

namespace Public.Web.Transparency;

/// <summary>
/// <c>keygen</c>: a new log key. <c>verify &lt;base URL | export folder&gt; --key &lt;vkey&gt;</c>: checks the log as an
/// outsider would (see <see cref="LogVerifier"/>).
/// </summary>
internal static class VerifyCommand
{
    public const string Usage = """
          dotnet run --project src/Public.Web -- keygen [--origin NAME] [--out FILE]
              Print a new Ed25519 log key: the private key line (or write it to FILE, readable by its owner only) and the
              verifier key line (name+keyid+base64). The name is the checkpoint origin (default localhost/log).
          dotnet run --project src/Public.Web -- verify <base URL | export folder> --key <vkey> [--state FILE] [--evidence DIR] [--records all|none|sample:N]
              Verify the transparency log: signature, tree rebuilt from the entry bundles, consistency with the checkpoint seen
              last time (state file, default bluesky-log.state), version chains, records served byte for byte or tombstoned.
              On a fork it exits 3 and writes both checkpoints and the proof to DIR (default bluesky-log-evidence/).
          dotnet run --project src/Public.Web -- verify --store <DB | postgres:CONNECTIONSTRING>
              Recompute every current record's bytes from the store (a SQLite file or a PostgreSQL database) and name each
              that no longer matches the log.
        """;

    public static int Keygen(IReadOnlyList<string> args, TextWriter stdout, TextWriter stderr)
    {
        var origin = LogKey.DefaultOrigin;
        string? output = null;
        for (var i = 0; i < args.Count; i++)
        {
            switch (args[i])
            {
                case "--origin" when i + 1 < args.Count:
                    origin = args[++i];
                    break;
                case "--out" when i + 1 < args.Count:
                    output = args[++i];
                    break;
                default:
                    stderr.WriteLine($"keygen: unknown or incomplete option '{args[i]}'");
                    stderr.WriteLine(Usage);
                    return 2;
            }
        }

        if (!SignedNote.IsValidName(origin))
        {
            stderr.WriteLine($"keygen: --origin '{origin}' is not a key name (no spaces, no '+')");
            return 2;
        }

        var key = Ed25519NoteSigner.Generate(origin);
        if (output is null)
        {
            stdout.WriteLine(key.PrivateKey);
        }
        else
        {
            try
            {
                LogKey.WriteSecret(output, key.PrivateKey + "\n");
            }
            catch (IOException e)
            {
                stderr.WriteLine($"keygen: cannot write {Path.GetFullPath(output)}: {e.Message}");
                return 1;
            }

            stderr.WriteLine($"private key written to {Path.GetFullPath(output)} (set {LogKey.PrivateKeyFileKey} to it)");
        }

        stdout.WriteLine(key.VerifierKey);
        return 0;
    }

    /// <summary>
    /// The store <c>verify --store</c> names: a SQLite file, or <c>postgres:CONNECTIONSTRING</c> (as <c>migrate-store</c>
    /// names it); null after saying what is wrong.
    /// </summary>
    private static Database? OpenStore(string store, TextWriter stderr)
    {
        const string postgres = "postgres:";
        if (!store.StartsWith(postgres, StringComparison.Ordinal))
        {
            if (File.Exists(store))
            {
                return new Database(store);
            }

            stderr.WriteLine($"verify --store: no such database file: {Path.GetFullPath(store)} (a PostgreSQL store is postgres:CONNECTIONSTRING)");
            return null;
        }

        NpgsqlDataSource dataSource;
        try
        {
            dataSource = new NpgsqlDataSourceBuilder(store[postgres.Length..]).Build();
        }
        catch (ArgumentException e)
        {
            // Npgsql names the bad keyword; the connection string itself may hold a password, so it is not repeated.
            stderr.WriteLine($"verify --store: not a PostgreSQL connection string after postgres: ({e.Message})");
            return null;
        }

        try
        {
            return Database.OnPostgres(dataSource, ownsDataSources: true);
        }
        catch (Exception e) when (e is NpgsqlException or InvalidOperationException)
        {
            dataSource.Dispose();
            stderr.WriteLine($"verify --store: cannot open the PostgreSQL store: {e.Message}");
            return null;
        }
    }

    public static async Task<int> VerifyAsync(IReadOnlyList<string> args, TextWriter stdout, TextWriter stderr, HttpClient? client = null)
    {
        string? target = null, vkey = null, store = null;
        int? recordSample = null;
        var recordsOption = "all";
        var state = "bluesky-log.state";
        var evidence = "bluesky-log-evidence";
        for (var i = 0; i < args.Count; i++)
        {
            switch (args[i])
            {
                case "--key" when i + 1 < args.Count:
                    vkey = args[++i];
                    break;
                case "--state" when i + 1 < args.Count:
                    state = args[++i];
                    break;
                case "--evidence" when i + 1 < args.Count:
                    evidence = args[++i];
                    break;
                case "--store" when i + 1 < args.Count:
                    store = args[++i];
                    break;
                case "--records" when i + 1 < args.Count:
                    var value = recordsOption = args[++i];
                    if (value == "all")
                    {
                        recordSample = null;
                    }
                    else if (value == "none")
                    {
                        recordSample = 0;
                    }
                    else if (value.StartsWith("sample:", StringComparison.Ordinal)
                             && int.TryParse(value["sample:".Length..], NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0)
                    {
                        recordSample = n;
                    }
                    else
                    {
                        stderr.WriteLine($"verify: --records '{value}' is not all, none or sample:N (N a positive whole number)");
                        return 2;
                    }

                    break;
                case var a when !a.StartsWith("--", StringComparison.Ordinal) && target is null:
                    target = a;
                    break;
                default:
                    stderr.WriteLine($"verify: unknown or incomplete option '{args[i]}'");
                    stderr.WriteLine(Usage);
                    return 2;
            }
        }

        if (store is not null)
        {
            using var database = OpenStore(store, stderr);
            if (database is null)
            {
                return 2;
            }

            var findings = StoreTamperCheck.Run(database);
            foreach (var finding in findings)
            {
                stdout.WriteLine(finding);
            }

            stdout.WriteLine(findings.Count == 0
                ? "store: every current record matches its latest logged version"
                : $"store: {findings.Count} record(s) do not match the log");
            return findings.Count == 0 ? 0 : 1;
        }

        if (target is null || vkey is null)
        {
            stderr.WriteLine("verify needs a base URL or an export folder and --key <verifier key>, e.g. verify https://example.org --key 'localhost/log+1234abcd+AR…'");
            return 2;
        }

        NoteVerifier verifier;
        try
        {
            verifier = NoteVerifier.Parse(File.Exists(vkey) ? File.ReadAllText(vkey) : vkey);
        }
        catch (FormatException e)
        {
            stderr.WriteLine($"verify: --key: {e.Message}");
            return 2;
        }

        ILogSource source;
        using var ownClient = client is null ? new HttpClient { Timeout = TimeSpan.FromMinutes(2) } : null;
        if (Uri.TryCreate(target, UriKind.Absolute, out var url) && url.Scheme is "http" or "https")
        {
            source = new HttpSource(client ?? ownClient!, new Uri(url.ToString().TrimEnd('/') + "/"));
        }
        else if (Directory.Exists(target))
        {
            source = new FolderSource(Path.GetFullPath(target));
        }
        else
        {
            stderr.WriteLine($"verify: '{target}' is neither an http(s) URL nor an existing folder");
            return 2;
        }

        var previous = File.Exists(state) ? await File.ReadAllTextAsync(state) : null;
        VerifyReport report;
        try
        {
            report = await new LogVerifier(source, verifier, recordSample).VerifyAsync(previous);
        }
        catch (HttpRequestException e)
        {
            stderr.WriteLine($"verify: {target}: {e.Message}");
            return 1;
        }

        foreach (var problem in report.Problems)
        {
            stderr.WriteLine("FAIL " + problem);
        }

        if (report.Fork)
        {
            Directory.CreateDirectory(evidence);
            await File.WriteAllTextAsync(Path.Combine(evidence, "previous.checkpoint"), previous);
            await File.WriteAllTextAsync(Path.Combine(evidence, "current.checkpoint"), report.Checkpoint);
            await File.WriteAllTextAsync(Path.Combine(evidence, "consistency-proof.txt"), report.ForkProof ?? string.Join('\n', report.Problems) + "\n");
            stderr.WriteLine($"FORK: evidence written to {Path.GetFullPath(evidence)} (both signed checkpoints and the proof); the state file is kept as it was");
            return 3;
        }

        if (report.Problems.Count > 0)
        {
            stderr.WriteLine($"verify: {report.Problems.Count} problem(s) in the log of {report.TreeSize} leaves");
            return 1;
        }

        await File.WriteAllTextAsync(state, report.Checkpoint);
        stdout.WriteLine($"OK {verifier.Name}: {report.TreeSize} leaves, root and every tile rebuilt from the entry bundles, signature valid; " +
            (recordSample is null
                ? $"{report.Records} records served as logged, {report.Tombstones} tombstoned, "
                : recordSample == 0
                    ? $"{report.RecordsInLog} records in the log, their served bytes not checked (--records none), "
                    : $"{report.Records} of {report.RecordsInLog} records (a sample, --records {recordsOption}) served as logged, {report.Tombstones} tombstoned, ") +
            $"{report.Batches} batches; " +
            (previous is null ? "first run (no earlier checkpoint to compare)" : "consistent with the checkpoint seen last time") + $"; state saved to {Path.GetFullPath(state)}");
        return 0;
    }
}
