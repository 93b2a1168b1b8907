using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Public.Standards.Identifiers;
using Public.Standards.Warnings;
using Public.Web.AirQuality.Import;
using Public.Web.Infrastructure;

namespace Public.Web.Warnings.Import;

/// <summary>Where each field of a record was read: its line and how the file names it (column or JSON path).</summary>
internal sealed class FieldBag(string file, int line)
{
    private readonly Dictionary<string, (string? Value, int Line, string Label)> _fields = new(StringComparer.Ordinal);

    public string File { get; } = file;

    public int Line { get; } = line;

    public void Set(string name, string? value, int line, string label) => _fields[name] = (value, line, label);

    public string? Get(string name) => _fields.TryGetValue(name, out var f) && !string.IsNullOrWhiteSpace(f.Value) ? f.Value.Trim() : null;

    public bool Has(string name) => _fields.ContainsKey(name);

    public ImportProblem Problem(string name, string reason) =>
        _fields.TryGetValue(name, out var f) ? new ImportProblem(File, f.Line, f.Label, reason) : new ImportProblem(File, Line, name, reason);
}

internal sealed record ParsedWarningEvent(WarningEvent Event, string? CorrectionReason, FieldBag Where);

internal sealed record ParsedReductionEntry(ReductionEntry Entry, string? CorrectionReason, FieldBag Where);

internal sealed record ParsedWarningFile(
    string Name,
    string Sha256,
    int Records,
    IReadOnlyList<ParsedWarningEvent> Events,
    IReadOnlyList<ParsedReductionEntry> Entries,
    IReadOnlyList<ImportProblem> Problems);

/// <summary>
/// Reads the warnings import format (content/docs/importing.md, "Warnings"): CSV with one event per line (header starting with
/// <c>warning_id</c>) or one reduction-list entry per line (header with <c>list_id</c>), or a JSON document
/// with <c>warnings</c> and <c>reductionLists</c>. Every problem names the file, the line and the field.
/// </summary>
internal static partial class WarningFileParser
{
    public static readonly string[] EventColumns =
    [
        "warning_id", "seq", "event", "time", "until", "level", "area", "authority", "document_number", "forecast", "primary_pollutant",
        "meteorology", "emission_cut_percent", "staggered_production", "traffic_restriction", "construction_halt",
        "school_outdoor_activities", "public_advice", "document_url", "document_sha256", "correction_reason",
    ];

    private static readonly string[] RequiredEventColumns = ["warning_id", "seq", "event", "time", "level", "area", "authority"];

    public static readonly string[] EntryColumns = ["list_id", "list_title", "valid_from", "valid_to", "level", "enterprise", "uscc", "measure", "correction_reason"];

    private static readonly string[] RequiredEntryColumns = ["list_id", "level", "enterprise", "uscc", "measure"];

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")]
    private static partial Regex IdPattern();

    [GeneratedRegex("^[0-9a-f]{64}$")]
    private static partial Regex Sha256Pattern();

    [GeneratedRegex(@"(Z|[+-]\d{2}:\d{2})$")]
    private static partial Regex OffsetPattern();

    public static ParsedWarningFile Parse(string path, string name)
    {
        var problems = new List<ImportProblem>();
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            problems.Add(new ImportProblem(name, 0, null, $"cannot read the file: {e.Message}"));
            return new ParsedWarningFile(name, "", 0, [], [], problems);
        }

