namespace Public.Standards.Warnings;

/// <summary>
/// A warning scheme as data: the trigger of each level, the emission cuts each level orders, and how
/// back-to-back episodes are joined. <see cref="Verified"/> is false when any threshold of the scheme is not
/// confirmed in a retrieved source (standards.md [M]); the API shows it next to every result.
/// </summary>
public sealed record WarningScheme(
    string Id,
    string NameZh,
    string NameEn,
    string Document,
    bool Verified,
    string Notes,
    IReadOnlyList<LevelRule> Rules,
    IReadOnlyDictionary<WarningLevel, int> EmissionCutPercent,
    int MergeGapHours,
    bool ExcludesOzoneDays)
{
    /// <summary>The rules from the most severe level down: a series gets the first level whose rule it meets.</summary>
    public IReadOnlyList<LevelRule> RulesBySeverity => Rules.OrderByDescending(r => r.Level).ToList();

    public LevelRule? RuleFor(WarningLevel level) => Rules.FirstOrDefault(r => r.Level == level);

    /// <summary>The weakest condition of the scheme: a day that does not meet it cannot be part of an episode.</summary>
    public int LowestMatchingAqi => Rules.SelectMany(r => r.Conditions).Min(c => c.LowestMatchingAqi);
}

/// <summary>The built-in schemes (standards.md §3 and addendum A1).</summary>
public static class WarningSchemes
{
    // Back-to-back episodes count as one (2017 MEP slides, standards.md §3.1 [V]): "如预测发生前后两次重污染过程，
    // 且间隔时间未达到解除预警条件时，应按一次重污染过程从高级别启动预警". The slides' gap length was not
    // retrieved [M]: 24 h (one calendar day below the threshold) is our reading; configurable per scheme.
    public const int DefaultMergeGapHours = 24;

    /// <summary>
    /// 环办大气函〔2018〕875号《关于推进重污染天气应急预案修订工作的指导意见》, thresholds [V] (standards.md §3.1:
    /// MEP slides 2017-09-20; Xinzhou MEE reply 2021). "AQI日均值" is any 24 consecutive hours.
    /// </summary>
    /// <param name="orangeRequiresAbove300">
    /// Sources conflict [C]: the slides add "and AQI &gt; 300 occurs" to orange, the Xinzhou reply omits it (and
    /// Shenyang's 2020 plan issued orange without a &gt; 300 forecast, A1.1). Default: the slides.
    /// </param>
    public static WarningScheme National2018(bool orangeRequiresAbove300 = true) => new(
        orangeRequiresAbove300 ? "national-2018" : "national-2018-orange-without-300",
        "全国统一预警分级标准（2018）",
        "National unified warning levels (2018)",
        "环办大气函〔2018〕875号《关于推进重污染天气应急预案修订工作的指导意见》",
        Verified: true,
        "阈值见生态环境部2017-09-20培训材料与忻州市生态环境局2021年答复；橙色预警是否要求“AQI＞300”两者不一致。Thresholds from the MEP slides (2017-09-20) and a Xinzhou MEE reply (2021); the sources disagree on whether orange needs a day above 300.",
        [
            // 875号 黄色预警: "预测日AQI＞200将持续2天（48小时）及以上，且未达到高级别预警条件".
            LevelRule.Parse(WarningLevel.Yellow, "AQI>200:48h", "预测日AQI＞200将持续2天（48小时）及以上，且未达到高级别预警条件"),
            // 875号 橙色预警: "预测日AQI＞200将持续3天（72小时）及以上，且出现日AQI＞300" (slides); the reply omits the second part.
            orangeRequiresAbove300
                ? LevelRule.Parse(WarningLevel.Orange, "AQI>200:72h & AQI>300:24h", "预测日AQI＞200将持续3天（72小时）及以上，且出现日AQI＞300，未达到高级别预警条件")
                : LevelRule.Parse(WarningLevel.Orange, "AQI>200:72h", "预测日AQI＞200将持续3天（72小时）及以上，且未达到高级别预警条件"),
            // 875号 红色预警: "预测日AQI＞200将持续4天（96小时）及以上，且日AQI＞300将持续2天（48小时）及以上；或预测日AQI达到500".
            LevelRule.Parse(WarningLevel.Red, "AQI>200:96h & AQI>300:48h | AQI>=500:24h", "预测日AQI＞200将持续4天（96小时）及以上，且日AQI＞300将持续2天（48小时）及以上；或预测日AQI达到500"),
        ],
        // 875号 emission cuts of SO2, NOx, particulates and VOCs: ≥10% / ≥20% / ≥30% of the city's emissions [V, secondary source].
        new Dictionary<WarningLevel, int> { [WarningLevel.Yellow] = 10, [WarningLevel.Orange] = 20, [WarningLevel.Red] = 30 },
        DefaultMergeGapHours,
        ExcludesOzoneDays: false);

