using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;
using Org.BouncyCastle.Security;

namespace Public.Web.Transparency;

/// <summary>Signs a note body. One small seam, so that a hardware key or a KMS can replace the file key later.</summary>
internal interface INoteSigner
{
    /// <summary>The key name (for the log's key: the checkpoint origin).</summary>
    string Name { get; }

    /// <summary>The 4-byte key ID, C2SP signed-note: the first 4 bytes of SHA-256(name ‖ 0x0A ‖ 0x01 ‖ public key).</summary>
    uint KeyId { get; }

    /// <summary>The verifier key line, <c>name+hex(keyid)+base64(0x01 ‖ public key)</c>.</summary>
    string VerifierKey { get; }

    /// <summary>The raw signature (64 bytes for Ed25519) of the message.</summary>
    byte[] Sign(byte[] message);
}

/// <summary>C2SP signed-note (https://c2sp.org/signed-note) with Ed25519 keys (algorithm byte 0x01).</summary>
internal static class SignedNote
{
    public const byte Ed25519Algorithm = 0x01;
    private const string Dash = "\u2014 ";

    public static uint KeyIdOf(string name, byte algorithm, ReadOnlySpan<byte> publicKey)
    {
        var material = new byte[Encoding.UTF8.GetByteCount(name) + 2 + publicKey.Length];
        var n = Encoding.UTF8.GetBytes(name, material);
        material[n] = (byte)'\n';
        material[n + 1] = algorithm;
        publicKey.CopyTo(material.AsSpan(n + 2));
        return BinaryPrimitives.ReadUInt32BigEndian(SHA256.HashData(material));
    }

    /// <summary>A key name is non-empty UTF-8 without spaces or plus signs (C2SP signed-note).</summary>
    public static bool IsValidName(string name) =>
        name.Length > 0 && !name.Any(c => c == '+' || char.IsWhiteSpace(c) || char.IsControl(c));

    public static string VerifierKey(string name, ReadOnlySpan<byte> publicKey)
    {
        var key = new byte[1 + publicKey.Length];
        key[0] = Ed25519Algorithm;
        publicKey.CopyTo(key.AsSpan(1));
        return $"{name}+{KeyIdOf(name, Ed25519Algorithm, publicKey):x8}+{Convert.ToBase64String(key)}";
    }

    /// <summary>The note: body (ending in LF), an empty line, and one signature line per signer.</summary>
    public static string Sign(string body, params INoteSigner[] signers)
    {
        if (!body.EndsWith('\n'))
        {
            throw new ArgumentException("a note body ends with a newline", nameof(body));
        }

        var text = new StringBuilder(body).Append('\n');
        var bytes = Encoding.UTF8.GetBytes(body);
        foreach (var signer in signers)
        {
            text.Append(SignatureLine(signer.Name, signer.KeyId, signer.Sign(bytes)));
        }

        return text.ToString();
    }

    public static string SignatureLine(string name, uint keyId, ReadOnlySpan<byte> signature)
    {
        var blob = new byte[4 + signature.Length];
        BinaryPrimitives.WriteUInt32BigEndian(blob, keyId);
        signature.CopyTo(blob.AsSpan(4));
        return $"{Dash}{name} {Convert.ToBase64String(blob)}\n";
    }

    /// <summary>Splits a note into its body and signature lines; null when it is not a well-formed note.</summary>
    public static (string Body, IReadOnlyList<NoteSignature> Signatures)? Parse(string note)
    {
        var split = note.LastIndexOf("\n\n", StringComparison.Ordinal);
        if (split < 0 || !note.EndsWith('\n'))
        {
            return null;
        }

        var body = note[..(split + 1)];
        var signatures = new List<NoteSignature>();
        foreach (var line in note[(split + 2)..^1].Split('\n'))
        {
            if (!line.StartsWith(Dash, StringComparison.Ordinal))
            {
                return null;
            }

            var parts = line[Dash.Length..].Split(' ');
            if (parts.Length != 2 || !IsValidName(parts[0]))
            {
                return null;
            }

            byte[] blob;
            try
            {
                blob = Convert.FromBase64String(parts[1]);
            }
            catch (FormatException)
            {
                return null;
            }

            if (blob.Length < 5)
            {
                return null;
            }

            signatures.Add(new NoteSignature(parts[0], BinaryPrimitives.ReadUInt32BigEndian(blob), blob[4..]));
        }

        return signatures.Count == 0 ? null : (body, signatures);
    }
}

internal sealed record NoteSignature(string Name, uint KeyId, byte[] Signature);

/// <summary>A parsed Ed25519 verifier key (<c>name+keyid+base64(0x01 ‖ key)</c>).</summary>
internal sealed class NoteVerifier
{
    private readonly Ed25519PublicKeyParameters _key;

    private NoteVerifier(string name, uint keyId, byte[] publicKey, byte algorithm)
    {
        Name = name;
        Algorithm = algorithm;
        KeyId = keyId;
        PublicKey = publicKey;
        _key = new Ed25519PublicKeyParameters(publicKey);
    }

    public string Name { get; }

    public uint KeyId { get; }

    public byte[] PublicKey { get; }

    /// <summary>The key type byte: 0x01 for a note signer (the log), 0x04 for an Ed25519 cosigner (a witness, C2SP tlog-cosignature).</summary>
    public byte Algorithm { get; }

