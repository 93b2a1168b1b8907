using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Public.Web.Site;

namespace Public.Web.Bulk;

/// <summary>An RDF term of the catalog graph: an IRI, a literal (with a language or a datatype) or a node.</summary>
internal abstract record RdfTerm;

internal sealed record Iri(string Value) : RdfTerm;

internal sealed record Literal(string Value, string? Language = null, string? Datatype = null) : RdfTerm;

/// <summary>A node: an IRI (or a blank node when <see cref="Id"/> is null), its types and its properties in order.</summary>
internal sealed record RdfNode(string? Id, IReadOnlyList<string> Types) : RdfTerm
{
    public List<(string Property, RdfTerm Value)> Properties { get; } = [];

    public RdfNode Add(string property, RdfTerm? value)
    {
        if (value is not null)
        {
            Properties.Add((property, value));
        }

        return this;
    }

    public RdfNode Text(string property, string zh, string en) =>
        Add(property, new Literal(zh, "zh-CN")).Add(property, new Literal(en, "en"));

    /// <summary>The graph as JSON-LD with a small inline context (prefixes only), so no processor fetches a remote context.</summary>
    public JsonObject ToJsonLd()
    {
        var context = new JsonObject();
        foreach (var (prefix, ns) in Dcat.Prefixes)
        {
            context[prefix] = ns;
        }

        var root = Json(this);
        var result = new JsonObject { ["@context"] = context };
        foreach (var (key, value) in root.ToList())
        {
            root.Remove(key);
            result[key] = value;
        }

        return result;
    }

    private static JsonObject Json(RdfNode node)
    {
        var json = new JsonObject();
        if (node.Id is not null)
        {
            json["@id"] = node.Id;
        }

        json["@type"] = node.Types.Count == 1 ? node.Types[0] : new JsonArray(node.Types.Select(t => (JsonNode)JsonValue.Create(t)!).ToArray());
        foreach (var group in node.Properties.GroupBy(p => p.Property))
        {
            var values = group.Select(p => Json(p.Value)).ToArray();
            json[group.Key] = values.Length == 1 ? values[0] : new JsonArray(values);
        }

        return json;
    }

    private static JsonNode Json(RdfTerm term) => term switch
    {
        Iri iri => new JsonObject { ["@id"] = iri.Value },
        Literal { Language: { } language } l => new JsonObject { ["@value"] = l.Value, ["@language"] = language },
        Literal { Datatype: { } datatype } l => new JsonObject { ["@value"] = l.Value, ["@type"] = datatype },
        Literal l => JsonValue.Create(l.Value),
        RdfNode n => Json(n),
        _ => throw new InvalidOperationException("unknown RDF term"),
    };

    /// <summary>The same graph as Turtle: nodes with an IRI as their own statements, blank nodes inline.</summary>
    public string ToTurtle()
    {
        var sb = new StringBuilder();
        foreach (var (prefix, ns) in Dcat.Prefixes)
        {
            sb.Append("@prefix ").Append(prefix).Append(": <").Append(ns).Append("> .\n");
        }

        var pending = new Queue<RdfNode>([this]);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        while (pending.Count > 0)
        {
            var node = pending.Dequeue();
            if (!seen.Add(node.Id!))
            {
                continue;
            }

            sb.Append('\n').Append('<').Append(node.Id).Append('>');
            Body(sb, node, pending, "    ");
            sb.Append(" .\n");
        }

        return sb.ToString();
    }

    private static void Body(StringBuilder sb, RdfNode node, Queue<RdfNode> pending, string indent)
    {
        sb.Append(" a ").AppendJoin(", ", node.Types);
        foreach (var group in node.Properties.GroupBy(p => p.Property))
        {
            sb.Append(" ;\n").Append(indent).Append(group.Key).Append(' ');
            var first = true;
            foreach (var (_, value) in group)
            {
                if (!first)
                {
                    sb.Append(" , ");
                }

                first = false;
                switch (value)
                {
                    case RdfNode { Id: { } id } named:
                        sb.Append('<').Append(id).Append('>');
                        pending.Enqueue(named);
                        break;
                    case RdfNode blank:
                        sb.Append('[');
                        Body(sb, blank, pending, indent + "    ");
                        sb.Append(" ]");
                        break;
                    case Iri iri:
                        sb.Append('<').Append(iri.Value).Append('>');
                        break;
                    case Literal l:
                        sb.Append('"').Append(Escape(l.Value)).Append('"');
                        if (l.Language is not null)
                        {
                            sb.Append('@').Append(l.Language);
                        }
                        else if (l.Datatype is not null)
                        {
                            sb.Append("^^").Append(l.Datatype);
                        }

                        break;
                }
            }
        }
    }

