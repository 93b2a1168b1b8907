using Microsoft.Extensions.DependencyInjection;
using Public.Web.Infrastructure;
using Public.Web.Tests.Hosting;
using Public.Web.Transparency;

namespace Public.Web.Tests.Transparency;

/// <summary>The verify verb over a mirror of the log (a plain copy of the files), and the tampering it must catch.</summary>
[Trait(TestStore.EnginesTrait, TestStore.BothEngines)]
public sealed class VerifyCommandTests(LogFixture log) : IClassFixture<LogFixture>, IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("tlog-verify-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private async Task<(int Exit, string Out, string Err)> VerifyAsync(string target, string? state = null, string? evidence = null, params string[] more)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var exit = await VerifyCommand.VerifyAsync(
            [target, "--key", log.VerifierKey, "--state", state ?? Path.Combine(_folder, "state"), "--evidence", evidence ?? Path.Combine(_folder, "evidence"), .. more], stdout, stderr);
        return (exit, stdout.ToString(), stderr.ToString());
    }

    private Task<string> MirrorAsync(string name) => log.MirrorAsync(Path.Combine(_folder, name));

    [Fact]
    public async Task AMirrorOfTheLogVerifiesAndASecondRunIsConsistentWithTheFirst()
    {
        var mirror = await MirrorAsync("mirror");
        var first = await VerifyAsync(mirror);
        Assert.True(first.Exit == 0, first.Err);
        Assert.Contains("301 leaves", first.Out, StringComparison.Ordinal);
        // 250 penalties (one tombstoned) + 1 warning + 45 station hours.
        Assert.Contains("295 records served as logged, 1 tombstoned, 3 batches", first.Out, StringComparison.Ordinal);
        var second = await VerifyAsync(mirror);
        Assert.True(second.Exit == 0, second.Err);
        Assert.Contains("consistent with the checkpoint seen last time", second.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ASampleChecksSomeRecordsOfEveryDatasetAndNoneChecksNoRecordBytes()
    {
        var mirror = await MirrorAsync("sampled");
        // An edited record outside the sample is not seen by a sample, and never by --records none; the tree still is.
        Directory.Delete(Path.Combine(mirror, "log", "records"), recursive: true);
        var none = await VerifyAsync(mirror, more: ["--records", "none"]);
        Assert.True(none.Exit == 0, none.Err);
        Assert.Contains("296 records in the log, their served bytes not checked (--records none)", none.Out, StringComparison.Ordinal);
        var sample = await VerifyAsync(mirror, more: ["--records", "sample:10"]);
        Assert.Equal(1, sample.Exit);
        // Every dataset of the log has its share: penalties, warnings and station hours are each named.
        Assert.Contains("penalties/", sample.Err, StringComparison.Ordinal);
        Assert.Contains("warnings/", sample.Err, StringComparison.Ordinal);
        Assert.Contains("station-hours/", sample.Err, StringComparison.Ordinal);
        var bad = await VerifyAsync(mirror, more: ["--records", "some"]);
        Assert.Equal(2, bad.Exit);
        Assert.Contains("--records 'some' is not all, none or sample:N", bad.Err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ARecordWhoseServedBytesDifferFromTheLogIsNamed()
    {
        var mirror = await MirrorAsync("edited");
        await File.WriteAllTextAsync(Path.Combine(mirror, "log", "records", "penalties", "P007", "v2.json"), "{\"edited\":true}\n", TestContext.Current.CancellationToken);
        File.Delete(Path.Combine(mirror, "log", "records", "warnings", "W1", "v1.json"));
        var result = await VerifyAsync(mirror);
        Assert.Equal(1, result.Exit);
        Assert.Contains("penalties/P007: the bytes served", result.Err, StringComparison.Ordinal);
        Assert.Contains("warnings/W1: version 1 is logged but not served", result.Err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AForgedCheckpointSignatureIsRefused()
    {
        var mirror = await MirrorAsync("forged");
        var checkpoint = Path.Combine(mirror, "log", "checkpoint");
        var body = SignedNote.Parse(await File.ReadAllTextAsync(checkpoint, TestContext.Current.CancellationToken))!.Value.Body;
        await File.WriteAllTextAsync(checkpoint, SignedNote.Sign(body, Ed25519NoteSigner.Generate("bluesky.test/log")), TestContext.Current.CancellationToken);
        var result = await VerifyAsync(mirror);
        Assert.Equal(1, result.Exit);
        Assert.Contains("not signed by bluesky.test/log", result.Err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnEntryChangedInABundleNoLongerGivesTheSignedRoot()
    {
        var mirror = await MirrorAsync("bundle");
        var path = Path.Combine(mirror, "log", "tile", "entries", "000");
        var entries = Tiles.ParseEntryBundle(await File.ReadAllBytesAsync(path, TestContext.Current.CancellationToken));
        (entries[1], entries[2]) = (entries[2], entries[1]);
        await File.WriteAllBytesAsync(path, Tiles.EntryBundle(entries), TestContext.Current.CancellationToken);
        var result = await VerifyAsync(mirror);
        Assert.Equal(1, result.Exit);
        Assert.Contains("the signed checkpoint says", result.Err, StringComparison.Ordinal);
    }

    /// <summary>The operator (holding the key) rebuilds the log with the same records in another order, or truncated, and signs it.</summary>
    private async Task<string> RewrittenMirrorAsync(string name, bool truncate)
    {
        using var app = new PublicWebApp(settings: new Dictionary<string, string> { ["Log:PrivateKey"] = log.Key.PrivateKey });
        var database = app.Services.GetRequiredService<Database>();
        using (var connection = database.Connect())
        using (var transaction = connection.BeginTransaction())
        {
            var ids = Enumerable.Range(0, truncate ? 100 : 250).Select(i => $"P{i:000}").Reverse().ToList();
            foreach (var id in ids)
            {
                SeamLeaves.AppendRecord(connection, transaction, "penalties", id, 1, LogFixture.RecordBytes("penalties", id, 1), null, 1);
            }

            SeamLeaves.AppendLeaf(connection, transaction, "batch", SeamLeaves.BatchEnvelope(1, ids.Count), null, null, null, null, 1);
            app.Services.GetRequiredService<ILogCheckpointWriter>().WriteCheckpoint(connection, transaction, ids.Count + 1);
            transaction.Commit();
        }

        var folder = Path.Combine(_folder, name);
        foreach (var path in LogExport.Paths(app.Services).Where(p => !p.StartsWith("/log/records/", StringComparison.Ordinal)))
        {
            var file = Path.Combine(folder, path.TrimStart('/'));
            Directory.CreateDirectory(Path.GetDirectoryName(file)!);
            await File.WriteAllBytesAsync(file, await app.Client.GetByteArrayAsync(path, TestContext.Current.CancellationToken), TestContext.Current.CancellationToken);
        }

        return folder;
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task AReorderedOrTruncatedLogSignedWithTheSameKeyIsAForkWithEvidence(bool truncate)
    {
        var state = Path.Combine(_folder, "fork-state");
        var evidence = Path.Combine(_folder, "fork-evidence");
        Assert.Equal(0, (await VerifyAsync(await MirrorAsync("honest"), state)).Exit);
        var seen = await File.ReadAllTextAsync(state, TestContext.Current.CancellationToken);

        var result = await VerifyAsync(await RewrittenMirrorAsync("rewritten", truncate), state, evidence);
        Assert.True(result.Exit == 3, result.Err);
        Assert.Contains("fork", result.Err, StringComparison.Ordinal);
        Assert.Equal(seen, await File.ReadAllTextAsync(Path.Combine(evidence, "previous.checkpoint"), TestContext.Current.CancellationToken));
        var current = await File.ReadAllTextAsync(Path.Combine(evidence, "current.checkpoint"), TestContext.Current.CancellationToken);
        Assert.NotNull(NoteVerifier.Parse(log.VerifierKey).Open(current));
        Assert.NotEqual(seen, current);
        Assert.True(File.Exists(Path.Combine(evidence, "consistency-proof.txt")));
        // The state still holds the honest checkpoint: the fork does not overwrite what was seen.
        Assert.Equal(seen, await File.ReadAllTextAsync(state, TestContext.Current.CancellationToken));
    }

    [Fact]
    public void KeygenPrintsAPrivateKeyAndItsVerifierKey()
    {
        var stdout = new StringWriter();
        Assert.Equal(0, VerifyCommand.Keygen(["--origin", "jinzhou.example/log"], stdout, new StringWriter()));
        var lines = stdout.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        Assert.StartsWith("PRIVATE+KEY+jinzhou.example/log+", lines[0], StringComparison.Ordinal);
        Assert.Equal(Ed25519NoteSigner.Parse(lines[0]).VerifierKey, lines[1]);
        Assert.Equal("jinzhou.example/log", NoteVerifier.Parse(lines[1]).Name);
        Assert.Equal(2, VerifyCommand.Keygen(["--origin", "has space"], new StringWriter(), new StringWriter()));
    }

    [Fact]
    public async Task VerifyWithoutAKeyOrWithABadKeyIsAUsageError()
    {
        var stderr = new StringWriter();
        Assert.Equal(2, await VerifyCommand.VerifyAsync([_folder], new StringWriter(), stderr));
        Assert.Equal(2, await VerifyCommand.VerifyAsync([_folder, "--key", "x+y+z"], new StringWriter(), stderr));
        Assert.Contains("--key", stderr.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task VerifyStoreOfAMissingFileOrAMalformedPostgresStoreIsAUsageErrorNamingIt()
    {
        var (missing, malformed) = (new StringWriter(), new StringWriter());

        Assert.Equal(2, await VerifyCommand.VerifyAsync(["--store", Path.Combine(_folder, "none.db")], new StringWriter(), missing));
        Assert.Equal(2, await VerifyCommand.VerifyAsync(["--store", "postgres:Hots=db;Password=s3cret"], new StringWriter(), malformed));

        Assert.Contains("no such database file", missing.ToString(), StringComparison.Ordinal);
        Assert.Contains("postgres:CONNECTIONSTRING", missing.ToString(), StringComparison.Ordinal);
        Assert.Contains("not a PostgreSQL connection string", malformed.ToString(), StringComparison.Ordinal);
        Assert.Contains("hots", malformed.ToString(), StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("s3cret", malformed.ToString(), StringComparison.Ordinal);
    }
}
