using System.Globalization;
using System.Text.Json;
using Public.Web.Tests.Hosting;

namespace Public.Web.Tests.Contract;

/// <summary>
/// Realistic parameter values for calling every GET operation on the demo server: ids read from the list
/// endpoints (first station, enterprise and its first automatically monitored outlet, the first outlet monitored
/// by hand, penalty, warning, reduction list, the first of the audit ranking) and dates inside the demo data (2019: the demo's assessed
/// year; its CEMS data lie in December 2019). Also the wrong values that must be refused with a problem.
/// </summary>
internal sealed class DemoSamples
{
    /// <summary>The year the demo data cover in full (air quality, CEMS, disclosures).</summary>
    public const int Year = 2019;

    public const string From = "2019-12-01";

    public const string To = "2019-12-02";

    private DemoSamples(Dictionary<string, string> ids) => Ids = ids;

    /// <summary>What each sample id was read as, for messages.</summary>
    public IReadOnlyDictionary<string, string> Ids { get; }

    public static async Task<DemoSamples> ReadAsync(HttpClient client)
    {
        var ids = new Dictionary<string, string>(StringComparer.Ordinal);
        ids["station"] = (await client.GetJsonAsync("/api/v1/stations")).Results().First().Str("code");

        var enterprises = (await client.GetJsonAsync("/api/v1/enterprises?limit=1000")).Results().ToList();
        var (enterprise, outlet) = enterprises
            .SelectMany(e => e.GetProperty("outlets").EnumerateArray().Select(o => (e, o)))
            .First(p => p.o.TryGetProperty("monitoring", out var m) && m.GetString() == "automatic");
        ids["enterprise"] = enterprise.Str("creditCode");
        ids["outlet"] = outlet.Str("code");
        ids["pollutant"] = outlet.GetProperty("pollutants").EnumerateArray().First().Str("code");
        // Manual monitoring results belong to the outlets monitored by hand (a few a year each).
        var (manualEnterprise, manualOutlet) = enterprises
            .SelectMany(e => e.GetProperty("outlets").EnumerateArray().Select(o => (e, o)))
            .First(p => p.o.TryGetProperty("monitoring", out var m) && m.GetString() == "manual");
        ids["manualEnterprise"] = manualEnterprise.Str("creditCode");
        ids["manualOutlet"] = manualOutlet.Str("code");

        var penalty = (await client.GetJsonAsync("/api/v1/penalties?limit=1")).Results().First();
        ids["penalty"] = penalty.GetProperty("id").GetInt64().ToString(CultureInfo.InvariantCulture);
        ids["party"] = penalty.GetProperty("party").Str("creditCode");
        ids["warning"] = (await client.GetJsonAsync("/api/v1/warnings?limit=1")).Results().First().Str("id");
        ids["reductionList"] = (await client.GetJsonAsync("/api/v1/warnings/reduction-lists")).Results().First().Str("id");
        ids["audited"] = (await client.GetJsonAsync($"/api/v1/audit?year={Year}&limit=1")).Results().First().Str("creditCode");
        var planTarget = (await client.GetJsonAsync("/api/v1/plan/targets?limit=1")).Results().First();
        ids["planTarget"] = planTarget.Str("id");
        ids["planMeasure"] = planTarget.Str("measureId");
        ids["planDepartment"] = (await client.GetJsonAsync("/api/v1/plan/departments")).Results().First().Str("id");
        // A logged record version for the transparency-log proofs: the first record leaf of the demo log's first entry
        // bundle (C2SP tlog-tiles: 2-byte big-endian length, then the leaf envelope).
        var size = long.Parse((await client.GetStringAsync("/log/checkpoint")).Split('\n')[1], CultureInfo.InvariantCulture);
        if (size > 0)
        {
            var width = Math.Min(size, 256);
            var bundle = await client.GetByteArrayAsync("/log/tile/entries/000" + (width == 256 ? "" : $".p/{width}"));
            for (var at = 0; at < bundle.Length && !ids.ContainsKey("logId");)
            {
                var length = (bundle[at] << 8) | bundle[at + 1];
                var fields = System.Text.Encoding.UTF8.GetString(bundle, at + 2, length).Split('\n')
                    .Select(l => l.Split(' ', 2)).Where(p => p.Length == 2).GroupBy(p => p[0]).ToDictionary(g => g.Key, g => g.First()[1]);
                if (fields.GetValueOrDefault("kind") == "record")
                {
                    (ids["logDataset"], ids["logId"], ids["logVersion"]) = (fields["dataset"], fields["id"], fields["version"]);
                }

                at += 2 + length;
            }
        }

        return new DemoSamples(ids);
    }

