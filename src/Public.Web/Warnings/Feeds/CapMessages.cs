using System.Globalization;
using System.Text;
using Public.Standards.Warnings;
using Public.Web.Infrastructure;
using Public.Web.Warnings.Store;

namespace Public.Web.Warnings.Feeds;

/// <summary>One CAP 1.2 message: one version of one event of a warning.</summary>
internal sealed record CapMessage(
    string Identifier,
    DateTimeOffset Sent,
    string MsgType,
    IReadOnlyList<CapMessage> References,
    StoredWarningEvent Row,
    WarningAggregate Warning,
    DateTimeOffset? Expires);

/// <summary>
/// Maps warnings to OASIS CAP 1.2 messages (urn:oasis:names:tc:emergency:cap:1.2). Each version of each
/// event is a message: the first version of the issue is an Alert, a lift is a Cancel, everything else
/// (upgrade, downgrade, a correction) an Update; Update and Cancel reference every earlier message of the
/// warning, so a consumer that saw any of them can tie the new one to it.
/// </summary>
internal static class CapMessages
{
    public const string Namespace = "urn:oasis:names:tc:emergency:cap:1.2";
    public const string MediaType = "application/cap+xml";

    public static List<CapMessage> ForWarning(WarningAggregate warning, List<StoredWarningEvent> versions, string sender)
    {
        var ordered = versions
            .Select(v => (Row: v, Sent: v.Version == 1 ? v.Event.Time : RecordedAt(v)))
            .OrderBy(v => v.Sent).ThenBy(v => v.Row.Event.Seq).ThenBy(v => v.Row.Version)
            .ToList();
        var messages = new List<CapMessage>();
        foreach (var (row, sent) in ordered)
        {
            var e = row.Event;
            var msgType = e.Kind == WarningEventKind.Lift ? "Cancel" : e.Seq == 1 && row.Version == 1 ? "Alert" : "Update";
            var next = warning.Events.Select(x => x.Event).FirstOrDefault(x => x.Seq == e.Seq + 1);
            var expires = e.Kind == WarningEventKind.Lift ? (DateTimeOffset?)null : e.Until ?? next?.Time;
            messages.Add(new CapMessage(Identifier(sender, warning.Id, e.Seq, row.Version), sent, msgType,
                msgType == "Alert" ? [] : messages.ToList(), row, warning, expires));
        }

        return messages;
    }

    public static string Identifier(string sender, string warningId, int seq, int version) =>
        string.Create(CultureInfo.InvariantCulture, $"{sender}.warning.{warningId}.{seq}.v{version}");

    /// <summary>CAP dateTime: offset always written, never "Z" (CAP 1.2 §3.3.2); local China time.</summary>
    public static string Time(DateTimeOffset t) => ChinaTime.Iso(t.ToOffset(ChinaTime.Offset));

    public static string ReferencesText(CapMessage m, string sender) =>
        string.Join(' ', m.References.Select(r => $"{sender},{r.Identifier},{Time(r.Sent)}"));

    public static string Severity(WarningLevel? level) => level switch
    {
        WarningLevel.Red => "Extreme",
        WarningLevel.Orange => "Severe",
        WarningLevel.Yellow => "Moderate",
        WarningLevel.Blue => "Minor",
        _ => "Minor",
    };

    /// <summary>Writes one &lt;alert&gt; (elements in the order of the CAP 1.2 schema).</summary>
    public static void WriteAlert(System.Xml.XmlWriter w, CapMessage m, string sender, bool demo, string warningUrl)
    {
        var e = m.Row.Event;
        var lift = e.Kind == WarningEventKind.Lift;
        w.WriteStartElement("alert", Namespace);
        w.WriteElementString("identifier", Namespace, m.Identifier);
        w.WriteElementString("sender", Namespace, sender);
        w.WriteElementString("sent", Namespace, Time(m.Sent));
        // Demo data are not real alerts: CAP's "Test" tells every recipient to disregard them.
        w.WriteElementString("status", Namespace, demo ? "Test" : "Actual");
        w.WriteElementString("msgType", Namespace, m.MsgType);
        w.WriteElementString("source", Namespace, "锦州蓝天公开数据 Jinzhou Blue Sky open data");
        w.WriteElementString("scope", Namespace, "Public");
        var notes = new List<string>();
        if (demo)
        {
            notes.Add("演示数据，非真实预警。DEMO DATA — not a real warning.");
        }

        if (m.Row.Reason is { } reason)
        {
            notes.Add("更正 Correction: " + reason);
        }

        notes.Add($"转载自发布机构通知 Republished from the notice of: {e.Authority}{(e.DocumentNumber is null ? "" : " " + e.DocumentNumber)}");
        w.WriteElementString("note", Namespace, string.Join(" | ", notes));
        if (m.References.Count > 0)
        {
            w.WriteElementString("references", Namespace, ReferencesText(m, sender));
        }

        w.WriteElementString("incidents", Namespace, m.Warning.Id);
        WriteInfo(w, m, zh: true, lift, warningUrl);
        WriteInfo(w, m, zh: false, lift, warningUrl);
        w.WriteEndElement();
    }

