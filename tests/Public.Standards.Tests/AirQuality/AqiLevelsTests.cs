using Public.Standards.AirQuality;

namespace Public.Standards.Tests.AirQuality;

public sealed class AqiLevelsTests
{
    // HJ 633-2012 表2 ranges; names and colours from standards.md §1.3.
    [Theory]
    [InlineData(0, 1, "优", "#00E400")]
    [InlineData(50, 1, "优", "#00E400")]
    [InlineData(51, 2, "良", "#FFFF00")]
    [InlineData(100, 2, "良", "#FFFF00")]
    [InlineData(101, 3, "轻度污染", "#FF7E00")]
    [InlineData(150, 3, "轻度污染", "#FF7E00")]
    [InlineData(151, 4, "中度污染", "#FF0000")]
    [InlineData(200, 4, "中度污染", "#FF0000")]
    [InlineData(201, 5, "重度污染", "#99004C")]
    [InlineData(300, 5, "重度污染", "#99004C")]
    [InlineData(301, 6, "严重污染", "#7E0023")]
    [InlineData(500, 6, "严重污染", "#7E0023")]
    public void LevelBoundariesFollowTable2(int aqi, int number, string nameZh, string hex)
    {
        var level = AqiLevels.For(aqi);

        Assert.Equal((number, nameZh, hex), (level.Number, level.NameZh, level.Hex));
    }

    [Fact]
    public void LevelsCarryGradesColoursAndEnglishNames()
    {
        Assert.Equal(["一级", "二级", "三级", "四级", "五级", "六级"], AqiLevels.All.Select(l => l.GradeZh));
        Assert.Equal(["绿色", "黄色", "橙色", "红色", "紫色", "褐红色"], AqiLevels.All.Select(l => l.ColorZh));
        Assert.Equal(["0,228,0", "255,255,0", "255,126,0", "255,0,0", "153,0,76", "126,0,35"], AqiLevels.All.Select(l => l.Rgb));
        Assert.Equal(
            ["Excellent", "Good", "Lightly polluted", "Moderately polluted", "Heavily polluted", "Severely polluted"],
            AqiLevels.All.Select(l => l.NameEn));
    }

    [Fact]
    public void LevelsTileZeroTo500WithoutGaps()
    {
        Assert.Equal(0, AqiLevels.All[0].MinAqi);
        for (var i = 1; i < AqiLevels.All.Count; i++)
        {
            Assert.Equal(AqiLevels.All[i - 1].MaxAqi + 1, AqiLevels.All[i].MinAqi);
        }

        Assert.Equal(500, AqiLevels.All[^1].MaxAqi);
    }

    [Fact]
    public void NegativeAqiIsRejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => AqiLevels.For(-1));
    }
}
