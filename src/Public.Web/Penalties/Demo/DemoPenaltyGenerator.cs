using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Public.Standards.Identifiers;

namespace Public.Web.Penalties.Demo;

/// <summary>A generated decision and the corrections it later receives (reason, date, content).</summary>
internal sealed record DemoPenalty(PenaltyDecision Decision, IReadOnlyList<(string Reason, DateOnly Date, PenaltyDecision Content)> Corrections);

/// <summary>
/// Deterministic demo decisions: a pure function of the month, so every run and every later extension writes the
/// same decisions. Parties are fictional ("示例…" names) and their credit codes use the organisation codes
/// PDY00001…PDY99999, which GB 11714-1997 §3 reserves for internal use and never assigns to a real organisation,
/// so no demo penalty can be attached to a real company. Fines follow the ranges of the articles cited.
/// </summary>
internal static class DemoPenaltyGenerator
{
    public const string Authority = "锦州市生态环境局（示例）";

    private sealed record Party(string Name, string? Division, string District, string Industry, int Serial);

    private sealed record Violation(string Category, string Summary, string Law, string Article, long MinCny, long MaxCny, string Requirement);

    private const string AirLaw = "《中华人民共和国大气污染防治法》";

    private static readonly Party[] Parties =
    [
        new("示例凌河热电有限公司", "210703", "凌河区", "电力、热力生产和供应业", 1),
        new("示例太和水泥有限公司", "210711", "太和区", "非金属矿物制品业", 2),
        new("示例古塔铸造有限公司", "210702", "古塔区", "金属制品业", 3),
        new("示例凌海钢铁有限公司", "210781", "凌海市", "黑色金属冶炼和压延加工业", 4),
        new("示例北镇建材有限公司", "210782", "北镇市", "非金属矿物制品业", 5),
        new("示例黑山生物质燃料有限公司", "210726", "黑山县", "电力、热力生产和供应业", 6),
        new("示例义县石材加工有限公司", "210727", "义县", "非金属矿物制品业", 7),
        new("示例古塔汽车喷涂有限公司", "210702", "古塔区", "机动车、电子产品和日用产品修理业", 8),
        new("示例凌河建筑工程有限公司", "210703", "凌河区", "房屋建筑业", 9),
        new("示例滨海港口物流有限公司", "210700", "锦州经济技术开发区", "装卸搬运和仓储业", 10),
        new("示例滨海涂料有限公司", "210700", "锦州经济技术开发区", "化学原料和化学制品制造业", 11),
        new("示例太和混凝土有限公司", "210711", "太和区", "非金属矿物制品业", 12),
        new("示例凌河餐饮管理有限公司", "210703", "凌河区", "餐饮业", 13),
        new("示例凌海散乱污加工作坊（无营业执照）", null, "凌海市", "金属制品业", 0),
    ];

    private static readonly Violation[] Violations =
    [
        new("超标排放大气污染物", "在线监测数据显示，该单位锅炉废气颗粒物、二氧化硫排放浓度超过排放标准。", AirLaw, "第九十九条第（二）项", 100_000, 1_000_000, "立即停止超标排放，完成除尘脱硫设施改造"),
        new("未依法取得排污许可证排放大气污染物", "现场检查发现，该单位未取得排污许可证即排放大气污染物。", AirLaw, "第九十九条第（一）项", 100_000, 1_000_000, "依法申领排污许可证前停止排污"),
        new("以逃避监管的方式排放大气污染物", "现场检查发现，该单位废气处理设施旁路阀门开启，未经处理的废气直接排放。", AirLaw, "第九十九条第（三）项", 100_000, 1_000_000, "拆除旁路，确保治理设施正常运行"),
        new("自动监测设备未正常运行", "该单位烟气自动监测设备未按规定运行维护，数据缺失。", AirLaw, "第一百条第（三）项", 20_000, 200_000, "恢复自动监测设备正常运行并与监控平台联网"),
        new("挥发性有机物未密闭或未使用污染防治设施", "喷涂作业在未密闭空间进行，挥发性有机物废气收集处理设施未运行。", AirLaw, "第一百零八条第（一）项", 20_000, 200_000, "在密闭空间作业并运行废气收集处理设施"),
        new("施工扬尘污染防治措施不落实", "施工工地裸露土方未覆盖，车辆驶出未冲洗，扬尘明显。", AirLaw, "第一百一十五条第一款第（一）项", 10_000, 100_000, "覆盖裸土，设置冲洗设施"),
        new("物料堆场未采取扬尘防治措施", "煤炭、矿粉堆场未密闭、未覆盖，作业时扬尘明显。", AirLaw, "第一百一十七条第（一）项", 10_000, 100_000, "建设密闭料仓或采取覆盖、喷淋措施"),
        new("餐饮油烟未经净化直接排放", "该单位未安装油烟净化设施，油烟直排。", AirLaw, "第一百一十八条第一款", 5_000, 50_000, "安装并正常使用油烟净化设施"),
    ];

