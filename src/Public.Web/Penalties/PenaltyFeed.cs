using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Xml;
using Public.Web.Api;
using Public.Web.Infrastructure;

namespace Public.Web.Penalties;

/// <summary>
/// The Atom feed (RFC 4287) of newly published decisions: one entry per decision, newest first, updated when a
/// correction adds a version. Entry ids are derived from the decision number, so they survive a change of host.
/// </summary>
internal static class PenaltyFeed
{
    private const string AtomNs = "http://www.w3.org/2005/Atom";

    public static byte[] Write(IReadOnlyList<PenaltyDto> penalties, string baseUrl, bool demo, DateTimeOffset now, string? hub = null)
    {
        using var stream = new MemoryStream();
        var settings = new XmlWriterSettings { Encoding = new UTF8Encoding(false), Indent = true };
        using (var xml = XmlWriter.Create(stream, settings))
        {
            xml.WriteStartDocument();
            xml.WriteStartElement("feed", AtomNs);
            xml.WriteElementString("title", AtomNs, "锦州市环境行政处罚决定 / Jinzhou environmental penalty decisions");
            xml.WriteElementString("subtitle", AtomNs, demo
                ? MetaFactory.DemoNoticeText + " 处罚对象均为虚构单位。All parties are fictional."
                : "新公开的行政处罚决定，附原文链接。Newly published penalty decisions with links to their source documents.");
            xml.WriteElementString("id", AtomNs, UrnOf("feed:penalties"));
            xml.WriteElementString("updated", AtomNs, Time(penalties.Count == 0 ? now : penalties.Max(p => p.RecordedAt)));
            Link(xml, "self", baseUrl + PenaltiesApi.FeedPath, "application/atom+xml");
            Push.WebSubLinks.WriteHub(xml, hub);
            Link(xml, "alternate", baseUrl + "/api/v1/penalties", "application/json");
            xml.WriteStartElement("author", AtomNs);
            xml.WriteElementString("name", AtomNs, "锦州蓝天公开数据 Jinzhou Blue Sky open data");
            xml.WriteEndElement();
            xml.WriteElementString("rights", AtomNs, MetaFactory.License);

            foreach (var p in penalties)
            {
                xml.WriteStartElement("entry", AtomNs);
                xml.WriteElementString("id", AtomNs, UrnOf("penalty:" + p.DecisionNumber));
                xml.WriteElementString("title", AtomNs, Title(p));
                xml.WriteElementString("published", AtomNs, Time(p.FirstPublishedAt));
                xml.WriteElementString("updated", AtomNs, Time(p.RecordedAt));
                Link(xml, "alternate", $"{baseUrl}/api/v1/penalties/{p.Id.ToString(CultureInfo.InvariantCulture)}", "application/json");
                if (p.SourceDocument.Url is { } source)
                {
                    Link(xml, "related", source, null);
                }

                foreach (var type in p.Types)
                {
                    xml.WriteStartElement("category", AtomNs);
                    xml.WriteAttributeString("term", type);
                    xml.WriteEndElement();
                }

                xml.WriteStartElement("summary", AtomNs);
                xml.WriteAttributeString("type", "text");
                xml.WriteString(Summary(p));
                xml.WriteEndElement();
                xml.WriteEndElement();
            }

            xml.WriteEndElement();
            xml.WriteEndDocument();
        }

        return stream.ToArray();
    }

    private static string Title(PenaltyDto p)
    {
        var amount = p.FineTotal > 0 ? $" 罚款 {p.FineTotal.ToString("#,0.##", CultureInfo.InvariantCulture)} 元" : "";
        var corrected = p.Version > 1 ? $"（第 {p.Version} 版，已更正）" : "";
        return $"{p.DecisionNumber} {p.Party.Name}{amount}{corrected}";
    }

    private static string Summary(PenaltyDto p)
    {
        var sb = new StringBuilder();
        sb.Append(p.DecisionDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)).Append(' ').Append(p.Authority).Append('：')
          .Append(p.Violation.Category).Append('。').Append(p.Violation.Summary)
          .Append(" 依据 ").Append(p.LegalBasis.Law).Append(p.LegalBasis.Article);
        if (p.CorrectionReason is not null)
        {
            sb.Append(" 更正原因：").Append(p.CorrectionReason);
        }

        return sb.ToString();
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

    private static string Time(DateTimeOffset t) => ChinaTime.Iso(t);

    /// <summary>A name-based UUID (RFC 9562 version 8) from the SHA-256 of a name: the same decision keeps the same id.</summary>
    internal static string UrnOf(string name)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes("jinzhou-blue-sky:" + name));
        var bytes = hash.AsSpan(0, 16).ToArray();
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x80);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return "urn:uuid:" + new Guid(bytes, bigEndian: true).ToString("D");
    }
}
