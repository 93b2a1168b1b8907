using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Public.Web.Push;

/// <summary>
/// Signing per the Standard Webhooks specification (standardwebhooks.com, v1): the signed content is
/// <c>{webhook-id}.{webhook-timestamp}.{body}</c>, the key is the secret after its <c>whsec_</c> prefix, base64-decoded,
/// and <c>webhook-signature</c> is <c>v1,</c> + base64(HMAC-SHA256(key, content)). The timestamp is Unix seconds.
/// </summary>
internal static class StandardWebhooks
{
    public const string SecretPrefix = "whsec_";

    /// <summary>The HMAC key of a <c>whsec_…</c> secret, or null with the reason when it is not one.</summary>
    public static byte[]? Key(string? secret, out string? error)
    {
        error = null;
        if (string.IsNullOrWhiteSpace(secret))
        {
            error = "is empty";
            return null;
        }

        var encoded = secret.StartsWith(SecretPrefix, StringComparison.Ordinal) ? secret[SecretPrefix.Length..] : secret;
        try
        {
            var key = Convert.FromBase64String(encoded);
            // The specification asks for 24 to 64 random bytes.
            if (key.Length is < 24 or > 64)
            {
                error = $"decodes to {key.Length} bytes; Standard Webhooks secrets are 24 to 64 bytes (whsec_ + base64)";
                return null;
            }

            return key;
        }
        catch (FormatException)
        {
            error = "is not whsec_ followed by base64";
            return null;
        }
    }

    public static string Sign(byte[] key, string messageId, long timestamp, string body)
    {
        var content = Encoding.UTF8.GetBytes(messageId + "." + timestamp.ToString(CultureInfo.InvariantCulture) + "." + body);
        return "v1," + Convert.ToBase64String(HMACSHA256.HashData(key, content));
    }
}
