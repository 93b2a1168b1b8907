namespace Public.Standards.Hj212;

/// <summary>
/// The packet's <c>Flag=</c> (standards.md §5.1): bits <c>V5 V4 V3 V2 V1 V0 D A</c>. A (bit 0) asks the receiver
/// to reply; D (bit 1) says the packet is one of several, with PNUM/PNO; V5..V0 is the protocol version
/// (0 = HJ/T 212-2005, 1 = HJ 212-2017). So 4 = 2017 without reply, 5 = 2017 with reply, 7 = split as well.
/// </summary>
public static class Hj212Flag
{
    public const int AnswerRequestedBit = 0b01;
    public const int SplitBit = 0b10;

    /// <summary>Version field value of HJ 212-2017.</summary>
    public const int Version2017 = 1;

    /// <summary>HJ 212-2017, no reply requested, not split: what replies themselves carry.</summary>
    public const int NoAnswer2017 = Version2017 << 2;

    public static bool AnswerRequested(int flag) => (flag & AnswerRequestedBit) != 0;

    public static bool IsSplit(int flag) => (flag & SplitBit) != 0;

    public static int Version(int flag) => flag >> 2;

    public static int Make(int version, bool split, bool answerRequested) =>
        (version << 2) | (split ? SplitBit : 0) | (answerRequested ? AnswerRequestedBit : 0);
}
