namespace Public.Web.Cli;

/// <summary>
/// The options every verb and the server share. <c>--db PATH</c> and <c>--no-demo</c> are rewritten into
/// configuration keys (<c>Store:Path</c>, <c>Store:Demo</c>) so that the environment (<c>Store__Path</c>)
/// and the command line set the same thing; a <c>--Section:Key=value</c> argument is a setting for every verb.
/// </summary>
internal sealed record CommandLine(string? Verb, IReadOnlyList<string> Arguments, IReadOnlyList<string> ConfigArgs, string? Error)
{
    public static readonly string[] Verbs = ["import", "serve", "graphql-schema", "export-site", "keygen", "verify", "migrate-store"];

    public static CommandLine Parse(string[] args)
    {
        var config = new List<string>();
        var rest = new List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            var a = args[i];
            if (a == "--db")
            {
                if (i + 1 >= args.Length || args[i + 1].StartsWith("--", StringComparison.Ordinal))
                {
                    return new CommandLine(null, [], [], "--db needs a path, e.g. --db data/jinzhou.db");
                }

                config.Add("--Store:Path=" + args[++i]);
            }
            else if (a.StartsWith("--db=", StringComparison.Ordinal))
            {
                config.Add("--Store:Path=" + a["--db=".Length..]);
            }
            else if (a == "--no-demo")
            {
                config.Add("--Store:Demo=false");
            }
            else if (IsSetting(a))
            {
                // --Store:Provider=postgres, --ConnectionStrings:Postgres=…: a setting for every verb that reads the
                // settings (import too, whose own options would refuse it), as Store__Provider in the environment is.
                config.Add(a);
            }
            else
            {
                rest.Add(a);
            }
        }

        if (rest.Count > 0 && !rest[0].StartsWith('-'))
        {
            if (!Verbs.Contains(rest[0]))
            {
                return new CommandLine(null, [], [], $"unknown command '{rest[0]}' (commands: {string.Join(", ", Verbs)})");
            }

            return new CommandLine(rest[0], rest.Skip(1).ToList(), config, null);
        }

        return new CommandLine(null, rest, config, null);
    }

    /// <summary>A configuration key on the command line: <c>--Section:Key=value</c> (a ':' in the key; no verb has such an option).</summary>
    private static bool IsSetting(string arg) =>
        arg.StartsWith("--", StringComparison.Ordinal) && arg.IndexOf('=', StringComparison.Ordinal) is var equals and > 2
        && arg.AsSpan(2, equals - 2).Contains(':');

    public const string Usage = """
        Jinzhou Blue Sky open data — 锦州蓝天保卫战公开数据

        Usage:
          dotnet run --project src/Public.Web [-- serve] [--db PATH] [--no-demo] [--urls URL]
              Serve the site and APIs. An empty database gets demo data unless --no-demo.
          dotnet run --project src/Public.Web -- import cnemc <files or folders...> [--db PATH] [--keep-valid] [--report FILE]
              Import national-network hourly files (china_sites_YYYYMMDD.csv format).
              A file with any error is rejected whole; --keep-valid keeps its valid rows and lists the rejected ones in a report.
          dotnet run --project src/Public.Web -- import penalties <.csv/.json files or folders...> [--db PATH]
              Import penalty decisions (format: content/docs/importing.md). Each file is imported whole or not at all.
          dotnet run --project src/Public.Web -- import warnings <.csv/.json files or folders...> [--db PATH]
              Import heavy-pollution warnings and emergency reduction lists (format: content/docs/importing.md). All or nothing.

          dotnet run --project src/Public.Web -- import enterprises <.json/.csv files or folders...> [--db PATH]
              Import the key-polluter registry: enterprises and their outlets (format: content/docs/importing.md). Each file whole or not at all;
              a changed enterprise becomes a new version, an identical one adds nothing.

          dotnet run --project src/Public.Web -- import hj212 <files or folders...> [--db PATH]
              Import captured HJ 212-2017 packets, one per line (hourly data, CN 2061, of outlets in the registry).
              Bad lines are reported as file:line and skipped; the valid packets around them are stored.

          dotnet run --project src/Public.Web -- import manual-monitoring <.csv/.json files or folders...> [--db PATH]
              Import manual monitoring results (sampling date, value, unit, O2, limit, lab, report number, link) of registry outlets.
              Each file whole or not at all; a changed result becomes a new version, an identical one adds nothing.

          dotnet run --project src/Public.Web -- import disclosures <.csv/.json files or folders...> [--db PATH]
          dotnet run --project src/Public.Web -- import statements <.csv/.json files or folders...> [--db PATH]
              Import enterprises' disclosure reports (annual, temporary) and their published statements (format:
              content/docs/importing.md). Each file whole or not at all.

          dotnet run --project src/Public.Web -- import plan-progress <.csv/.json files or folders...> [--db PATH]
              Import progress reports on the action plan's targets (format: content/docs/plan.md). Each file whole or not at all;
              a changed report needs a reason and becomes a new version, an identical one adds nothing.

          dotnet run --project src/Public.Web -- graphql-schema [PATH]
              Write the GraphQL schema (SDL) to PATH, or to stdout; the committed copy is src/Public.Web/GraphQL/schema.graphql.

        """ + Public.Web.Export.ExportCommand.Usage + Public.Web.Transparency.VerifyCommand.Usage + MigrateStoreCommand.Usage + """

        The database location: --db PATH, or the environment variable Store__Path (default data/public.db).
        Any setting can also be given as --Section:Key=value, e.g. --Store:Provider=postgres --ConnectionStrings:Postgres="Host=…"
        (the same as Store__Provider and ConnectionStrings__Postgres in the environment; see content/docs/postgres.md).
        Exit codes: 0 all accepted, 1 something was rejected (see the messages/report), 2 usage error.
        """;
}
