using System.Globalization;
using System.Text.Json.Nodes;
using Public.Web.Api;
using Public.Web.Site;

namespace Public.Web.Bulk;

/// <summary>
/// Frictionless Data Package v2 descriptors of the archives: <c>/bulk/datapackage.json</c> (every resource) and
/// <c>/bulk/{dataset}/datapackage.json</c> (one dataset's years). Every resource's Table Schema is generated from the
/// wide table's columns, which come from the contract declarations.
/// </summary>
internal static class DataPackage
{
    public const string Profile = "https://datapackage.org/profiles/2.0/datapackage.json";
    public const string LicenseName = "CC-BY-4.0";
    public const string LicenseUrl = "https://creativecommons.org/licenses/by/4.0/";

    /// <summary>The whole package: resource paths relative to <c>/bulk/</c>.</summary>
    public static JsonObject Package(BulkManifest manifest, string origin, bool demo) =>
        Describe(manifest, origin, demo, BulkDatasets.All, prefix: d => d.Id + "/", stationsPath: BulkArchives.StationsPath,
            "jinzhou-blue-sky", "锦州蓝天公开数据：逐年数据文件 / Jinzhou Blue Sky open data: yearly data files");

    /// <summary>One dataset's package: paths relative to <c>/bulk/{dataset}/</c>; the station registry by its full URL.</summary>
    public static JsonObject Package(BulkManifest manifest, string origin, bool demo, BulkDataset dataset) =>
        Describe(manifest, origin, demo, [dataset], prefix: _ => "", stationsPath: $"{origin}/bulk/{BulkArchives.StationsPath}",
            "jinzhou-blue-sky-" + dataset.Id, $"{dataset.NameZh} / {dataset.NameEn}");

    private static JsonObject Describe(BulkManifest manifest, string origin, bool demo, IReadOnlyList<BulkDataset> datasets, Func<BulkDataset, string> prefix,
        string stationsPath, string name, string title)
    {
        var resources = new JsonArray { Stations(manifest, stationsPath) };
        foreach (var dataset in datasets)
        {
            foreach (var year in manifest.Years.Where(y => y.Dataset == dataset.Id))
            {
                var present = datasets.Select(d => d.Id).ToHashSet(StringComparer.Ordinal);
                resources.Add(Resource(dataset, year, year.CsvGz, prefix(dataset), demo, present));
                resources.Add(Resource(dataset, year, year.Parquet, prefix(dataset), demo, present));
            }
        }

        return new JsonObject
        {
            ["$schema"] = Profile,
            ["name"] = name,
            ["title"] = title,
            ["description"] = (demo ? MetaFactory.DemoNoticeText + " " : "") + "锦州市环境空气质量等公开数据的逐年文件（宽表：每行一条记录——站点小时、一天、一次预警、一个处罚决定……——每项一列，空气质量列名带单位，其余单位见各字段 unit）。记录列表（如统计量、实测日）为 JSON 列（类型 array）。时间为带时区偏移的 ISO 8601（Asia/Shanghai，+08:00），小时值以时段结束时刻标记；空值表示缺失。"
                + " / Yearly files of Jinzhou's published data (wide: one row per record — a station-hour, a day, a warning, a penalty decision… — one column per value; air-quality columns carry their unit in the name, every other field's unit is its unit property). Lists of records (statistics, observed days) are JSON cells (type array). Times are ISO 8601 with their offset (Asia/Shanghai, +08:00); hourly values are labelled with the END of the averaging hour; empty = missing.",
            ["homepage"] = origin + "/open-data",
            ["version"] = manifest.DataVersion.ToString(CultureInfo.InvariantCulture),
            ["created"] = Infrastructure.IsoTimeConverter.Format(manifest.BuiltAt),
            ["keywords"] = new JsonArray("空气质量", "air quality", "AQI", "PM2.5", "锦州", "Jinzhou"),
            ["licenses"] = Licenses(),
            ["sources"] = Sources(demo),
            ["resources"] = resources,
        };
    }

    private static JsonArray Licenses() =>
        [new JsonObject { ["name"] = LicenseName, ["path"] = LicenseUrl, ["title"] = "Creative Commons Attribution 4.0 (本站汇编与计算结果 / our compilation and computed values)" }];

    /// <summary>Where the values come from: the national release, or — said on every descriptor — the demo generator.</summary>
    private static JsonArray Sources(bool demo) =>
        [new JsonObject { ["title"] = demo ? MetaFactory.DemoSource : MetaFactory.RealSource }];

    private static JsonObject Stations(BulkManifest manifest, string path) => new()
    {
        ["name"] = "stations",
        ["type"] = "table",
        ["path"] = path,
        ["title"] = "监测站点 / Monitoring stations",
        ["description"] = $"锦州国控空气质量监测站（{manifest.StationRows} 个）/ Jinzhou's national air-quality monitoring stations ({manifest.StationRows}).",
        ["format"] = "csv",
        ["mediatype"] = "text/csv",
        ["encoding"] = "utf-8",
        ["bytes"] = manifest.Stations.Bytes,
        ["hash"] = "sha256:" + manifest.Stations.Sha256,
        ["licenses"] = Licenses(),
        ["dialect"] = Dialect(),
        ["schema"] = Schema(AirWideTables.Stations),
    };

