using Public.Standards.Hj212;

namespace Public.Standards.Tests.Hj212;

public sealed class Hj212CodecTests
{
    private const string StandardExample =
        "QN=20160801085857223;ST=32;CN=1062;PW=100000;MN=010000A8900016F000169DC0;Flag=5;CP=&&RtdInterval=30&&";

    private const string HourlySegment =
        "QN=20190315100000123;ST=31;CN=2061;PW=123456;MN=JZ0000000000000000000001;Flag=5;" +
        "CP=&&DataTime=20190315090000;a21026-Min=10.1,a21026-Avg=22.5,a21026-Max=40.0,a21026-Cou=3.2,a21026-Flag=N;" +
        "a19001-Avg=9.8,a19001-Flag=N;a34013-Avg=12,a34013-Flag=M&&";

    [Fact]
    public void ParsesTheStandardsExample()
    {
        var result = Hj212Codec.Parse("##0101" + StandardExample + "1C80\r\n");

        Assert.True(result.IsValid, result.Error?.Message);
        var packet = result.Packet!;
        Assert.Equal("20160801085857223", packet.Qn);
        Assert.Equal(new DateTime(2016, 8, 1, 8, 58, 57, 223), packet.QnTime);
        Assert.Equal("32", packet.St);
        Assert.Equal("1062", packet.Cn);
        Assert.Equal("100000", packet.Pw);
        Assert.Equal("010000A8900016F000169DC0", packet.Mn);
        Assert.Equal(5, packet.Flag);
        Assert.True(packet.AnswerRequested);
        Assert.False(packet.IsSplit);
        Assert.Equal("30", packet.Cp.Parameters["RtdInterval"]);
        Assert.Equal(StandardExample, packet.DataSegment);
    }

    [Fact]
    public void TheTrailerIsOptionalForCapturedLines()
    {
        Assert.True(Hj212Codec.Parse("##0101" + StandardExample + "1C80").IsValid);
    }

    [Fact]
    public void ParsesHourlyDataWithFlagsAndStatistics()
    {
        var packet = Hj212Codec.Parse(Hj212Codec.FormatDataSegment(HourlySegment)).Packet!;

        Assert.Equal(Hj212Commands.HourlyData, packet.Cn);
        Assert.Equal(new DateTime(2019, 3, 15, 9, 0, 0), packet.Cp.DataTime);
        Assert.Equal(["a21026", "a19001", "a34013"], packet.Cp.Measurements.Select(m => m.Code));
        var so2 = packet.Cp.Find("a21026")!;
        Assert.Equal(10.1m, so2.Min);
        Assert.Equal(22.5m, so2.Avg);
        Assert.Equal(40.0m, so2.Max);
        Assert.Equal(3.2m, so2.Cou);
        Assert.Null(so2.Rtd);
        Assert.Equal(Hj212DataStatus.Normal, so2.Flag);
        Assert.Equal(Hj212DataStatus.Maintenance, packet.Cp.Find("a34013")!.Flag);
    }

    [Theory]
    [InlineData('N', Hj212DataStatus.Normal)]
    [InlineData('F', Hj212DataStatus.Stopped)]
    [InlineData('M', Hj212DataStatus.Maintenance)]
    [InlineData('S', Hj212DataStatus.ManualInput)]
    [InlineData('D', Hj212DataStatus.Fault)]
    [InlineData('C', Hj212DataStatus.Calibration)]
    [InlineData('T', Hj212DataStatus.OverRange)]
    [InlineData('B', Hj212DataStatus.CommunicationFault)]
    public void AllEightDataFlagsOfTheStandard(char letter, Hj212DataStatus status)
    {
        var area = Hj212DataArea.Parse($"DataTime=20190101000000;a21002-Rtd=1.5,a21002-Flag={letter}");

        Assert.Equal(status, area.Find("a21002")!.Flag);
        Assert.Equal(letter, status.ToLetter());
    }

