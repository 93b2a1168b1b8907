using System.Globalization;
using System.Text.Json;
using Public.Standards.Identifiers;

namespace Public.Web.Enterprises;

/// <summary>
/// Reads and checks an enterprises file (JSON; format in the README, "Key polluters"): an object
/// <c>{"enterprises": [...]}</c> or a bare array. Every problem names the file and the JSON path of the field.
/// </summary>
internal static class EnterpriseFile
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web) { AllowTrailingCommas = true, ReadCommentHandling = JsonCommentHandling.Skip };

    private static readonly string[] Categories = ["大气", "水", "土壤", "噪声", "其他"];

    private sealed record FileDto(List<EnterpriseDto>? Enterprises);

    private sealed record EnterpriseDto(string? CreditCode, string? Name, string? Industry, string? District, string? Address,
        double? Latitude, double? Longitude, string? PermitNumber, List<ListEntryDto>? ListEntries, List<OutletDto>? Outlets);

    private sealed record ListEntryDto(int? Year, string? Category);

    private sealed record OutletDto(string? Code, string? Name, string? Type, decimal? HeightM, double? Latitude, double? Longitude,
        string? Monitoring, string? RequiredFrequency, string? EmissionStandard, decimal? ReferenceOxygen, string? SpecialLimitsFrom,
        string? Mn, List<PollutantDto>? Pollutants);

    private sealed record PollutantDto(string? Code, decimal? Limit, decimal? SpecialLimit);

    /// <summary>The enterprises of a file, or none and the problems (a file with any problem is rejected whole).</summary>
    public static List<Enterprise> Read(string path, List<string> problems)
    {
        var name = Path.GetFileName(path);
        List<EnterpriseDto>? items;
        try
        {
            var text = File.ReadAllText(path);
            items = text.TrimStart().StartsWith('[')
                ? JsonSerializer.Deserialize<List<EnterpriseDto>>(text, Options)
                : JsonSerializer.Deserialize<FileDto>(text, Options)?.Enterprises;
        }
        catch (JsonException e)
        {
            problems.Add($"{name}: not valid JSON for an enterprises file: line {(e.LineNumber ?? 0) + 1}: {e.Message}");
            return [];
        }

        if (items is null)
        {
            problems.Add($"{name}: no \"enterprises\" array");
            return [];
        }

        var before = problems.Count;
        var result = new List<Enterprise>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < items.Count; i++)
        {
            var enterprise = Check(items[i], $"{name} [enterprises[{i}]", problems);
            if (enterprise is not null && !seen.Add(enterprise.CreditCode))
            {
                problems.Add($"{name} [enterprises[{i}].creditCode]: {enterprise.CreditCode} appears twice in the file");
            }
            else if (enterprise is not null)
            {
                result.Add(enterprise);
            }
        }

        return problems.Count == before ? result : [];
    }

    private static Enterprise? Check(EnterpriseDto d, string at, List<string> problems)
    {
        var before = problems.Count;
        void Problem(string field, string message) => problems.Add($"{at}.{field}]: {message}");
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

        return problems.Count == before
            ? new Enterprise(d.CreditCode!.Trim(), name, industry, district, d.Address?.Trim(), d.Latitude, d.Longitude, d.PermitNumber?.Trim(), entries, outlets)
            : null;
    }

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