    /// <param name="present">The datasets of this package: a foreign key to one outside it (in a one-dataset package) is
    /// left to <c>/bulk/datapackage.json</c>, which has every resource, and the description says so.</param>
    private static JsonObject Resource(BulkDataset dataset, BulkYear year, BulkFile file, string prefix, bool demo, HashSet<string> present)
    {
        var csv = file == year.CsvGz;
        var resource = new JsonObject
        {
            ["name"] = $"{dataset.Id}-{year.Year}-{(csv ? "csv" : "parquet")}",
            ["type"] = "table",
            ["path"] = prefix + file.Path[(file.Path.IndexOf('/', StringComparison.Ordinal) + 1)..],
            ["title"] = $"{dataset.NameZh} {year.Year} / {dataset.NameEn} {year.Year}",
            ["description"] = $"{dataset.DescriptionZh} / {dataset.DescriptionEn} ({year.Rows} rows; {year.First:yyyy-MM-dd} – {year.Last:yyyy-MM-dd})",
            ["format"] = csv ? "csv" : "parquet",
            ["mediatype"] = csv ? "text/csv" : WideFormats.ParquetMediaType,
        };
        if (csv)
        {
            resource["encoding"] = "utf-8";
            resource["compression"] = "gz";
        }

        resource["bytes"] = file.Bytes;
        resource["hash"] = "sha256:" + file.Sha256;
        resource["licenses"] = Licenses();
        resource["sources"] = Sources(demo);
        // Not in the v2 profile: the period the rows cover (the DCAT catalog says it too).
        resource["temporal"] = new JsonObject { ["start"] = year.First.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), ["end"] = year.Last.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) };
        if (csv)
        {
            resource["dialect"] = Dialect();
        }

        var format = csv ? "csv" : "parquet";
        // A foreign key refers to the same year's file of the same format of the other dataset (warning events of 2019 →
        // warnings of 2019); the station registry is one resource.
        resource["schema"] = Schema(dataset.Table, r => r == "stations" ? r : present.Contains(r) ? $"{r}-{year.Year}-{format}" : null);
        if (dataset.Table.ForeignKeys.Any(f => f.Resource != "stations" && !present.Contains(f.Resource)))
        {
            resource["description"] += " 外键见 /bulk/datapackage.json / Foreign keys to other datasets are declared in /bulk/datapackage.json.";
        }

        return resource;
    }

    private static JsonObject Dialect() => new() { ["header"] = true, ["delimiter"] = ",", ["lineTerminator"] = "\r\n", ["quoteChar"] = "\"", ["doubleQuote"] = true };

    /// <summary>The Table Schema of a wide table: fields with type, format, unit, bilingual description, constraints; keys.</summary>
    public static JsonObject Schema(IWideTable table) => Schema(table, r => r);

    /// <summary>The Table Schema, foreign keys naming the resource <paramref name="resource"/> gives (null: not in this package).</summary>
    public static JsonObject Schema(IWideTable table, Func<string, string?> resource)
    {
        var fields = new JsonArray();
        foreach (var c in table.Columns)
        {
            var field = new JsonObject
            {
                ["name"] = c.Name,
                ["title"] = c.Zh,
                ["type"] = WideFormats.TableSchemaType(c),
                ["description"] = c.Description,
            };
            if (c.Kind == Contract.FieldKind.DateTime)
            {
                field["format"] = "any";
            }

            if (c.Unit is { } unit)
            {
                field["unit"] = unit;
            }

            var constraints = new JsonObject();
            if (c.Required)
            {
                constraints["required"] = true;
            }

            if (c.Values is { Count: > 0 } values)
            {
                constraints["enum"] = new JsonArray(values.Select(v => (JsonNode)JsonValue.Create(v)!).ToArray());
            }

            if (c.Kind is Contract.FieldKind.Exact or Contract.FieldKind.Whole && c.Unit is not null)
            {
                constraints["minimum"] = 0;
            }

            if (constraints.Count > 0)
            {
                field["constraints"] = constraints;
            }

            fields.Add(field);
        }

        var schema = new JsonObject
        {
            ["fields"] = fields,
            ["missingValues"] = new JsonArray(""),
        };
        if (table.PrimaryKey.Count > 0)
        {
            schema["primaryKey"] = new JsonArray(table.PrimaryKey.Select(k => (JsonNode)JsonValue.Create(k)!).ToArray());
        }

        var keys = table.ForeignKeys.Select(f => (Key: f, Resource: resource(f.Resource))).Where(f => f.Resource is not null).ToList();
        if (keys.Count > 0)
        {
            schema["foreignKeys"] = new JsonArray(keys.Select(f => (JsonNode)new JsonObject
            {
                ["fields"] = new JsonArray(f.Key.Column),
                ["reference"] = new JsonObject { ["resource"] = f.Resource, ["fields"] = new JsonArray(f.Key.Field) },
            }).ToArray());
        }

        return schema;
    }

    /// <summary>The origin absolute URLs start with (Site:BaseUrl, else the request's).</summary>
    public static string Origin(HttpContext context) => SiteText.PublicOrigin(context);
}
