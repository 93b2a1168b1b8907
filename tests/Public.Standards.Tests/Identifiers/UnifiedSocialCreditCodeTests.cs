using Public.Standards.Identifiers;

namespace Public.Standards.Tests.Identifiers;

public sealed class UnifiedSocialCreditCodeTests
{
    // Codes of well-known companies as published:
    // * 914403001922038216 华为技术有限公司, the infobox of https://zh.wikipedia.org/zh-hk/華爲 ("機構代碼").
    // * 9144030071526726XG and 91110000600037341L, in the list of codes "found online" in python-stdnum's
    //   tests/test_cn_uscc.doctest (arthurdejong/python-stdnum).
    // * 91620105L015101280 and 91340600MA2PBM9HXD from the same list: an organisation code starting with a
    //   letter, and the post-2015 "MA" codes issued by the registration authorities themselves.
    [Theory]
    [InlineData("914403001922038216")]
    [InlineData("9144030071526726XG")]
    [InlineData("91110000600037341L")]
    [InlineData("91620105L015101280")]
    [InlineData("91340600MA2PBM9HXD")]
    public void PublishedCodesOfRealOrganisationsAreValid(string code)
    {
        var check = UnifiedSocialCreditCode.Validate(code);

        Assert.True(check.IsValid, check.Message);
    }

    // Hand-computed with the weights W_i = 3^(i-1) mod 31 and the charset values (A=10 … Y=30, no I O S V Z):
    // 914403001922038216: 9·1+1·3+4·9+4·27+0·19+3·26+0·16+0·17+1·20+9·29+2·25+2·13+0·8+3·24+8·10+2·30+1·28 = 831;
    //   831 mod 31 = 25; 31 − 25 = 6 → '6'.
    // 91110000600037341L: sum 538; 538 mod 31 = 11; 31 − 11 = 20 → 'L' (value 20).
    // 9144030071526726XG: sum 1782; 1782 mod 31 = 15; 31 − 15 = 16 → 'G' (value 16).
    [Theory]
    [InlineData("91440300192203821", '6')]
    [InlineData("91110000600037341", 'L')]
    [InlineData("9144030071526726X", 'G')]
    public void CheckDigitMatchesTheHandComputedValue(string first17, char expected)
    {
        Assert.Equal(expected, UnifiedSocialCreditCode.CheckDigit(first17));
    }

    // The worked example published with GB 32100-2015 ("校验码计算方法实例"): for 91350100M000100Y4Z the sum is
    // 1640, 1640 mod 31 = 28, 31 − 28 = 3, so the code is wrong and the check digit should be '3'.
    [Fact]
    public void TheStandardsWorkedExampleIsRejectedWithCheckDigitThree()
    {
        var check = UnifiedSocialCreditCode.Validate("91350100M000100Y4Z");

        Assert.Equal(CreditCodeError.CheckDigit, check.Error);
        Assert.Equal(18, check.Position);
        Assert.Equal('3', check.Expected);
        Assert.Contains("expected '3'", check.Message, StringComparison.Ordinal);
        Assert.True(UnifiedSocialCreditCode.IsValid("91350100M000100Y43"));
    }

    // GB 11714-1997 §2.1.2, hand-computed with weights 3,7,9,10,5,8,4,2 and letters A=10 … Z=35:
    // 12345678: 1·3+2·7+3·9+4·10+5·5+6·8+7·4+8·2 = 201; 201 mod 11 = 3; 11 − 3 = 8.
    // 19220382 (Huawei): 1·3+9·7+2·9+2·10+0·5+3·8+8·4+2·2 = 164; 164 mod 11 = 10; 11 − 10 = 1.
    // 71526726 (Tencent): 7·3+1·7+5·9+2·10+6·5+7·8+2·4+6·2 = 199; 199 mod 11 = 1; 11 − 1 = 10 → 'X'.
    // PDY00001: P=25·3 + D=13·7 + Y=34·9 + 1·2 = 75+91+306+2 = 474; 474 mod 11 = 1 → 'X'.
    // 60003734: 6·3+0·7+0·9+0·10+3·5+7·8+3·4+4·2 = 109; 109 mod 11 = 10; 11 − 10 = 1.
    [Theory]
    [InlineData("12345678", '8')]
    [InlineData("19220382", '1')]
    [InlineData("71526726", 'X')]
    [InlineData("PDY00001", 'X')]
    [InlineData("60003734", '1')]
    public void OrganisationCheckDigitMatchesTheHandComputedValue(string body, char expected)
    {
        Assert.Equal(expected, UnifiedSocialCreditCode.OrganisationCheckDigit(body));
    }

    [Fact]
    public void WrongLengthIsReportedAsLength()
    {
        var check = UnifiedSocialCreditCode.Validate("91440300192203821");

        Assert.Equal(CreditCodeError.Length, check.Error);
        Assert.Contains("18 characters", check.Message, StringComparison.Ordinal);
        Assert.Contains("has 17", check.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("9144030019220382I6", 17, 'I')]
    [InlineData("91440300O92203821 ", 9, 'O')]
    [InlineData("S14403001922038216", 1, 'S')]
    [InlineData("914403001922038z16", 16, 'z')]
    public void IllegalCharacterIsReportedWithItsPosition(string code, int position, char character)
    {
        var check = UnifiedSocialCreditCode.Validate(code);

        Assert.Equal(CreditCodeError.IllegalCharacter, check.Error);
        Assert.Equal(position, check.Position);
        Assert.Contains($"'{character}' at position {position}", check.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LetterInTheAdministrativeDivisionIsReported()
    {
        var check = UnifiedSocialCreditCode.Validate("9144A3001922038216");

        Assert.Equal(CreditCodeError.DivisionNotDigits, check.Error);
        Assert.Equal(5, check.Position);
    }

    [Fact]
    public void WrongOrganisationCheckDigitIsReportedBeforeTheFinalCheckDigit()
    {
        // Huawei's code with position 17 changed from 1 to 2: GB 11714 expects 1 (see above).
        var check = UnifiedSocialCreditCode.Validate("914403001922038226");

        Assert.Equal(CreditCodeError.OrganisationCheckDigit, check.Error);
        Assert.Equal(17, check.Position);
        Assert.Equal('1', check.Expected);
    }

    [Fact]
    public void WrongFinalCheckDigitNamesTheExpectedOne()
    {
        var check = UnifiedSocialCreditCode.Validate("91110000600037341N");

        Assert.Equal(CreditCodeError.CheckDigit, check.Error);
        Assert.Equal('L', check.Expected);
        Assert.Equal("check digit (position 18) of '91110000600037341N' is 'N', expected 'L'", check.Message);
    }

    [Fact]
    public void EmptyCodeIsReportedAsEmpty()
    {
        Assert.Equal(CreditCodeError.Empty, UnifiedSocialCreditCode.Validate("").Error);
        Assert.Equal(CreditCodeError.Empty, UnifiedSocialCreditCode.Validate(null).Error);
    }
}
