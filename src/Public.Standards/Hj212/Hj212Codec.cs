using System.Globalization;

namespace Public.Standards.Hj212;

/// <summary>The outcome of <see cref="Hj212Codec.Parse"/>: a packet, or the first thing wrong with the text.</summary>
public sealed record Hj212ParseResult(Hj212Packet? Packet, Hj212Error? Error)
{
    public bool IsValid => Packet is not null;
}

/// <summary>Reads and writes HJ 212-2017 packets (standards.md §5).</summary>
public static class Hj212Codec
{
    public const string Header = "##";
    public const string Trailer = "\r\n";

    /// <summary>
    /// Field limits, standards.md §5.1: lengths there include the <c>XX=</c> prefix, so QN= 20 leaves 17
    /// characters for the value.
    /// </summary>
    internal static readonly IReadOnlyDictionary<string, int> FieldLimits = new Dictionary<string, int>(StringComparer.Ordinal)
    {
        ["QN"] = 20,
        ["ST"] = 5,
        ["CN"] = 7,
        ["PW"] = 9,
        ["MN"] = 27,
        ["Flag"] = 8,
        ["PNUM"] = 9,
        ["PNO"] = 8,
    };

    /// <summary>Writes a packet: header, length, data segment, CRC, CR LF. Throws <see cref="Hj212FormatException"/> for a packet the standard does not allow.</summary>
    public static string Format(Hj212Packet packet)
    {
        ArgumentNullException.ThrowIfNull(packet);
        var segment = packet.DataSegment;
        var text = FormatDataSegment(segment);

        // Writing goes through the same checks as reading, so nothing is sent that we would reject.
        var check = Parse(text);
        if (check.Error is { } error)
        {
            throw new Hj212FormatException(error);
        }

        return text;
    }

    /// <summary>Frames a data segment (no validation of its fields).</summary>
    public static string FormatDataSegment(string dataSegment)
    {
        ArgumentNullException.ThrowIfNull(dataSegment);
        if (dataSegment.Length > Hj212Packet.MaxDataSegmentLength)
        {
            throw new Hj212FormatException(new Hj212Error(Hj212ErrorKind.Length, null,
                $"bad length: the data segment has {dataSegment.Length} characters, over the limit of {Hj212Packet.MaxDataSegmentLength}"));
        }

        return string.Create(CultureInfo.InvariantCulture,
            $"{Header}{dataSegment.Length:D4}{dataSegment}{Hj212Crc.Format(Hj212Crc.Compute(dataSegment))}{Trailer}");
    }

    /// <summary>
    /// Parses one packet. The trailing CR LF may be absent, so that captured packets stored one per line (the
    /// line break removed) parse too; anything else after the CRC is an error.
    /// </summary>
    public static Hj212ParseResult Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var body = text.EndsWith(Trailer, StringComparison.Ordinal) ? text[..^Trailer.Length] : text;
        if (!body.StartsWith(Header, StringComparison.Ordinal))
        {
            return Fail(Hj212ErrorKind.Framing, null, "the packet does not start with '##'");
        }

        if (body.Length < 2 + 4 + 4)
        {
            return Fail(Hj212ErrorKind.Length, null, $"bad length: {body.Length} characters is too short for a packet (## + 4-digit length + CRC)");
        }

        var lengthText = body.Substring(2, 4);
        if (!lengthText.All(char.IsAsciiDigit))
        {
            return Fail(Hj212ErrorKind.Length, null, $"bad length: '{lengthText}' is not a 4-digit decimal data-segment length");
        }

        var declared = int.Parse(lengthText, CultureInfo.InvariantCulture);
        if (declared > Hj212Packet.MaxDataSegmentLength)
        {
            return Fail(Hj212ErrorKind.Length, null, $"bad length: {declared} is over the limit of {Hj212Packet.MaxDataSegmentLength}");
        }

        var actual = body.Length - 2 - 4 - 4;
        if (actual != declared)
        {
            var hint = body.Contains('\r', StringComparison.Ordinal) || body.Contains('\n', StringComparison.Ordinal)
                ? " (a CR or LF inside the packet: two packets run together or the trailer is broken)"
                : "";
            return Fail(Hj212ErrorKind.Length, null, $"bad length: the packet declares {lengthText} but its data segment has {actual} characters{hint}");
        }

        var segment = body.Substring(6, declared);
        var crcText = body[^4..];
        for (var i = 0; i < segment.Length; i++)
        {
            if (segment[i] is < ' ' or > '~')
            {
                return Fail(Hj212ErrorKind.Character, null, $"character {i + 1} of the data segment is U+{(int)segment[i]:X4}, not printable ASCII");
            }
        }

        if (!crcText.All(char.IsAsciiHexDigit))
        {
            return Fail(Hj212ErrorKind.Crc, null, $"bad CRC: '{crcText}' is not 4 hex digits");
        }

        var expected = Hj212Crc.Compute(segment);
        var sent = ushort.Parse(crcText, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);
        if (sent != expected)
        {
            var modbus = Hj212Crc.ComputeModbus(segment.Select(c => (byte)c).ToArray());
            var hint = sent == modbus ? " (the packet carries the Modbus CRC-16, which HJ 212 does not use)" : "";
            return Fail(Hj212ErrorKind.Crc, null, $"bad CRC: the packet says {crcText.ToUpperInvariant()}, expected {Hj212Crc.Format(expected)}{hint}");
        }

