using System.Globalization;
using System.Text;
using System.Xml;
using Public.Web.AirQuality;
using Public.Web.Contract;
using Public.Web.Enterprises;
using Public.Web.Penalties;
using Public.Web.Plan;
using Public.Web.Site.Docs;
using Public.Web.Site.Press;
using Public.Web.Warnings;

namespace Public.Web.Site;

/// <summary>Every page of the site, in both languages: the sitemap (and the export) walk this list.</summary>
internal static class SiteMap
{
    public static readonly string[] FixedPages = ["/", "/press", "/plan", "/warnings", "/penalties", "/enterprises", "/audit", "/audit/method", "/data", "/methodology", "/transparency", "/about"];

    /// <summary>Chinese paths; each has its English twin under /en.</summary>
    public static IReadOnlyList<string> ChinesePaths(AirQualityQueries air, WarningQueries warnings, PressLibrary press, PenaltyQueries penalties, EnterpriseQueries? enterprises = null,
        DocsLibrary? docs = null, PlanContent? plan = null)
    {
        var paths = new List<string>(FixedPages);
        paths.AddRange(press.Releases.Select(r => "/press/" + r.Slug));
        paths.AddRange(press.Tags.Select(t => "/press/tags/" + t));
        var pressPages = (press.Releases.Count + Pages.PressListPage.PageSize - 1) / Pages.PressListPage.PageSize;
        for (var page = 2; page <= pressPages; page++)
        {
            paths.Add("/press/page/" + page.ToString(CultureInfo.InvariantCulture));
        }

        paths.AddRange(air.Registry.All.Select(s => "/stations/" + s.Code));
        var first = air.Targets.Targets.Count > 0 ? air.Targets.Targets.Min(t => t.Year) : air.LatestDay().Year;
        for (var year = Math.Min(first, air.LatestDay().Year); year <= air.LatestDay().Year; year++)
        {
            paths.Add("/air/" + year.ToString(CultureInfo.InvariantCulture));
        }

        paths.AddRange(warnings.List(new WarningFilter(null, null, null, null), 1, 1000).Page.Select(w => "/warnings/" + w.Id));
        // Every published decision, in pages of the list's maximum.
        var all = PenaltyQueries.ParseFilter(null, null, null, null, null, null, null, null, null);
        for (var page = 1; ; page++)
        {
            var batch = penalties.List(all, page, 1000, out var found);
            paths.AddRange(batch.Select(p => "/penalties/" + p.Id.ToString(CultureInfo.InvariantCulture)));
            if (batch.Count == 0 || page * 1000 >= found)
            {
                break;
            }
        }

        if (enterprises is not null)
        {
            paths.AddRange(enterprises.Window(new EnterpriseFilter(), 0, int.MaxValue, out _).Select(e => "/enterprises/" + e.CreditCode));
        }

        if (plan is not null)
        {
            // The plan tracker: a page per measure and per responsible body.
            paths.AddRange(plan.Measures.Select(m => "/plan/" + m.Id));
            paths.AddRange(plan.Departments.Select(d => "/plan/departments/" + d.Id));
        }

        paths.AddRange(DocsPaths(docs));
        return paths;
    }

    /// <summary>The reference docs and the data dictionary: /docs, each docs page, each dataset's /data/{id}.</summary>
    private static IEnumerable<string> DocsPaths(DocsLibrary? docs) =>
        docs is null ? [] : [DocsLibrary.Root, .. docs.Pages.Select(p => p.Path), .. Datasets.All.Select(d => d.Path)];

    /// <summary>Every page in both languages, from the services that know them.</summary>
    public static IReadOnlyList<string> AllPaths(IServiceProvider services) =>
        ChinesePaths(services.GetRequiredService<AirQualityQueries>(), services.GetRequiredService<WarningQueries>(), services.GetRequiredService<PressLibrary>(),
                services.GetRequiredService<PenaltyQueries>(), services.GetRequiredService<EnterpriseQueries>(), services.GetRequiredService<DocsLibrary>(),
                services.GetRequiredService<PlanContent>())
            .SelectMany(p => new[] { p, SiteText.Localize(p, true) }).ToList();

    public static string Xml(string origin, IEnumerable<string> paths)
    {
        var builder = new StringBuilder();
        using (var writer = XmlWriter.Create(builder, new XmlWriterSettings { Indent = true, OmitXmlDeclaration = false }))
        {
            writer.WriteStartElement("urlset", "http://www.sitemaps.org/schemas/sitemap/0.9");
            foreach (var path in paths)
            {
                writer.WriteStartElement("url");
                writer.WriteElementString("loc", origin.TrimEnd('/') + path);
                writer.WriteEndElement();
            }

            writer.WriteEndElement();
        }

        return builder.ToString().Replace("encoding=\"utf-16\"", "encoding=\"utf-8\"", StringComparison.Ordinal);
    }
}
