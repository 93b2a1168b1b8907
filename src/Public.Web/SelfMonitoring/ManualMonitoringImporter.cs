using System.Globalization;
using System.Text;
using System.Text.Json;
using Public.Standards.Identifiers;
using Public.Web.AirQuality.Import;
using Public.Web.Enterprises;
using Public.Web.Infrastructure;
using Public.Web.Infrastructure.Publication;

namespace Public.Web.SelfMonitoring;

internal sealed record ManualImportSummary(int Files, int FilesRejected, int Results, int New, int NewVersions, int Unchanged, IReadOnlyList<ImportProblem> Problems)
{
    public bool Clean => Problems.Count == 0;
}

/// <summary>
/// <c>import manual-monitoring</c>: manual monitoring results as CSV (header of field names) or JSON (an array of
/// objects, or <c>{"results": [...]}</c>), UTF-8. Each file is checked whole (enterprise and outlet in the registry,
/// numbers, dates, units) and written in one transaction, or not at all; problems are <c>file:line [field]: reason</c>.
/// </summary>
internal sealed class ManualMonitoringImporter(EnterpriseStore enterprises, Publisher publisher, TimeProvider time)
{
    public const string BatchKind = "manual-monitoring";

    public static readonly string[] Fields = ["creditCode", "outletCode", "pollutant", "samplingDate", "value", "unit", "oxygen", "limit", "lab", "reportNumber", "link"];

    private static readonly string[] Required = ["creditCode", "outletCode", "pollutant", "samplingDate", "value", "unit", "lab", "reportNumber"];

    /// <summary>Units a result may be given in (concentrations of flue gas, waste water; pH none; noise dB(A)).</summary>
    public static readonly string[] Units = ["mg/m³", "mg/m3", "µg/m³", "ng/m³", "mg/L", "μg/L", "无量纲", "dB(A)", "kg/h", "%"];

    public ManualImportSummary Import(IEnumerable<string> inputs)
    {
        publisher.RefuseDemo("import real manual monitoring results into a separate database (--db PATH)");

        var files = ImportInputs.FilesOrRefuse(inputs, ".csv", ".json");

        var problems = new List<ImportProblem>();
        int rejected = 0, results = 0, added = 0, versions = 0, unchanged = 0;
        foreach (var file in files)
        {
            var name = Path.GetFileName(file);
            var before = problems.Count;
            var (records, sha) = ReadRecords(file, name, problems);
            var today = ChinaTime.Today(time);
            var parsed = new List<(ManualResult Result, int Line)>();
            var keys = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var (line, fields) in records)
            {
                if (Validate(fields, name, line, today, problems) is { } r)
                {
                    var key = string.Join('|', r.CreditCode, r.OutletCode, r.Pollutant, r.SamplingDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), r.ReportNumber);
                    if (keys.TryGetValue(key, out var first))
                    {
                        problems.Add(new ImportProblem(name, line, "reportNumber", $"the same result (enterprise, outlet, pollutant, sampling date, report) is already at line {first}"));
                        continue;
                    }

                    keys[key] = line;
                    parsed.Add((r, line));
                }
            }

            if (problems.Count > before)
            {
                rejected++;
                continue;
            }

