using System.Buffers.Binary;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;
using Org.BouncyCastle.Security;
using Public.Web.Infrastructure.Publication;
using Public.Web.Tests.Hosting;
using Public.Web.Transparency;

namespace Public.Web.Tests.Transparency;

/// <summary>
/// Witnesses (C2SP tlog-witness, tlog-cosignature) against a witness written here from the specifications: an HTTP
/// server on a free loopback port that checks our checkpoint signature with its own Ed25519 code, checks the
/// consistency proof and recomputes the new root itself from the log's leaves, keeps its state, and cosigns with its
/// own key.
/// </summary>
[Trait(TestStore.EnginesTrait, TestStore.BothEngines)]
public sealed class WitnessTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task AfterEachImportTheStoreHoldsTheWitnessesValidCosignatureAndTheNextRequestCarriesAConsistencyProof()
    {
        using var witness = new TestWitness("witness.test/w1");
        using var app = App(witness);
        var first = Import(app);
        var stored = await WaitForCosignatureAsync(app, witness, first);
        Assert.Equal(0, witness.Requests[0].Old);

        var second = Import(app);
        await WaitForCosignatureAsync(app, witness, second);
        var request = witness.Requests.Last();
        Assert.Equal(first, request.Old);
        Assert.NotEmpty(request.Proof);
        Assert.Equal(200, request.Status);

        // The stored line is a cosignature this witness made over exactly our checkpoint body.
        Assert.True(witness.IsItsCosignature(stored.Line, Body(app, first)));

        // /log/cosignatures/<size>: our signed note, unchanged, with the witness's line appended.
        var served = await app.Client.GetStringAsync($"/log/cosignatures/{second}", TestContext.Current.CancellationToken);
        var note = await app.Client.GetStringAsync($"/log/checkpoints/{second}", TestContext.Current.CancellationToken);
        Assert.StartsWith(note, served, StringComparison.Ordinal);
        var line = served[note.Length..];
        Assert.True(witness.IsItsCosignature(line.TrimEnd('\n'), Body(app, second)));
        Assert.Equal(note, await app.Client.GetStringAsync("/log/checkpoint", TestContext.Current.CancellationToken));

        using var json = JsonDocument.Parse(await app.Client.GetStringAsync("/api/v1/log/witnesses", TestContext.Current.CancellationToken));
        var listed = json.RootElement.GetProperty("results")[0];
        Assert.Equal("witness.test/w1", listed.GetProperty("name").GetString());
        Assert.Equal(witness.VerifierKey, listed.GetProperty("verifierKey").GetString());
        Assert.Equal(second, listed.GetProperty("cosignedTreeSize").GetInt64());
        Assert.EndsWith("+08:00", listed.GetProperty("cosignedAt").GetString(), StringComparison.Ordinal);
        Assert.Equal($"/log/cosignatures/{second}", listed.GetProperty("cosignatures").GetString());

        foreach (var page in new[] { "/transparency", "/en/transparency" })
        {
            var html = await app.Client.GetStringAsync(page, TestContext.Current.CancellationToken);
            Assert.Contains(System.Net.WebUtility.HtmlEncode(witness.VerifierKey).Replace("+", "&#x2B;", StringComparison.Ordinal), html, StringComparison.Ordinal);
            Assert.Contains($"href=\"/log/cosignatures/{second}\"", html, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task AForgedCosignatureIsRefusedAndNothingIsStored()
    {
        using var witness = new TestWitness("witness.test/forger") { Forge = true };
        using var app = App(witness);
        var size = Import(app);
        await WaitUntilAsync(() => witness.Requests.Any(r => r.Status == 200));
        // Give the worker time to verify and (wrongly) store it.
        await Task.Delay(500, TestContext.Current.CancellationToken);
        Assert.Empty(app.Services.GetRequiredService<WitnessStore>().Latest());
        var response = await app.Client.GetAsync($"/log/cosignatures/{size}", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        using var json = JsonDocument.Parse(await app.Client.GetStringAsync("/api/v1/log/witnesses", TestContext.Current.CancellationToken));
        Assert.Equal(JsonValueKind.Null, json.RootElement.GetProperty("results")[0].GetProperty("cosignedTreeSize").ValueKind);
    }

    [Fact]
    public async Task AWitnessThatNeverAnswersDoesNotFailOrDelayTheImportAndTheOthersStillCosign()
    {
        // Accepts connections and never answers: the worst kind of "down".
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        var silentKey = TestWitness.NewVerifierKey("witness.test/silent");
        using var witness = new TestWitness("witness.test/w1");
        using var app = new PublicWebApp(settings: new Dictionary<string, string>
        {
            ["Log:PrivateKey"] = LogKey.PrivateKey,
            ["Log:WitnessTimeoutSeconds"] = "60",
            ["Log:Witnesses:0:VerifierKey"] = silentKey,
            ["Log:Witnesses:0:AddCheckpointUrl"] = $"http://127.0.0.1:{((IPEndPoint)silent.LocalEndpoint).Port}/add-checkpoint",
            ["Log:Witnesses:1:VerifierKey"] = witness.VerifierKey,
            ["Log:Witnesses:1:AddCheckpointUrl"] = witness.Url,
        });
        witness.Store = app;

        var watch = Stopwatch.StartNew();
        var first = Import(app);
        var second = Import(app);
        watch.Stop();
        // Two imports, far below the 60 s the silent witness may take.
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(20), $"two imports took {watch.Elapsed.TotalSeconds:F1} s with a silent witness");
        Assert.True(second > first);
        Assert.Equal(second, app.Services.GetRequiredService<LogStore>().ReadHead()!.TreeSize);
        await WaitForCosignatureAsync(app, witness, second);
        Assert.DoesNotContain(app.Services.GetRequiredService<WitnessStore>().Latest(), c => c.Witness == "witness.test/silent");
    }

    [Fact]
    public async Task OnConflictTheLogSendsAProofFromTheSizeTheWitnessReportsAndIsCosigned()
    {
        // Held until seeded: the worker may offer the first checkpoint as soon as it is committed.
        using var witness = new TestWitness("witness.test/w1") { HoldUntilSeeded = true };
        using var app = App(witness, retrySeconds: 600);
        var first = Import(app);
        // The witness already holds our first checkpoint (e.g. the log's record of it was lost): it answers "old 0"
        // with 409 and its size.
        witness.Seed(first, Root(app, first));
        var second = Import(app);
        await WaitForCosignatureAsync(app, witness, second);

        // The worker may offer the first checkpoint before the second import commits (on PostgreSQL the data version's
        // notification wakes it at once) or only the second: either way from "old 0", refused with the witness's size.
        var conflict = witness.Requests.First(r => r.Status == 409);
        Assert.Equal(0, conflict.Old);
        Assert.Contains(conflict.Size, new[] { first, second });
        var retry = witness.Requests.Last();
        Assert.Equal((first, second, 200), (retry.Old, retry.Size, retry.Status));
        Assert.NotEmpty(retry.Proof);
    }

    [Fact]
    public void AWitnessKeyOfTheWrongTypeIsRefusedNamingTheSetting()
    {
        var logTypeKey = Ed25519NoteSigner.Generate("witness.test/w1").VerifierKey;
        var settings = new Dictionary<string, string>
        {
            ["Log:Witnesses:0:VerifierKey"] = logTypeKey,
            ["Log:Witnesses:0:AddCheckpointUrl"] = "http://127.0.0.1:1/add-checkpoint",
        };
        var configuration = new Microsoft.Extensions.Configuration.ConfigurationBuilder().AddInMemoryCollection(settings!).Build();
        var e = Assert.Throws<InvalidOperationException>(() => WitnessOptions.Load(configuration));
        Assert.Contains("Log:Witnesses:0:VerifierKey", e.Message, StringComparison.Ordinal);
        Assert.Contains("0x04", e.Message, StringComparison.Ordinal);
    }

    private static readonly Ed25519NoteSigner LogKey = Ed25519NoteSigner.Generate("bluesky.test/log");

    private static PublicWebApp App(TestWitness witness, int retrySeconds = 1)
    {
        var app = new PublicWebApp(settings: new Dictionary<string, string>
        {
            ["Log:PrivateKey"] = LogKey.PrivateKey,
            ["Log:WitnessRetrySeconds"] = retrySeconds.ToString(CultureInfo.InvariantCulture),
            ["Log:Witnesses:0:VerifierKey"] = witness.VerifierKey,
            ["Log:Witnesses:0:AddCheckpointUrl"] = witness.Url,
        });
        witness.Store = app;
        return app;
    }

    /// <summary>An import through the one publication pipeline (a batch with no record: its batch leaf); returns the new tree size.</summary>
    private static long Import(PublicWebApp app)
    {
        var publisher = app.Services.GetRequiredService<Publisher>();
        publisher.Publish("witness-test", publisher.Now(), _ => { });
        return app.Services.GetRequiredService<LogStore>().ReadHead()!.TreeSize;
    }

    private static string Body(PublicWebApp app, long size)
    {
        var note = app.Services.GetRequiredService<LogStore>().CheckpointNote(size)!;
        return note[..(note.IndexOf("\n\n", StringComparison.Ordinal) + 1)];
    }

    private static byte[] Root(PublicWebApp app, long size) => Convert.FromBase64String(Body(app, size).Split('\n')[2]);

    private static async Task<StoredCosignature> WaitForCosignatureAsync(PublicWebApp app, TestWitness witness, long size)
    {
        StoredCosignature? found = null;
        await WaitUntilAsync(() => (found = app.Services.GetRequiredService<WitnessStore>().Of(size).FirstOrDefault(c => c.Witness == witness.Name)) is not null);
        return found!;
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var watch = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(watch.Elapsed < Patience, "the witness worker did not get there in time");
            await Task.Delay(50, TestContext.Current.CancellationToken);
        }
    }

    internal sealed record WitnessRequest(long Old, long Size, IReadOnlyList<byte[]> Proof, int Status);

    /// <summary>
    /// A witness from c2sp.org/tlog-witness and tlog-cosignature: trusts the log's verifier key (checked with its own
    /// Ed25519 code), keeps the latest cosigned (size, root), answers 409 with text/x.tlog.size when the old size is
    /// not its own, 422 when the proof fails, and cosigns with its own key (type 0x04).
    /// </summary>
    internal sealed class TestWitness : IDisposable
    {
        private readonly HttpListener _listener = new();
        private readonly Ed25519PrivateKeyParameters _key = new(new SecureRandom());
        private readonly byte[] _keyId;
        private readonly string _logName;
        private readonly Ed25519PublicKeyParameters _logKey;
        private readonly Lock _lock = new();
        private readonly TaskCompletionSource _seeded = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private long _size;
        private byte[]? _root;

        public TestWitness(string name)
        {
            Name = name;
            var publicKey = _key.GeneratePublicKey().GetEncoded();
            _keyId = SHA256.HashData([.. Encoding.UTF8.GetBytes(name + "\n"), 0x04, .. publicKey])[..4];
            VerifierKey = $"{name}+{Convert.ToHexStringLower(_keyId)}+{Convert.ToBase64String([0x04, .. publicKey])}";
            var log = LogKey.VerifierKey.Split('+', 3);
            _logName = log[0];
            _logKey = new Ed25519PublicKeyParameters(Convert.FromBase64String(log[2]), 1);
            var port = FreePort();
            Url = $"http://127.0.0.1:{port}/add-checkpoint";
            _listener.Prefixes.Add($"http://127.0.0.1:{port}/");
            _listener.Start();
            _ = Task.Run(ServeAsync);
        }

        public string Name { get; }

        public string VerifierKey { get; }

        public string Url { get; }

        /// <summary>The log's app, from whose store (read with plain SQL) this witness recomputes each new root itself (RFC 6962 MTH over the leaves).</summary>
        public PublicWebApp? Store { get; set; }

        /// <summary>Answer 200 with a cosignature line of this key over another message.</summary>
        public bool Forge { get; init; }

        /// <summary>Answer nothing until <see cref="Seed"/> gave this witness its state (a request that comes sooner waits).</summary>
        public bool HoldUntilSeeded { get; init; }

        public List<WitnessRequest> Requests { get; } = [];

        public static string NewVerifierKey(string name)
        {
            var publicKey = new Ed25519PrivateKeyParameters(new SecureRandom()).GeneratePublicKey().GetEncoded();
            var keyId = SHA256.HashData([.. Encoding.UTF8.GetBytes(name + "\n"), 0x04, .. publicKey])[..4];
            return $"{name}+{Convert.ToHexStringLower(keyId)}+{Convert.ToBase64String([0x04, .. publicKey])}";
        }

        public void Seed(long size, byte[] root)
        {
            lock (_lock)
            {
                (_size, _root) = (size, root);
            }

            _seeded.TrySetResult();
        }

        /// <summary>Whether the line is a valid cosignature by this witness of the body (checked here, not by the app's code).</summary>
        public bool IsItsCosignature(string line, string body)
        {
            var parts = line.Split(' ');
            if (parts.Length != 3 || parts[0] != "\u2014" || parts[1] != Name)
            {
                return false;
            }

            var blob = Convert.FromBase64String(parts[2]);
            if (blob.Length != 4 + 8 + 64 || !blob.AsSpan(0, 4).SequenceEqual(_keyId))
            {
                return false;
            }

            var time = BinaryPrimitives.ReadInt64BigEndian(blob.AsSpan(4, 8));
            var verifier = new Ed25519Signer();
            verifier.Init(false, _key.GeneratePublicKey());
            var message = Encoding.UTF8.GetBytes($"cosignature/v1\ntime {time}\n{body}");
            verifier.BlockUpdate(message, 0, message.Length);
            return verifier.VerifySignature(blob[12..]);
        }

        private async Task ServeAsync()
        {
            while (_listener.IsListening)
            {
                HttpListenerContext context;
                try
                {
                    context = await _listener.GetContextAsync();
                }
                catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
                {
                    return;
                }

                if (HoldUntilSeeded)
                {
                    await _seeded.Task;
                }

                using var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8);
                var (status, type, text) = Handle(await reader.ReadToEndAsync());
                context.Response.StatusCode = status;
                context.Response.ContentType = type;
                var bytes = Encoding.UTF8.GetBytes(text);
                await context.Response.OutputStream.WriteAsync(bytes);
                context.Response.Close();
            }
        }

        private (int Status, string Type, string Text) Handle(string request)
        {
            // old line, proof lines, empty line, checkpoint note.
            var blank = request.IndexOf("\n\n", StringComparison.Ordinal);
            var head = request[..blank].Split('\n');
            var note = request[(blank + 2)..];
            if (!head[0].StartsWith("old ", StringComparison.Ordinal) || !long.TryParse(head[0][4..], NumberStyles.None, CultureInfo.InvariantCulture, out var old))
            {
                return (400, "text/plain", "bad old line\n");
            }

            var proof = head[1..].Select(Convert.FromBase64String).ToList();
            var split = note.LastIndexOf("\n\n", StringComparison.Ordinal);
            var body = note[..(split + 1)];
            var lines = body.Split('\n');
            if (lines[0] != _logName)
            {
                return Record(old, 0, proof, 404, "unknown origin\n");
            }

            var size = long.Parse(lines[1], CultureInfo.InvariantCulture);
            var root = Convert.FromBase64String(lines[2]);
            if (!SignedByLog(body, note[(split + 2)..]))
            {
                return Record(old, size, proof, 403, "no valid signature\n");
            }

            lock (_lock)
            {
                if (old > size)
                {
                    return Record(old, size, proof, 400, "old > size\n");
                }

                if (old != _size)
                {
                    return Record(old, size, proof, 409, _size.ToString(CultureInfo.InvariantCulture) + "\n", "text/x.tlog.size");
                }

                if (old == size ? proof.Count != 0 || !root.AsSpan().SequenceEqual(_root!)
                    : old > 0 && !Merkle.VerifyConsistency(old, size, _root!, root, proof))
                {
                    return Record(old, size, proof, old == size ? 409 : 422, "inconsistent\n");
                }

                if (Store is null || !IndependentRoot(Store, size).AsSpan().SequenceEqual(root))
                {
                    return Record(old, size, proof, 422, "the root is not the root of the log's leaves\n");
                }

                (_size, _root) = (size, root);
            }

            var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
            var signer = new Ed25519Signer();
            signer.Init(true, _key);
            var message = Encoding.UTF8.GetBytes($"cosignature/v1\ntime {now}\n{(Forge ? body.Replace(lines[1], (size + 1).ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal) : body)}");
            signer.BlockUpdate(message, 0, message.Length);
            var blob = new byte[4 + 8 + 64];
            _keyId.CopyTo(blob, 0);
            BinaryPrimitives.WriteInt64BigEndian(blob.AsSpan(4), now);
            signer.GenerateSignature().CopyTo(blob, 12);
            return Record(old, size, proof, 200, $"\u2014 {Name} {Convert.ToBase64String(blob)}\n");
        }

        private (int, string, string) Record(long old, long size, List<byte[]> proof, int status, string text, string type = "text/plain")
        {
            lock (Requests)
            {
                Requests.Add(new WitnessRequest(old, size, proof, status));
            }

            return (status, type, text);
        }

        private bool SignedByLog(string body, string signatures)
        {
            var keyId = SHA256.HashData([.. Encoding.UTF8.GetBytes(_logName + "\n"), 0x01, .. _logKey.GetEncoded()])[..4];
            foreach (var line in signatures.Split('\n', StringSplitOptions.RemoveEmptyEntries))
            {
                var parts = line.Split(' ');
                var blob = Convert.FromBase64String(parts[2]);
                if (parts[1] != _logName || !blob.AsSpan(0, 4).SequenceEqual(keyId))
                {
                    continue;
                }

                var verifier = new Ed25519Signer();
                verifier.Init(false, _logKey);
                var bytes = Encoding.UTF8.GetBytes(body);
                verifier.BlockUpdate(bytes, 0, bytes.Length);
                if (verifier.VerifySignature(blob[4..]))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>MTH(D[0:n]) by RFC 6962 §2.1's recursive definition, over the leaf bytes read with plain SQL.</summary>
        private static byte[] IndependentRoot(PublicWebApp app, long size)
        {
            using var connection = app.OpenStore();
            using var command = connection.CreateCommand();
            command.CommandText = $"SELECT leaf FROM log_leaves WHERE idx < {size} ORDER BY idx";
            var leaves = new List<byte[]>();
            using (var reader = command.ExecuteReader())
            {
                while (reader.Read())
                {
                    leaves.Add((byte[])reader[0]);
                }
            }

            return Mth(leaves, 0, leaves.Count);
        }

        private static byte[] Mth(List<byte[]> leaves, int start, int n)
        {
            if (n == 0)
            {
                return SHA256.HashData([]);
            }

            if (n == 1)
            {
                return SHA256.HashData([0x00, .. leaves[start]]);
            }

            var k = 1;
            while (k * 2 < n)
            {
                k *= 2;
            }

            return SHA256.HashData([0x01, .. Mth(leaves, start, k), .. Mth(leaves, start + k, n - k)]);
        }

        private static int FreePort()
        {
            using var probe = new TcpListener(IPAddress.Loopback, 0);
            probe.Start();
            return ((IPEndPoint)probe.LocalEndpoint).Port;
        }

        public void Dispose()
        {
            _listener.Stop();
            _listener.Close();
        }
    }
}
