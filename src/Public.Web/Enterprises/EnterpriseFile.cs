using System.Globalization;
using System.Text;
using System.Text.Json;
using Public.Standards.Identifiers;
using Public.Web.AirQuality.Import;
using Public.Web.Infrastructure;

namespace Public.Web.Enterprises;

/// <summary>
/// An enterprise read from a file: the line it starts on, and where a field (its path as in the JSON format,
/// e.g. <c>outlets[0].mn</c>) sits in the file, for problems found later (an MN clash with the registry).
/// </summary>
internal sealed record ParsedEnterprise(Enterprise Enterprise, int Line, Func<string, (int Line, string Column)> Locate);

/// <summary>A registry file: its name, SHA-256, the enterprises (none when it has any problem) and the problems.</summary>
internal sealed record EnterpriseFileContent(string Name, string Sha256, IReadOnlyList<ParsedEnterprise> Enterprises, IReadOnlyList<ImportProblem> Problems);

/// <summary>
/// Reads and checks an enterprises file (format in content/docs/importing.md, "Key polluters"): JSON, an object
/// <c>{"enterprises": [...]}</c> or a bare array; or CSV (by the .csv extension), one row per outlet and pollutant
/// with the enterprise's and the outlet's columns repeated (see <see cref="EnterpriseCsv"/>). Every problem is an
/// <see cref="ImportProblem"/>: file, line, the field (JSON path or CSV column) and the reason.
/// </summary>
internal static class EnterpriseFile
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web) { AllowTrailingCommas = true, ReadCommentHandling = JsonCommentHandling.Skip };

    internal static readonly string[] Categories = ["大气", "水", "土壤", "噪声", "其他"];

    private sealed record FileDto(List<EnterpriseDto>? Enterprises);

    internal sealed record EnterpriseDto(string? CreditCode, string? Name, string? Industry, string? District, string? Address,
        double? Latitude, double? Longitude, string? PermitNumber, List<ListEntryDto>? ListEntries, List<OutletDto>? Outlets);

    internal sealed record ListEntryDto(int? Year, string? Category);

    internal sealed record OutletDto(string? Code, string? Name, string? Type, decimal? HeightM, double? Latitude, double? Longitude,
        string? Monitoring, string? RequiredFrequency, string? EmissionStandard, decimal? ReferenceOxygen, string? SpecialLimitsFrom,
        string? Mn, List<PollutantDto>? Pollutants);

    internal sealed record PollutantDto(string? Code, decimal? Limit, decimal? SpecialLimit);

    /// <summary>The enterprises of a file, or none and the problems (a file with any problem is rejected whole).</summary>
    public static EnterpriseFileContent Read(string path)
    {
        var name = Path.GetFileName(path);
        var file = ImportFileText.Read(path, name);
        if (file.Problem is { } unreadable)
        {
            return new EnterpriseFileContent(name, file.Sha256, [], [unreadable]);
        }

        var sha = file.Sha256;
        var text = file.Text;
        var problems = new List<ImportProblem>();
        var items = path.EndsWith(".csv", StringComparison.OrdinalIgnoreCase)
            ? EnterpriseCsv.Read(text, name, problems)
            : ReadJson(text, name, problems);
        var result = new List<ParsedEnterprise>();
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (dto, line, locate) in items)
        {
            var enterprise = Check(dto, (field, reason) =>
            {
                var (l, column) = locate(field);
                // One problem per spot: a value already refused while reading (e.g. a bad list year) is not reported again as missing.
                if (!problems.Any(p => p.Line == l && p.Column == column))
                {
                    problems.Add(new ImportProblem(name, l, column, reason));
                }
            });
            if (enterprise is null)
            {
                continue;
            }

            if (seen.TryGetValue(enterprise.CreditCode, out var first))
            {
                var (l, column) = locate("creditCode");
                problems.Add(new ImportProblem(name, l, column, $"{enterprise.CreditCode} appears twice in the file (first at line {first})"));
                continue;
            }

            seen[enterprise.CreditCode] = line;
            result.Add(new ParsedEnterprise(enterprise, line, locate));
        }

        return new EnterpriseFileContent(name, sha, problems.Count == 0 ? result : [], problems);
    }

    private static List<(EnterpriseDto Dto, int Line, Func<string, (int, string)> Locate)> ReadJson(string text, string name, List<ImportProblem> problems)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        var items = new List<(EnterpriseDto, int, Func<string, (int, string)>)>();
        var reader = new Utf8JsonReader(bytes, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        try
        {
            if (!reader.Read())
            {
                problems.Add(new ImportProblem(name, 1, null, "the file is empty: expected {\"enterprises\": [...]} or an array of enterprises"));
                return [];
            }

            if (reader.TokenType == JsonTokenType.StartObject)
            {
                var found = false;
                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    var property = reader.GetString();
                    reader.Read();
                    if (string.Equals(property, "enterprises", StringComparison.OrdinalIgnoreCase) && reader.TokenType == JsonTokenType.StartArray)
                    {
                        found = true;
                        break;
                    }

                    reader.Skip();
                }

                if (!found)
                {
                    problems.Add(new ImportProblem(name, 1, "enterprises", "no \"enterprises\" array"));
                    return [];
                }
            }
            else if (reader.TokenType != JsonTokenType.StartArray)
            {
                problems.Add(new ImportProblem(name, LineOf(bytes, reader.TokenStartIndex), null, "expected {\"enterprises\": [...]} or an array of enterprises"));
                return [];
            }

            var index = 0;
            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                var line = LineOf(bytes, reader.TokenStartIndex);
                var i = index++;
                if (reader.TokenType != JsonTokenType.StartObject)
                {
                    problems.Add(new ImportProblem(name, line, $"enterprises[{i}]", $"expected an enterprise object, found {reader.TokenType}"));
                    reader.Skip();
                    continue;
                }

                var dto = JsonSerializer.Deserialize<EnterpriseDto>(ref reader, Options)!;
                items.Add((dto, line, field => (line, $"enterprises[{i}].{field}")));
            }
        }
        catch (JsonException e)
        {
            problems.Add(new ImportProblem(name, (int)(e.LineNumber ?? 0) + 1, e.Path is { Length: > 2 } p ? p.TrimStart('$', '.') : null, "not valid JSON for an enterprises file: " + e.Message));
            return [];
        }

        return items;
    }

    private static int LineOf(byte[] bytes, long index) => 1 + bytes.AsSpan(0, (int)Math.Min(index, bytes.Length)).Count((byte)'\n');

    /// <summary>The enterprise, or null after reporting each problem by its field path (e.g. <c>outlets[0].type</c>).</summary>
    internal static Enterprise? Check(EnterpriseDto d, Action<string, string> report)
    {
        var count = 0;
        void Problem(string field, string message)
        {
            count++;
            report(field, message);
        }

        string Required(string? value, string field)
        {
            if (string.IsNullOrWhiteSpace(value))
            {
                Problem(field, "missing");
                return "";
            }

            return value.Trim();
        }

        var check = UnifiedSocialCreditCode.Validate(d.CreditCode?.Trim());
        if (!check.IsValid)
        {
            Problem("creditCode", "bad credit code (GB 32100-2015): " + check.Message);
        }

        var name = Required(d.Name, "name");
        var industry = Required(d.Industry, "industry");
        var district = Required(d.District, "district");
        CheckCoordinates(d.Latitude, d.Longitude, "", Problem);
        var entries = new List<ListEntry>();
        if (d.ListEntries is not { Count: > 0 })
        {
            Problem("listEntries", "missing: an enterprise needs at least one list year");
        }
        else
        {
            for (var i = 0; i < d.ListEntries.Count; i++)
            {
                var e = d.ListEntries[i];
                if (e.Year is not (>= 2000 and <= 2100))
                {
                    Problem($"listEntries[{i}].year", $"'{e.Year}' is not a year 2000-2100");
                }
                else if (e.Category is null || !Categories.Contains(e.Category))
                {
                    Problem($"listEntries[{i}].category", $"'{e.Category}' is not one of {string.Join('、', Categories)}");
                }
                else
                {
                    entries.Add(new ListEntry(e.Year.Value, e.Category));
                }
            }
        }

        var outlets = new List<Outlet>();
        var codes = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < (d.Outlets?.Count ?? 0); i++)
        {
            var o = d.Outlets![i];
            var p = $"outlets[{i}]";
            var code = Required(o.Code, p + ".code");
            if (code.Length > 0 && !codes.Add(code))
            {
                Problem(p + ".code", $"outlet {code} appears twice");
            }

            if (o.Type is not (Outlet.Main or Outlet.General))
            {
                Problem(p + ".type", $"'{o.Type}' is not main or general");
            }

            if (o.Monitoring is not (Outlet.Automatic or Outlet.Manual))
            {
                Problem(p + ".monitoring", $"'{o.Monitoring}' is not automatic or manual");
            }

            if (o.HeightM is { } h && (h <= 0 || h > 500))
            {
                Problem(p + ".heightM", $"{h.ToString(CultureInfo.InvariantCulture)} m is not a stack height (0-500 m)");
            }

            if (o.ReferenceOxygen is { } ref2 && (ref2 < 0 || ref2 >= 21))
            {
                Problem(p + ".referenceOxygen", $"{ref2.ToString(CultureInfo.InvariantCulture)} % is not a reference O2 (0 to under 21 %)");
            }

            DateOnly? special = null;
            if (o.SpecialLimitsFrom is { } s)
            {
                if (DateOnly.TryParseExact(s, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
                {
                    special = date;
                }
                else
                {
                    Problem(p + ".specialLimitsFrom", $"'{s}' is not a date YYYY-MM-DD");
                }
            }

            CheckCoordinates(o.Latitude, o.Longitude, p + ".", Problem);
            var pollutants = new List<OutletPollutant>();
            for (var j = 0; j < (o.Pollutants?.Count ?? 0); j++)
            {
                var q = o.Pollutants![j];
                if (q.Code is not { Length: 6 } pc || !char.IsAsciiLetterLower(pc[0]) || !pc[1..].All(char.IsAsciiDigit))
                {
                    Problem($"{p}.pollutants[{j}].code", $"'{q.Code}' is not an HJ 212 pollutant code (a letter and 5 digits, e.g. a21026)");
                    continue;
                }

                if (q.Limit is <= 0 || q.SpecialLimit is <= 0)
                {
                    Problem($"{p}.pollutants[{j}]", "limits are positive mg/m³");
                }

                if (q.SpecialLimit is not null && special is null)
                {
                    Problem($"{p}.pollutants[{j}].specialLimit", "a special limit needs the outlet's specialLimitsFrom date");
                }

                pollutants.Add(new OutletPollutant(pc, q.Limit, q.SpecialLimit));
            }

            if (o.Mn is { Length: > 24 })
            {
                Problem(p + ".mn", $"'{o.Mn}' is longer than HJ 212's 24-character MN");
            }

            outlets.Add(new Outlet(code, o.Name?.Trim() ?? code, o.Type ?? "", o.HeightM, o.Latitude, o.Longitude, o.Monitoring ?? "",
                o.RequiredFrequency?.Trim() ?? "", o.EmissionStandard?.Trim(), o.ReferenceOxygen, special, o.Mn?.Trim(), pollutants));
        }

        return count == 0
            ? new Enterprise(d.CreditCode!.Trim(), name, industry, district, d.Address?.Trim(), d.Latitude, d.Longitude, d.PermitNumber?.Trim(), Normalise(entries), outlets)
            : null;
    }

    /// <summary>List entries without repeats, in year and category order (so that order in a file is no change).</summary>
    internal static List<ListEntry> Normalise(IEnumerable<ListEntry> entries) =>
        entries.Distinct().OrderBy(e => e.Year).ThenBy(e => e.Category, StringComparer.Ordinal).ToList();

    private static void CheckCoordinates(double? latitude, double? longitude, string prefix, Action<string, string> problem)
    {
        if ((latitude is null) != (longitude is null))
        {
            problem(prefix + "latitude", "give both latitude and longitude or neither");
        }
        else if (latitude is { } lat && (lat is < 3 or > 54 || longitude is < 73 or > 136))
        {
            problem(prefix + "latitude", "coordinates are outside China (WGS-84 degrees expected)");
        }
    }
}
