using System.Globalization;
using System.Text;
using System.Xml;

namespace Public.Web.Site.Press;

/// <summary>Atom feeds of the press releases (Chinese at /feeds/press.atom, English at /feeds/press.en.atom).</summary>
internal static class PressFeed
{
    public const string Path = "/feeds/press.atom";
    public const string PathEn = "/feeds/press.en.atom";

    public static string Atom(PressLibrary library, string origin, bool en)
    {
        var builder = new StringBuilder();
        using (var w = XmlWriter.Create(builder, new XmlWriterSettings { Indent = true }))
        {
            const string ns = "http://www.w3.org/2005/Atom";
            w.WriteStartElement("feed", ns);
            w.WriteAttributeString("xml", "lang", null, en ? "en" : "zh-CN");
            w.WriteElementString("title", ns, en ? "Jinzhou Blue Sky open data — press releases" : "锦州蓝天公开数据 — 新闻发布");
            w.WriteElementString("id", ns, origin + (en ? PathEn : Path));
            w.WriteStartElement("link", ns);
            w.WriteAttributeString("rel", "self");
            w.WriteAttributeString("href", origin + (en ? PathEn : Path));
            w.WriteEndElement();
            w.WriteStartElement("link", ns);
            w.WriteAttributeString("href", origin + SiteText.Localize("/press", en));
            w.WriteEndElement();
            var updated = library.Releases.Count > 0 ? library.Releases[0].Date : new DateOnly(2018, 1, 1);
            w.WriteElementString("updated", ns, Stamp(updated));
            w.WriteStartElement("author", ns);
            w.WriteElementString("name", ns, en ? SiteText.SiteNameEn : SiteText.SiteNameZh);
            w.WriteEndElement();
            foreach (var r in library.Releases)
            {
                var url = origin + SiteText.Localize("/press/" + r.Slug, en);
                w.WriteStartElement("entry", ns);
                w.WriteElementString("title", ns, en ? r.TitleEn : r.Title);
                w.WriteElementString("id", ns, url);
                w.WriteStartElement("link", ns);
                w.WriteAttributeString("href", url);
                w.WriteEndElement();
                w.WriteElementString("updated", ns, Stamp(r.Date));
                w.WriteElementString("summary", ns, en ? r.SummaryEn : r.Summary);
                foreach (var tag in r.Tags)
                {
                    w.WriteStartElement("category", ns);
                    w.WriteAttributeString("term", tag);
                    w.WriteEndElement();
                }

                w.WriteStartElement("content", ns);
                w.WriteAttributeString("type", "html");
                w.WriteString(en && r.BodyHtmlEn is not null ? r.BodyHtmlEn : r.BodyHtml);
                w.WriteEndElement();
                w.WriteEndElement();
            }

            w.WriteEndElement();
        }

        return builder.ToString().Replace("encoding=\"utf-16\"", "encoding=\"utf-8\"", StringComparison.Ordinal);
    }

    private static string Stamp(DateOnly date) =>
        date.ToDateTime(TimeOnly.MinValue).ToString("yyyy-MM-dd'T'HH:mm:ss'+08:00'", CultureInfo.InvariantCulture);
}
