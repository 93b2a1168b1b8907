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

    // The implementation looks each byte up in a table; here the standard's procedure (附录: crc = (crc >> 8) ^ b, then
    // eight shifts with 0xA001) is followed literally, bit by bit, over the three vectors and 2,000 random segments,
    // through both the bytes and the string overloads.
    [Fact]
    public void TheTableGivesTheStandardsBitByBitProcedure()
    {
        var random = new Random(212);
        var segments = new List<string> { StandardExample, "", "QN=20170516010101001;ST=22;CN=1061;PW=123456;MN=ABCDEFG1234567;Flag=3;CP=&&&&" };
        for (var n = 0; n < 2000; n++)
        {
            var chars = new char[random.Next(1, 1100)];
            for (var i = 0; i < chars.Length; i++)
            {
                chars[i] = (char)random.Next(0, 0x80);
            }

            segments.Add(new string(chars));
        }

        foreach (var segment in segments)
        {
            var bytes = Encoding.ASCII.GetBytes(segment);
            var expected = BitByBit(bytes);
            Assert.Equal(expected, Hj212Crc.Compute(bytes));
            Assert.Equal(expected, Hj212Crc.Compute(segment));
        }

        Assert.Equal(0x1C80, BitByBit(Encoding.ASCII.GetBytes(StandardExample)));
    }

    private static ushort BitByBit(byte[] data)
    {
        var crc = 0xFFFF;
        foreach (var b in data)
        {
            crc = (crc >> 8) ^ b;
            for (var shift = 0; shift < 8; shift++)
            {
                crc = (crc & 1) == 1 ? (crc >> 1) ^ 0xA001 : crc >> 1;
            }
        }

        return (ushort)crc;
    }

    [Fact]
    public void NonAsciiIsRefused()
    {
        Assert.Throws<ArgumentException>(() => Hj212Crc.Compute("MN=锦州"));
    }
}
