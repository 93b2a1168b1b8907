namespace Public.Standards.Hj212;

/// <summary>
/// Replies of the receiving platform (standards.md §5.3): a data upload (CN 2xxx) is answered with 9014 数据应答,
/// a request with 9011 请求应答 carrying QnRtn. A reply echoes the QN, PW and MN of the packet it answers, has
/// ST=91 (系统交互) and Flag=4 (HJ 212-2017, no reply wanted).
/// </summary>
public static class Hj212Replies
{
    /// <summary>The reply the packet asks for (Flag's A bit), or null when it asks for none.</summary>
    public static Hj212Packet? For(Hj212Packet packet)
    {
        ArgumentNullException.ThrowIfNull(packet);
        if (!packet.AnswerRequested)
        {
            return null;
        }

        return Hj212Commands.IsUpload(packet.Cn) ? DataAnswer(packet) : RequestAnswer(packet, Hj212QnRtn.Ready);
    }

    /// <summary>CN=9014 数据应答, with an empty data area.</summary>
    public static Hj212Packet DataAnswer(Hj212Packet packet)
    {
        ArgumentNullException.ThrowIfNull(packet);
        return new Hj212Packet(packet.Qn, Hj212Commands.SystemInteraction, Hj212Commands.DataAnswer, packet.Pw, packet.Mn, Hj212Flag.NoAnswer2017, Hj212DataArea.Empty);
    }

    /// <summary>CN=9011 请求应答 with <c>QnRtn</c>.</summary>
    public static Hj212Packet RequestAnswer(Hj212Packet packet, Hj212QnRtn result)
    {
        ArgumentNullException.ThrowIfNull(packet);
        var cp = Hj212DataArea.FromParameters(("QnRtn", ((int)result).ToString(System.Globalization.CultureInfo.InvariantCulture)));
        return new Hj212Packet(packet.Qn, Hj212Commands.SystemInteraction, Hj212Commands.RequestAnswer, packet.Pw, packet.Mn, Hj212Flag.NoAnswer2017, cp);
    }
}
