using System.Globalization;
using System.Text;

namespace Public.Standards.Hj212;

/// <summary>
/// One HJ 212-2017 packet (standards.md §5.1): <c>##</c> + 4-digit decimal data-segment length + data segment
/// + 4-hex-digit CRC of the data segment + CR LF. The data segment is
/// <c>QN=…;ST=…;CN=…;PW=…;MN=…;Flag=…;PNUM=…;PNO=…;CP=&amp;&amp;…&amp;&amp;</c>; QN, Flag, PNUM and PNO may be absent.
/// </summary>
public sealed record Hj212Packet(string? Qn, string St, string Cn, string Pw, string Mn, int? Flag, Hj212DataArea Cp)
{
    /// <summary>Most characters a data segment may have.</summary>
    public const int MaxDataSegmentLength = 1024;

    public const string QnFormat = "yyyyMMddHHmmssfff";

    /// <summary>PNUM: the number of packets a split message was sent in (only with Flag's D bit).</summary>
    public int? PacketCount { get; init; }

    /// <summary>PNO: this packet's number, 1…PNUM (only with Flag's D bit).</summary>
    public int? PacketNumber { get; init; }

    /// <summary>The request time in QN (sender's local time, Beijing time in China), when QN is present.</summary>
    public DateTime? QnTime => Qn is null ? null : DateTime.ParseExact(Qn, QnFormat, CultureInfo.InvariantCulture);

    public bool AnswerRequested => Flag is { } f && Hj212Flag.AnswerRequested(f);

    public bool IsSplit => Flag is { } f && Hj212Flag.IsSplit(f);

    /// <summary>The data segment as it would be written (fields in the standard's order).</summary>
    public string DataSegment
    {
        get
        {
            var text = new StringBuilder();
            if (Qn is not null)
            {
                text.Append("QN=").Append(Qn).Append(';');
            }

            text.Append("ST=").Append(St).Append(";CN=").Append(Cn).Append(";PW=").Append(Pw).Append(";MN=").Append(Mn).Append(';');
            if (Flag is { } flag)
            {
                text.Append(CultureInfo.InvariantCulture, $"Flag={flag};");
            }

            if (PacketCount is { } count)
            {
                text.Append(CultureInfo.InvariantCulture, $"PNUM={count};");
            }

            if (PacketNumber is { } number)
            {
                text.Append(CultureInfo.InvariantCulture, $"PNO={number};");
            }

            return text.Append("CP=&&").Append(Cp.Text).Append("&&").ToString();
        }
    }
}