    [Fact]
    public void RealTimeAndMinuteAndDailyDataParse()
    {
        foreach (var (cn, cp) in new[]
        {
            (Hj212Commands.RealTimeData, "DataTime=20190315100102;a21026-Rtd=21.7,a21026-Flag=N"),
            (Hj212Commands.MinuteData, "DataTime=20190315100100;a21026-Min=1,a21026-Avg=2,a21026-Max=3,a21026-Cou=0.1,a21026-Flag=N"),
            (Hj212Commands.DailyData, "DataTime=20190315000000;a21026-Min=1,a21026-Avg=2,a21026-Max=3,a21026-Cou=86.4,a21026-Flag=N"),
        })
        {
            var segment = $"QN=20190315100102000;ST=31;CN={cn};PW=123456;MN=JZ01;Flag=4;CP=&&{cp}&&";
            var result = Hj212Codec.Parse(Hj212Codec.FormatDataSegment(segment));

            Assert.True(result.IsValid, result.Error?.Message);
            Assert.True(Hj212Commands.IsMonitoringData(result.Packet!.Cn));
            Assert.False(result.Packet.AnswerRequested);
        }
    }

    [Fact]
    public void FormatRoundTrips()
    {
        var cp = Hj212DataArea.Build(new DateTime(2019, 3, 15, 9, 0, 0),
            [new Hj212Measurement("a21026") { Avg = 22.5m, Max = 40.0m, Flag = Hj212DataStatus.Normal }]);
        var packet = new Hj212Packet("20190315100000123", "31", Hj212Commands.HourlyData, "123456", "JZ01", 5, cp);

        var text = Hj212Codec.Format(packet);
        var back = Hj212Codec.Parse(text).Packet!;

        Assert.Equal("DataTime=20190315090000;a21026-Avg=22.5,a21026-Max=40.0,a21026-Flag=N", cp.Text);
        Assert.Equal(packet.DataSegment, back.DataSegment);
        Assert.EndsWith("\r\n", text, StringComparison.Ordinal);
        Assert.Equal(40.0m, back.Cp.Find("a21026")!.Max);
    }

