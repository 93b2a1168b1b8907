using Microsoft.Data.Sqlite;

using Public.Web.Tests.Hosting;

namespace Public.Web.Tests.Warnings;

/// <summary><c>dotnet Public.Web.dll import warnings …</c> as a real process: exit codes, summary, messages.</summary>
[Trait(TestStore.EnginesTrait, TestStore.BothEngines)]
public sealed class WarningImportCliTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("public-web-warnings-cli-").FullName;

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task ImportingTheSamplesExitsZeroAndASecondRunAddsNothing()
    {
        var db = new CliStore(_folder);
        var samples = Path.Combine(AppContext.BaseDirectory, "content", "samples", "warnings");

        var (exit, stdout, stderr) = await RunAsync(["import", "warnings", samples, .. db.Args]);

        Assert.True(exit == 0, $"exit {exit}\n{stdout}\n{stderr}");
        Assert.Contains("warning events: 8 new, 0 new versions, 0 unchanged", stdout, StringComparison.Ordinal);
        Assert.Contains("reduction-list entries: 4 new, 0 new versions, 0 unchanged", stdout, StringComparison.Ordinal);
        Assert.Equal(8, db.Scalar("SELECT COUNT(*) FROM warning_event"));

        var (again, againOut, _) = await RunAsync(["import", "warnings", samples, .. db.Args]);
        Assert.Equal(0, again);
        Assert.Contains("warning events: 0 new, 0 new versions, 8 unchanged", againOut, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ABadFileExitsOneNamingFileLineAndFieldAndWritesNothing()
    {
        var db = new CliStore(_folder);
        var bad = Path.Combine(_folder, "bad.csv");
        File.WriteAllText(bad, "warning_id,seq,event,time,level,area,authority\nW1,1,issue,2019-12-01T20:00+08:00,purple,city,锦州市\nW2,1,issue,2019-12-02 20:00,yellow,city,锦州市\n");

        var (exit, stdout, stderr) = await RunAsync(["import", "warnings", bad, .. db.Args]);

        Assert.True(exit == 1, $"exit {exit}\n{stdout}\n{stderr}");
        Assert.Contains("bad.csv:2 [level]: unknown level 'purple'", stderr, StringComparison.Ordinal);
        Assert.Contains("bad.csv:3 [time]: time '2019-12-02 20:00' must be ISO 8601 with an offset", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", stderr, StringComparison.Ordinal);
        Assert.Contains("nothing was written", stdout, StringComparison.Ordinal);
        Assert.Equal(0, db.Scalar("SELECT COUNT(*) FROM warning_event"));
    }

    [Fact]
    public async Task ImportWarningsWithoutFilesIsAUsageError()
    {
        var (exit, _, stderr) = await RunAsync(["import", "warnings", "--db", Path.Combine(_folder, "cli.db")]);

        Assert.Equal(2, exit);
        Assert.Contains("name at least one of .csv or .json files or folders", stderr, StringComparison.Ordinal);
    }


    private Task<(int Exit, string Stdout, string Stderr)> RunAsync(string[] args) => AppProcess.RunAsync(_folder, args);
}
