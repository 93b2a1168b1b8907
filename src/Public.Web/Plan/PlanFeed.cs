using System.Globalization;
using System.Text;
using System.Xml;
using Public.Web.Api;
using Public.Web.Infrastructure;
using Public.Web.Penalties;

namespace Public.Web.Plan;

/// <summary>
/// The Atom feed (RFC 4287) of progress reports as this site records them, newest first; a corrected report is
/// updated in place (same entry id, derived from target, period and reporting body).
/// </summary>
internal static class PlanFeed
{
    private const string AtomNs = "http://www.w3.org/2005/Atom";

    public static byte[] Write(IReadOnlyList<PlanProgressReportDto> reports, string baseUrl, bool demo, DateTimeOffset now, string? hub = null)
    {
        using var stream = new MemoryStream();
        using (var xml = XmlWriter.Create(stream, new XmlWriterSettings { Encoding = new UTF8Encoding(false), Indent = true }))
        {
            xml.WriteStartDocument();
            xml.WriteStartElement("feed", AtomNs);
            xml.WriteElementString("title", AtomNs, "锦州蓝天行动方案进展报告 / Jinzhou action plan progress reports");
            xml.WriteElementString("subtitle", AtomNs, demo
                ? MetaFactory.DemoNoticeText + " 报告单位与文件均为虚构。Reporting bodies and documents are fictional."
                : "新记录的行动方案进展报告，附来源文件。Newly recorded progress reports on the action plan, with their source documents.");
            xml.WriteElementString("id", AtomNs, PenaltyFeed.UrnOf("feed:plan"));
            xml.WriteElementString("updated", AtomNs, ChinaTime.Iso(reports.Count == 0 ? now : reports.Max(r => r.RecordedAt)));
            Link(xml, "self", baseUrl + PlanApi.FeedPath, "application/atom+xml");
            Push.WebSubLinks.WriteHub(xml, hub);
            Link(xml, "alternate", baseUrl + "/plan", "text/html");
            xml.WriteStartElement("author", AtomNs);
            xml.WriteElementString("name", AtomNs, "锦州蓝天公开数据 Jinzhou Blue Sky open data");
            xml.WriteEndElement();
            xml.WriteElementString("rights", AtomNs, MetaFactory.License);
            foreach (var r in reports)
            {
                xml.WriteStartElement("entry", AtomNs);
                xml.WriteElementString("id", AtomNs, PenaltyFeed.UrnOf($"plan-report:{r.TargetId}:{r.Period}:{r.ReportingBody}"));
                var what = r.Value is { } v ? v.ToString(CultureInfo.InvariantCulture) : r.Done == true ? "已完成 done" : "未完成 not done";
                xml.WriteElementString("title", AtomNs, $"{(r.Demo ? "【演示 demo】" : "")}{r.TargetId} {r.Period}：{what}（{r.ReportingBody}）{(r.Version > 1 ? $"（第 {r.Version} 版）" : "")}");
                xml.WriteElementString("published", AtomNs, ChinaTime.Iso(r.FirstRecordedAt));
                xml.WriteElementString("updated", AtomNs, ChinaTime.Iso(r.RecordedAt));
                Link(xml, "alternate", $"{baseUrl}/plan/{r.MeasureId}", "text/html");
                Link(xml, "related", $"{baseUrl}/api/v1/plan/targets/{r.TargetId}", "application/json");
                if (r.Source.Url is { } url)
                {
                    Link(xml, "via", url, null);
                }

                xml.WriteStartElement("summary", AtomNs);
                xml.WriteAttributeString("type", "text");
                xml.WriteString($"{r.Source.Issuer}《{r.Source.Title}》{r.Source.DocumentNumber} {r.Source.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}" +
                    (r.Note is null ? "" : " " + r.Note) + (r.Reason is null ? "" : " 更正原因 / reason: " + r.Reason));
                xml.WriteEndElement();
                xml.WriteEndElement();
            }

            xml.WriteEndElement();
            xml.WriteEndDocument();
        }

        return stream.ToArray();
    }

    private static void Link(XmlWriter xml, string rel, string href, string? type)
    {
        xml.WriteStartElement("link", AtomNs);
        xml.WriteAttributeString("rel", rel);
        xml.WriteAttributeString("href", href);
        if (type is not null)
        {
            xml.WriteAttributeString("type", type);
        }

        xml.WriteEndElement();
    }
}