            int fileNew = 0, fileVersions = 0, fileUnchanged = 0;
            publisher.Publish(BatchKind, publisher.Now(), batch =>
            {
            foreach (var (r, line) in parsed)
            {
                switch (ManualResultStore.Apply(batch.StoreConnection, batch.StoreTransaction, r, name, line, batch.Id, batch.StartedAt))
                {
                    case 1:
                        fileNew++;
                        break;
                    case 2:
                        fileVersions++;
                        break;
                    default:
                        fileUnchanged++;
                        break;
                }
            }

            batch.AddFile(name, sha, parsed.Count, "imported");
            batch.Count(1, parsed.Count, fileNew + fileVersions, fileNew, fileVersions, fileUnchanged, 0);
            });
            (results, added, versions, unchanged) = (results + parsed.Count, added + fileNew, versions + fileVersions, unchanged + fileUnchanged);
        }

        return new ManualImportSummary(files.Count, rejected, results, added, versions, unchanged, problems);
    }

    private ManualResult? Validate(Dictionary<string, string> f, string file, int line, DateOnly today, List<ImportProblem> problems)
    {
        var before = problems.Count;
        void Problem(string field, string reason) => problems.Add(new ImportProblem(file, line, field, reason));
        string Get(string field) => f.GetValueOrDefault(field, "");
        foreach (var field in Required.Where(r => Get(r).Length == 0))
        {
            Problem(field, "missing");
        }

        if (problems.Count > before)
        {
            return null;
        }

        var code = Get("creditCode");
        var check = UnifiedSocialCreditCode.Validate(code);
        Enterprise? enterprise = null;
        if (!check.IsValid)
        {
            Problem("creditCode", "bad credit code (GB 32100-2015): " + check.Message);
        }
        else if ((enterprise = enterprises.Get(code)) is null)
        {
            Problem("creditCode", $"no enterprise with credit code {code} in the registry (import it with `import enterprises` first)");
        }

        var outlet = enterprise?.Outlets.FirstOrDefault(o => o.Code == Get("outletCode"));
        if (enterprise is not null && outlet is null)
        {
            Problem("outletCode", $"{enterprise.Name} has no outlet {Get("outletCode")} (outlets: {string.Join(", ", enterprise.Outlets.Select(o => o.Code))})");
        }

        var pollutant = Get("pollutant");
        if (pollutant is not { Length: 6 } || !char.IsAsciiLetterLower(pollutant[0]) || !pollutant[1..].All(char.IsAsciiDigit))
        {
            Problem("pollutant", $"'{pollutant}' is not an HJ 212 pollutant code (a letter and 5 digits, e.g. a21026)");
        }

        if (!DateOnly.TryParseExact(Get("samplingDate"), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            Problem("samplingDate", $"'{Get("samplingDate")}' is not a date YYYY-MM-DD");
        }
        else if (date > today)
        {
            Problem("samplingDate", $"{Get("samplingDate")} is in the future");
        }

        decimal? Number(string field, decimal min, decimal? below, string what)
        {
            var text = Get(field);
            if (text.Length == 0)
            {
                return null;
            }

            if (!decimal.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var d))
            {
                Problem(field, $"'{text}' is not a number (use a decimal point, no sign, thousands separator or unit)");
                return null;
            }

            if (d < min || (below is { } b && d >= b))
            {
                Problem(field, $"{text} is not {what}");
                return null;
            }

            return d;
        }

        var value = Number("value", 0m, null, "a value (0 or more)");
        var oxygen = Number("oxygen", 0m, 21m, "an O2 content (0 to under 21 %)");
        var limit = Number("limit", 0.000001m, null, "a limit (above 0)");
        var unit = Get("unit");
        if (!Units.Contains(unit))
        {
            Problem("unit", $"'{unit}' is not one of {string.Join(", ", Units)}");
        }

        var link = Get("link");
        if (link.Length > 0 && !(Uri.TryCreate(link, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"))
        {
            Problem("link", $"'{link}' is not an http(s) address");
        }

        return problems.Count == before
            ? new ManualResult(code, outlet!.Code, pollutant, date, value!.Value, unit == "mg/m3" ? "mg/m³" : unit, oxygen, limit, Get("lab"), Get("reportNumber"), link.Length == 0 ? null : link)
            : null;
    }

    /// <summary>The records of a file as named fields with the line each starts on, and the file's SHA-256.</summary>
    private static (List<(int Line, Dictionary<string, string> Fields)>, string) ReadRecords(string path, string name, List<ImportProblem> problems)
    {
        var file = ImportFileText.Read(path, name);
        if (file.Problem is { } unreadable)
        {
            problems.Add(unreadable);
            return ([], file.Sha256);
        }

        var (sha, text) = (file.Sha256, file.Text);
        return (path.EndsWith(".json", StringComparison.OrdinalIgnoreCase) ? ReadJson(text, name, problems) : ReadCsv(text, name, problems), sha);
    }

    private static List<(int, Dictionary<string, string>)> ReadCsv(string text, string name, List<ImportProblem> problems)
    {
        var rows = CsvReader.Read(text, out var error, out var errorLine);
        if (error is not null)
        {
            problems.Add(new ImportProblem(name, errorLine, null, error));
            return [];
        }

        if (rows.Count == 0)
        {
            problems.Add(new ImportProblem(name, 1, null, "the file is empty: expected a header line of field names (" + string.Join(",", Fields) + ")"));
            return [];
        }

        var header = rows[0].Fields.Select(h => h.Trim()).ToList();
        var before = problems.Count;
        for (var i = 0; i < header.Count; i++)
        {
            if (!Fields.Contains(header[i]))
            {
                problems.Add(new ImportProblem(name, 1, $"column {i + 1}", $"bad header: unknown field '{header[i]}' (fields: {string.Join(", ", Fields)})"));
            }
            else if (header.IndexOf(header[i]) != i)
            {
                problems.Add(new ImportProblem(name, 1, $"column {i + 1}", $"bad header: field '{header[i]}' appears twice"));
            }
        }

        foreach (var required in Required.Where(r => !header.Contains(r)))
        {
            problems.Add(new ImportProblem(name, 1, required, $"bad header: the required field '{required}' is missing"));
        }

        if (problems.Count > before)
        {
            return [];
        }

        var records = new List<(int, Dictionary<string, string>)>();
        foreach (var (line, fields) in rows.Skip(1))
        {
            if (fields.Count != header.Count)
            {
                problems.Add(new ImportProblem(name, line, null, $"expected {header.Count} fields as in the header, found {fields.Count}"));
                continue;
            }

            records.Add((line, header.Select((h, i) => (h, fields[i].Trim())).ToDictionary(p => p.h, p => p.Item2, StringComparer.Ordinal)));
        }

        return records;
    }

    private static List<(int, Dictionary<string, string>)> ReadJson(string text, string name, List<ImportProblem> problems)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        var records = new List<(int, Dictionary<string, string>)>();
        var reader = new Utf8JsonReader(bytes, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        try
        {
            if (!reader.Read())
            {
                problems.Add(new ImportProblem(name, 1, null, "the file is empty: expected a JSON array of results"));
                return [];
            }

            if (reader.TokenType == JsonTokenType.StartObject
                && (!reader.Read() || reader.TokenType != JsonTokenType.PropertyName || reader.GetString() != "results" || !reader.Read()))
            {
                problems.Add(new ImportProblem(name, LineOf(bytes, reader.TokenStartIndex), null, "expected a JSON array, or an object whose only property is \"results\" holding the array"));
                return [];
            }

            if (reader.TokenType != JsonTokenType.StartArray)
            {
                problems.Add(new ImportProblem(name, LineOf(bytes, reader.TokenStartIndex), null, "expected a JSON array of result objects"));
                return [];
            }

            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                var line = LineOf(bytes, reader.TokenStartIndex);
                if (reader.TokenType != JsonTokenType.StartObject)
                {
                    problems.Add(new ImportProblem(name, line, null, $"expected a result object, found {reader.TokenType}"));
                    reader.Skip();
                    continue;
                }

                using var document = JsonDocument.ParseValue(ref reader);
                var map = new Dictionary<string, string>(StringComparer.Ordinal);
                foreach (var property in document.RootElement.EnumerateObject())
                {
                    if (!Fields.Contains(property.Name))
                    {
                        problems.Add(new ImportProblem(name, line, property.Name, $"unknown field '{property.Name}' (fields: {string.Join(", ", Fields)})"));
                        continue;
                    }

                    map[property.Name] = property.Value.ValueKind switch
                    {
                        JsonValueKind.String => property.Value.GetString()!.Trim(),
                        JsonValueKind.Number => property.Value.GetRawText(),
                        _ => "",
                    };
                    if (property.Value.ValueKind is not (JsonValueKind.String or JsonValueKind.Number or JsonValueKind.Null))
                    {
                        problems.Add(new ImportProblem(name, line, property.Name, $"'{property.Name}' must be a string, number or null, not {property.Value.ValueKind}"));
                    }
                }

                records.Add((line, map));
            }
        }
        catch (JsonException e)
        {
            problems.Add(new ImportProblem(name, (int)(e.LineNumber ?? 0) + 1, null, "not valid JSON: " + e.Message));
            return [];
        }

        return records;
    }

    private static int LineOf(byte[] bytes, long index) => 1 + bytes.AsSpan(0, (int)Math.Min(index, bytes.Length)).Count((byte)'\n');
}
