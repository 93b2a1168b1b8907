using System.Net;
using System.Security.Cryptography;
using System.Text;
using Public.Web.Tests.Hosting;
using Public.Web.Transparency;

namespace Public.Web.Tests.Transparency;

/// <summary>The log as served: tlog-tiles files under /log/ and the JSON proofs under /api/v1/log/.</summary>
[Trait(TestStore.EnginesTrait, TestStore.BothEngines)]
public sealed class LogApiTests(LogFixture log) : IClassFixture<LogFixture>
{
    // 250 + 1 batch leaf, 2 + 1, 45 + 1 tombstone + 1.
    private const long Size = 301;

    private HttpClient Client => log.App.Client;

    [Fact]
    public async Task TheCheckpointIsASignedNoteOfTheWholeTreeWithAShortCache()
    {
        using var response = await Client.GetAsync("/log/checkpoint", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("max-age=5", response.Headers.CacheControl?.ToString(), StringComparison.Ordinal);
        var note = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        var body = NoteVerifier.Parse(log.VerifierKey).Open(note);
        Assert.NotNull(body);
        Assert.StartsWith($"bluesky.test/log\n{Size}\n", body, StringComparison.Ordinal);
        Assert.Equal(log.VerifierKey + "\n", await Client.GetStringAsync("/log/vkey", TestContext.Current.CancellationToken));
        Assert.Equal(note, await Client.GetStringAsync($"/log/checkpoints/{Size}", TestContext.Current.CancellationToken));
        Assert.NotEqual(note, await Client.GetStringAsync("/log/checkpoints/251", TestContext.Current.CancellationToken));
        Assert.Equal(HttpStatusCode.NotFound, (await Client.GetAsync("/log/checkpoints/250", TestContext.Current.CancellationToken)).StatusCode);
    }

    [Fact]
    public async Task TilesAndEntryBundlesAreImmutableAndHoldWhatTheSeamStored()
    {
        using var full = await Client.GetAsync("/log/tile/entries/000", TestContext.Current.CancellationToken);
        Assert.Contains("immutable", full.Headers.CacheControl?.ToString(), StringComparison.Ordinal);
        var entries = Tiles.ParseEntryBundle(await full.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken));
        Assert.Equal(256, entries.Count);
        Assert.StartsWith("bluesky-log/v1\nkind record\ndataset penalties\nid P000\nversion 1\n", Encoding.UTF8.GetString(entries[0]), StringComparison.Ordinal);
        var partial = Tiles.ParseEntryBundle(await Client.GetByteArrayAsync("/log/tile/entries/001.p/45", TestContext.Current.CancellationToken));
        Assert.Equal(45, partial.Count);
        // A level-0 tile holds the leaf hashes: SHA-256(0x00 ‖ entry), computed here independently.
        var tile = await Client.GetByteArrayAsync("/log/tile/0/000", TestContext.Current.CancellationToken);
        Assert.Equal(256 * 32, tile.Length);
        Assert.Equal(SHA256.HashData([0, .. entries[5]]), tile[(5 * 32)..(6 * 32)]);
        Assert.Equal(32, (await Client.GetByteArrayAsync("/log/tile/1/000.p/1", TestContext.Current.CancellationToken)).Length);
        // Beyond the signed tree, and non-canonical paths: 404.
        Assert.Equal(HttpStatusCode.NotFound, (await Client.GetAsync("/log/tile/entries/001.p/46", TestContext.Current.CancellationToken)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Client.GetAsync("/log/tile/0/001", TestContext.Current.CancellationToken)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Client.GetAsync("/log/tile/0/1", TestContext.Current.CancellationToken)).StatusCode);
    }

    [Fact]
    public async Task AnInclusionProofTakesTheRecordsLeafToTheSignedRoot()
    {
        var json = await Client.GetJsonAsync("/api/v1/log/proof/inclusion?dataset=penalties&id=P007&version=2");
        var proof = json.GetProperty("result");
        Assert.Equal(251 + 0, proof.GetProperty("leafIndex").GetInt64());
        var envelope = proof.Str("envelope");
        Assert.Contains($"sha256 {log.Latest[("penalties", "P007")].Sha}\n", envelope, StringComparison.Ordinal);
        var leafHash = SHA256.HashData([0, .. Encoding.UTF8.GetBytes(envelope)]);
        Assert.Equal(Convert.ToBase64String(leafHash), proof.Str("leafHash"));
        var path = proof.GetProperty("auditPath").EnumerateArray().Select(h => Convert.FromBase64String(h.GetString()!)).ToList();
        var body = NoteVerifier.Parse(log.VerifierKey).Open(proof.Str("checkpoint"))!;
        var checkpoint = Checkpoint.Parse(body)!;
        Assert.Equal(Size, checkpoint.Size);
        Assert.True(Merkle.VerifyInclusion(251, Size, leafHash, path, checkpoint.Root));
    }

