using System.Globalization;
using System.Text;
using System.Xml;
using Public.Standards.Warnings;
using Public.Web.Api;
using Public.Web.Contract;
using Public.Web.Infrastructure;

namespace Public.Web.Warnings.Feeds;

/// <summary>
/// <c>/feeds/warnings.atom</c> (Atom 1.0, one entry per warning) and <c>/feeds/warnings.cap</c>: an Atom feed
/// of CAP 1.2 alerts, one entry per CAP message, each linking to the full alert
/// (<c>/feeds/warnings/cap/{identifier}.xml</c>, <c>application/cap+xml</c>) and carrying it inline as the
/// entry's content. CAP consumers expect exactly this: the OASIS "Example Practices: CAP Feeds" note and
/// Google Public Alerts ask for an Atom (or RSS) feed whose entries link to the full CAP alerts; the inline copy
/// serves readers that do not follow links.
/// </summary>
internal static class WarningFeeds
{
    public const string AtomNamespace = "http://www.w3.org/2005/Atom";
    private const string AtomType = "application/atom+xml; charset=utf-8";
    private const int MaxWarnings = 50;
    private const int MaxMessages = 100;

    public static void MapWarningFeeds(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/feeds/warnings.atom", Atom).WithName("WarningsAtom").WithTags(OpenApiTags.Feeds)
            .WithSummary("重污染天气预警 Atom 订阅 Warnings as an Atom 1.0 feed")
            .Answers("application/atom+xml", "Atom 1.0 订阅 / Atom 1.0 feed");
        routes.MapGet("/feeds/warnings.cap", CapFeed).WithName("WarningsCap").WithTags(OpenApiTags.Feeds)
            .WithSummary("CAP 1.2 预警消息的 Atom 订阅 An Atom feed of CAP 1.2 alerts (each entry links to and contains one alert)")
            .Answers("application/atom+xml", "CAP 1.2 消息的 Atom 订阅 / Atom feed of CAP 1.2 alerts");
        routes.MapGet("/feeds/warnings/cap/{identifier}.xml", CapAlert).WithName("WarningCapAlert").WithTags(OpenApiTags.Feeds)
            .WithSummary("一条 CAP 1.2 消息 One CAP 1.2 alert")
            .Answers("application/cap+xml", "CAP 1.2 消息 / A CAP 1.2 alert");
    }

    private static string BaseUrl(HttpRequest r) => Push.WebSubLinks.FeedBase(r);

    private static IResult Atom(HttpRequest request, WarningQueries queries, MetaFactory meta, HttpResponse response)
    {
        var now = queries.Now;
        var warnings = queries.Aggregates().Where(w => w.Start <= now).OrderByDescending(w => w.Start).Take(MaxWarnings).ToList();
        var b = BaseUrl(request);
        var demo = meta.IsDemo;
        var bytes = Xml(w =>
        {
            w.WriteStartElement("feed", AtomNamespace);
            w.WriteAttributeString("xml", "lang", null, "zh-CN");
            w.WriteElementString("id", AtomNamespace, "tag:jinzhou-blue-sky.open-data,2018:warnings");
            w.WriteElementString("title", AtomNamespace, (demo ? "【演示数据 DEMO】" : "") + "锦州市重污染天气预警 Jinzhou heavy air pollution warnings");
            w.WriteElementString("subtitle", AtomNamespace, demo ? MetaFactory.DemoNoticeText : WarningsApi.RealSource);
            w.WriteElementString("updated", AtomNamespace, Rfc3339(warnings.Count == 0 ? now : warnings.Max(Updated)));
            Link(w, "self", b + "/feeds/warnings.atom", "application/atom+xml");
            Push.WebSubLinks.WriteHub(w, Push.WebSubLinks.Hub(request));
            Link(w, "alternate", b + "/api/v1/warnings", "application/json");
            Link(w, "related", b + "/feeds/warnings.cap", "application/atom+xml");
            w.WriteStartElement("author", AtomNamespace);
            w.WriteElementString("name", AtomNamespace, "锦州蓝天公开数据 Jinzhou Blue Sky open data");
            w.WriteEndElement();
            w.WriteElementString("rights", AtomNamespace, MetaFactory.License);
            foreach (var warning in warnings)
            {
                var events = warning.Events.Select(e => e.Event).Where(e => e.Time <= now).ToList();
                w.WriteStartElement("entry", AtomNamespace);
                w.WriteElementString("id", AtomNamespace, $"tag:jinzhou-blue-sky.open-data,2018:warnings/{warning.Id}");
                w.WriteElementString("title", AtomNamespace, (demo ? "【演示】" : "") + Title(warning, now));
                w.WriteElementString("updated", AtomNamespace, Rfc3339(Updated(warning)));
                w.WriteElementString("published", AtomNamespace, Rfc3339(warning.Start));
                Link(w, "alternate", $"{b}/api/v1/warnings/{Uri.EscapeDataString(warning.Id)}", "application/json");
                if (warning.Events[0].Event.Document is { } doc)
                {
                    Link(w, "via", doc.Url, null);
                }

                w.WriteStartElement("author", AtomNamespace);
                w.WriteElementString("name", AtomNamespace, warning.Events[0].Event.Authority);
                w.WriteEndElement();
                w.WriteStartElement("category", AtomNamespace);
                w.WriteAttributeString("term", WarningLevels.Code(warning.HighestLevel));
                w.WriteAttributeString("label", WarningLevels.NameZh(warning.HighestLevel) + " " + WarningLevels.NameEn(warning.HighestLevel));
                w.WriteEndElement();
                w.WriteStartElement("content", AtomNamespace);
                w.WriteAttributeString("type", "text");
                w.WriteString(Timeline(events));
                w.WriteEndElement();
                w.WriteEndElement();
            }

            w.WriteEndElement();
        });
        response.Headers.CacheControl = "public, max-age=60";
        return Results.Bytes(bytes, AtomType);
    }