    /// <summary>
    /// 环大气〔2024〕6号《关于进一步优化重污染天气应对机制的指导意见》. The document number is [V]; the thresholds come
    /// from one secondary source (the Chengdu plan as encoded in a public script) and recollection of the guidance
    /// [M] (standards.md §3.2). Ozone-driven days are left out of colour warnings as in the Chengdu plan [M].
    /// </summary>
    public static WarningScheme National2024() => new(
        "national-2024",
        "全国预警分级标准（2024年优化）",
        "National warning levels (2024 revision)",
        "环大气〔2024〕6号《关于进一步优化重污染天气应对机制的指导意见》",
        Verified: false,
        "阈值仅见一个二手来源（成都市预案脚本），未取得指导意见原文；臭氧为首要污染物的日子不计入（成都预案做法）；减排比例10%/20%/30%未经核实。Thresholds from one secondary source (a script encoding the Chengdu plan), the guidance text was not retrieved; ozone-driven days are not counted (Chengdu practice); the 10/20/30% cuts are assumed unchanged.",
        Rules2024(),
        new Dictionary<WarningLevel, int> { [WarningLevel.Yellow] = 10, [WarningLevel.Orange] = 20, [WarningLevel.Red] = 30 },
        DefaultMergeGapHours,
        ExcludesOzoneDays: true);

    /// <summary>
    /// The Liaoning plan of 2024-09-06 (《辽宁省重污染天气应急预案》, 辽宁省人民政府办公厅) as applied in Jinzhou.
    /// Its §4.2 预警分级 was NOT retrieved (standards.md A1.1): it cites the 2024 MEE guidance, so by default it
    /// uses that guidance's thresholds. Every threshold is UNVERIFIED and can be replaced by a trigger expression.
    /// </summary>
    public static WarningScheme LiaoningJinzhou2024(string? yellow = null, string? orange = null, string? red = null, int? mergeGapHours = null)
    {
        var national = Rules2024();
        return new WarningScheme(
            "liaoning-jinzhou-2024",
            "辽宁省/锦州市重污染天气应急预案（2024）",
            "Liaoning / Jinzhou heavy-pollution plan (2024)",
            "《辽宁省重污染天气应急预案》（辽宁省人民政府办公厅，2024-09-06）§4.2 预警分级；锦州市预案原文未找到",
            Verified: false,
            "未经核实：辽宁省预案§4.2与§3.1.2原文未取得，锦州市预案原文未找到；默认采用环大气〔2024〕6号的阈值（营口2025年预警与之相符）。阈值可配置。UNVERIFIED: the text of the Liaoning plan's §4.2 and §3.1.2 was not retrieved and Jinzhou's own plan was not found; by default the 2024 national thresholds are used (Yingkou's 2025 warnings fit them). Thresholds are configurable.",
            [
                yellow is null ? national[0] : LevelRule.Parse(WarningLevel.Yellow, yellow, "（配置）" + yellow),
                orange is null ? national[1] : LevelRule.Parse(WarningLevel.Orange, orange, "（配置）" + orange),
                red is null ? national[2] : LevelRule.Parse(WarningLevel.Red, red, "（配置）" + red),
            ],
            // Liaoning 2020/2024 §3.1.2 严格落实减排比例: assumed 10/20/30% like 875号 [M, not retrieved].
            new Dictionary<WarningLevel, int> { [WarningLevel.Yellow] = 10, [WarningLevel.Orange] = 20, [WarningLevel.Red] = 30 },
            mergeGapHours ?? DefaultMergeGapHours,
            ExcludesOzoneDays: true);
    }