    /// <summary>A value for a path parameter of an operation; null when this table has none (the test says so).</summary>
    public string? PathValue(string path, string name) => name switch
    {
        "code" => Ids["station"],
        "creditCode" when path.StartsWith("/api/v1/parties/", StringComparison.Ordinal) => Ids["party"],
        "creditCode" when path.StartsWith("/api/v1/audit/", StringComparison.Ordinal) => Ids["audited"],
        "creditCode" when IsManual(path) => Ids["manualEnterprise"],
        "creditCode" => Ids["enterprise"],
        "outletCode" when IsManual(path) => Ids["manualOutlet"],
        "outletCode" => Ids["outlet"],
        "id" when path.StartsWith("/api/v1/penalties/", StringComparison.Ordinal) => Ids["penalty"],
        "id" when path.StartsWith("/api/v1/plan/measures/", StringComparison.Ordinal) => Ids["planMeasure"],
        "id" when path.StartsWith("/api/v1/plan/targets/", StringComparison.Ordinal) => Ids["planTarget"],
        "id" when path.StartsWith("/api/v1/plan/departments/", StringComparison.Ordinal) => Ids["planDepartment"],
        "id" when path.StartsWith("/api/v1/warnings/reduction-lists/", StringComparison.Ordinal) => Ids["reductionList"],
        "id" when path.StartsWith("/api/v1/warnings/", StringComparison.Ordinal) => Ids["warning"],
        "year" => Year.ToString(CultureInfo.InvariantCulture),
        "month" => "12",
        "dataset" => "station-hours",
        "file" => $"{Year}.parquet",
        _ => null,
    };

    /// <summary>
    /// A value for a query parameter: a date range inside the demo data for the air-quality and CEMS series (their
    /// default range, the last days, holds no CEMS data), and the parameters the document marks as required.
    /// Other optional parameters are left out, as a client would: if the server needs one, the document must
    /// say it is required, and the test fails on the 400 until it does.
    /// </summary>
    public string? QueryValue(string path, string name, bool required)
    {
        var series = path.StartsWith("/api/v1/stations/", StringComparison.Ordinal) || path.StartsWith("/api/v1/city/", StringComparison.Ordinal)
            || path.Contains("/outlets/", StringComparison.Ordinal);
        return name switch
        {
            "from" when IsManual(path) => $"{Year}-01-01",
            "to" when IsManual(path) => $"{Year}-12-31",
            "from" when series => From,
            "to" when series => To,
            "from" when path.StartsWith("/api/v1/log/", StringComparison.Ordinal) => "1",
            _ when !required => null,
            "dataset" when path.StartsWith("/api/v1/log/", StringComparison.Ordinal) => Ids.GetValueOrDefault("logDataset"),
            "id" when path.StartsWith("/api/v1/log/", StringComparison.Ordinal) => Ids.GetValueOrDefault("logId"),
            "version" when path.StartsWith("/api/v1/log/", StringComparison.Ordinal) => Ids.GetValueOrDefault("logVersion"),
            "pollutant" => Ids["pollutant"],
            "year" => Year.ToString(CultureInfo.InvariantCulture),
            "by" => "year",
            _ => null,
        };
    }

    private static bool IsManual(string path) => path.EndsWith("/manual", StringComparison.Ordinal);

    /// <summary>A value of a parameter that the server must refuse with a 4xx problem naming the parameter; null when none is known.</summary>
    public static string? WrongValue(string path, string location, string name) => (location, name) switch
    {
        // Any credit code may name a party without penalties: an empty list, not an error.
        ("path", "creditCode") when path.StartsWith("/api/v1/parties/", StringComparison.Ordinal) => null,
        ("query", "limit") => "0",
        ("query", "page") => "0",
        ("query", "from" or "to") => "2019-13-45",
        ("query", "year") => "abc",
        ("query", "format") => "xml",
        ("query", "fields") => "noSuchField",
        ("query", "shape") => "tall",
        ("path", "dataset") => "no-such-dataset",
        ("path", "file") => "1900.parquet",
        ("path", "code" or "outletCode") => "ZZ999",
        ("path", "creditCode") => "000000000000000000",
        ("path", "id") => "999999999",
        ("path", "year") => "1900",
        _ => null,
    };

    /// <summary>The request URL of an operation with the given values (path ones substituted, query ones appended).</summary>
    public static string Url(string path, IReadOnlyDictionary<string, string> pathValues, IEnumerable<KeyValuePair<string, string>> query)
    {
        var url = path;
        foreach (var (name, value) in pathValues)
        {
            url = url.Replace("{" + name + "}", Uri.EscapeDataString(value), StringComparison.Ordinal);
        }

        var q = string.Join('&', query.Select(p => $"{Uri.EscapeDataString(p.Key)}={Uri.EscapeDataString(p.Value)}"));
        return q.Length > 0 ? url + "?" + q : url;
    }

    public static JsonElement Parse(string text)
    {
        using var document = JsonDocument.Parse(text);
        return document.RootElement.Clone();
    }
}
