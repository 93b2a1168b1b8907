using System.Text.Json;
using System.Text.Json.Serialization;
using Public.Web.Infrastructure;

namespace Public.Web.AirQuality.Stations;

public sealed record FormerName(string Name, string? NameEn, DateOnly? From, DateOnly? To, string? Note);

public sealed record Station(
    string Code,
    string Name,
    string NameEn,
    IReadOnlyList<FormerName> FormerNames,
    string City,
    string CityEn,
    string? District,
    double Lon,
    double Lat,
    double? Lon2022,
    double? Lat2022,
    string Type,
    string TypeEn,
    bool CityAssessment);

/// <summary>
/// The monitoring stations we publish, read from <c>content/stations.json</c>. The CNEMC importer keeps only
/// the columns of these stations, so adding a station of the national list is an edit of that file.
/// </summary>
public sealed class StationRegistry
{
    private readonly Dictionary<string, Station> _byCode;

    public StationRegistry(IReadOnlyList<Station> stations)
    {
        All = stations.OrderBy(s => s.Code, StringComparer.Ordinal).ToList();
        _byCode = All.ToDictionary(s => s.Code, StringComparer.OrdinalIgnoreCase);
        CityStations = All.Where(s => s.CityAssessment).ToList();
    }

    public IReadOnlyList<Station> All { get; }

    /// <summary>The stations whose mean is the city value (城市评价点).</summary>
    public IReadOnlyList<Station> CityStations { get; }

    public Station? Find(string code) => _byCode.GetValueOrDefault(code);

    public bool Contains(string code) => _byCode.ContainsKey(code);

    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    private sealed record RegistryFile([property: JsonPropertyName("stations")] List<Station> Stations);

    public static StationRegistry Load(ContentFiles content)
    {
        var path = content.PathOf("stations.json");
        try
        {
            var file = JsonSerializer.Deserialize<RegistryFile>(File.ReadAllText(path), Options)
                ?? throw new InvalidDataException($"{path}: empty station registry");
            var duplicate = file.Stations.GroupBy(s => s.Code, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1);
            if (duplicate is not null)
            {
                throw new InvalidDataException($"{path}: station code {duplicate.Key} appears twice");
            }

            return new StationRegistry(file.Stations);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path}: {e.Message}", e);
        }
    }
}
