namespace Public.Web.AirQuality;

/// <summary>An AQI level (HJ 633 表2) as shown next to every AQI: never colour alone.</summary>
public sealed record LevelDto(int Number, string Name, string NameEn, string Grade, string Color);

/// <summary>One value with its unit. Type is the CNEMC type code (e.g. PM2.5_24h); flag is null when the source carries none.</summary>
public sealed record ValueDto(string Pollutant, string Type, string Period, decimal? Value, string Unit, string? Flag, int? Iaqi);

public sealed record FormerNameDto(string Name, string? NameEn, DateOnly? From, DateOnly? To, string? Note);

public sealed record LatestDto(DateTimeOffset Time, DateTimeOffset TimeUtc, int? Aqi, LevelDto? Level, IReadOnlyList<string> PrimaryPollutants, IReadOnlyList<ValueDto> Values);

public sealed record StationDto(
    string Code, string Name, string NameEn, IReadOnlyList<FormerNameDto> FormerNames, string City, string CityEn,
    string? District, double Lon, double Lat, string Type, string TypeEn, bool CityAssessment, LatestDto? Latest);

/// <summary>One station-hour: computed AQI (this system, from the 1-hour values) next to the AQI as published.</summary>
public sealed record HourDto(
    string Station, DateTimeOffset Time, DateTimeOffset TimeUtc, int? Aqi, int? PublishedAqi, LevelDto? Level,
    IReadOnlyList<string> PrimaryPollutants, IReadOnlyList<string> ExceedingPollutants, bool Capped, string Edition,
    int Version, string Source, IReadOnlyList<ValueDto> Values);

/// <summary>A version of a published station-hour, superseded or current.</summary>
public sealed record HourVersionDto(
    string Station, DateTimeOffset Time, int Version, bool Current, DateTimeOffset RecordedAt, string Source, int? SourceLine,
    string? Reason, IReadOnlyList<ValueDto> Values);

/// <summary>A daily statistic. Count: valid hours (station) or contributing stations (city); Required: the GB 3095 minimum.</summary>
public sealed record DayValueDto(string Pollutant, string Statistic, decimal? Value, string Unit, int Count, int Required);

public sealed record DayDto(string Area, DateOnly Date, int? Aqi, LevelDto? Level, IReadOnlyList<string> PrimaryPollutants, string Edition, IReadOnlyList<DayValueDto> Values);

public sealed record CityHourDto(DateTimeOffset Time, DateTimeOffset TimeUtc, int? Aqi, LevelDto? Level, IReadOnlyList<string> PrimaryPollutants, string Edition, int Stations, IReadOnlyList<ValueDto> Values);

public sealed record CoverageDto(int Valid, int Expected, int Required, bool Sufficient);

public sealed record StatisticDto(string Pollutant, string Statistic, decimal? Value, string Unit, CoverageDto Coverage);

public sealed record PlanTargetDto(string Document, decimal? Pm25AnnualMean, decimal? GoodDaysRatioPercent, string? Pm25Status, string? GoodDaysStatus);

public sealed record AssessmentDto(
    string Area, int Year, int? Month, DateOnly From, DateOnly To, bool Complete, IReadOnlyList<StatisticDto> Statistics,
    int ValidAqiDays, int ExpectedDays, int GoodDays, decimal? GoodDaysRatioPercent,
    IReadOnlyList<LevelDaysDto> DaysPerLevel, decimal? CompositeIndex, bool CompositeIndexComplete,
    PlanTargetDto? PlanTarget, string Basis, string Method);

public sealed record LevelDaysDto(int Level, string Name, string NameEn, int Days);