        return ParseDataSegment(segment);
    }

    /// <summary>Parses and validates a data segment's fields (no framing, no CRC).</summary>
    public static Hj212ParseResult ParseDataSegment(string segment)
    {
        ArgumentNullException.ThrowIfNull(segment);
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        string? cpText = null;
        var position = 0;
        while (position < segment.Length)
        {
            if (string.CompareOrdinal(segment, position, "CP=", 0, 3) == 0)
            {
                var cp = segment[(position + 3)..];
                if (cp.Length < 4 || !cp.StartsWith("&&", StringComparison.Ordinal) || !cp.EndsWith("&&", StringComparison.Ordinal))
                {
                    return Fail(Hj212ErrorKind.BadDataArea, "CP", "CP must be the last field and read CP=&&…&&");
                }

                cpText = cp[2..^2];
                break;
            }

            var end = segment.IndexOf(';', position);
            var field = end < 0 ? segment[position..] : segment[position..end];
            position = end < 0 ? segment.Length : end + 1;
            var eq = field.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
            {
                return Fail(Hj212ErrorKind.BadField, null, $"field '{field}' is not NAME=value");
            }

            var name = field[..eq];
            var value = field[(eq + 1)..];
            if (!FieldLimits.TryGetValue(name, out var limit))
            {
                return Fail(Hj212ErrorKind.BadField, name, $"unknown field '{name}' (HJ 212-2017 has QN, ST, CN, PW, MN, Flag, PNUM, PNO, CP)");
            }

            if (!fields.TryAdd(name, value))
            {
                return Fail(Hj212ErrorKind.DuplicateField, name, $"field {name} appears twice");
            }

            if (field.Length > limit)
            {
                return Fail(Hj212ErrorKind.FieldTooLong, name, $"field {name} is {field.Length} characters with '{name}=', over the limit of {limit}");
            }
        }

        foreach (var required in new[] { "ST", "CN", "PW", "MN" })
        {
            if (!fields.ContainsKey(required))
            {
                return Fail(Hj212ErrorKind.MissingField, required, $"missing field {required}");
            }
        }

        if (cpText is null)
        {
            return Fail(Hj212ErrorKind.MissingField, "CP", "missing field CP");
        }

        string? qn = null;
        if (fields.TryGetValue("QN", out var qnText))
        {
            if (qnText.Length != 17 || !DateTime.TryParseExact(qnText, Hj212Packet.QnFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
            {
                return Fail(Hj212ErrorKind.BadTimestamp, "QN", $"bad timestamp: QN '{qnText}' is not a real date and time YYYYMMDDhhmmsszzz");
            }

            qn = qnText;
        }

        foreach (var numeric in new[] { "ST", "CN" })
        {
            var value = fields[numeric];
            if (value.Length == 0 || !value.All(char.IsAsciiDigit))
            {
                return Fail(Hj212ErrorKind.BadField, numeric, $"field {numeric} '{value}' is not a number");
            }
        }

        if (fields["MN"].Length == 0)
        {
            return Fail(Hj212ErrorKind.BadField, "MN", "field MN (the device ID) is empty");
        }

        int? flag = null;
        if (fields.TryGetValue("Flag", out var flagText))
        {
            if (!TryParseSmall(flagText, out var flagValue) || flagValue > 255)
            {
                return Fail(Hj212ErrorKind.BadField, "Flag", $"field Flag '{flagText}' is not an integer 0-255");
            }

            flag = flagValue;
        }

        var split = flag is { } f && Hj212Flag.IsSplit(f);
        var hasPnum = fields.TryGetValue("PNUM", out var pnumText);
        var hasPno = fields.TryGetValue("PNO", out var pnoText);
        int? count = null, number = null;
        if (split)
        {
            if (!hasPnum)
            {
                return Fail(Hj212ErrorKind.MissingField, "PNUM", "missing field PNUM: Flag's D bit says the packet is split");
            }

            if (!hasPno)
            {
                return Fail(Hj212ErrorKind.MissingField, "PNO", "missing field PNO: Flag's D bit says the packet is split");
            }

            if (!TryParseSmall(pnumText!, out var pnum) || pnum < 1)
            {
                return Fail(Hj212ErrorKind.BadField, "PNUM", $"field PNUM '{pnumText}' is not a positive integer");
            }

            if (!TryParseSmall(pnoText!, out var pno) || pno < 1 || pno > pnum)
            {
                return Fail(Hj212ErrorKind.BadField, "PNO", $"field PNO '{pnoText}' is not a packet number 1-{pnum}");
            }

            (count, number) = (pnum, pno);
        }
        else if (hasPnum || hasPno)
        {
            return Fail(Hj212ErrorKind.BadField, hasPnum ? "PNUM" : "PNO", "PNUM/PNO are only for split packets, but Flag's D bit (2) is not set");
        }

        if (!Hj212DataArea.TryParse(cpText, out var area, out var areaError))
        {
            return new Hj212ParseResult(null, areaError);
        }

        var packet = new Hj212Packet(qn, fields["ST"], fields["CN"], fields["PW"], fields["MN"], flag, area!)
        {
            PacketCount = count,
            PacketNumber = number,
        };
        return new Hj212ParseResult(packet, null);
    }

    private static bool TryParseSmall(string text, out int value)
    {
        value = 0;
        return text.Length is > 0 and <= 4 && text.All(char.IsAsciiDigit) && int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value);
    }

    private static Hj212ParseResult Fail(Hj212ErrorKind kind, string? field, string message) => new(null, new Hj212Error(kind, field, message));
}
