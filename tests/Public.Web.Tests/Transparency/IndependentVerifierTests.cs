using System.Diagnostics;
using Public.Web.Tests.Hosting;
using Public.Web.Tests.Site;
using Public.Web.Transparency;

namespace Public.Web.Tests.Transparency;

/// <summary>
/// The log checked a second time by verify_log.py, a Python verifier written from content/docs/transparency.md alone
/// (standard library only, Ed25519 from RFC 8032), and by the verify verb, on a mirror, the demo server and its export.
/// </summary>
public sealed class IndependentVerifierTests(LogFixture log) : IClassFixture<LogFixture>, IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("tlog-python-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    /// <param name="recordStep">Check the served bytes of every record (1), of every Nth record, or of none (0).</param>
    internal static async Task<(int Exit, string Out)> PythonAsync(string target, string vkey, int recordStep = 1)
    {
        var script = FindScript();
        var start = new ProcessStartInfo("python3") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { script, target, vkey, recordStep.ToString(System.Globalization.CultureInfo.InvariantCulture) })
        {
            start.ArgumentList.Add(a);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);
        return (process.ExitCode, await stdout + await stderr);
    }

    private static string FindScript()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "tests", "Public.Web.Tests", "Transparency", "verify_log.py");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException("tests/Public.Web.Tests/Transparency/verify_log.py not found above " + AppContext.BaseDirectory);
    }

    [Fact]
    public async Task ThePythonVerifierAcceptsAnHonestMirror()
    {
        var mirror = await log.MirrorAsync(Path.Combine(_folder, "mirror"));
        var (exit, output) = await PythonAsync(mirror, log.VerifierKey);
        Assert.True(exit == 0, output);
        // 301 leaves; 250 penalties + 1 warning + 45 station hours are distinct records.
        Assert.Contains("OK bluesky.test/log 301 leaves, 296 records", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ThePythonVerifierRefusesAForgedSignatureAnEditedRecordAndAChangedEntry()
    {
        var mirror = await log.MirrorAsync(Path.Combine(_folder, "tampered"));
        await File.WriteAllTextAsync(Path.Combine(mirror, "log", "records", "penalties", "P100", "v1.json"), "{}\n", TestContext.Current.CancellationToken);
        var (exit, output) = await PythonAsync(mirror, log.VerifierKey);
        Assert.Equal(1, exit);
        Assert.Contains("penalties/P100 v1: served bytes differ from the log", output, StringComparison.Ordinal);

        var bundle = Path.Combine(mirror, "log", "tile", "entries", "001.p", "45");
        var entries = Tiles.ParseEntryBundle(await File.ReadAllBytesAsync(bundle, TestContext.Current.CancellationToken));
        entries.Reverse();
        await File.WriteAllBytesAsync(bundle, Tiles.EntryBundle(entries), TestContext.Current.CancellationToken);
        (exit, output) = await PythonAsync(mirror, log.VerifierKey);
        Assert.Equal(1, exit);
        Assert.Contains("root of the entry bundles differs from the signed root", output, StringComparison.Ordinal);

        var checkpoint = Path.Combine(mirror, "log", "checkpoint");
        var body = SignedNote.Parse(await File.ReadAllTextAsync(checkpoint, TestContext.Current.CancellationToken))!.Value.Body;
        await File.WriteAllTextAsync(checkpoint, SignedNote.Sign(body, Ed25519NoteSigner.Generate("bluesky.test/log")), TestContext.Current.CancellationToken);
        (exit, output) = await PythonAsync(mirror, log.VerifierKey);
        Assert.Equal(1, exit);
        Assert.Contains("checkpoint signature is not valid", output, StringComparison.Ordinal);
    }
}

/// <summary>Both verifiers on the demo server and on its static export (the export without the server).</summary>
[Collection(DemoOnKestrel.Name)]
public sealed class DemoLogVerificationTests(DemoKestrelApp demo, ExportedSite site)
{
    // The demo logs every record version it seeds (427,094 leaves up to PublicWebApp.DemoClock): both verifiers rebuild
    // the whole tree and check every version chain; the served bytes are compared for a sample of the records on the
    // server (one request per record, so all of them would take minutes here), and not at all for the export, which
    // holds the tree only.
    private async Task<string> DemoVerifierKeyAsync() => (await demo.Client.GetStringAsync("/log/vkey", TestContext.Current.CancellationToken)).Trim();

    [Fact]
    public async Task BothVerifiersAcceptTheDemoServer()
    {
        var vkey = await DemoVerifierKeyAsync();
        var (exit, output) = await IndependentVerifierTests.PythonAsync(demo.BaseAddress.ToString(), vkey, recordStep: 997);
        Assert.True(exit == 0, output);
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var state = Path.Combine(Path.GetTempPath(), $"tlog-demo-state-{Guid.NewGuid():N}");
        Assert.True(await VerifyCommand.VerifyAsync([demo.BaseAddress.ToString(), "--key", vkey, "--state", state, "--records", "sample:1000"], stdout, stderr) == 0, stderr.ToString());
        Assert.Contains("records (a sample", stdout.ToString(), StringComparison.Ordinal);
        File.Delete(state);
    }

    [Fact]
    public async Task TheExportHoldsTheServedLogByteForByteAndVerifiesWithoutTheServer()
    {
        var vkey = await DemoVerifierKeyAsync();
        await site.EnsureAsync(demo);
        foreach (var path in LogExport.Paths(demo.App.Services))
        {
            var file = Path.Combine(site.Folder, path.TrimStart('/'));
            Assert.True(File.Exists(file), $"{path} is not in the export");
            Assert.Equal(await demo.Client.GetByteArrayAsync(path, TestContext.Current.CancellationToken), await File.ReadAllBytesAsync(file, TestContext.Current.CancellationToken));
        }

        var (exit, output) = await IndependentVerifierTests.PythonAsync(site.Folder, vkey, recordStep: 0);
        Assert.True(exit == 0, output);
        var stderr = new StringWriter();
        var state = Path.Combine(Path.GetTempPath(), $"tlog-export-state-{Guid.NewGuid():N}");
        Assert.True(await VerifyCommand.VerifyAsync([site.Folder, "--key", vkey, "--state", state, "--records", "none"], new StringWriter(), stderr) == 0, stderr.ToString());
        File.Delete(state);
    }
}