    private static IResult CapFeed(HttpRequest request, WarningQueries queries, MetaFactory meta, IConfiguration config, HttpResponse response)
    {
        var sender = Sender(config);
        var now = queries.Now;
        var demo = meta.IsDemo;
        var b = BaseUrl(request);
        var messages = Messages(queries, sender, now).OrderByDescending(m => m.Sent).ThenByDescending(m => m.Identifier, StringComparer.Ordinal).Take(MaxMessages).ToList();
        var bytes = Xml(w =>
        {
            w.WriteStartElement("feed", AtomNamespace);
            w.WriteAttributeString("xmlns", "cap", null, CapMessages.Namespace);
            w.WriteElementString("id", AtomNamespace, "tag:jinzhou-blue-sky.open-data,2018:warnings-cap");
            w.WriteElementString("title", AtomNamespace, (demo ? "【演示数据 DEMO】" : "") + "锦州市重污染天气预警 CAP 1.2 Jinzhou heavy air pollution warnings (CAP 1.2)");
            w.WriteElementString("updated", AtomNamespace, Rfc3339(messages.Count == 0 ? now : messages.Max(m => m.Sent)));
            Link(w, "self", b + "/feeds/warnings.cap", "application/atom+xml");
            Push.WebSubLinks.WriteHub(w, Push.WebSubLinks.Hub(request));
            w.WriteStartElement("author", AtomNamespace);
            w.WriteElementString("name", AtomNamespace, sender);
            w.WriteEndElement();
            w.WriteElementString("rights", AtomNamespace, MetaFactory.License);
            foreach (var m in messages)
            {
                var e = m.Row.Event;
                w.WriteStartElement("entry", AtomNamespace);
                w.WriteElementString("id", AtomNamespace, $"tag:jinzhou-blue-sky.open-data,2018:cap/{m.Identifier}");
                w.WriteElementString("title", AtomNamespace, CapMessages.Headline(e, zh: true) + " / " + CapMessages.Headline(e, zh: false));
                w.WriteElementString("updated", AtomNamespace, Rfc3339(m.Sent));
                Link(w, "alternate", $"{b}/feeds/warnings/cap/{Uri.EscapeDataString(m.Identifier)}.xml", CapMessages.MediaType);
                w.WriteStartElement("author", AtomNamespace);
                w.WriteElementString("name", AtomNamespace, e.Authority);
                w.WriteEndElement();
                w.WriteElementString("summary", AtomNamespace, $"{m.MsgType}: {CapMessages.Headline(e, zh: false)}");
                w.WriteStartElement("content", AtomNamespace);
                w.WriteAttributeString("type", CapMessages.MediaType);
                CapMessages.WriteAlert(w, m, sender, demo, $"{b}/api/v1/warnings/{Uri.EscapeDataString(m.Warning.Id)}");
                w.WriteEndElement();
                w.WriteEndElement();
            }

            w.WriteEndElement();
        });
        response.Headers.CacheControl = "public, max-age=60";
        return Results.Bytes(bytes, AtomType);
    }

