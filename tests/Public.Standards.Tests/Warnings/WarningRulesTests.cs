using Public.Standards.Warnings;

namespace Public.Standards.Tests.Warnings;

public sealed class WarningRulesTests
{
    [Fact]
    public void ATriggerExpressionReadsBackAsWritten()
    {
        var rule = LevelRule.Parse(WarningLevel.Red, "AQI>200:96h & AQI>300:48h | AQI>=500:24h", "test");

        Assert.Equal("AQI>200:96h & AQI>300:48h | AQI>=500:24h", rule.Expression);
        Assert.Equal(2, rule.AnyOf.Count);
        Assert.Equal(new AqiCondition(AqiComparison.Above, 300, 48), rule.AnyOf[0].AllOf[1]);
        Assert.Equal(new AqiCondition(AqiComparison.AtLeast, 500, 24), rule.AnyOf[1].AllOf[0]);
    }

    [Theory]
    [InlineData("PM>200:48h", "starts with AQI")]
    [InlineData("AQI<200:48h", "> or >=")]
    [InlineData("AQI>200", ":<hours>h")]
    [InlineData("AQI>abc:48h", "whole AQI")]
    [InlineData("AQI>200:12h", "at least 24")]
    [InlineData("AQI>200:48h &", "starts with AQI")]
    public void ABadTriggerExpressionSaysWhatIsWrong(string expression, string reason)
    {
        var e = Assert.Throws<FormatException>(() => LevelRule.ParseExpression(expression));

        Assert.Contains(reason, e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("orange", WarningLevel.Orange)]
    [InlineData(" Red ", WarningLevel.Red)]
    [InlineData("黄色", WarningLevel.Yellow)]
    [InlineData("橙色预警", WarningLevel.Orange)]
    [InlineData("Ⅰ级", WarningLevel.Red)]
    [InlineData("III级", WarningLevel.Yellow)]
    [InlineData("蓝色预警", WarningLevel.Blue)]
    public void LevelsAreReadAsPublishersWriteThem(string text, WarningLevel expected)
    {
        Assert.True(WarningLevels.TryParse(text, out var level));
        Assert.Equal(expected, level);
    }

    [Theory]
    [InlineData("purple")]
    [InlineData("")]
    [InlineData("V级")]
    public void UnknownLevelsAreNotRead(string text)
    {
        Assert.False(WarningLevels.TryParse(text, out _));
    }

    [Fact]
    public void LevelsHaveTheirChineseNamesAndGrades()
    {
        Assert.Equal(["蓝色预警", "黄色预警", "橙色预警", "红色预警"], WarningLevels.All.Select(WarningLevels.NameZh));
        Assert.Equal(["Ⅳ级", "Ⅲ级", "Ⅱ级", "Ⅰ级"], WarningLevels.All.Select(WarningLevels.GradeZh));
    }

    [Fact]
    public void TheNationalSchemesOrderEmissionCutsOf10_20And30Percent()
    {
        foreach (var scheme in new[] { WarningSchemes.National2018(), WarningSchemes.National2024(), WarningSchemes.LiaoningJinzhou2024() })
        {
            Assert.Equal([10, 20, 30], new[] { WarningLevel.Yellow, WarningLevel.Orange, WarningLevel.Red }.Select(l => scheme.EmissionCutPercent[l]));
        }
    }
}
