using Microsoft.Data.Sqlite;
using Public.Web.Tests.Hosting;

namespace Public.Web.Tests.Plan;

/// <summary><c>dotnet Public.Web.dll import plan-progress …</c> as a real process: exit codes, summary, messages.</summary>
[Trait(TestStore.EnginesTrait, TestStore.BothEngines)]
public sealed class PlanImportCliTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("public-web-plan-cli-").FullName;

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    private const string Header = "target,period,value,done,reportingBody,sourceTitle,sourceIssuer,sourceDate";

    [Fact]
    public async Task AGoodFolderExitsZeroAndAgainAddsNothingAndABadFileExitsOneNamingFileLineAndField()
    {
        var folder = Path.Combine(_folder, "reports");
        Directory.CreateDirectory(folder);
        await File.WriteAllTextAsync(Path.Combine(folder, "2019.csv"), $"{Header}\nm01-a,2019,44.2,,市发改委,总结,锦州市发展和改革委员会,2020-01-20\nm24-b,2019,,true,市环保局,验收,锦州市生态环境局,2020-01-10\n", TestContext.Current.CancellationToken);
        var bad = Path.Combine(_folder, "bad.csv");
        await File.WriteAllTextAsync(bad, $"{Header}\nm01-a,2019,四十四,,市发改委,总结,锦州市发展和改革委员会,2020-01-20\n", TestContext.Current.CancellationToken);
        var db = new CliStore(_folder);

        var (exit, stdout, stderr) = await AppProcess.RunAsync(_folder, ["import", "plan-progress", folder, .. db.Args]);
        var (againExit, againOut, _) = await AppProcess.RunAsync(_folder, ["import", "plan-progress", folder, .. db.Args]);
        var (badExit, badOut, badErr) = await AppProcess.RunAsync(_folder, ["import", "plan-progress", bad, .. db.Args]);

        Assert.True(exit == 0, $"exit {exit}\n{stdout}\n{stderr}");
        Assert.Contains("reports: 2 new, 0 new versions, 0 unchanged", stdout, StringComparison.Ordinal);
        Assert.Equal(0, againExit);
        Assert.Contains("reports: 0 new, 0 new versions, 2 unchanged", againOut, StringComparison.Ordinal);
        Assert.Equal(1, badExit);
        Assert.Contains("bad.csv:2 [value]: '四十四' is not a number in %", badErr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", badErr, StringComparison.Ordinal);
        Assert.Contains("files: 1 (1 rejected)", badOut, StringComparison.Ordinal);
    }
}