    private static string Escape(string value) => value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal)
        .Replace("\n", "\\n", StringComparison.Ordinal).Replace("\r", "\\r", StringComparison.Ordinal);
}

/// <summary>
/// The DCAT-AP 3 catalog of the yearly archives: the catalog, one <c>dcat:Dataset</c> per archive dataset and one
/// <c>dcat:Distribution</c> per file, with the mandatory and recommended properties (titles and descriptions in
/// Chinese and English, publisher, contact point, license, temporal and spatial coverage, theme, accrual periodicity,
/// access and download URLs, media types, byte sizes, SHA-256 checksums, the Table Schema each file conforms to).
/// </summary>
internal static class Dcat
{
    public const string JsonLdMediaType = "application/ld+json";
    public const string TurtleMediaType = "text/turtle";

    public static readonly IReadOnlyList<(string Prefix, string Namespace)> Prefixes =
    [
        ("dcat", "http://www.w3.org/ns/dcat#"),
        ("dct", "http://purl.org/dc/terms/"),
        ("foaf", "http://xmlns.com/foaf/0.1/"),
        ("vcard", "http://www.w3.org/2006/vcard/ns#"),
        ("spdx", "http://spdx.org/rdf/terms#"),
        ("xsd", "http://www.w3.org/2001/XMLSchema#"),
        ("skos", "http://www.w3.org/2004/02/skos/core#"),
        ("locn", "http://www.w3.org/ns/locn#"),
        ("gsp", "http://www.opengis.net/ont/geosparql#"),
    ];

    private const string Environment = "http://publications.europa.eu/resource/authority/data-theme/ENVI";
    private const string ThemeScheme = "http://publications.europa.eu/resource/authority/data-theme";
    private const string FileTypes = "http://publications.europa.eu/resource/authority/file-type/";
    private const string Iana = "http://www.iana.org/assignments/media-types/";
    private const string Chinese = "http://publications.europa.eu/resource/authority/language/ZHO";
    private const string English = "http://publications.europa.eu/resource/authority/language/ENG";

    /// <summary>Jinzhou city's bounding box as WKT (the same box the schema.org markup gives).</summary>
    private const string CityBox = "POLYGON((120.7 40.6, 122.6 40.6, 122.6 42.1, 120.7 42.1, 120.7 40.6))";

    public static RdfNode Catalog(BulkManifest manifest, string origin, bool demo)
    {
        var publisher = new RdfNode(origin + "/#publisher", ["foaf:Agent"])
            .Text("foaf:name", SiteText.SiteNameZh, SiteText.SiteNameEn)
            .Add("foaf:homepage", new Iri(origin + "/"));
        var catalog = new RdfNode(origin + "/catalog", ["dcat:Catalog"])
            .Text("dct:title", SiteText.SiteNameZh + "：数据目录", SiteText.SiteNameEn + ": data catalog")
            .Text("dct:description", "锦州市环境空气质量、重污染天气预警、重点排污单位及其自行监测、行政处罚、信息披露与行动方案等公开数据的逐年文件（CSV 与 Parquet），含数据包描述与校验和。",
                "Yearly files (CSV and Parquet) of Jinzhou's published data — air quality, heavy-pollution warnings, key polluters and their self-monitoring, penalties, disclosures and the action plan — with data-package descriptors and checksums.")
            .Add("dct:publisher", publisher)
            .Add("foaf:homepage", new Iri(origin + "/data"))
            .Add("dct:license", new Iri(DataPackage.LicenseUrl))
            .Add("dct:language", new Iri(Chinese)).Add("dct:language", new Iri(English))
            .Add("dct:modified", new Literal(Infrastructure.IsoTimeConverter.Format(manifest.BuiltAt), Datatype: "xsd:dateTime"))
            .Add("dcat:themeTaxonomy", new Iri(ThemeScheme))
            .Add("dct:spatial", City());
        foreach (var dataset in BulkDatasets.All)
        {
            var years = manifest.Years.Where(y => y.Dataset == dataset.Id).OrderBy(y => y.Year).ToList();
            if (years.Count > 0)
            {
                catalog.Add("dcat:dataset", Dataset(dataset, years, origin, publisher, demo));
            }
        }

        return catalog;
    }

    private static RdfNode City() => new RdfNode(null, ["dct:Location"])
        .Text("skos:prefLabel", "辽宁省锦州市", "Jinzhou, Liaoning, China")
        .Add("dcat:bbox", new Literal(CityBox, Datatype: "gsp:wktLiteral"));

