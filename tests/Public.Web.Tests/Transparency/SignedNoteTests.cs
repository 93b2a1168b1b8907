using System.Text;
using Public.Web.Transparency;

namespace Public.Web.Tests.Transparency;

/// <summary>C2SP signed-note and verifier keys against the examples of the specification and of Go's reference implementation.</summary>
public sealed class SignedNoteTests
{
    // c2sp.org/signed-note, "Verifier keys" example.
    private const string SpecVerifierKey = "example.com/foo+530d903a+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k";
    private const string SpecNote = "This is an example message.\n\n\u2014 example.com/foo Uw2QOkn8srV1yJGh2VYRlL1Tnagv1YEq6TfXppzi2ONncAlTgK7Ztg1ERYNZXsYjOBH3mFXmRKuwHjG1Yu72IneyaQM=\n";

    // golang.org/x/mod/sumdb/note documentation example (Ed25519 is deterministic: the signature must be reproduced exactly).
    private const string GoPrivateKey = "PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz";
    private const string GoVerifierKey = "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW";
    private const string GoText = "If you think cryptography is the answer to your problem,\nthen you don't know what your problem is.\n";
    private const string GoNote = GoText + "\n\u2014 PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n";

    [Fact]
    public void TheSpecificationsVerifierKeyHasKeyId530d903aAndOpensItsExampleNote()
    {
        var verifier = NoteVerifier.Parse(SpecVerifierKey);
        Assert.Equal("example.com/foo", verifier.Name);
        Assert.Equal(0x530d903au, verifier.KeyId);
        Assert.Equal(0x530d903au, SignedNote.KeyIdOf("example.com/foo", 1, verifier.PublicKey));
        Assert.Equal("This is an example message.\n", verifier.Open(SpecNote));
    }

    [Fact]
    public void SigningGosExampleTextWithItsKeyReproducesItsNoteByteForByte()
    {
        var signer = Ed25519NoteSigner.Parse(GoPrivateKey);
        Assert.Equal(GoVerifierKey, signer.VerifierKey);
        Assert.Equal(0xc74f20a3u, signer.KeyId);
        Assert.Equal(GoNote, SignedNote.Sign(GoText, signer));
        Assert.Equal(GoPrivateKey, signer.PrivateKey);
        Assert.Equal(GoText, NoteVerifier.Parse(GoVerifierKey).Open(GoNote));
    }

    [Fact]
    public void AForgedOrAlteredNoteIsRefused()
    {
        var verifier = NoteVerifier.Parse(GoVerifierKey);
        // One bit of the text changed.
        Assert.Null(verifier.Open(GoNote.Replace("answer", "answeR", StringComparison.Ordinal)));
        // A signature by another key under the same name.
        var impostor = Ed25519NoteSigner.Generate("PeterNeumann");
        Assert.Null(verifier.Open(SignedNote.Sign(GoText, impostor)));
        // The right key ID but a signature byte flipped.
        var blob = Convert.FromBase64String("x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=");
        blob[10] ^= 1;
        Assert.Null(verifier.Open(GoText + "\n\u2014 PeterNeumann " + Convert.ToBase64String(blob) + "\n"));
        // Not a note at all.
        Assert.Null(verifier.Open(GoText));
    }

    [Fact]
    public void AVerifierKeyWhoseIdDoesNotMatchItsKeyIsRejectedWithAReason()
    {
        var e = Assert.Throws<FormatException>(() => NoteVerifier.Parse("example.com/foo+530d903b+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k"));
        Assert.Contains("does not match", e.Message, StringComparison.Ordinal);
        Assert.Throws<FormatException>(() => NoteVerifier.Parse("example.com/foo+530d903a"));
        Assert.Throws<FormatException>(() => Ed25519NoteSigner.Parse("PRIVATE+KEY+PeterNeumann+c74f20a4+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz"));
    }

    [Fact]
    public void ACheckpointBodyIsOriginSizeAndBase64RootOnThreeLines()
    {
        var root = new byte[32];
        root[31] = 1;
        var body = new Checkpoint("example.com/log", 1234, root).Body();
        Assert.Equal("example.com/log\n1234\nAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAE=\n", body);
        Assert.Equal(1234, Checkpoint.Parse(body)!.Size);
        Assert.Null(Checkpoint.Parse("example.com/log\n01234\nAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAE=\n"));
        Assert.Null(Checkpoint.Parse("example.com/log\n1234\n"));
        Assert.Equal(Encoding.UTF8.GetBytes(body).Length, body.Length);
    }
}
