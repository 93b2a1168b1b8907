using Microsoft.Extensions.DependencyInjection;
using Public.Web.Penalties.Import;
using Public.Web.Tests.Hosting;

namespace Public.Web.Tests.Penalties;

/// <summary>
/// Class fixture: an app holding ten known decisions around the year 2019 (one of them corrected), imported through
/// the real importer. Tests using it only read. What each decision is, and so what each query must return:
/// <code>
/// 101 2019-03-12 fine 250,000          太和区 party A   大气法 第九十九条第（二）项
/// 102 2019-06-01 fine 100,000.00       凌河区 party B   (exactly at the bound)
/// 103 2019-07-01 fine  99,999.99       凌河区 party B
/// 104 2018-12-31 fine 500,000          太和区 party A
/// 105 2020-01-01 fine 300,000          太和区 party A
/// 106 2019-09-09 daily 10 × 150,000 = 1,500,000, stop production   凌海市, no credit code   第一百二十三条
/// 107 2019-12-31 fine 120,000          古塔区 party B   第一百条第（三）项
/// 108 2019-05-05 warning only          古塔区 party A
/// 109 2019-04-04 confiscation 500,000 only   古塔区 party A
/// 110 2019-02-02 fine 150,000, corrected on reconsideration to 80,000   太和区 party A
/// </code>
/// </summary>
public sealed class PenaltyDataApp : IDisposable
{
    public PenaltyDataApp()
    {
        App = new PublicWebApp();
        var c = PenaltyRows.PartyB;
        var csv = PenaltyRows.Csv(
            PenaltyRows.Valid("测试罚〔2019〕101号", ("fineAmount", "250000"), ("decisionDate", "2019-03-12")),
            B(PenaltyRows.Valid("测试罚〔2019〕102号", ("fineAmount", "100000.00"), ("decisionDate", "2019-06-01"), ("serviceDate", ""), ("publicationDate", ""), ("district", "凌河区")), c),
            B(PenaltyRows.Valid("测试罚〔2019〕103号", ("fineAmount", "99999.99"), ("decisionDate", "2019-07-01"), ("serviceDate", ""), ("publicationDate", ""), ("district", "凌河区")), c),
            PenaltyRows.Valid("测试罚〔2018〕104号", ("fineAmount", "500000"), ("decisionDate", "2018-12-31"), ("serviceDate", ""), ("publicationDate", "")),
            PenaltyRows.Valid("测试罚〔2020〕105号", ("fineAmount", "300000"), ("decisionDate", "2020-01-01"), ("serviceDate", ""), ("publicationDate", "")),
            PenaltyRows.Valid("测试罚〔2019〕106号", ("fineAmount", ""), ("dailyPenaltyDays", "10"), ("dailyPenaltyAmount", "150000"), ("dailyPenaltyTotal", "1500000"),
                ("productionOrder", "stop"), ("decisionDate", "2019-09-09"), ("serviceDate", ""), ("publicationDate", ""), ("district", "凌海市"),
                ("partyName", "示例测试钢铁有限公司"), ("partyCreditCode", ""), ("industry", "黑色金属冶炼和压延加工业"),
                ("violationCategory", "拒不改正超标排放（按日连续处罚）"), ("legalBasisArticle", "第一百二十三条")),
            B(PenaltyRows.Valid("测试罚〔2019〕107号", ("fineAmount", "120000"), ("decisionDate", "2019-12-31"), ("serviceDate", ""), ("publicationDate", ""),
                ("district", "古塔区"), ("violationCategory", "自动监测设备未正常运行"), ("legalBasisArticle", "第一百条第（三）项")), c),
            PenaltyRows.Valid("测试罚〔2019〕108号", ("fineAmount", ""), ("warning", "true"), ("decisionDate", "2019-05-05"), ("serviceDate", ""), ("publicationDate", ""), ("district", "古塔区")),
            PenaltyRows.Valid("测试罚〔2019〕109号", ("fineAmount", ""), ("confiscationAmount", "500000"), ("decisionDate", "2019-04-04"), ("serviceDate", ""), ("publicationDate", ""), ("district", "古塔区")),
            PenaltyRows.Valid("测试罚〔2019〕110号", ("fineAmount", "150000"), ("decisionDate", "2019-02-02"), ("serviceDate", ""), ("publicationDate", "")),
            PenaltyRows.Valid("测试罚〔2019〕110号", ("fineAmount", "80000"), ("decisionDate", "2019-02-02"), ("serviceDate", ""), ("publicationDate", ""),
                ("appealStatus", "reconsideration-changed"), ("correctionReason", "行政复议决定变更罚款数额"), ("correctionDate", "2019-04-01")));
        var summary = App.Services.GetRequiredService<PenaltyImporter>().Import([App.WriteText("penalties.csv", csv)]);
        if (!summary.Clean || summary.NewDecisions != 10 || summary.NewVersions != 1)
        {
            throw new InvalidOperationException("the fixture's data did not import: " + string.Join("\n", summary.Problems));
        }
    }

    public PublicWebApp App { get; }

    public HttpClient Client => App.Client;

    private static Dictionary<string, string> B(Dictionary<string, string> row, string code)
    {
        row["partyCreditCode"] = code;
        row["partyName"] = "示例测试建材有限公司";
        return row;
    }

    public void Dispose() => App.Dispose();
}
