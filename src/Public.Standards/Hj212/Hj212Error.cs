namespace Public.Standards.Hj212;

public enum Hj212ErrorKind
{
    /// <summary>No <c>##</c> header, no CR LF trailer, or something after it.</summary>
    Framing,

    /// <summary>The 4-digit data-segment length is not digits, over 1024, or not the actual length.</summary>
    Length,

    /// <summary>The CRC is not 4 hex digits or not the HJ 212 CRC of the data segment.</summary>
    Crc,

    /// <summary>A character outside printable ASCII.</summary>
    Character,

    /// <summary>A required field (ST, CN, PW, MN, CP; PNUM/PNO for split packets) is absent.</summary>
    MissingField,

    /// <summary>A field appears twice.</summary>
    DuplicateField,

    /// <summary>A field is longer than its limit (lengths include the <c>XX=</c> prefix).</summary>
    FieldTooLong,

    /// <summary>A field's value is malformed (not a number, a Flag over 255, PNO outside 1..PNUM…).</summary>
    BadField,

    /// <summary>QN or DataTime is not a real date and time in the standard's format.</summary>
    BadTimestamp,

    /// <summary>The data area (CP) is malformed: no <c>&amp;&amp;</c> delimiters, an item without '=', a bad value or data flag.</summary>
    BadDataArea,
}

/// <summary>What is wrong with a packet: the kind, the field concerned if any, and a message naming the problem.</summary>
public sealed record Hj212Error(Hj212ErrorKind Kind, string? Field, string Message)
{
    public override string ToString() => Message;
}

/// <summary>Thrown by the formatting side when asked to write a packet the standard does not allow.</summary>
public sealed class Hj212FormatException(Hj212Error error) : FormatException(error.Message)
{
    public Hj212Error Error { get; } = error;
}
