using System.Globalization;
using System.Text.Json;

namespace Public.Web.Enterprises;

/// <summary>
/// The reason of a new registry version: which fields changed, e.g.
/// <c>changed: name 示例甲 → 示例乙; listEntries +2020:大气; outlets[DA001]: heightM 60 → 80, pollutants</c>.
/// </summary>
internal static class EnterpriseChanges
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static string Describe(Enterprise before, Enterprise after)
    {
        var changes = new List<string>();
        void Field<T>(string name, T a, T b)
        {
            if (!EqualityComparer<T>.Default.Equals(a, b))
            {
                changes.Add($"{name} {Text(a)} → {Text(b)}");
            }
        }

        Field("name", before.Name, after.Name);
        Field("industry", before.Industry, after.Industry);
        Field("district", before.District, after.District);
        Field("address", before.Address, after.Address);
        Field("latitude", before.Latitude, after.Latitude);
        Field("longitude", before.Longitude, after.Longitude);
        Field("permitNumber", before.PermitNumber, after.PermitNumber);
        var added = after.ListEntries.Except(before.ListEntries).Select(l => "+" + Entry(l));
        var removed = before.ListEntries.Except(after.ListEntries).Select(l => "−" + Entry(l));
        var entries = removed.Concat(added).ToList();
        if (entries.Count > 0)
        {
            changes.Add("listEntries " + string.Join(' ', entries));
        }

        var old = before.Outlets.ToDictionary(o => o.Code, StringComparer.Ordinal);
        var next = after.Outlets.ToDictionary(o => o.Code, StringComparer.Ordinal);
        foreach (var code in old.Keys.Where(c => !next.ContainsKey(c)))
        {
            changes.Add($"outlet {code} removed");
        }

        foreach (var o in after.Outlets)
        {
            if (!old.TryGetValue(o.Code, out var b))
            {
                changes.Add($"outlet {o.Code} added");
                continue;
            }

            var fields = new List<string>();
            void OutletField<T>(string name, T x, T y)
            {
                if (!EqualityComparer<T>.Default.Equals(x, y))
                {
                    fields.Add($"{name} {Text(x)} → {Text(y)}");
                }
            }

            OutletField("name", b.Name, o.Name);
            OutletField("type", b.Type, o.Type);
            OutletField("heightM", b.HeightM, o.HeightM);
            OutletField("latitude", b.Latitude, o.Latitude);
            OutletField("longitude", b.Longitude, o.Longitude);
            OutletField("monitoring", b.Monitoring, o.Monitoring);
            OutletField("requiredFrequency", b.RequiredFrequency, o.RequiredFrequency);
            OutletField("emissionStandard", b.EmissionStandard, o.EmissionStandard);
            OutletField("referenceOxygen", b.ReferenceOxygen, o.ReferenceOxygen);
            OutletField("specialLimitsFrom", b.SpecialLimitsFrom, o.SpecialLimitsFrom);
            OutletField("mn", b.Mn, o.Mn);
            if (JsonSerializer.Serialize(b.Pollutants, Json) != JsonSerializer.Serialize(o.Pollutants, Json))
            {
                fields.Add("pollutants " + string.Join(", ", Pollutants(b.Pollutants, o.Pollutants)));
            }

            if (fields.Count > 0)
            {
                changes.Add($"outlets[{o.Code}]: {string.Join(", ", fields)}");
            }
        }

        if (changes.Count == 0)
        {
            changes.Add("order of outlets or pollutants");
        }

        return "changed: " + string.Join("; ", changes);
    }

    private static IEnumerable<string> Pollutants(IReadOnlyList<OutletPollutant> before, IReadOnlyList<OutletPollutant> after)
    {
        var old = before.ToDictionary(p => p.Code, StringComparer.Ordinal);
        var next = after.ToDictionary(p => p.Code, StringComparer.Ordinal);
        foreach (var p in after)
        {
            if (!old.TryGetValue(p.Code, out var b))
            {
                yield return "+" + p.Code;
            }
            else if (b != p)
            {
                yield return $"{p.Code} limit {Text(b.Limit)}/{Text(b.SpecialLimit)} → {Text(p.Limit)}/{Text(p.SpecialLimit)}";
            }
        }

        foreach (var code in old.Keys.Where(c => !next.ContainsKey(c)))
        {
            yield return "−" + code;
        }
    }

    private static string Entry(ListEntry l) => string.Create(CultureInfo.InvariantCulture, $"{l.Year}:{l.Category}");

    private static string Text<T>(T value) => value switch
    {
        null => "blank",
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "blank",
    };
}