    private static void WriteInfo(System.Xml.XmlWriter w, CapMessage m, bool zh, bool lift, string warningUrl)
    {
        var e = m.Row.Event;
        var level = e.Level;
        w.WriteStartElement("info", Namespace);
        w.WriteElementString("language", Namespace, zh ? "zh-CN" : "en-US");
        w.WriteElementString("category", Namespace, "Env");
        w.WriteElementString("event", Namespace, zh ? "重污染天气预警" : "Heavy air pollution warning");
        w.WriteElementString("responseType", Namespace, lift ? "AllClear" : level >= WarningLevel.Orange ? "Avoid" : "Prepare");
        // Warnings are issued on forecasts for a stated start: action is expected soon, the event is likely.
        w.WriteElementString("urgency", Namespace, lift ? "Past" : "Expected");
        w.WriteElementString("severity", Namespace, lift ? "Minor" : Severity(level));
        w.WriteElementString("certainty", Namespace, lift ? "Observed" : "Likely");
        w.WriteStartElement("eventCode", Namespace);
        w.WriteElementString("valueName", Namespace, "warningLevel");
        w.WriteElementString("value", Namespace, level is { } lv ? WarningLevels.Code(lv) : "lifted");
        w.WriteEndElement();
        w.WriteElementString("onset", Namespace, Time(e.Time));
        if (m.Expires is { } expires)
        {
            w.WriteElementString("expires", Namespace, Time(expires));
        }

        w.WriteElementString("senderName", Namespace, e.Authority);
        w.WriteElementString("headline", Namespace, Headline(e, zh));
        w.WriteElementString("description", Namespace, Description(e, zh));
        w.WriteElementString("instruction", Namespace, Instruction(e, zh));
        w.WriteElementString("web", Namespace, e.Document?.Url ?? warningUrl);
        w.WriteStartElement("area", Namespace);
        w.WriteElementString("areaDesc", Namespace, zh ? e.Area.NameZh : e.Area.NameEn);
        w.WriteElementString("circle", Namespace, WarningArea.CapCircle);
        foreach (var code in e.Area.WholeCity ? [WarningArea.CityDivisionCode] : e.Area.DistrictList.Select(d => d.Code).OfType<string>())
        {
            w.WriteStartElement("geocode", Namespace);
            w.WriteElementString("valueName", Namespace, "GB/T 2260");
            w.WriteElementString("value", Namespace, code);
            w.WriteEndElement();
        }

        w.WriteEndElement();
        w.WriteEndElement();
    }

    public static string Headline(WarningEvent e, bool zh)
    {
        var area = zh ? e.Area.NameZh : e.Area.NameEn;
        if (e.Level is not { } level)
        {
            return zh ? $"{area}解除重污染天气预警" : $"{area}: heavy air pollution warning lifted";
        }

        var name = $"{WarningLevels.ColorZh(level)}预警（{WarningLevels.GradeZh(level)}）";
        var en = WarningLevels.NameEn(level).ToLowerInvariant();
        return e.Kind switch
        {
            WarningEventKind.Issue => zh ? $"{area}发布重污染天气{name}" : $"{area}: {en} for heavy air pollution",
            WarningEventKind.Upgrade => zh ? $"{area}重污染天气预警升级为{name}" : $"{area}: heavy air pollution warning raised to {en}",
            _ => zh ? $"{area}重污染天气预警降级为{name}" : $"{area}: heavy air pollution warning lowered to {en}",
        };
    }

