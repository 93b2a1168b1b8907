using System.Globalization;
using System.Text.RegularExpressions;
using Public.Web.AirQuality.Import;
using Public.Web.Infrastructure;
using static Public.Web.Enterprises.EnterpriseFile;

namespace Public.Web.Enterprises;

/// <summary>
/// The registry as CSV, for a clerk with a spreadsheet: one row per outlet and pollutant, the enterprise's columns
/// and the outlet's columns repeated on each of its rows (a later row may leave them blank: blank means "as
/// above"; a different value is an error). An enterprise without outlets is one row with the outlet columns
/// blank; an outlet without pollutants, one row with the pollutant columns blank. Rows of an enterprise need not
/// be next to each other. Header: the field names of <see cref="Columns"/> (order free; the required ones must be
/// there). <c>listYears</c> is e.g. <c>2019 2020</c> or <c>2019:大气 2020:水</c> (category 大气 when not given).
/// </summary>
internal static partial class EnterpriseCsv
{
    public static readonly string[] EnterpriseColumns = ["creditCode", "name", "industry", "district", "address", "latitude", "longitude", "permitNumber", "listYears"];

    public static readonly string[] OutletColumns =
    [
        "outletCode", "outletName", "outletType", "heightM", "outletLatitude", "outletLongitude", "monitoring", "requiredFrequency",
        "emissionStandard", "referenceOxygen", "specialLimitsFrom", "mn",
    ];

    public static readonly string[] PollutantColumns = ["pollutant", "limit", "specialLimit"];

    public static readonly string[] Columns = [.. EnterpriseColumns, .. OutletColumns, .. PollutantColumns];

    private static readonly string[] Required = ["creditCode", "name", "industry", "district", "listYears"];

    /// <summary>Chinese column names a clerk may use instead of the field names (problems name the field).</summary>
    public static readonly Dictionary<string, string> ChineseHeaders = new(StringComparer.Ordinal)
    {
        ["统一社会信用代码"] = "creditCode", ["单位名称"] = "name", ["行业"] = "industry", ["区县"] = "district", ["地址"] = "address",
        ["纬度"] = "latitude", ["经度"] = "longitude", ["排污许可证编号"] = "permitNumber", ["名录年份"] = "listYears",
        ["排放口编号"] = "outletCode", ["排放口名称"] = "outletName", ["排放口类型"] = "outletType", ["排放口高度"] = "heightM",
        ["排放口纬度"] = "outletLatitude", ["排放口经度"] = "outletLongitude", ["监测方式"] = "monitoring", ["监测频次"] = "requiredFrequency",
        ["执行标准"] = "emissionStandard", ["基准氧含量"] = "referenceOxygen", ["特别排放限值起始日期"] = "specialLimitsFrom", ["MN"] = "mn",
        ["污染物代码"] = "pollutant", ["排放限值"] = "limit", ["特别排放限值"] = "specialLimit",
    };

    /// <summary>Chinese values accepted for the outlet type and the monitoring mode.</summary>
    private static readonly Dictionary<string, string> ChineseValues = new(StringComparer.Ordinal)
    {
        ["主要排放口"] = Outlet.Main, ["一般排放口"] = Outlet.General, ["自动监测"] = Outlet.Automatic, ["手工监测"] = Outlet.Manual,
    };

    /// <summary>JSON field of an outlet → its CSV column.</summary>
    private static readonly Dictionary<string, string> OutletField = new(StringComparer.Ordinal)
    {
        ["code"] = "outletCode", ["name"] = "outletName", ["type"] = "outletType", ["heightM"] = "heightM", ["latitude"] = "outletLatitude",
        ["longitude"] = "outletLongitude", ["monitoring"] = "monitoring", ["requiredFrequency"] = "requiredFrequency",
        ["emissionStandard"] = "emissionStandard", ["referenceOxygen"] = "referenceOxygen", ["specialLimitsFrom"] = "specialLimitsFrom", ["mn"] = "mn",
    };

    private sealed record Row(int Line, Dictionary<string, string> Fields)
    {
        public string this[string column] => Fields.GetValueOrDefault(column, "");
    }

