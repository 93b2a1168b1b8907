using System.Buffers.Binary;
using System.Globalization;
using System.Text;

namespace Public.Web.Transparency;

/// <summary>
/// C2SP tlog-cosignature, Ed25519 type (https://c2sp.org/tlog-cosignature): a witness's note signature line whose
/// key ID is SHA-256(name ‖ "\n" ‖ 0x04 ‖ public key)[:4] and whose signature is a <c>timestamped_signature</c>
/// (8-byte big-endian POSIX seconds ‖ 64-byte Ed25519 signature) over
/// <c>"cosignature/v1\ntime &lt;seconds&gt;\n" ‖ checkpoint body</c>.
/// </summary>
internal static class Cosignature
{
    public const byte Ed25519CosignerAlgorithm = 0x04;
    private const int SignatureBytes = 8 + 64;

    /// <summary>The signed message: header line, time line, then the checkpoint body (with its final newline).</summary>
    public static byte[] Message(string checkpointBody, long timestamp) =>
        Encoding.UTF8.GetBytes($"cosignature/v1\ntime {timestamp.ToString(CultureInfo.InvariantCulture)}\n{checkpointBody}");

    /// <summary>The cosignature's timestamp (POSIX seconds) when it is a valid cosignature of the body by this witness key; null otherwise.</summary>
    public static long? Verify(NoteVerifier witness, string checkpointBody, NoteSignature signature)
    {
        if (witness.Algorithm != Ed25519CosignerAlgorithm || signature.Name != witness.Name || signature.KeyId != witness.KeyId
            || signature.Signature.Length != SignatureBytes)
        {
            return null;
        }

        var timestamp = BinaryPrimitives.ReadUInt64BigEndian(signature.Signature);
        if (timestamp > long.MaxValue)
        {
            return null;
        }

        return witness.Verify(Message(checkpointBody, (long)timestamp), signature.Signature[8..]) ? (long)timestamp : null;
    }
}
