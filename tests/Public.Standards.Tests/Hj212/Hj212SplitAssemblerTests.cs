using Public.Standards.Hj212;

namespace Public.Standards.Tests.Hj212;

public sealed class Hj212SplitAssemblerTests
{
    private static Hj212Packet Part(int number, int count, string cp) =>
        Hj212Codec.Parse(Hj212Codec.FormatDataSegment(
            $"QN=20190315100000123;ST=31;CN=2061;PW=123456;MN=JZ01;Flag=7;PNUM={count};PNO={number};CP=&&{cp}&&")).Packet!;

    [Fact]
    public void PartsInAnyOrderJoinInPacketNumberOrder()
    {
        var assembler = new Hj212SplitAssembler();

        Assert.Null(assembler.Add(Part(2, 3, "a21002-Avg=80,a21002-Flag=N")));
        Assert.Null(assembler.Add(Part(1, 3, "DataTime=20190315090000;a21026-Avg=20,a21026-Flag=N")));
        Assert.Equal(1, assembler.PendingMessages);
        var whole = assembler.Add(Part(3, 3, "a34013-Avg=5,a34013-Flag=N"))!;

        Assert.Equal(0, assembler.PendingMessages);
        Assert.False(whole.IsSplit);
        Assert.True(whole.AnswerRequested);
        Assert.Null(whole.PacketCount);
        Assert.Equal(new DateTime(2019, 3, 15, 9, 0, 0), whole.Cp.DataTime);
        Assert.Equal(["a21026", "a21002", "a34013"], whole.Cp.Measurements.Select(m => m.Code));
    }

    [Fact]
    public void AnUnsplitPacketPassesThrough()
    {
        var packet = Hj212Codec.Parse(Hj212Codec.FormatDataSegment("ST=31;CN=2061;PW=1;MN=JZ01;Flag=4;CP=&&a21026-Avg=1&&")).Packet!;

        Assert.Same(packet, new Hj212SplitAssembler().Add(packet));
    }
}
