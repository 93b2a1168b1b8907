using System.Globalization;

namespace Public.Standards.Hj212;

/// <summary>
/// The CRC of HJ 212-2017 附录 (standards.md §5.2): initial 0xFFFF, for each byte <c>crc = (crc &gt;&gt; 8) ^ b</c>,
/// then eight shifts with polynomial 0xA001 (reflected 0x8005). The per-byte step differs from Modbus CRC-16
/// (<c>crc ^= b</c>), so the two give different values for the same bytes: the standard's own example
/// <c>QN=20160801085857223;…;CP=&amp;&amp;RtdInterval=30&amp;&amp;</c> gives 1C80 here and 0759 with Modbus.
/// The CRC covers the data segment only and is written as four uppercase hex digits.
/// </summary>
public static class Hj212Crc
{
    // The register before the eight shifts, (crc >> 8) ^ b, is below 256, so the eight shifts on it are one lookup in a
    // table of all 256 results (built with those very shifts): one lookup a byte instead of eight steps.
    private static readonly ushort[] Table = BuildTable();

    public static ushort Compute(ReadOnlySpan<byte> data)
    {
        var crc = 0xFFFF;
        foreach (var b in data)
        {
            crc = Table[(crc >> 8) ^ b];
        }

        return (ushort)crc;
    }

    /// <summary>The CRC of an ASCII data segment (characters above 0x7F are not allowed in a packet).</summary>
    public static ushort Compute(string dataSegment)
    {
        ArgumentNullException.ThrowIfNull(dataSegment);
        var crc = 0xFFFF;
        for (var i = 0; i < dataSegment.Length; i++)
        {
            int c = dataSegment[i];
            if (c > 0x7F)
            {
                throw new ArgumentException($"HJ 212 data segments are ASCII; character {i + 1} is U+{c:X4}", nameof(dataSegment));
            }

            crc = Table[(crc >> 8) ^ c];
        }

        return (ushort)crc;
    }

    private static ushort[] BuildTable()
    {
        var table = new ushort[256];
        for (var n = 0; n < 256; n++)
        {
            var crc = n;
            for (var i = 0; i < 8; i++)
            {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xA001 : crc >> 1;
            }

            table[n] = (ushort)crc;
        }

        return table;
    }

    /// <summary>Four uppercase hex digits, as written in a packet.</summary>
    public static string Format(ushort crc) => crc.ToString("X4", CultureInfo.InvariantCulture);

    /// <summary>Modbus CRC-16 (per byte <c>crc ^= b</c>): not HJ 212's; kept to recognise and explain the common mistake.</summary>
    public static ushort ComputeModbus(ReadOnlySpan<byte> data)
    {
        var crc = 0xFFFF;
        foreach (var b in data)
        {
            crc ^= b;
            for (var i = 0; i < 8; i++)
            {
                var lsb = crc & 1;
                crc >>= 1;
                if (lsb != 0)
                {
                    crc ^= 0xA001;
                }
            }
        }

        return (ushort)crc;
    }
}