    private static string Description(WarningEvent e, bool zh)
    {
        var sb = new StringBuilder();
        if (e.Kind == WarningEventKind.Lift)
        {
            sb.Append(zh ? $"自{ZhTime(e.Time)}起解除重污染天气预警，预警期间的应急措施同时停止。" : $"The heavy air pollution warning is lifted from {EnTime(e.Time)}; its emergency measures end.");
            return sb.ToString();
        }

        sb.Append(zh ? $"{ZhTime(e.Time)}起执行{WarningLevels.NameZh(e.Level!.Value)}（{WarningLevels.GradeZh(e.Level.Value)}）应急响应" : $"{WarningLevels.NameEn(e.Level!.Value)} response from {EnTime(e.Time)}");
        if (e.Until is { } until)
        {
            sb.Append(zh ? $"，预计至{ZhTime(until)}" : $", expected until {EnTime(until)}");
        }

        sb.Append(zh ? "。" : ".");
        if (e.Basis.Forecast.Count > 0)
        {
            sb.Append(zh ? " 预报日AQI：" : " Forecast daily AQI: ");
            sb.AppendJoin(zh ? "；" : "; ", e.Basis.Forecast.Select(f =>
                f.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + " " + (f.AqiLow == f.AqiHigh
                    ? f.AqiLow.ToString(CultureInfo.InvariantCulture)
                    : string.Create(CultureInfo.InvariantCulture, $"{f.AqiLow}–{f.AqiHigh}"))));
            sb.Append(zh ? "。" : ".");
        }

        if (e.Basis.PrimaryPollutant is { } p)
        {
            sb.Append(zh ? $" 首要污染物：{p}。" : $" Primary pollutant: {p}.");
        }

        if (e.Measures.EmissionCutPercent is { } cut)
        {
            sb.Append(zh ? $" 全市二氧化硫、氮氧化物、颗粒物和挥发性有机物排放量减少{cut.ToString(CultureInfo.InvariantCulture)}%以上。"
                : $" City-wide emissions of SO2, NOx, particulates and VOCs cut by at least {cut.ToString(CultureInfo.InvariantCulture)}%.");
        }

        if (zh)
        {
            foreach (var (label, text) in new[] { ("气象条件", e.Basis.Meteorology), ("错峰生产", e.Measures.StaggeredProduction), ("交通管控", e.Measures.TrafficRestriction), ("施工管控", e.Measures.ConstructionHalt) })
            {
                if (text is not null)
                {
                    sb.Append(' ').Append(label).Append('：').Append(text);
                }
            }
        }
        else
        {
            sb.Append(" Measures (staggered production, traffic restriction, construction halt) as in the Chinese notice.");
        }

        return sb.ToString();
    }

    private static string Instruction(WarningEvent e, bool zh)
    {
        if (e.Kind == WarningEventKind.Lift)
        {
            return zh ? "预警已解除，恢复正常活动。" : "The warning is lifted; normal activities may resume.";
        }

        if (zh)
        {
            var parts = new[] { e.Measures.PublicAdvice, e.Measures.SchoolOutdoorActivities }.OfType<string>().ToList();
            return parts.Count > 0 ? string.Join(" ", parts) : "儿童、老年人和心脏病、呼吸系统疾病患者减少户外活动，一般人群减少户外运动。";
        }

        return e.Level >= WarningLevel.Orange
            ? "Children, the elderly and people with heart or lung disease should stay indoors; everyone should avoid outdoor exercise. Schools stop outdoor activities."
            : "Children, the elderly and people with heart or lung disease should reduce outdoor activities; everyone should reduce outdoor exercise.";
    }

    private static DateTimeOffset RecordedAt(StoredWarningEvent row) =>
        DateTimeOffset.Parse(row.RecordedAt, CultureInfo.InvariantCulture).ToOffset(ChinaTime.Offset);

    private static string ZhTime(DateTimeOffset t) => t.ToOffset(ChinaTime.Offset).ToString("yyyy年M月d日HH:mm", CultureInfo.InvariantCulture);

    private static string EnTime(DateTimeOffset t) => t.ToOffset(ChinaTime.Offset).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) + " (UTC+08:00)";
}
