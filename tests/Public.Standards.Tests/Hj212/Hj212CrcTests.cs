using System.Text;
using Public.Standards.Hj212;

namespace Public.Standards.Tests.Hj212;

public sealed class Hj212CrcTests
{
    private const string StandardExample =
        "QN=20160801085857223;ST=32;CN=1062;PW=100000;MN=010000A8900016F000169DC0;Flag=5;CP=&&RtdInterval=30&&";

    // standards.md §5.2: the standard's own example gives 1C80 (length 101); the other two vectors were computed
    // with the same algorithm and appear in several repositories' tests.
    [Theory]
    [InlineData(StandardExample, 101, "1C80")]
    [InlineData("QN=20170516010101001;ST=22;CN=1062;PW=123456;MN=ABCDEFG1234567;Flag=3;CP=&&RtdInterval=30&&", 91, "D801")]
    [InlineData("QN=20170516010101001;ST=22;CN=1061;PW=123456;MN=ABCDEFG1234567;Flag=3;CP=&&&&", 77, "2580")]
    public void StandardVectors(string segment, int length, string crc)
    {
        Assert.Equal(length, segment.Length);
        Assert.Equal(crc, Hj212Crc.Format(Hj212Crc.Compute(segment)));
    }

    // The Modbus CRC-16 (crc ^= b per byte) of the same bytes is 0759 / EF98 / 77E5: not the HJ 212 CRC.
    [Theory]
    [InlineData(StandardExample, "0759")]
    [InlineData("QN=20170516010101001;ST=22;CN=1062;PW=123456;MN=ABCDEFG1234567;Flag=3;CP=&&RtdInterval=30&&", "EF98")]
    [InlineData("QN=20170516010101001;ST=22;CN=1061;PW=123456;MN=ABCDEFG1234567;Flag=3;CP=&&&&", "77E5")]
    public void ModbusGivesADifferentValue(string segment, string modbus)
    {
        Assert.Equal(modbus, Hj212Crc.Format(Hj212Crc.ComputeModbus(Encoding.ASCII.GetBytes(segment))));
    }

    [Fact]
    public void TheStandardsExamplePacketIsFramedAsPublished()
    {
        var packet = Hj212Codec.FormatDataSegment(StandardExample);

        Assert.Equal("##0101" + StandardExample + "1C80\r\n", packet);
    }

    [Fact]
    public void NonAsciiIsRefused()
    {
        Assert.Throws<ArgumentException>(() => Hj212Crc.Compute("MN=锦州"));
    }
}
