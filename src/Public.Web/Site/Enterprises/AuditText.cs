namespace Public.Web.Site.Enterprises;

/// <summary>Chinese and English words for the audit's status codes, shared by the audit pages and components.</summary>
internal static class AuditText
{
    public static (string Zh, string En) Status(string code) => code switch
    {
        "on-time" => ("按时", "on time"),
        "late" => ("逾期", "late"),
        "missing" => ("缺失", "missing"),
        "not-yet-due" => ("未到期", "not yet due"),
        "not-judged" => ("无法判断（工作日历未收录该年）", "not judged (no holiday calendar for the year)"),
        "complete" => ("齐全", "complete"),
        "incomplete" => ("不全", "incomplete"),
        "no-report" => ("无报告", "no report"),
        "inconsistent" => ("与数据不一致", "inconsistent with the data"),
        "low-data-rate" => ("数据率低", "low data rate"),
        "ok" => ("未发现问题", "no problem found"),
        "annual" => ("年度报告", "annual report"),
        "temporary" => ("临时报告", "temporary report"),
        "exceedance" => ("超标", "exceedance"),
        "penalty" => ("处罚", "penalty"),
        _ => (code, code),
    };

    public static string Rate(decimal? rate) =>
        rate is { } r ? (r * 100m).ToString("0.0", System.Globalization.CultureInfo.InvariantCulture) + "%" : "—";
}