    public static List<(EnterpriseDto Dto, int Line, Func<string, (int, string)> Locate)> Read(string text, string name, List<ImportProblem> problems)
    {
        var records = CsvReader.Read(text, out var error, out var errorLine);
        if (error is not null)
        {
            problems.Add(new ImportProblem(name, errorLine, null, error));
            return [];
        }

        if (records.Count == 0)
        {
            problems.Add(new ImportProblem(name, 1, null, "the file is empty: expected a header line of field names (" + string.Join(",", Columns) + ")"));
            return [];
        }

        var header = records[0].Fields.Select(h => h.Trim()).Select(h => ChineseHeaders.GetValueOrDefault(h, h)).ToList();
        var before = problems.Count;
        for (var i = 0; i < header.Count; i++)
        {
            if (!Columns.Contains(header[i]))
            {
                problems.Add(new ImportProblem(name, 1, $"column {i + 1}", $"bad header: unknown field '{header[i]}' (fields: {string.Join(", ", Columns)})"));
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

        var rows = new List<Row>();
        foreach (var (line, fields) in records.Skip(1))
        {
            if (fields.Count != header.Count)
            {
                problems.Add(new ImportProblem(name, line, null, $"expected {header.Count} fields as in the header, found {fields.Count}"));
                continue;
            }

            var map = new Dictionary<string, string>(StringComparer.Ordinal);
            for (var i = 0; i < header.Count; i++)
            {
                var value = fields[i].Trim();
                map[header[i]] = header[i] is "outletType" or "monitoring" ? ChineseValues.GetValueOrDefault(value, value) : value;
            }

            if (map.Values.All(v => v.Length == 0))
            {
                continue;
            }

            if (map["creditCode"].Length == 0)
            {
                problems.Add(new ImportProblem(name, line, "creditCode", "missing: every row names its enterprise's credit code"));
                continue;
            }

            rows.Add(new Row(line, map));
        }

        var result = new List<(EnterpriseDto, int, Func<string, (int, string)>)>();
        foreach (var group in rows.GroupBy(r => r["creditCode"], StringComparer.Ordinal))
        {
            if (Enterprise(group.ToList(), name, problems) is { } item)
            {
                result.Add(item);
            }
        }

        return result;
    }

    /// <summary>One enterprise from its rows, with the map from field paths to line and column.</summary>
    private static (EnterpriseDto, int, Func<string, (int, string)>)? Enterprise(List<Row> rows, string name, List<ImportProblem> problems)
    {
        var first = rows[0];
        var values = Merge(rows, EnterpriseColumns, name, problems, "enterprise " + first["creditCode"]);
        var outletLines = new List<int>();
        var pollutantLines = new List<List<int>>();
        var outlets = new List<OutletDto>();
        foreach (var outletRows in rows.Where(r => r["outletCode"].Length > 0).GroupBy(r => r["outletCode"], StringComparer.Ordinal))
        {
            var list = outletRows.ToList();
            var o = Merge(list, OutletColumns, name, problems, "outlet " + outletRows.Key);
            var pollutants = new List<PollutantDto>();
            var lines = new List<int>();
            var seen = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var r in list.Where(r => r["pollutant"].Length > 0))
            {
                if (seen.TryGetValue(r["pollutant"], out var at))
                {
                    problems.Add(new ImportProblem(name, r.Line, "pollutant", $"outlet {outletRows.Key} lists {r["pollutant"]} twice (first at line {at})"));
                    continue;
                }

                seen[r["pollutant"]] = r.Line;
                pollutants.Add(new PollutantDto(r["pollutant"], Decimal(r, "limit", name, problems), Decimal(r, "specialLimit", name, problems)));
                lines.Add(r.Line);
            }

            foreach (var r in list.Where(r => r["pollutant"].Length == 0 && (r["limit"].Length > 0 || r["specialLimit"].Length > 0)))
            {
                problems.Add(new ImportProblem(name, r.Line, "pollutant", "a limit without its pollutant code"));
            }

            outlets.Add(new OutletDto(o["outletCode"].Value, Blank(o["outletName"].Value), Blank(o["outletType"].Value),
                Decimal(o["heightM"], name, problems), Double(o["outletLatitude"], name, problems), Double(o["outletLongitude"], name, problems),
                Blank(o["monitoring"].Value), Blank(o["requiredFrequency"].Value), Blank(o["emissionStandard"].Value),
                Decimal(o["referenceOxygen"], name, problems), Blank(o["specialLimitsFrom"].Value), Blank(o["mn"].Value), pollutants));
            outletLines.Add(list[0].Line);
            pollutantLines.Add(lines);
        }

        foreach (var r in rows.Where(r => r["outletCode"].Length == 0 && OutletColumns.Concat(PollutantColumns).Any(c => r[c].Length > 0)))
        {
            problems.Add(new ImportProblem(name, r.Line, "outletCode", "missing: a row with outlet or pollutant columns needs the outlet code"));
        }

        // Problems so far do not stop the enterprise's checks (the file is rejected whole anyway): all are reported at once.
        var entries = ListYears(values["listYears"], name, problems);
        var dto = new EnterpriseDto(first["creditCode"], Blank(values["name"].Value), Blank(values["industry"].Value), Blank(values["district"].Value),
            Blank(values["address"].Value), Double(values["latitude"], name, problems), Double(values["longitude"], name, problems),
            Blank(values["permitNumber"].Value), entries, outlets);
        (int, string) Locate(string field)
        {
            var m = FieldPath().Match(field);
            if (!m.Success)
            {
                return (first.Line, field.StartsWith("listEntries", StringComparison.Ordinal) ? "listYears" : field);
            }

            var outlet = int.Parse(m.Groups["o"].Value, CultureInfo.InvariantCulture);
            if (m.Groups["p"].Success)
            {
                var p = int.Parse(m.Groups["p"].Value, CultureInfo.InvariantCulture);
                var column = m.Groups["pf"].Value switch { "code" => "pollutant", "specialLimit" => "specialLimit", _ => "limit" };
                return (pollutantLines[outlet][p], column);
            }

            return (outletLines[outlet], OutletField.GetValueOrDefault(m.Groups["of"].Value, "outletCode"));
        }

        return (dto, first.Line, Locate);
    }

    [GeneratedRegex(@"^outlets\[(?<o>\d+)\](\.pollutants\[(?<p>\d+)\](\.(?<pf>\w+))?|\.(?<of>\w+))?$")]
    private static partial Regex FieldPath();

    /// <summary>The value of each column over the rows of one enterprise or outlet: the first non-blank; a different non-blank value later is a problem.</summary>
    private static Dictionary<string, (string Value, int Line, string Column)> Merge(List<Row> rows, string[] columns, string name, List<ImportProblem> problems, string what)
    {
        var result = new Dictionary<string, (string, int, string)>(StringComparer.Ordinal);
        foreach (var column in columns)
        {
            (string Value, int Line) chosen = ("", rows[0].Line);
            foreach (var r in rows)
            {
                var v = r[column];
                if (v.Length == 0)
                {
                    continue;
                }

                if (chosen.Value.Length == 0)
                {
                    chosen = (v, r.Line);
                }
                else if (!string.Equals(v, chosen.Value, StringComparison.Ordinal))
                {
                    problems.Add(new ImportProblem(name, r.Line, column, $"'{v}' differs from '{chosen.Value}' at line {chosen.Line} for the same {what} (leave it blank or repeat it exactly)"));
                }
            }

            result[column] = (chosen.Value, chosen.Line, column);
        }

        return result;
    }

    private static List<ListEntryDto> ListYears((string Value, int Line, string Column) field, string name, List<ImportProblem> problems)
    {
        var entries = new List<ListEntryDto>();
        foreach (var token in field.Value.Split([' ', ',', ';', '，', '；', '、'], StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = token.Split([':', '：'], 2);
            if (!int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var year))
            {
                problems.Add(new ImportProblem(name, field.Line, field.Column, $"'{token}' is not a year or year:category such as 2019 or 2019:大气"));
                continue;
            }

            entries.Add(new ListEntryDto(year, parts.Length > 1 ? parts[1] : "大气"));
        }

        return entries;
    }

    private static string? Blank(string value) => value.Length == 0 ? null : value;

    private static decimal? Decimal(Row row, string column, string name, List<ImportProblem> problems) =>
        Decimal((row[column], row.Line, column), name, problems);

    private static decimal? Decimal((string Value, int Line, string Column) field, string name, List<ImportProblem> problems)
    {
        if (field.Value.Length == 0)
        {
            return null;
        }

        if (decimal.TryParse(field.Value, NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var d))
        {
            return d;
        }

        problems.Add(new ImportProblem(name, field.Line, field.Column, $"'{field.Value}' is not a number (use a decimal point, no thousands separator or unit)"));
        return null;
    }

    private static double? Double((string Value, int Line, string Column) field, string name, List<ImportProblem> problems) =>
        Decimal(field, name, problems) is { } d ? (double)d : null;
}
