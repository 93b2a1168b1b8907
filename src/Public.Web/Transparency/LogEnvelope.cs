using System.Globalization;
using System.Text;

namespace Public.Web.Transparency;

/// <summary>
/// A parsed leaf envelope (format in <see cref="ILogCheckpointWriter"/>'s file): what a verifier reads from each leaf.
/// <see cref="Parse"/> is strict, so that two different byte strings never read as the same envelope.
/// </summary>
internal sealed record LogEnvelope(
    string Kind, string? Dataset, string? Id, long? Version, string? Sha256, string? Previous, long Batch,
    string? Source = null, IReadOnlyList<(string Sha256, string Name)>? Files = null, long? Leaves = null, string? PublishedAt = null)
{
    public const string Magic = "bluesky-log/v1";

    /// <summary>Parses envelope bytes; the error names the line that is wrong.</summary>
    public static LogEnvelope Parse(byte[] bytes)
    {
        string text;
        try
        {
            text = new UTF8Encoding(false, true).GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            throw new FormatException("the leaf is not UTF-8");
        }

        if (!text.EndsWith('\n'))
        {
            throw new FormatException("the leaf does not end with a line feed");
        }

        var lines = text[..^1].Split('\n');
        var at = 0;
        string Next(string key)
        {
            if (at >= lines.Length || !lines[at].StartsWith(key + " ", StringComparison.Ordinal))
            {
                throw new FormatException($"line {at + 1} of the leaf should start with '{key} '");
            }

            return lines[at++][(key.Length + 1)..];
        }

        static long Number(string value, string key) =>
            long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && value == n.ToString(CultureInfo.InvariantCulture)
                ? n : throw new FormatException($"'{key}' of the leaf is not a number: '{value}'");

        if (lines[0] != Magic)
        {
            throw new FormatException($"line 1 of the leaf should be '{Magic}'");
        }

        at = 1;
        var kind = Next("kind");
        LogEnvelope envelope;
        if (kind == "batch")
        {
            var batch = Number(Next("batch"), "batch");
            var source = Next("source");
            var files = new List<(string, string)>();
            while (at < lines.Length && lines[at].StartsWith("file ", StringComparison.Ordinal))
            {
                var parts = Next("file").Split(' ', 2);
                if (parts.Length != 2 || !IsHex(parts[0]))
                {
                    throw new FormatException($"line {at} of the leaf should be 'file <sha256> <name>'");
                }

                files.Add((parts[0], parts[1]));
            }

            envelope = new LogEnvelope(kind, null, null, null, null, null, batch, source, files, Number(Next("leaves"), "leaves"), Next("published-at"));
        }
        else if (kind is "record" or "tombstone")
        {
            var dataset = Next("dataset");
            var id = Next("id");
            var version = Number(Next("version"), "version");
            var sha = Next("sha256");
            var previous = Next("previous");
            var batch = Number(Next("batch"), "batch");
            if (kind == "record" ? !IsHex(sha) : sha != "none")
            {
                throw new FormatException($"the sha256 of a {kind} leaf is {(kind == "record" ? "64 hex digits" : "'none'")}, not '{sha}'");
            }

            if (previous != "none" && !IsHex(previous))
            {
                throw new FormatException($"'previous' of the leaf is 64 hex digits or 'none', not '{previous}'");
            }

            envelope = new LogEnvelope(kind, dataset, id, version, kind == "record" ? sha : null, previous == "none" ? null : previous, batch);
        }
        else
        {
            throw new FormatException($"unknown leaf kind '{kind}'");
        }

        if (at != lines.Length)
        {
            throw new FormatException($"line {at + 1} of the leaf is unexpected");
        }

        return envelope;
    }

    private static bool IsHex(string s) => s.Length == 64 && s.All(c => c is (>= '0' and <= '9') or (>= 'a' and <= 'f'));
}
