using Microsoft.Data.Sqlite;
using Public.Web.Tests.Hosting;

namespace Public.Web.Tests.Cli;

/// <summary><c>import enterprises</c> (CSV) and <c>import manual-monitoring</c> as real processes: wiring, summaries, exit codes.</summary>
[Trait(TestStore.EnginesTrait, TestStore.BothEngines)]
public sealed class KeyPolluterImportCliTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("public-web-cli-").FullName;

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    private static string Sample(string folder, string file)
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Public.sln")))
        {
            dir = dir.Parent;
        }

        return Path.Combine(dir!.FullName, "content", "samples", folder, file);
    }

    [Fact]
    public async Task TheSampleRegistryAndManualResultsImportAndAReimportAddsNothing()
    {
        var db = new CliStore(_folder, "kp.db");

        var (exit, stdout, stderr) = await AppProcess.RunAsync(_folder, ["import", "manual-monitoring", Sample("monitoring", "manual-results.csv"), .. db.Args]);
        Assert.True(exit == 1, $"exit {exit}\n{stdout}\n{stderr}");
        Assert.Contains("manual-results.csv:2 [creditCode]: no enterprise with credit code 91210711PDY400013M in the registry", stderr, StringComparison.Ordinal);

        (exit, stdout, stderr) = await AppProcess.RunAsync(_folder, ["import", "enterprises", Sample("enterprises", "registry.csv"), .. db.Args]);
        Assert.True(exit == 0, $"exit {exit}\n{stdout}\n{stderr}");
        Assert.Contains("enterprises: 3 (3 new, 0 new versions, 0 unchanged)", stdout, StringComparison.Ordinal);

        (exit, stdout, stderr) = await AppProcess.RunAsync(_folder, ["import", "manual-monitoring", Sample("monitoring", "manual-results.csv"), .. db.Args]);
        Assert.True(exit == 0, $"exit {exit}\n{stdout}\n{stderr}");
        Assert.Contains("results: 3 (3 new, 0 new versions, 0 unchanged)", stdout, StringComparison.Ordinal);

        (exit, stdout, _) = await AppProcess.RunAsync(_folder, ["import", "enterprises", Sample("enterprises", "registry.csv"), .. db.Args]);
        Assert.Equal(0, exit);
        Assert.Contains("enterprises: 3 (0 new, 0 new versions, 3 unchanged)", stdout, StringComparison.Ordinal);
    }
}