    /// <summary>Parses a verifier key line whose key type byte is <paramref name="algorithm"/>; the error names what is wrong with it.</summary>
    public static NoteVerifier Parse(string vkey, byte algorithm = SignedNote.Ed25519Algorithm)
    {
        // The base64 key may itself hold '+': split at the first two only.
        var parts = vkey.Trim().Split('+', 3);
        if (parts.Length != 3 || !SignedNote.IsValidName(parts[0]))
        {
            throw new FormatException($"a verifier key is name+keyid+base64key, not '{vkey.Trim()}'");
        }

        if (parts[1].Length != 8 || !uint.TryParse(parts[1], System.Globalization.NumberStyles.AllowHexSpecifier, System.Globalization.CultureInfo.InvariantCulture, out var keyId))
        {
            throw new FormatException($"the key ID of verifier key '{vkey.Trim()}' is not 8 hex digits");
        }

        byte[] key;
        try
        {
            key = Convert.FromBase64String(parts[2]);
        }
        catch (FormatException)
        {
            throw new FormatException($"the key of verifier key '{vkey.Trim()}' is not base64");
        }

        if (key.Length != 33 || key[0] != algorithm)
        {
            throw new FormatException($"verifier key '{vkey.Trim()}' is not an Ed25519 key of type 0x{algorithm:x2} (33 bytes: 0x{algorithm:x2} and a 32-byte key)");
        }

        if (SignedNote.KeyIdOf(parts[0], key[0], key.AsSpan(1)) != keyId)
        {
            throw new FormatException($"the key ID {parts[1]} of verifier key '{vkey.Trim()}' does not match its key");
        }

        return new NoteVerifier(parts[0], keyId, key[1..], algorithm);
    }

    public bool Verify(byte[] message, byte[] signature)
    {
        if (signature.Length != 64)
        {
            return false;
        }

        var verifier = new Ed25519Signer();
        verifier.Init(false, _key);
        verifier.BlockUpdate(message, 0, message.Length);
        return verifier.VerifySignature(signature);
    }

    /// <summary>The note's body when it carries a valid signature by this key; null otherwise.</summary>
    public string? Open(string note)
    {
        if (SignedNote.Parse(note) is not { } parsed)
        {
            return null;
        }

        var bytes = Encoding.UTF8.GetBytes(parsed.Body);
        return parsed.Signatures.Any(s => s.Name == Name && s.KeyId == KeyId && Verify(bytes, s.Signature)) ? parsed.Body : null;
    }
}

/// <summary>
/// An Ed25519 signer whose private key is a Go-style note key line:
/// <c>PRIVATE+KEY+name+hex(keyid)+base64(0x01 ‖ 32-byte seed)</c>.
/// </summary>
internal sealed class Ed25519NoteSigner : INoteSigner
{
    private readonly Ed25519PrivateKeyParameters _key;

    private Ed25519NoteSigner(string name, Ed25519PrivateKeyParameters key)
    {
        Name = name;
        _key = key;
        var publicKey = key.GeneratePublicKey().GetEncoded();
        KeyId = SignedNote.KeyIdOf(name, SignedNote.Ed25519Algorithm, publicKey);
        VerifierKey = SignedNote.VerifierKey(name, publicKey);
    }

    public string Name { get; }

    public uint KeyId { get; }

    public string VerifierKey { get; }

    /// <summary>The private key line (secret: never log it, never commit it).</summary>
    public string PrivateKey
    {
        get
        {
            var blob = new byte[33];
            blob[0] = SignedNote.Ed25519Algorithm;
            _key.Encode(blob, 1);
            return $"PRIVATE+KEY+{Name}+{KeyId:x8}+{Convert.ToBase64String(blob)}";
        }
    }

    public static Ed25519NoteSigner Generate(string name)
    {
        if (!SignedNote.IsValidName(name))
        {
            throw new ArgumentException($"a key name has no spaces or '+', not '{name}'", nameof(name));
        }

        return new Ed25519NoteSigner(name, new Ed25519PrivateKeyParameters(new SecureRandom()));
    }

    public static Ed25519NoteSigner FromSeed(string name, byte[] seed) => new(name, new Ed25519PrivateKeyParameters(seed));

    /// <summary>Parses a private key line; the error says what is wrong without echoing the secret.</summary>
    public static Ed25519NoteSigner Parse(string privateKey)
    {
        var parts = privateKey.Trim().Split('+', 5);
        if (parts.Length != 5 || parts[0] != "PRIVATE" || parts[1] != "KEY" || !SignedNote.IsValidName(parts[2]))
        {
            throw new FormatException("a log private key is PRIVATE+KEY+name+keyid+base64key (as printed by the keygen verb)");
        }

        byte[] blob;
        try
        {
            blob = Convert.FromBase64String(parts[4]);
        }
        catch (FormatException)
        {
            throw new FormatException($"the key part of the private key of '{parts[2]}' is not base64");
        }

        if (blob.Length != 33 || blob[0] != SignedNote.Ed25519Algorithm)
        {
            throw new FormatException($"the private key of '{parts[2]}' is not an Ed25519 key (algorithm 0x01, 32 bytes)");
        }

        var signer = new Ed25519NoteSigner(parts[2], new Ed25519PrivateKeyParameters(blob, 1));
        if (!string.Equals(parts[3], signer.KeyId.ToString("x8", System.Globalization.CultureInfo.InvariantCulture), StringComparison.OrdinalIgnoreCase))
        {
            throw new FormatException($"the key ID {parts[3]} of the private key of '{parts[2]}' does not match its key");
        }

        return signer;
    }

    public byte[] Sign(byte[] message)
    {
        var signer = new Ed25519Signer();
        signer.Init(true, _key);
        signer.BlockUpdate(message, 0, message.Length);
        return signer.GenerateSignature();
    }
}