    [Fact]
    public void BadCrcNamesTheExpectedValue()
    {
        var error = Hj212Codec.Parse("##0101" + StandardExample + "1C81\r\n").Error!;

        Assert.Equal(Hj212ErrorKind.Crc, error.Kind);
        Assert.Contains("says 1C81, expected 1C80", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AModbusCrcIsRecognisedAsSuch()
    {
        var error = Hj212Codec.Parse("##0101" + StandardExample + "0759\r\n").Error!;

        Assert.Equal(Hj212ErrorKind.Crc, error.Kind);
        Assert.Contains("Modbus", error.Message, StringComparison.Ordinal);
    }

    // standards.md §5.2: the xiaoyao9184 README example declares 0139 for a 136-character data segment.
    [Theory]
    [InlineData("##0100" + StandardExample + "1C80\r\n", "declares 0100 but its data segment has 101")]
    [InlineData("##01A1" + StandardExample + "1C80\r\n", "not a 4-digit decimal")]
    [InlineData("##2000" + StandardExample + "1C80\r\n", "over the limit of 1024")]
    [InlineData("##01", "too short")]
    public void BadLengths(string text, string message)
    {
        var error = Hj212Codec.Parse(text).Error!;

        Assert.Equal(Hj212ErrorKind.Length, error.Kind);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MissingHeaderIsAFramingError()
    {
        Assert.Equal(Hj212ErrorKind.Framing, Hj212Codec.Parse("$$0101" + StandardExample + "1C80\r\n").Error!.Kind);
    }

    [Theory]
    [InlineData("QN=20190315100000123;CN=2061;PW=123456;MN=JZ01;Flag=4;CP=&&&&", Hj212ErrorKind.MissingField, "ST", "missing field ST")]
    [InlineData("QN=20190315100000123;ST=31;PW=123456;MN=JZ01;Flag=4;CP=&&&&", Hj212ErrorKind.MissingField, "CN", "missing field CN")]
    [InlineData("QN=20190315100000123;ST=31;CN=2061;MN=JZ01;Flag=4;CP=&&&&", Hj212ErrorKind.MissingField, "PW", "missing field PW")]
    [InlineData("QN=20190315100000123;ST=31;CN=2061;PW=123456;Flag=4;CP=&&&&", Hj212ErrorKind.MissingField, "MN", "missing field MN")]
    [InlineData("QN=20190315100000123;ST=31;CN=2061;PW=123456;MN=JZ01;Flag=4", Hj212ErrorKind.MissingField, "CP", "missing field CP")]
    [InlineData("QN=201903151000001234;ST=31;CN=2061;PW=123456;MN=JZ01;Flag=4;CP=&&&&", Hj212ErrorKind.FieldTooLong, "QN", "over the limit of 20")]
    [InlineData("QN=20190315100000123;ST=311;CN=2061;PW=123456;MN=JZ01;Flag=4;CP=&&&&", Hj212ErrorKind.FieldTooLong, "ST", "over the limit of 5")]
    [InlineData("QN=20190315100000123;ST=31;CN=20611;PW=123456;MN=JZ01;Flag=4;CP=&&&&", Hj212ErrorKind.FieldTooLong, "CN", "over the limit of 7")]
    [InlineData("QN=20190315100000123;ST=31;CN=2061;PW=1234567;MN=JZ01;Flag=4;CP=&&&&", Hj212ErrorKind.FieldTooLong, "PW", "over the limit of 9")]
    [InlineData("QN=20190315100000123;ST=31;CN=2061;PW=123456;MN=JZ0000000000000000000000001;Flag=4;CP=&&&&", Hj212ErrorKind.FieldTooLong, "MN", "over the limit of 27")]
    [InlineData("QN=20190315100000123;ST=31;CN=2061;PW=123456;MN=JZ01;Flag=256;CP=&&&&", Hj212ErrorKind.BadField, "Flag", "0-255")]
    [InlineData("QN=20190315100000123;ST=3X;CN=2061;PW=123456;MN=JZ01;Flag=4;CP=&&&&", Hj212ErrorKind.BadField, "ST", "not a number")]
    [InlineData("QN=20190315100000123;ST=31;ST=31;CN=2061;PW=123456;MN=JZ01;Flag=4;CP=&&&&", Hj212ErrorKind.DuplicateField, "ST", "twice")]
    [InlineData("QN=20190315100000123;ST=31;CN=2061;PW=123456;MN=JZ01;XX=1;CP=&&&&", Hj212ErrorKind.BadField, "XX", "unknown field")]
    [InlineData("QN=20190230100000123;ST=31;CN=2061;PW=123456;MN=JZ01;Flag=4;CP=&&&&", Hj212ErrorKind.BadTimestamp, "QN", "bad timestamp")]
    [InlineData("QN=20190315100000123;ST=31;CN=2061;PW=123456;MN=JZ01;Flag=4;CP=&&DataTime=20191315090000&&", Hj212ErrorKind.BadTimestamp, "DataTime", "bad timestamp")]
    [InlineData("QN=20190315100000123;ST=31;CN=2061;PW=123456;MN=JZ01;Flag=4;CP=&&a21026-Avg=1x&&", Hj212ErrorKind.BadDataArea, "CP", "not a decimal number")]
    [InlineData("QN=20190315100000123;ST=31;CN=2061;PW=123456;MN=JZ01;Flag=4;CP=&&a21026-Flag=H&&", Hj212ErrorKind.BadDataArea, "CP", "not one of NFMSDCTB")]
    [InlineData("QN=20190315100000123;ST=31;CN=2061;PW=123456;MN=JZ01;Flag=4;CP=&&a21026&&", Hj212ErrorKind.BadDataArea, "CP", "not key=value")]
    [InlineData("QN=20190315100000123;ST=31;CN=2061;PW=123456;MN=JZ01;Flag=4;CP=&&a21026-Avg=1;a21026-Avg=2&&", Hj212ErrorKind.BadDataArea, "CP", "twice")]
    [InlineData("QN=20190315100000123;ST=31;CN=2061;PW=123456;MN=JZ01;Flag=4;CP=&&a21026-Avg=1", Hj212ErrorKind.BadDataArea, "CP", "CP=&&")]
    [InlineData("QN=20190315100000123;ST=31;CN=2061;PW=123456;MN=JZ01;Flag=6;CP=&&&&", Hj212ErrorKind.MissingField, "PNUM", "split")]
    [InlineData("QN=20190315100000123;ST=31;CN=2061;PW=123456;MN=JZ01;Flag=6;PNUM=2;PNO=3;CP=&&&&", Hj212ErrorKind.BadField, "PNO", "1-2")]
    [InlineData("QN=20190315100000123;ST=31;CN=2061;PW=123456;MN=JZ01;Flag=4;PNUM=2;PNO=1;CP=&&&&", Hj212ErrorKind.BadField, "PNUM", "D bit")]
    public void InvalidFieldsAreNamed(string segment, Hj212ErrorKind kind, string field, string message)
    {
        var error = Hj212Codec.Parse(Hj212Codec.FormatDataSegment(segment)).Error;

        Assert.NotNull(error);
        Assert.Equal(kind, error.Kind);
        Assert.Equal(field, error.Field);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ADataAreaOver950CharactersIsRejected()
    {
        var cp = "a21026-Avg=" + new string('1', 950);
        var error = Hj212Codec.Parse(Hj212Codec.FormatDataSegment($"ST=31;CN=2061;PW=1;MN=JZ01;Flag=4;CP=&&{cp}&&")).Error!;

        Assert.Equal(Hj212ErrorKind.BadDataArea, error.Kind);
        Assert.Contains("950", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ControlCharactersAreRejected()
    {
        var error = Hj212Codec.Parse(Hj212Codec.FormatDataSegment("ST=31;CN=2061;PW=1;MN=JZ\t1;Flag=4;CP=&&&&")).Error!;

        Assert.Equal(Hj212ErrorKind.Character, error.Kind);
    }

    [Fact]
    public void SplitPacketsCarryTheirNumbers()
    {
        var packet = Hj212Codec.Parse(Hj212Codec.FormatDataSegment(
            "QN=20190315100000123;ST=31;CN=2061;PW=123456;MN=JZ01;Flag=7;PNUM=3;PNO=2;CP=&&a21026-Avg=1&&")).Packet!;

        Assert.True(packet.IsSplit);
        Assert.True(packet.AnswerRequested);
        Assert.Equal(3, packet.PacketCount);
        Assert.Equal(2, packet.PacketNumber);
        Assert.Equal(1, Hj212Flag.Version(packet.Flag!.Value));
    }

    [Fact]
    public void FormattingAnInvalidPacketThrows()
    {
        var packet = new Hj212Packet("2019", "31", "2061", "123456", "JZ01", 4, Hj212DataArea.Empty);

        var ex = Assert.Throws<Hj212FormatException>(() => Hj212Codec.Format(packet));
        Assert.Equal(Hj212ErrorKind.BadTimestamp, ex.Error.Kind);
    }

    [Theory]
    [InlineData(4, false, false, 1)]
    [InlineData(5, true, false, 1)]
    [InlineData(7, true, true, 1)]
    [InlineData(0, false, false, 0)]
    public void FlagBits(int flag, bool answer, bool split, int version)
    {
        Assert.Equal(answer, Hj212Flag.AnswerRequested(flag));
        Assert.Equal(split, Hj212Flag.IsSplit(flag));
        Assert.Equal(version, Hj212Flag.Version(flag));
        Assert.Equal(flag, Hj212Flag.Make(version, split, answer));
    }

    [Fact]
    public void ADataUploadAskingForAnAnswerGetsA9014DataAnswer()
    {
        var packet = Hj212Codec.Parse(Hj212Codec.FormatDataSegment(HourlySegment)).Packet!;

        var reply = Hj212Replies.For(packet)!;

        Assert.Equal(
            "QN=20190315100000123;ST=91;CN=9014;PW=123456;MN=JZ0000000000000000000001;Flag=4;CP=&&&&",
            reply.DataSegment);
        Assert.True(Hj212Codec.Parse(Hj212Codec.Format(reply)).IsValid);
    }

    [Fact]
    public void ARequestAskingForAnAnswerGetsA9011WithQnRtn()
    {
        var packet = Hj212Codec.Parse("##0101" + StandardExample + "1C80\r\n").Packet!;

        var reply = Hj212Replies.For(packet)!;

        Assert.Equal(
            "QN=20160801085857223;ST=91;CN=9011;PW=100000;MN=010000A8900016F000169DC0;Flag=4;CP=&&QnRtn=1&&",
            reply.DataSegment);
    }

    [Fact]
    public void NoAnswerWhenTheFlagDoesNotAskForOne()
    {
        var packet = Hj212Codec.Parse(Hj212Codec.FormatDataSegment(HourlySegment.Replace("Flag=5", "Flag=4", StringComparison.Ordinal))).Packet!;

        Assert.Null(Hj212Replies.For(packet));
    }
}