    private static IResult CapAlert(string identifier, HttpRequest request, WarningQueries queries, MetaFactory meta, IConfiguration config, HttpResponse response)
    {
        var sender = Sender(config);
        var prefix = sender + ".warning.";
        var message = identifier.StartsWith(prefix, StringComparison.Ordinal)
            ? Messages(queries, sender, queries.Now).FirstOrDefault(m => m.Identifier == identifier)
            : null;
        if (message is null)
        {
            return Problems.NotFound(new NotFoundException("identifier", $"unknown CAP message '{identifier}'"));
        }

        var b = BaseUrl(request);
        var bytes = Xml(w => CapMessages.WriteAlert(w, message, sender, meta.IsDemo, $"{b}/api/v1/warnings/{Uri.EscapeDataString(message.Warning.Id)}"));
        response.Headers.CacheControl = "public, max-age=60";
        return Results.Bytes(bytes, CapMessages.MediaType + "; charset=utf-8");
    }

    /// <summary>The CAP sender (no spaces or commas, CAP 1.2 §3.2.1); configurable as Warnings:CapSender.</summary>
    public static string Sender(IConfiguration config) =>
        config["Warnings:CapSender"] is { Length: > 0 } s && !s.Any(c => char.IsWhiteSpace(c) || c is ',' or '<' or '&') ? s : "jinzhou-blue-sky.open-data";

    private static List<CapMessage> Messages(WarningQueries queries, string sender, DateTimeOffset now) =>
        queries.Aggregates()
            .SelectMany(w => CapMessages.ForWarning(w, queries.AllVersions(w.Id), sender))
            .Where(m => m.Sent <= now)
            .ToList();

    private static DateTimeOffset Updated(WarningAggregate w) =>
        w.Events.Max(e => e.Version > 1 ? DateTimeOffset.Parse(e.RecordedAt, CultureInfo.InvariantCulture) : e.Event.Time);

    /// <summary>"锦州市重污染天气橙色预警（Ⅱ级）2019-12-20 起，已解除 / Jinzhou City: orange warning from 2019-12-20, lifted".</summary>
    private static string Title(WarningAggregate w, DateTimeOffset now)
    {
        var level = w.HighestLevel;
        var status = w.Status(now);
        var statusZh = status switch { "active" => "生效中", "lifted" => "已解除", "expired" => "已到期", _ => "未生效" };
        var start = w.Start.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
        return $"{w.Area.NameZh}重污染天气{WarningLevels.NameZh(level)}（{WarningLevels.GradeZh(level)}）{start} 起，{statusZh} / " +
            $"{w.Area.NameEn}: {WarningLevels.NameEn(level).ToLowerInvariant()} for heavy air pollution from {start} (+08:00), {status}";
    }

    private static string Timeline(List<WarningEvent> events)
    {
        var sb = new StringBuilder();
        foreach (var e in events)
        {
            sb.Append(ChinaTime.Iso(e.Time)).Append(' ').Append(WarningEventKinds.NameZh(e.Kind)).Append(' ').Append(WarningEventKinds.Code(e.Kind));
            if (e.Level is { } level)
            {
                sb.Append(' ').Append(WarningLevels.NameZh(level)).Append(" (").Append(WarningLevels.GradeZh(level)).Append(", ").Append(WarningLevels.Code(level)).Append(')');
            }

            sb.Append(" — ").Append(e.Authority);
            if (e.DocumentNumber is { } n)
            {
                sb.Append(' ').Append(n);
            }

            sb.Append('\n');
        }

        return sb.ToString().TrimEnd();
    }

    private static void Link(XmlWriter w, string rel, string href, string? type)
    {
        w.WriteStartElement("link", AtomNamespace);
        w.WriteAttributeString("rel", rel);
        w.WriteAttributeString("href", href);
        if (type is not null)
        {
            w.WriteAttributeString("type", type);
        }

        w.WriteEndElement();
    }

    private static string Rfc3339(DateTimeOffset t) => ChinaTime.Iso(t.ToOffset(ChinaTime.Offset));

    private static byte[] Xml(Action<XmlWriter> write)
    {
        using var stream = new MemoryStream();
        using (var w = XmlWriter.Create(stream, new XmlWriterSettings { Encoding = new UTF8Encoding(false), Indent = true }))
        {
            w.WriteStartDocument();
            write(w);
            w.WriteEndDocument();
        }

        return stream.ToArray();
    }
}