    /// <summary>The decisions dated in one month (2 to 5), all of them on or before the month's last day.</summary>
    public static IReadOnlyList<DemoPenalty> ForMonth(int year, int month)
    {
        var random = new SplitMix64((ulong)((year * 100) + month));
        var count = 2 + random.Next(4);
        var days = DateTime.DaysInMonth(year, month);
        var result = new List<DemoPenalty>();
        for (var i = 0; i < count; i++)
        {
            var sequence = (month * 10) + i + 1;
            var number = string.Create(CultureInfo.InvariantCulture, $"示例锦环罚〔{year}〕{sequence:000}号");
            var date = new DateOnly(year, month, 1 + random.Next(days));
            var roll = random.Next(100);
            var decision = roll < 10 ? DailyPenalty(number, date, random) : Ordinary(number, date, random);
            result.Add(new DemoPenalty(decision, Corrections(decision, random)));
        }

        return result;
    }

    /// <summary>The fictional party's code: 91 (enterprise) + division + PDY organisation code + the two check digits.</summary>
    public static string? CreditCode(string? division, int serial)
    {
        if (division is null)
        {
            return null;
        }

        var body = string.Create(CultureInfo.InvariantCulture, $"PDY{serial:00000}");
        var first17 = "91" + division + body + UnifiedSocialCreditCode.OrganisationCheckDigit(body);
        return first17 + UnifiedSocialCreditCode.CheckDigit(first17);
    }

    private static PenaltyDecision Ordinary(string number, DateOnly date, SplitMix64 random)
    {
        var party = Parties[random.Next(Parties.Length)];
        var violation = Violations[random.Next(Violations.Length)];
        // Fines are set in thousands of CNY within the article's range.
        var fineCny = (violation.MinCny + (random.Next((int)((violation.MaxCny - violation.MinCny) / 1000) + 1) * 1000L));
        var severe = violation.MinCny >= 100_000 && random.Next(3) == 0;
        var production = severe ? (random.Next(2) == 0 ? PenaltyVocabulary.ProductionStop : PenaltyVocabulary.ProductionLimit) : null;
        // 查封、扣押 (环境保护法 第二十五条) where the emission was hidden from supervision.
        var sealUp = violation.Article.Contains("（三）", StringComparison.Ordinal) && random.Next(2) == 0;
        return Decision(number, date, party, violation, fineCny * 100, null, production, sealUp, random);
    }

    private static PenaltyDecision DailyPenalty(string number, DateOnly date, SplitMix64 random)
    {
        var party = Parties[1 + random.Next(6)];
        var violation = new Violation("拒不改正超标排放（按日连续处罚）",
            "该单位因超标排放被处罚并责令改正后，复查发现仍超标排放，自责令改正之日的次日起按原处罚数额按日连续处罚。",
            AirLaw, "第一百二十三条", 100_000, 300_000, "立即停止超标排放");
        var daily = (100 + (random.Next(21) * 10)) * 1000L; // 100,000 … 300,000 CNY a day
        var days = 3 + random.Next(13);
        return Decision(number, date, party, violation, null, (days, daily * 100), PenaltyVocabulary.ProductionLimit, false, random);
    }

    private static PenaltyDecision Decision(string number, DateOnly date, Party party, Violation violation, long? fineFen, (int Days, long DailyFen)? daily,
        string? production, bool sealUp, SplitMix64 random)
    {
        var service = date.AddDays(1 + random.Next(5));
        var publication = service.AddDays(1 + random.Next(5));
        var sha = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes("demo document " + number)));
        return new PenaltyDecision(number, Authority, party.Name, CreditCode(party.Division, party.Serial), party.District, party.Industry,
            violation.Category, violation.Summary, violation.Law, violation.Article, fineFen, daily?.Days, daily?.DailyFen,
            daily is { } d ? d.Days * d.DailyFen : null, production, sealUp, null, null, false, date, service, publication,
            violation.Requirement, "pending", "unpaid", "none", $"https://demo.invalid/penalties/{sha[..16]}.pdf", sha);
    }

    /// <summary>About one decision in five gets a status update (paid, rectified); one in twenty is changed on reconsideration.</summary>
    private static List<(string, DateOnly, PenaltyDecision)> Corrections(PenaltyDecision decision, SplitMix64 random)
    {
        var corrections = new List<(string, DateOnly, PenaltyDecision)>();
        var roll = random.Next(100);
        var current = decision;
        var date = decision.DecisionDate;
        if (roll < 5 && decision.FineFen is { } fine && fine >= 100_000_00)
        {
            date = date.AddDays(20 + random.Next(10));
            current = current with { FineFen = fine * 7 / 10, AppealStatus = "reconsideration-changed" };
            corrections.Add(("行政复议决定变更罚款数额（示例）", date, current));
        }

        if (roll < 20)
        {
            date = date.AddDays(5 + random.Next(10));
            current = current with { PaymentStatus = "paid", RectificationStatus = "completed" };
            corrections.Add(("已缴纳罚款，整改完成（示例）", date, current));
        }

        return corrections;
    }

    /// <summary>SplitMix64: a tiny PRNG whose sequence is fixed by its seed on every platform and runtime.</summary>
    private sealed class SplitMix64(ulong seed)
    {
        private ulong _state = seed;

        public int Next(int exclusiveMax)
        {
            _state += 0x9E3779B97F4A7C15;
            var z = _state;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EB;
            z ^= z >> 31;
            return (int)(z % (ulong)exclusiveMax);
        }
    }
}
