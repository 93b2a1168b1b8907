namespace Public.Standards.Hj212;

/// <summary>
/// Joins split packets (Flag's D bit, PNUM/PNO) of one message — same MN, CN and QN — into one packet whose data
/// area is the parts' data areas in PNO order, joined with ';'. Parts may arrive in any order; a repeated PNO
/// replaces the earlier one. Not thread-safe: one assembler per connection or import.
/// </summary>
public sealed class Hj212SplitAssembler
{
    private readonly Dictionary<(string Mn, string Cn, string? Qn), Dictionary<int, Hj212Packet>> _pending = [];

    /// <summary>Messages still waiting for parts.</summary>
    public int PendingMessages => _pending.Count;

    /// <summary>
    /// Adds a packet: an unsplit packet comes back as is; a part comes back null until the last part arrives,
    /// then the whole message (Flag without the D bit, no PNUM/PNO). Throws <see cref="Hj212FormatException"/>
    /// when the joined data area is not valid.
    /// </summary>
    public Hj212Packet? Add(Hj212Packet packet)
    {
        ArgumentNullException.ThrowIfNull(packet);
        if (!packet.IsSplit)
        {
            return packet;
        }

        var key = (packet.Mn, packet.Cn, packet.Qn);
        if (!_pending.TryGetValue(key, out var parts))
        {
            parts = [];
            _pending[key] = parts;
        }

        parts[packet.PacketNumber!.Value] = packet;
        var count = packet.PacketCount!.Value;
        if (parts.Count < count || Enumerable.Range(1, count).Any(n => !parts.ContainsKey(n)))
        {
            return null;
        }

        _pending.Remove(key);
        var text = string.Join(';', Enumerable.Range(1, count).Select(n => parts[n].Cp.Text).Where(t => t.Length > 0));
        if (!Hj212DataArea.TryParseJoined(text, out var area, out var error))
        {
            throw new Hj212FormatException(error!);
        }

        return packet with { Flag = packet.Flag!.Value & ~Hj212Flag.SplitBit, Cp = area!, PacketCount = null, PacketNumber = null };
    }
}
