using System.Text;

namespace Public.Web.Tests.Penalties;

/// <summary>
/// Builds penalty import files for tests: a valid record with every field set, changed field by field.
/// Parties are fictional; their credit codes use the GB 11714 internal range PDY00001…PDY99999, never assigned to a
/// real organisation. Check digits computed by hand:
/// <list type="bullet">
/// <item>91210711PDY009014F — organisation code PDY00901: P=25·3+D=13·7+Y=34·9+9·8+1·2 = 546, 546 mod 11 = 7, 11−7 = 4;
/// final: 9+3+18+27+0+182+16+17+460+377+750+0+0+216+0+30+112 = 2217, 2217 mod 31 = 16, 31−16 = 15 → 'F'.</item>
/// <item>91210703PDY009022P — PDY00902: 548 mod 11 = 9, 11−9 = 2; final sum 2209, 2209 mod 31 = 8, 31−8 = 23 → 'P'.</item>
/// </list>
/// </summary>
internal static class PenaltyRows
{
    public const string PartyA = "91210711PDY009014F";
    public const string PartyB = "91210703PDY009022P";

    /// <summary>The import format's fields in the documented order (the CSV header of every test file).</summary>
    public static readonly string[] Header =
    [
        "decisionNumber", "authority", "partyName", "partyCreditCode", "district", "industry", "violationCategory", "violationSummary",
        "legalBasisLaw", "legalBasisArticle", "fineAmount", "dailyPenaltyDays", "dailyPenaltyAmount", "dailyPenaltyTotal", "productionOrder",
        "sealUp", "confiscationAmount", "confiscatedItems", "warning", "decisionDate", "serviceDate", "publicationDate",
        "rectificationRequirement", "rectificationStatus", "paymentStatus", "appealStatus", "sourceUrl", "sourceSha256",
        "correctionReason", "correctionDate",
    ];

    public static Dictionary<string, string> Valid(string number, params (string Field, string Value)[] changes)
    {
        var row = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["decisionNumber"] = number,
            ["authority"] = "测试生态环境局",
            ["partyName"] = "示例测试热电有限公司",
            ["partyCreditCode"] = PartyA,
            ["district"] = "太和区",
            ["industry"] = "电力、热力生产和供应业",
            ["violationCategory"] = "超标排放大气污染物",
            ["violationSummary"] = "颗粒物排放浓度超过排放标准，见监测报告",
            ["legalBasisLaw"] = "《中华人民共和国大气污染防治法》",
            ["legalBasisArticle"] = "第九十九条第（二）项",
            ["fineAmount"] = "200000",
            ["decisionDate"] = "2019-03-12",
            ["serviceDate"] = "2019-03-14",
            ["publicationDate"] = "2019-03-20",
            ["rectificationRequirement"] = "停止超标排放",
            ["rectificationStatus"] = "pending",
            ["paymentStatus"] = "unpaid",
            ["appealStatus"] = "none",
            ["sourceUrl"] = "https://example.invalid/decisions/test.pdf",
            ["sourceSha256"] = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
        };
        foreach (var (field, value) in changes)
        {
            row[field] = value;
        }

        return row;
    }

    public static string Csv(params Dictionary<string, string>[] rows)
    {
        var sb = new StringBuilder().AppendJoin(',', Header).Append('\n');
        foreach (var row in rows)
        {
            sb.AppendJoin(',', Header.Select(h => Quote(row.GetValueOrDefault(h, "")))).Append('\n');
        }

        return sb.ToString();
    }

    private static string Quote(string value) =>
        value.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
}
