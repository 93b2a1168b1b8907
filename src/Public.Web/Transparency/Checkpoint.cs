namespace Public.Web.Transparency;

/// <summary>A C2SP tlog-checkpoint body: origin, tree size and base64 root hash, one per line, each ending in LF.</summary>
internal sealed record Checkpoint(string Origin, long Size, byte[] Root)
{
    public string Body() => $"{Origin}\n{Size.ToString(System.Globalization.CultureInfo.InvariantCulture)}\n{Convert.ToBase64String(Root)}\n";

    /// <summary>Parses a checkpoint body (extension lines after the root are allowed and ignored); null if malformed.</summary>
    public static Checkpoint? Parse(string body)
    {
        var lines = body.Split('\n');
        if (lines.Length < 4 || lines[^1].Length != 0 || lines[0].Length == 0
            || !long.TryParse(lines[1], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var size)
            || lines[1] != size.ToString(System.Globalization.CultureInfo.InvariantCulture))
        {
            return null;
        }

        try
        {
            var root = Convert.FromBase64String(lines[2]);
            return root.Length == Merkle.HashSize ? new Checkpoint(lines[0], size, root) : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
