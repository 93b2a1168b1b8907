using Microsoft.Data.Sqlite;

using Public.Web.Tests.Hosting;

namespace Public.Web.Tests.Cli;

/// <summary><c>dotnet Public.Web.dll import cnemc …</c> as a real process: exit codes, summary, messages.</summary>
[Trait(TestStore.EnginesTrait, TestStore.BothEngines)]
public sealed class ImportCliTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("public-web-cli-").FullName;

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task ImportOfAGoodFileExitsZeroAndPrintsTheSummary()
    {
        var file = Write("china_sites_20190301.csv", "date,hour,type,1767A,1768A\n20190301,1,AQI,57,60\n20190301,1,PM2.5,40,43\n20190301,2,AQI,59,\n");
        var db = new CliStore(_folder);

        var (exit, stdout, stderr) = await RunAsync(["import", "cnemc", file, .. db.Args]);

        Assert.True(exit == 0, $"exit {exit}\n{stdout}\n{stderr}");
        var lines = stdout.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains("files: 1 (0 rejected)", lines);
        Assert.Contains("rows: 3 (0 rejected)", lines);
        Assert.Contains("values stored: 5", lines);
        Assert.Contains("station-hours: 3 new, 0 new versions, 0 unchanged", lines);
        Assert.Equal(3, db.Scalar("SELECT COUNT(*) FROM station_hour"));

        var (againExit, againOut, _) = await RunAsync(["import", "cnemc", file, .. db.Args]);
        Assert.Equal(0, againExit);
        Assert.Contains("station-hours: 0 new, 0 new versions, 3 unchanged", againOut, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ImportOfABadFileExitsOneNamingFileLineAndStationWithoutAStackTrace()
    {
        var file = Write("bad.csv", "date,hour,type,1767A,1768A\n20190301,1,AQI,57,60\n20190301,1,PM2.5,40,43\n20190301,2,PM2.5,abc,44\n");
        var db = new CliStore(_folder);

        var (exit, stdout, stderr) = await RunAsync(["import", "cnemc", file, .. db.Args]);

        Assert.True(exit == 1, $"exit {exit}\n{stdout}\n{stderr}");
        Assert.Contains("bad.csv:4 [1767A]: 'abc' is not a number (PM2.5)", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", stderr, StringComparison.Ordinal);
        Assert.Contains("files: 1 (1 rejected)", stdout, StringComparison.Ordinal);
        Assert.Contains("nothing of the rejected files was written", stdout, StringComparison.Ordinal);
        Assert.Equal(0, db.Scalar("SELECT COUNT(*) FROM station_hour"));
    }

    [Fact]
    public async Task AnImportOverALogSignedWithAnotherKeyIsRefusedNamingTheLogAndWritesNothing()
    {
        var first = Write("china_sites_20190301.csv", "date,hour,type,1767A,1768A\n20190301,1,AQI,57,60\n");
        var db = new CliStore(_folder);
        var (firstExit, _, firstErr) = await RunAsync(["import", "cnemc", first, .. db.Args]);
        Assert.True(firstExit == 0, firstErr);
        var otherKey = Path.Combine(_folder, "other.key");
        var (keyExit, _, keyErr) = await RunAsync(["keygen", "--out", otherKey]);
        Assert.True(keyExit == 0, keyErr);

        // The import checks the log's signed head before it writes: the head is not signed by the key it was given.
        var second = Write("china_sites_20190302.csv", "date,hour,type,1767A,1768A\n20190302,1,AQI,50,52\n");
        var (exit, stdout, stderr) = await RunAsync(["import", "cnemc", second, .. db.Args, $"--Log:PrivateKeyFile={otherKey}"]);

        Assert.True(exit == 1, $"exit {exit}\n{stdout}\n{stderr}");
        Assert.Contains("import refused: the publication log: ", stderr, StringComparison.Ordinal);
        Assert.Contains("not signed by the configured log key", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", stderr, StringComparison.Ordinal);
        Assert.Equal(2, db.Scalar("SELECT COUNT(*) FROM station_hour"));
    }

    [Fact]
    public async Task ImportWithoutFilesIsAUsageErrorWithExitTwo()
    {
        var (exit, stdout, stderr) = await RunAsync(["import", "cnemc", "--db", Path.Combine(_folder, "cli.db")]);

        Assert.True(exit == 2, $"exit {exit}\n{stdout}\n{stderr}");
        Assert.Contains("name at least one file or folder", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void ASettingOnTheCommandLineGoesToTheConfigurationOfEveryVerbAndAnOptionWithAValueStaysTheVerbs()
    {
        var import = Public.Web.Cli.CommandLine.Parse(["import", "penalties", "p.csv", "--Store:Provider=postgres", "--ConnectionStrings:Postgres=Host=db;Database=b", "--db", "x.db"]);
        var migrate = Public.Web.Cli.CommandLine.Parse(["migrate-store", "--from=sqlite:a.db", "--to", "postgres:Host=db"]);

        Assert.Null(import.Error);
        Assert.Equal(["penalties", "p.csv"], import.Arguments);
        Assert.Equal(["--Store:Provider=postgres", "--ConnectionStrings:Postgres=Host=db;Database=b", "--Store:Path=x.db"], import.ConfigArgs);
        Assert.Equal(["--from=sqlite:a.db", "--to", "postgres:Host=db"], migrate.Arguments);
        Assert.Empty(migrate.ConfigArgs);
    }

    private string Write(string name, string text)
    {
        var path = Path.Combine(_folder, name);
        File.WriteAllText(path, text);
        return path;
    }


    private Task<(int Exit, string Stdout, string Stderr)> RunAsync(string[] args) => AppProcess.RunAsync(_folder, args);
}
