namespace Public.Standards.Identifiers;

/// <summary>Which part of a unified social credit code is wrong.</summary>
public enum CreditCodeError
{
    None,
    Empty,
    Length,
    IllegalCharacter,
    DivisionNotDigits,
    OrganisationCheckDigit,
    CheckDigit,
}

/// <summary>
/// The outcome of <see cref="UnifiedSocialCreditCode.Validate"/>: valid, or the first thing wrong with the code,
/// where (1-based <see cref="Position"/>) and, for a check digit, the character the standard expects.
/// </summary>
public sealed record CreditCodeCheck(CreditCodeError Error, int? Position, char? Expected, string Message)
{
    public bool IsValid => Error == CreditCodeError.None;
}

/// <summary>
/// 统一社会信用代码 per GB 32100-2015《法人和其他组织统一社会信用代码编码规则》:
/// 18 characters = registration authority code (1) + organisation type code (1) + administrative division of the
/// registering authority, GB/T 2260 (6 digits) + organisation code, GB 11714 (9, the last its own check digit)
/// + check digit (1).
/// </summary>
public static class UnifiedSocialCreditCode
{
    public const int Length = 18;

    /// <summary>
    /// GB 32100-2015 表1 代码字符集: digits and the capital letters without I, O, S, V, Z; a character's value is
    /// its index here (A = 10 … Y = 30).
    /// </summary>
    public const string Charset = "0123456789ABCDEFGHJKLMNPQRTUWXY";

    /// <summary>The charset as people write it in error messages.</summary>
    public const string CharsetDescription = "0-9 and A-H J-N P-R T-U W-Y (no I, O, S, V, Z)";

    /// <summary>GB 32100-2015 表2 加权因子: W_i = 3^(i-1) mod 31 for i = 1…17.</summary>
    private static readonly int[] Weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

    /// <summary>GB 11714-1997 §2.1.2: weights of the eight characters of the organisation code body.</summary>
    private static readonly int[] OrganisationWeights = [3, 7, 9, 10, 5, 8, 4, 2];

    public static CreditCodeCheck Validate(string? code)
    {
        if (string.IsNullOrEmpty(code))
        {
            return new CreditCodeCheck(CreditCodeError.Empty, null, null, "the credit code is empty");
        }

        if (code.Length != Length)
        {
            return new CreditCodeCheck(CreditCodeError.Length, null, null, $"a credit code has {Length} characters, '{code}' has {code.Length}");
        }

        // The check character is judged last (as in the standard's worked example, where a 'Z' there is
        // reported as a wrong check digit with the expected one), so only positions 1-17 are checked here.
        for (var i = 0; i < Length - 1; i++)
        {
            if (Charset.IndexOf(code[i], StringComparison.Ordinal) < 0)
            {
                var hint = char.IsAsciiLetterLower(code[i]) ? " (letters are capitals)" : "";
                return new CreditCodeCheck(CreditCodeError.IllegalCharacter, i + 1, null,
                    $"illegal character '{code[i]}' at position {i + 1} of '{code}'{hint}; allowed: {CharsetDescription}");
            }
        }

        // GB 32100-2015 code structure: positions 3-8 are the GB/T 2260 administrative division, digits only.
        for (var i = 2; i < 8; i++)
        {
            if (!char.IsAsciiDigit(code[i]))
            {
                return new CreditCodeCheck(CreditCodeError.DivisionNotDigits, i + 1, null,
                    $"positions 3-8 of '{code}' are the administrative division code (6 digits); position {i + 1} is '{code[i]}'");
            }
        }

        // GB 32100-2015 code structure: positions 9-17 are the organisation code of GB 11714, whose 9th character checks the first 8.
        var organisationCheck = OrganisationCheckDigit(code.AsSpan(8, 8));
        if (code[16] != organisationCheck)
        {
            return new CreditCodeCheck(CreditCodeError.OrganisationCheckDigit, 17, organisationCheck,
                $"the organisation code {code[8..17]} (positions 9-17) has check digit '{code[16]}', GB 11714 expects '{organisationCheck}'");
        }

        var check = CheckDigit(code.AsSpan(0, 17));
        if (code[17] != check)
        {
            var notInCharset = Charset.IndexOf(code[17], StringComparison.Ordinal) < 0 ? $", which is not a code character ({CharsetDescription})" : "";
            return new CreditCodeCheck(CreditCodeError.CheckDigit, 18, check,
                $"check digit (position 18) of '{code}' is '{code[17]}'{notInCharset}, expected '{check}'");
        }

        return new CreditCodeCheck(CreditCodeError.None, null, null, "valid");
    }

    public static bool IsValid(string? code) => Validate(code).IsValid;

    /// <summary>
    /// GB 32100-2015 校验码 (check digit): C18 = 31 − MOD(Σ C_i × W_i, 31) over the first 17 characters, where a result
    /// of 31 is written 0; the value is written with the character of that value in <see cref="Charset"/>.
    /// </summary>
    public static char CheckDigit(ReadOnlySpan<char> first17)
    {
        if (first17.Length != Length - 1)
        {
            throw new ArgumentException($"the check digit is computed over {Length - 1} characters", nameof(first17));
        }

        var sum = 0;
        for (var i = 0; i < first17.Length; i++)
        {
            var value = Charset.IndexOf(first17[i], StringComparison.Ordinal);
            if (value < 0)
            {
                throw new ArgumentException($"'{first17[i]}' is not in the code charset", nameof(first17));
            }

            sum += value * Weights[i];
        }

        return Charset[(31 - (sum % 31)) % 31];
    }

    /// <summary>
    /// GB 11714-1997 §2.1.2: C9 = 11 − MOD(Σ C_i × W_i, 11) over the 8-character body; 10 is written X and 11 is
    /// written 0. Character values follow GB 11714 附录A: digits as themselves, letters A = 10 … Z = 35 (all 26
    /// letters, unlike the GB 32100 charset).
    /// </summary>
    public static char OrganisationCheckDigit(ReadOnlySpan<char> body8)
    {
        if (body8.Length != 8)
        {
            throw new ArgumentException("the organisation code body has 8 characters", nameof(body8));
        }

        var sum = 0;
        for (var i = 0; i < 8; i++)
        {
            var c = body8[i];
            var value = char.IsAsciiDigit(c) ? c - '0'
                : char.IsAsciiLetterUpper(c) ? c - 'A' + 10
                : throw new ArgumentException($"'{c}' is not a digit or capital letter", nameof(body8));
            sum += value * OrganisationWeights[i];
        }

        return (11 - (sum % 11)) switch
        {
            10 => 'X',
            11 => '0',
            var d => (char)('0' + d),
        };
    }
}