    private static RdfNode Dataset(BulkDataset dataset, List<BulkYear> years, string origin, RdfNode publisher, bool demo)
    {
        var node = new RdfNode($"{origin}/catalog#{dataset.Id}", ["dcat:Dataset"])
            .Text("dct:title", dataset.NameZh, dataset.NameEn)
            .Text("dct:description", dataset.DescriptionZh + (demo ? "（演示数据，非真实监测值）" : ""), dataset.DescriptionEn + (demo ? " (Demo data — not real measurements.)" : ""))
            .Add("dct:identifier", new Literal(dataset.Id))
            .Add("dct:publisher", publisher)
            .Add("dct:creator", demo
                ? new RdfNode(null, ["foaf:Agent"]).Text("foaf:name", SiteText.SiteNameZh + "（演示数据生成器）", SiteText.SiteNameEn + " (demo data generator)")
                : dataset.Air ? new RdfNode(null, ["foaf:Agent"]).Text("foaf:name", "中国环境监测总站", "China National Environmental Monitoring Centre (CNEMC)")
                : publisher)
            .Add("dcat:contactPoint", new RdfNode(null, ["vcard:Organization"])
                .Text("vcard:fn", SiteText.SiteNameZh, SiteText.SiteNameEn)
                .Add("vcard:hasURL", new Iri(origin + "/docs")))
            .Add("dcat:theme", new Iri(Environment))
            .Text("dcat:keyword", dataset.Air ? "空气质量" : "环境信息公开", dataset.Air ? "air quality" : "environmental disclosure")
            .Add("dcat:keyword", new Literal(dataset.Air ? "AQI" : dataset.Id))
            .Add("dct:accrualPeriodicity", new Iri(dataset.Frequency))
            .Add("dct:spatial", City())
            .Add("dct:temporal", new RdfNode(null, ["dct:PeriodOfTime"])
                .Add("dcat:startDate", new Literal(Date(years[0].First), Datatype: "xsd:date"))
                .Add("dcat:endDate", new Literal(Date(years[^1].Last), Datatype: "xsd:date")))
            .Add("dcat:landingPage", new Iri(origin + dataset.LandingPath))
            .Add("dct:conformsTo", new Iri($"{origin}/bulk/{dataset.Id}/datapackage.json"));
        foreach (var year in years)
        {
            foreach (var file in year.Files)
            {
                node.Add("dcat:distribution", Distribution(dataset, year, file, origin));
            }
        }

        return node;
    }

    private static RdfNode Distribution(BulkDataset dataset, BulkYear year, BulkFile file, string origin)
    {
        var url = $"{origin}/bulk/{file.Path}";
        var csv = file.Format == "csv";
        var node = new RdfNode(url + "#distribution", ["dcat:Distribution"])
            .Text("dct:title", $"{dataset.NameZh} {year.Year}（{(csv ? "CSV，gzip 压缩" : "Parquet")}）", $"{dataset.NameEn} {year.Year} ({(csv ? "CSV, gzipped" : "Parquet")})")
            .Text("dct:description", $"{year.Rows} 行，{Date(year.First)} 至 {Date(year.Last)}", $"{year.Rows} rows, {Date(year.First)} to {Date(year.Last)}")
            .Add("dcat:accessURL", new Iri(origin + "/data"))
            .Add("dcat:downloadURL", new Iri(url))
            .Add("dct:format", new Iri(FileTypes + (csv ? "CSV" : "PARQUET")))
            .Add("dcat:mediaType", new Iri(Iana + (csv ? "text/csv" : WideFormats.ParquetMediaType)));
        if (csv)
        {
            node.Add("dcat:compressFormat", new Iri(Iana + WideFormats.GzipMediaType));
        }

        return node
            .Add("dcat:byteSize", new Literal(file.Bytes.ToString(CultureInfo.InvariantCulture), Datatype: "xsd:nonNegativeInteger"))
            .Add("spdx:checksum", new RdfNode(null, ["spdx:Checksum"])
                .Add("spdx:algorithm", new Iri("http://spdx.org/rdf/terms#checksumAlgorithm_sha256"))
                .Add("spdx:checksumValue", new Literal(file.Sha256, Datatype: "xsd:hexBinary")))
            .Add("dct:license", new Iri(DataPackage.LicenseUrl))
            .Add("dct:conformsTo", new Iri($"{origin}/bulk/{dataset.Id}/datapackage.json"))
            .Add("dct:temporal", new RdfNode(null, ["dct:PeriodOfTime"])
                .Add("dcat:startDate", new Literal(Date(year.First), Datatype: "xsd:date"))
                .Add("dcat:endDate", new Literal(Date(year.Last), Datatype: "xsd:date")));
    }

    private static string Date(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