        var sha = Convert.ToHexStringLower(SHA256.HashData(bytes));
        var body = bytes.AsSpan().StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]) ? bytes[3..] : bytes;
        string text;
        try
        {
            text = StrictUtf8.GetString(body);
        }
        catch (DecoderFallbackException)
        {
            problems.Add(new ImportProblem(name, 0, null, "the file is not valid UTF-8 (save it as UTF-8, with or without BOM)"));
            return new ParsedWarningFile(name, sha, 0, [], [], problems);
        }

        var events = new List<ParsedWarningEvent>();
        var entries = new List<ParsedReductionEntry>();
        int records;
        if (name.EndsWith(".json", StringComparison.OrdinalIgnoreCase))
        {
            records = ParseJson(body, name, events, entries, problems);
        }
        else if (name.EndsWith(".csv", StringComparison.OrdinalIgnoreCase))
        {
            records = ParseCsv(text, name, events, entries, problems);
        }
        else
        {
            problems.Add(new ImportProblem(name, 0, null, "not a .csv or .json file"));
            records = 0;
        }

        return new ParsedWarningFile(name, sha, records, events, entries, problems);
    }

    // ---- CSV ------------------------------------------------------------------------------------------

    private static int ParseCsv(string text, string file, List<ParsedWarningEvent> events, List<ParsedReductionEntry> entries, List<ImportProblem> problems)
    {
        var records = CsvReader.Read(text, out var error, out var errorLine);
        if (error is not null)
        {
            problems.Add(new ImportProblem(file, errorLine, null, error));
            return 0;
        }

        if (records.Count == 0)
        {
            problems.Add(new ImportProblem(file, 1, null, "the file is empty (expected a header line)"));
            return 0;
        }

        var header = records[0].Fields.Select(h => h.Trim().ToLowerInvariant()).ToList();
        var isEvents = header.Contains("warning_id");
        var isEntries = header.Contains("list_id");
        if (isEvents == isEntries)
        {
            problems.Add(new ImportProblem(file, 1, null,
                $"bad header: an events file has the columns {string.Join(",", EventColumns)}; a reduction-list file {string.Join(",", EntryColumns)}"));
            return 0;
        }

        var known = isEvents ? EventColumns : EntryColumns;
        var required = isEvents ? RequiredEventColumns : RequiredEntryColumns;
        var headerOk = true;
        for (var i = 0; i < header.Count; i++)
        {
            if (!known.Contains(header[i]))
            {
                problems.Add(new ImportProblem(file, 1, $"column {i + 1}", $"bad header: unknown column '{records[0].Fields[i]}' (known: {string.Join(",", known)})"));
                headerOk = false;
            }
            else if (header.IndexOf(header[i]) != i)
            {
                problems.Add(new ImportProblem(file, 1, $"column {i + 1}", $"bad header: column '{header[i]}' appears twice"));
                headerOk = false;
            }
        }

        foreach (var missing in required.Where(r => !header.Contains(r)))
        {
            problems.Add(new ImportProblem(file, 1, null, $"bad header: the required column '{missing}' is missing"));
            headerOk = false;
        }

        if (!headerOk)
        {
            return 0;
        }

        foreach (var record in records.Skip(1))
        {
            if (record.Fields.Count != header.Count)
            {
                problems.Add(new ImportProblem(file, record.Line, null, $"expected {header.Count} fields as in the header, found {record.Fields.Count}"));
                continue;
            }

            var bag = new FieldBag(file, record.Line);
            for (var i = 0; i < header.Count; i++)
            {
                bag.Set(header[i], record.Fields[i], record.Line, header[i]);
            }

            if (isEvents)
            {
                AddEvent(bag, events, problems);
            }
            else
            {
                AddEntry(bag, entries, problems);
            }
        }

        return records.Count - 1;
    }

    // ---- JSON -----------------------------------------------------------------------------------------

    private static int ParseJson(byte[] utf8, string file, List<ParsedWarningEvent> events, List<ParsedReductionEntry> entries, List<ImportProblem> problems)
    {
        JsonNode root;
        try
        {
            root = JsonNode.Parse(utf8);
        }
        catch (JsonException e)
        {
            problems.Add(new ImportProblem(file, (int)(e.LineNumber ?? 0) + 1, null, $"not valid JSON: {FirstSentence(e.Message)}"));
            return 0;
        }

        if (root.Kind != JsonValueKind.Object)
        {
            problems.Add(new ImportProblem(file, root.Line, "$", "the document must be an object with \"warnings\" and/or \"reductionLists\""));
            return 0;
        }

        var records = 0;
        foreach (var (key, value) in root.Properties)
        {
            switch (key)
            {
                case "$schema" or "$comment" or "format":
                    break;
                case "warnings" when value.Kind == JsonValueKind.Array:
                    for (var w = 0; w < value.Items.Count; w++)
                    {
                        records += JsonWarning(value.Items[w], $"warnings[{w}]", file, events, problems);
                    }

                    break;
                case "reductionLists" when value.Kind == JsonValueKind.Array:
                    for (var l = 0; l < value.Items.Count; l++)
                    {
                        records += JsonList(value.Items[l], $"reductionLists[{l}]", file, entries, problems);
                    }

                    break;
                case "warnings" or "reductionLists":
                    problems.Add(new ImportProblem(file, value.Line, key, $"{key} must be an array"));
                    break;
                default:
                    problems.Add(new ImportProblem(file, value.Line, key, $"unknown field '{key}' (known: warnings, reductionLists)"));
                    break;
            }
        }

        return records;
    }

    private static int JsonWarning(JsonNode warning, string path, string file, List<ParsedWarningEvent> events, List<ImportProblem> problems)
    {
        if (warning.Kind != JsonValueKind.Object)
        {
            problems.Add(new ImportProblem(file, warning.Line, path, "a warning must be an object with id and events"));
            return 0;
        }

        JsonNode? id = null, area = null, authority = null, list = null;
        foreach (var (key, value) in warning.Properties)
        {
            switch (key)
            {
                case "id": id = value; break;
                case "area": area = value; break;
                case "authority": authority = value; break;
                case "events": list = value; break;
                case "$comment": break;
                default:
                    problems.Add(new ImportProblem(file, value.Line, $"{path}.{key}", $"unknown field '{key}' (known: id, area, authority, events)"));
                    break;
            }
        }

        if (list is null || list.Kind != JsonValueKind.Array)
        {
            problems.Add(new ImportProblem(file, list?.Line ?? warning.Line, $"{path}.events", "events must be an array of the warning's events"));
            return 0;
        }

        for (var i = 0; i < list.Items.Count; i++)
        {
            var node = list.Items[i];
            var p = $"{path}.events[{i}]";
            if (node.Kind != JsonValueKind.Object)
            {
                problems.Add(new ImportProblem(file, node.Line, p, "an event must be an object"));
                continue;
            }

            var bag = new FieldBag(file, node.Line);
            Scalar(bag, "warning_id", id, $"{path}.id", file, problems);
            bag.Set("seq", (i + 1).ToString(CultureInfo.InvariantCulture), node.Line, $"{p}.seq");
            Scalar(bag, "area", area, $"{path}.area", file, problems);
            Scalar(bag, "authority", authority, $"{path}.authority", file, problems);
            foreach (var (key, value) in node.Properties)
            {
                var fp = $"{p}.{key}";
                switch (key)
                {
                    case "seq": Scalar(bag, "seq", value, fp, file, problems); break;
                    case "event": Scalar(bag, "event", value, fp, file, problems); break;
                    case "time": Scalar(bag, "time", value, fp, file, problems); break;
                    case "until": Scalar(bag, "until", value, fp, file, problems); break;
                    case "level": Scalar(bag, "level", value, fp, file, problems); break;
                    case "area": Scalar(bag, "area", value, fp, file, problems); break;
                    case "authority": Scalar(bag, "authority", value, fp, file, problems); break;
                    case "documentNumber": Scalar(bag, "document_number", value, fp, file, problems); break;
                    case "correctionReason": Scalar(bag, "correction_reason", value, fp, file, problems); break;
                    case "basis":
                        Fields(value, fp, file, problems, bag, new()
                        {
                            ["forecast"] = "forecast", ["primaryPollutant"] = "primary_pollutant", ["meteorology"] = "meteorology",
                        });
                        break;
                    case "measures":
                        Fields(value, fp, file, problems, bag, new()
                        {
                            ["emissionCutPercent"] = "emission_cut_percent", ["staggeredProduction"] = "staggered_production",
                            ["trafficRestriction"] = "traffic_restriction", ["constructionHalt"] = "construction_halt",
                            ["schoolOutdoorActivities"] = "school_outdoor_activities", ["publicAdvice"] = "public_advice",
                        });
                        break;
                    case "document":
                        Fields(value, fp, file, problems, bag, new() { ["url"] = "document_url", ["sha256"] = "document_sha256" });
                        break;
                    case "$comment":
                        break;
                    default:
                        problems.Add(new ImportProblem(file, value.Line, fp,
                            $"unknown field '{key}' (known: seq, event, time, until, level, area, authority, documentNumber, basis, measures, document, correctionReason)"));
                        break;
                }
            }

            AddEvent(bag, events, problems);
        }

        return list.Items.Count;
    }

    private static int JsonList(JsonNode list, string path, string file, List<ParsedReductionEntry> entries, List<ImportProblem> problems)
    {
        if (list.Kind != JsonValueKind.Object)
        {
            problems.Add(new ImportProblem(file, list.Line, path, "a reduction list must be an object with id and entries"));
            return 0;
        }

        var top = new Dictionary<string, JsonNode>(StringComparer.Ordinal);
        JsonNode? items = null;
        foreach (var (key, value) in list.Properties)
        {
            switch (key)
            {
                case "id" or "title" or "validFrom" or "validTo": top[key] = value; break;
                case "entries": items = value; break;
                case "$comment": break;
                default:
                    problems.Add(new ImportProblem(file, value.Line, $"{path}.{key}", $"unknown field '{key}' (known: id, title, validFrom, validTo, entries)"));
                    break;
            }
        }

        if (items is null || items.Kind != JsonValueKind.Array)
        {
            problems.Add(new ImportProblem(file, items?.Line ?? list.Line, $"{path}.entries", "entries must be an array"));
            return 0;
        }

        for (var i = 0; i < items.Items.Count; i++)
        {
            var node = items.Items[i];
            var p = $"{path}.entries[{i}]";
            var bag = new FieldBag(file, node.Line);
            Scalar(bag, "list_id", top.GetValueOrDefault("id"), $"{path}.id", file, problems);
            Scalar(bag, "list_title", top.GetValueOrDefault("title"), $"{path}.title", file, problems);
            Scalar(bag, "valid_from", top.GetValueOrDefault("validFrom"), $"{path}.validFrom", file, problems);
            Scalar(bag, "valid_to", top.GetValueOrDefault("validTo"), $"{path}.validTo", file, problems);
            Fields(node, p, file, problems, bag, new()
            {
                ["level"] = "level", ["enterprise"] = "enterprise", ["uscc"] = "uscc", ["measure"] = "measure", ["correctionReason"] = "correction_reason",
            });
            AddEntry(bag, entries, problems);
        }

        return items.Items.Count;
    }

    private static void Fields(JsonNode node, string path, string file, List<ImportProblem> problems, FieldBag bag, Dictionary<string, string> names)
    {
        if (node.Kind != JsonValueKind.Object)
        {
            problems.Add(new ImportProblem(file, node.Line, path, $"{path} must be an object"));
            return;
        }

        foreach (var (key, value) in node.Properties)
        {
            if (key == "$comment")
            {
                continue;
            }

            if (!names.TryGetValue(key, out var name))
            {
                problems.Add(new ImportProblem(file, value.Line, $"{path}.{key}", $"unknown field '{key}' (known: {string.Join(", ", names.Keys)})"));
                continue;
            }

            if (name == "forecast")
            {
                Forecast(bag, value, $"{path}.{key}", file, problems);
            }
            else
            {
                Scalar(bag, name, value, $"{path}.{key}", file, problems);
            }
        }
    }

    /// <summary>A JSON forecast (<c>[{"date": "…", "aqi": 250}]</c> or <c>aqiLow</c>/<c>aqiHigh</c>) in the CSV form <c>DATE:LOW-HIGH;…</c>.</summary>
    private static void Forecast(FieldBag bag, JsonNode value, string path, string file, List<ImportProblem> problems)
    {
        if (value.Kind != JsonValueKind.Array)
        {
            problems.Add(new ImportProblem(file, value.Line, path, "forecast must be an array of {\"date\", \"aqi\"} or {\"date\", \"aqiLow\", \"aqiHigh\"}"));
            return;
        }

        var parts = new List<string>();
        foreach (var item in value.Items)
        {
            var props = item.Properties.ToDictionary(p => p.Name, p => p.Value.Text, StringComparer.Ordinal);
            var date = props.GetValueOrDefault("date");
            var text = props.TryGetValue("aqi", out var aqi) ? $"{date}:{aqi}" : $"{date}:{props.GetValueOrDefault("aqiLow")}-{props.GetValueOrDefault("aqiHigh")}";
            if (item.Kind != JsonValueKind.Object || item.Properties.Any(p => p.Name is not ("date" or "aqi" or "aqiLow" or "aqiHigh")))
            {
                problems.Add(new ImportProblem(file, item.Line, path, "each forecast day is {\"date\", \"aqi\"} or {\"date\", \"aqiLow\", \"aqiHigh\"}"));
                return;
            }

            parts.Add(text);
        }

        bag.Set("forecast", string.Join(';', parts), value.Line, path);
    }

    private static void Scalar(FieldBag bag, string name, JsonNode? value, string path, string file, List<ImportProblem> problems)
    {
        if (value is null)
        {
            return;
        }

        if (value.Kind is JsonValueKind.Object)
        {
            problems.Add(new ImportProblem(file, value.Line, path, $"{path} must be a value, not an object"));
            return;
        }

        // An array of texts is a list (districts of an area).
        var text = value.Kind == JsonValueKind.Array ? string.Join(';', value.Items.Select(i => i.Text)) : value.Text;
        bag.Set(name, text, value.Line, path);
    }

    // ---- fields to records ------------------------------------------------------------------------------

    private static void AddEvent(FieldBag f, List<ParsedWarningEvent> events, List<ImportProblem> problems)
    {
        var before = problems.Count;
        var id = f.Get("warning_id");
        if (id is null)
        {
            problems.Add(f.Problem("warning_id", "warning_id is required"));
        }
        else if (!IdPattern().IsMatch(id))
        {
            problems.Add(f.Problem("warning_id", $"warning_id '{id}' must be 1–64 letters, digits, '.', '_' or '-' (it is used in URLs)"));
        }

        var seqText = f.Get("seq");
        var seq = 0;
        if (seqText is null || !int.TryParse(seqText, NumberStyles.None, CultureInfo.InvariantCulture, out seq) || seq < 1)
        {
            problems.Add(f.Problem("seq", seqText is null ? "seq is required (events of a warning are numbered 1, 2, 3… in time order)" : $"seq '{seqText}' must be a whole number ≥ 1"));
        }

        var kindText = f.Get("event");
        var kindOk = WarningEventKinds.TryParse(kindText, out var kind);
        if (!kindOk)
        {
            problems.Add(f.Problem("event", kindText is null ? "event is required: issue, upgrade, downgrade or lift (发布/升级/降级/解除)" : $"unknown event '{kindText}' (issue, upgrade, downgrade, lift — 发布/升级/降级/解除)"));
        }

        var time = Time(f, "time", required: true, problems);
        var until = Time(f, "until", required: false, problems);

        WarningLevel? level = null;
        var levelText = f.Get("level");
        if (levelText is not null)
        {
            if (WarningLevels.TryParse(levelText, out var l))
            {
                level = l;
            }
            else
            {
                problems.Add(f.Problem("level", $"unknown level '{levelText}' (blue, yellow, orange, red — 蓝色/黄色/橙色/红色, or Ⅳ级…Ⅰ级)"));
            }
        }

        if (kindOk && kind == WarningEventKind.Lift && levelText is not null)
        {
            problems.Add(f.Problem("level", "a lift (解除) has no level; leave level empty"));
        }
        else if (kindOk && kind != WarningEventKind.Lift && levelText is null)
        {
            problems.Add(f.Problem("level", $"level is required for {WarningEventKinds.Code(kind)} (blue, yellow, orange, red)"));
        }

        if (!WarningArea.TryParse(f.Get("area"), out var area, out var areaError))
        {
            problems.Add(f.Problem("area", areaError!));
        }

        var authority = f.Get("authority");
        if (authority is null)
        {
            problems.Add(f.Problem("authority", "authority is required: who issued the notice (e.g. 锦州市重污染天气应急指挥部办公室)"));
        }

        var forecast = ForecastDays(f, problems);
        decimal? cut = null;
        if (f.Get("emission_cut_percent") is { } cutText)
        {
            if (decimal.TryParse(cutText, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var c) && c <= 100)
            {
                cut = c;
            }
            else
            {
                problems.Add(f.Problem("emission_cut_percent", $"emission_cut_percent '{cutText}' must be a number from 0 to 100"));
            }
        }

        var document = Document(f, problems);
        if (problems.Count > before)
        {
            return;
        }

        var e = new WarningEvent(id!, seq, kind, time!.Value, until, kind == WarningEventKind.Lift ? null : level, area, authority!, f.Get("document_number"),
            new WarningBasis(forecast, f.Get("primary_pollutant"), f.Get("meteorology")),
            new WarningMeasures(cut, f.Get("staggered_production"), f.Get("traffic_restriction"), f.Get("construction_halt"),
                f.Get("school_outdoor_activities"), f.Get("public_advice")),
            document);
        events.Add(new ParsedWarningEvent(e, f.Get("correction_reason"), f));
    }

    private static void AddEntry(FieldBag f, List<ParsedReductionEntry> entries, List<ImportProblem> problems)
    {
        var before = problems.Count;
        var list = f.Get("list_id");
        if (list is null || !IdPattern().IsMatch(list))
        {
            problems.Add(f.Problem("list_id", list is null ? "list_id is required" : $"list_id '{list}' must be 1–64 letters, digits, '.', '_' or '-'"));
        }

        var levelText = f.Get("level");
        if (!WarningLevels.TryParse(levelText, out var level))
        {
            problems.Add(f.Problem("level", levelText is null ? "level is required" : $"unknown level '{levelText}' (blue, yellow, orange, red — 蓝色/黄色/橙色/红色)"));
        }

        var enterprise = f.Get("enterprise");
        if (enterprise is null)
        {
            problems.Add(f.Problem("enterprise", "enterprise is required (the name as registered)"));
        }

        // The full GB 32100-2015 check (structure and both check digits), as for penalties' party codes: a code
        // that only looks right would name no enterprise, or the wrong one.
        var uscc = f.Get("uscc")?.ToUpperInvariant();
        if (uscc is null)
        {
            problems.Add(f.Problem("uscc", "uscc is required (统一社会信用代码, 18 characters)"));
        }
        else if (UnifiedSocialCreditCode.Validate(uscc) is { IsValid: false } check)
        {
            problems.Add(f.Problem("uscc", "bad credit code (GB 32100-2015): " + check.Message));
        }

        var measure = f.Get("measure");
        if (measure is null)
        {
            problems.Add(f.Problem("measure", "measure is required (what the enterprise does at this level)"));
        }

        var from = Date(f, "valid_from", problems);
        var to = Date(f, "valid_to", problems);
        if (from is { } a && to is { } b && b < a)
        {
            problems.Add(f.Problem("valid_to", $"end before start: valid_to {b:yyyy-MM-dd} is before valid_from {a:yyyy-MM-dd}"));
        }

        if (problems.Count > before)
        {
            return;
        }

        entries.Add(new ParsedReductionEntry(new ReductionEntry(list!, f.Get("list_title"), from, to, level, enterprise!, uscc!, measure!), f.Get("correction_reason"), f));
    }

    private static DateTimeOffset? Time(FieldBag f, string name, bool required, List<ImportProblem> problems)
    {
        var text = f.Get(name);
        if (text is null)
        {
            if (required)
            {
                problems.Add(f.Problem(name, $"{name} is required: ISO 8601 with an offset, e.g. 2019-12-08T20:00+08:00"));
            }

            return null;
        }

        if (!OffsetPattern().IsMatch(text) ||
            !DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var value) || !text.Contains('T', StringComparison.Ordinal))
        {
            problems.Add(f.Problem(name, $"{name} '{text}' must be ISO 8601 with an offset, e.g. 2019-12-08T20:00+08:00"));
            return null;
        }

        if (value.Year is < 2000 or > 2100)
        {
            problems.Add(f.Problem(name, $"{name} '{text}' is out of range (years 2000–2100)"));
            return null;
        }

        return value;
    }

    private static DateOnly? Date(FieldBag f, string name, List<ImportProblem> problems)
    {
        var text = f.Get(name);
        if (text is null)
        {
            return null;
        }

        if (!DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d))
        {
            problems.Add(f.Problem(name, $"{name} '{text}' is not a date of the form YYYY-MM-DD"));
            return null;
        }

        return d;
    }

    /// <summary><c>2019-12-09:201-300;2019-12-10:250</c>: each day DATE:AQI or DATE:LOW-HIGH.</summary>
    private static List<ForecastDay> ForecastDays(FieldBag f, List<ImportProblem> problems)
    {
        var days = new List<ForecastDay>();
        if (f.Get("forecast") is not { } text)
        {
            return days;
        }

        foreach (var part in text.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var colon = part.IndexOf(':', StringComparison.Ordinal);
            var range = colon < 0 ? [] : part[(colon + 1)..].Split('-');
            if (colon < 0 || !DateOnly.TryParseExact(part[..colon], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) ||
                range.Length is < 1 or > 2 || !range.All(r => int.TryParse(r, NumberStyles.None, CultureInfo.InvariantCulture, out var v) && v <= 500))
            {
                problems.Add(f.Problem("forecast", $"forecast day '{part}' must be DATE:AQI or DATE:LOW-HIGH (AQI 0–500), days separated by ';', e.g. 2019-12-09:201-300"));
                return days;
            }

            var low = int.Parse(range[0], CultureInfo.InvariantCulture);
            var high = int.Parse(range[^1], CultureInfo.InvariantCulture);
            if (high < low)
            {
                problems.Add(f.Problem("forecast", $"forecast day '{part}': the high end {high} is below the low end {low}"));
                return days;
            }

            if (days.Any(d => d.Date == date))
            {
                problems.Add(f.Problem("forecast", $"forecast day {date:yyyy-MM-dd} appears twice"));
                return days;
            }

            days.Add(new ForecastDay(date, low, high));
        }

        return days.OrderBy(d => d.Date).ToList();
    }

    private static SourceDocument? Document(FieldBag f, List<ImportProblem> problems)
    {
        var url = f.Get("document_url");
        var sha = f.Get("document_sha256")?.ToLowerInvariant();
        if (url is null && sha is null)
        {
            return null;
        }

        var ok = true;
        if (url is null || !Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
        {
            problems.Add(f.Problem("document_url", url is null
                ? "document_url is required with document_sha256 (the link of the published notice)"
                : $"document_url '{url}' must be an absolute http(s) link"));
            ok = false;
        }

        if (sha is null || !Sha256Pattern().IsMatch(sha))
        {
            problems.Add(f.Problem("document_sha256", sha is null
                ? "document_sha256 is required with document_url (the SHA-256 of the notice as retrieved, 64 hex digits)"
                : $"document_sha256 '{sha}' must be 64 hex digits"));
            ok = false;
        }

        return ok ? new SourceDocument(url!, sha!) : null;
    }

    private static string FirstSentence(string message)
    {
        var end = message.IndexOf(". ", StringComparison.Ordinal);
        return end < 0 ? message : message[..(end + 1)];
    }
}