    // 环大气〔2024〕6号 预警分级 [M] (standards.md §3.2 / A1.1).
    private static LevelRule[] Rules2024() =>
    [
        LevelRule.Parse(WarningLevel.Yellow, "AQI>200:24h | AQI>150:48h", "预测日AQI＞200，或日AQI＞150持续48小时及以上，且未达到高级别预警条件"),
        LevelRule.Parse(WarningLevel.Orange, "AQI>200:48h | AQI>150:72h", "预测日AQI＞200持续48小时，或日AQI＞150持续72小时及以上，且未达到红色预警条件"),
        LevelRule.Parse(WarningLevel.Red, "AQI>200:72h & AQI>300:24h", "预测日AQI＞200持续72小时且日AQI＞300持续24小时及以上"),
    ];
}

/// <summary>One scheme in force from <see cref="From"/> (inclusive) to <see cref="Until"/> (exclusive; null = open).</summary>
public sealed record SchemePeriod(DateOnly From, DateOnly? Until, WarningScheme Scheme);

/// <summary>Which scheme applies on which local (Asia/Shanghai) date.</summary>
public sealed class WarningSchemeCalendar
{
    /// <summary>
    /// The date Jinzhou's warnings switch from the 2018 to the 2024 thresholds. The 2024 MEE guidance was issued
    /// in early 2024, but warnings are issued under the provincial and city plans, and Liaoning's plan adopting
    /// the guidance was issued on 2024-09-06 (standards.md §3.3 [V]); Jinzhou's plan follows the province.
    /// Before that date the plans in force (Liaoning 2020, based on 875号) used the 2018 national levels.
    /// </summary>
    public static readonly DateOnly JinzhouSwitchDate = new(2024, 9, 6);

    public WarningSchemeCalendar(IEnumerable<(DateOnly From, WarningScheme Scheme)> entries)
    {
        var sorted = entries.OrderBy(e => e.From).ToList();
        if (sorted.Count == 0)
        {
            throw new ArgumentException("a calendar needs at least one scheme", nameof(entries));
        }

        Periods = sorted.Select((e, i) => new SchemePeriod(e.From, i + 1 < sorted.Count ? sorted[i + 1].From : null, e.Scheme)).ToList();
    }

    public IReadOnlyList<SchemePeriod> Periods { get; }

    /// <summary>The scheme for a date; dates before the first period use the first scheme.</summary>
    public WarningScheme ForDate(DateOnly date)
    {
        var scheme = Periods[0].Scheme;
        foreach (var p in Periods)
        {
            if (date >= p.From)
            {
                scheme = p.Scheme;
            }
        }

        return scheme;
    }

    /// <summary>Jinzhou: the 2018 national levels, then the Liaoning 2024 plan (unverified thresholds) from the switch date.</summary>
    public static WarningSchemeCalendar Jinzhou(DateOnly? switchDate = null, WarningScheme? before = null, WarningScheme? after = null) => new(
    [
        (DateOnly.MinValue, before ?? WarningSchemes.National2018()),
        (switchDate ?? JinzhouSwitchDate, after ?? WarningSchemes.LiaoningJinzhou2024()),
    ]);
}
