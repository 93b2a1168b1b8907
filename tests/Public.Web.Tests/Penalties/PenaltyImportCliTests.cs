using Microsoft.Data.Sqlite;

using Public.Web.Tests.Hosting;

namespace Public.Web.Tests.Penalties;

/// <summary><c>dotnet Public.Web.dll import penalties …</c> as a real process: exit codes, summary, messages.</summary>
[Trait(TestStore.EnginesTrait, TestStore.BothEngines)]
public sealed class PenaltyImportCliTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("public-web-penalty-cli-").FullName;

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task ImportOfAGoodFileExitsZeroAndAgainAddsNothing()
    {
        var file = Write("penalties.csv", PenaltyRows.Csv(PenaltyRows.Valid("测试罚〔2019〕1号"), PenaltyRows.Valid("测试罚〔2019〕2号")));
        var db = new CliStore(_folder);

        var (exit, stdout, stderr) = await RunAsync(["import", "penalties", file, .. db.Args]);
        var (againExit, againOut, _) = await RunAsync(["import", "penalties", file, .. db.Args]);

        Assert.True(exit == 0, $"exit {exit}\n{stdout}\n{stderr}");
        Assert.Contains("decisions: 2 new, 0 new versions, 0 unchanged", stdout, StringComparison.Ordinal);
        Assert.Equal(0, againExit);
        Assert.Contains("decisions: 0 new, 0 new versions, 2 unchanged", againOut, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ImportOfABadFileExitsOneNamingFileLineAndFieldWithoutAStackTrace()
    {
        var file = Write("bad.csv", PenaltyRows.Csv(PenaltyRows.Valid("测试罚〔2019〕1号", ("partyCreditCode", "91210711PDY009014G"))));
        var db = new CliStore(_folder);

        var (exit, stdout, stderr) = await RunAsync(["import", "penalties", file, .. db.Args]);

        Assert.True(exit == 1, $"exit {exit}\n{stdout}\n{stderr}");
        Assert.Contains("bad.csv:2 [partyCreditCode]: bad credit code (GB 32100-2015): check digit (position 18) of '91210711PDY009014G' is 'G', expected 'F'", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", stderr, StringComparison.Ordinal);
        Assert.Contains("files: 1 (1 rejected)", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ImportWithoutFilesIsAUsageErrorWithExitTwo()
    {
        var (exit, _, stderr) = await RunAsync(["import", "penalties", "--db", Path.Combine(_folder, "cli.db")]);

        Assert.Equal(2, exit);
        Assert.Contains("name at least one", stderr, StringComparison.Ordinal);
    }

    private string Write(string name, string text)
    {
        var path = Path.Combine(_folder, name);
        File.WriteAllText(path, text);
        return path;
    }


    private Task<(int Exit, string Stdout, string Stderr)> RunAsync(string[] args) => AppProcess.RunAsync(_folder, args);
}
