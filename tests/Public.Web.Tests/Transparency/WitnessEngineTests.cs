using Public.Web.Transparency;
using Public.Web.Tests.Postgres;

namespace Public.Web.Tests.Transparency;

/// <summary>
/// The witnesses' cosignature store on each engine: a cosignature returned twice is one row, and the latest per witness
/// and per checkpoint size are the ones written, in witness-name order.
/// </summary>
public sealed class WitnessEngineTests(EngineServer engines) : IClassFixture<EngineServer>
{
    /// <summary>A witness whose Ed25519 key has a seed of 32 bytes of <paramref name="fill"/> (name+keyid+base64(0x04 ‖ key), C2SP).</summary>
    private static Witness Make(string name, byte fill)
    {
        var key = new byte[33];
        key[0] = Cosignature.Ed25519CosignerAlgorithm;
        new Org.BouncyCastle.Crypto.Parameters.Ed25519PrivateKeyParameters(Enumerable.Repeat(fill, 32).ToArray(), 0).GeneratePublicKey().Encode(key, 1);
        var id = SignedNote.KeyIdOf(name, Cosignature.Ed25519CosignerAlgorithm, key.AsSpan(1));
        var vkey = $"{name}+{id:x8}+{Convert.ToBase64String(key)}";
        return new Witness(NoteVerifier.Parse(vkey, Cosignature.Ed25519CosignerAlgorithm), vkey, new Uri("https://witness.example/add-checkpoint"));
    }

    [Theory]
    [MemberData(nameof(StoreEngines.All), MemberType = typeof(StoreEngines))]
    public void ACosignatureIsStoredOnceAndTheLatestPerWitnessAndSizeAreTheOnesWritten(string engine)
    {
        var database = engines.Create(engine);
        var store = new WitnessStore(database);
        var a = Make("witness-b.example", 7);
        var b = Make("witness-a.example", 9);
        var root1 = new byte[32];
        var root2 = Enumerable.Repeat((byte)2, 32).ToArray();

        store.Add(a, 1, root1, 1000, "— a 1", "2026-01-01T00:00:00Z");
        store.Add(a, 2, root2, 2000, "— a 2", "2026-01-01T00:01:00Z");
        // The witness answered the same checkpoint again with the same cosignature: nothing new.
        store.Add(a, 2, root2, 2000, "— a 2", "2026-01-01T00:02:00Z");
        store.Add(b, 1, root1, 1500, "— b 1 old", "2026-01-01T00:00:30Z");
        store.Add(b, 1, root1, 1600, "— b 1 new", "2026-01-01T00:00:40Z");

        using (var connection = database.Connect())
        using (var command = connection.CreateCommand())
        {
            command.CommandText = "SELECT COUNT(*) FROM log_cosignatures";
            Assert.Equal(4L, Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture));
        }

        Assert.Equal(
            [("witness-a.example", b.KeyIdHex, 1L, 1600L, "— b 1 new", "2026-01-01T00:00:40Z"), ("witness-b.example", a.KeyIdHex, 2L, 2000L, "— a 2", "2026-01-01T00:01:00Z")],
            store.Latest().Select(c => (c.Witness, c.KeyId, c.TreeSize, c.Timestamp, c.Line, c.ReceivedAt)));
        Assert.Equal([("witness-a.example", 1600L), ("witness-b.example", 1000L)], store.Of(1).Select(c => (c.Witness, c.Timestamp)));
        Assert.Equal([("witness-b.example", 2000L)], store.Of(2).Select(c => (c.Witness, c.Timestamp)));
        Assert.Empty(store.Of(3));
    }
}