    [Fact]
    public async Task AConsistencyProofLinksTheFirstBatchsCheckpointToTheLatest()
    {
        var proof = (await Client.GetJsonAsync("/api/v1/log/proof/consistency?from=251")).GetProperty("result");
        Assert.Equal(Size, proof.GetProperty("to").GetInt64());
        var verifier = NoteVerifier.Parse(log.VerifierKey);
        var older = Checkpoint.Parse(verifier.Open(proof.Str("fromCheckpoint"))!)!;
        var newer = Checkpoint.Parse(verifier.Open(proof.Str("toCheckpoint"))!)!;
        var hashes = proof.GetProperty("proof").EnumerateArray().Select(h => Convert.FromBase64String(h.GetString()!)).ToList();
        Assert.True(Merkle.VerifyConsistency(251, Size, older.Root, newer.Root, hashes));
    }

    [Theory]
    [InlineData("/api/v1/log/proof/inclusion?id=P007&version=2", "dataset")]
    [InlineData("/api/v1/log/proof/inclusion?dataset=penalties&version=2", "id")]
    [InlineData("/api/v1/log/proof/inclusion?dataset=penalties&id=P007&version=two", "version")]
    [InlineData("/api/v1/log/proof/inclusion?dataset=penalties&id=P007&version=0", "version")]
    [InlineData("/api/v1/log/proof/consistency", "from")]
    [InlineData("/api/v1/log/proof/consistency?from=-1", "from")]
    [InlineData("/api/v1/log/proof/consistency?from=5&to=4", "from")]
    [InlineData("/api/v1/log/proof/consistency?from=5&to=9999", "to")]
    public async Task ABadParameterIsA400ProblemNamingIt(string url, string parameter)
    {
        var problem = await Client.GetProblemAsync(url, HttpStatusCode.BadRequest);
        Assert.Equal(parameter, problem.Str("parameter"));
    }

    [Fact]
    public async Task AnUnloggedVersionIsA404Problem()
    {
        var problem = await Client.GetProblemAsync("/api/v1/log/proof/inclusion?dataset=penalties&id=P007&version=3", HttpStatusCode.NotFound);
        Assert.Equal("version", problem.Str("parameter"));
    }

    [Fact]
    public async Task AnUnknownDatasetIsA400ProblemListingTheLoggedDatasets()
    {
        var problem = await Client.GetProblemAsync("/api/v1/log/proof/inclusion?dataset=penalty&id=P007&version=2", HttpStatusCode.BadRequest);
        Assert.Equal("dataset", problem.Str("parameter"));
        var detail = problem.Str("detail");
        Assert.Contains("'penalty'", detail, StringComparison.Ordinal);
        // The ten datasets the issue names as logged (station-hours … plan reports), each by its log name.
        foreach (var name in new[] { "station-hours", "warning-events", "reduction-entries", "penalties", "enterprises", "cems-hours", "manual-results", "disclosures", "statements", "plan-reports" })
        {
            Assert.Contains(name, detail, StringComparison.Ordinal);
        }

        // A known dataset with an id it never logged stays a 404.
        var missing = await Client.GetProblemAsync("/api/v1/log/proof/inclusion?dataset=penalties&id=NOPE&version=1", HttpStatusCode.NotFound);
        Assert.Equal("version", missing.Str("parameter"));
    }

    [Fact]
    public async Task TheCheckpointApiGivesTheSameNoteAndTheVerifierKey()
    {
        var result = (await Client.GetJsonAsync("/api/v1/log/checkpoint")).GetProperty("result");
        Assert.Equal(await Client.GetStringAsync("/log/checkpoint", TestContext.Current.CancellationToken), result.Str("note"));
        Assert.Equal(log.VerifierKey, result.Str("verifierKey"));
        Assert.Equal(Size, result.GetProperty("treeSize").GetInt64());
        Assert.Equal("bluesky.test/log", result.Str("origin"));
    }

    [Theory]
    [InlineData("/transparency", "最新检查点")]
    [InlineData("/en/transparency", "Latest checkpoint")]
    public async Task TheTransparencyPageShowsTheCheckpointAndTheVerifierKeyInBothLanguages(string path, string heading)
    {
        var html = WebUtility.HtmlDecode(await Client.GetStringAsync(path, TestContext.Current.CancellationToken));
        Assert.Contains(heading, html, StringComparison.Ordinal);
        Assert.Contains(log.VerifierKey, html, StringComparison.Ordinal);
        var head = Checkpoint.Parse(SignedNote.Parse(await Client.GetStringAsync("/log/checkpoint", TestContext.Current.CancellationToken))!.Value.Body)!;
        Assert.Contains(Convert.ToBase64String(head.Root), html, StringComparison.Ordinal);
        Assert.Contains($"<dd>{Size}</dd>", html, StringComparison.Ordinal);
    }
}
