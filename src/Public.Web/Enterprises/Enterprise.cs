using System.Text.Json.Serialization;
using Public.Web.Contract;
using Public.Web.Transparency;

namespace Public.Web.Enterprises;

/// <summary>One year's entry on the key-polluter list (重点排污单位名录): year and category (大气/水/土壤/噪声/其他).</summary>
[Resource("EnterpriseListEntry", "名录条目", "One year's entry of an enterprise on the key-polluter list.")]
public sealed record ListEntry(
    [property: Field("名录年份", "Year of the list.")] int Year,
    [property: Field("类别", "Category: 大气, 水, 土壤, 噪声 or 其他.", Values = ["大气", "水", "土壤", "噪声", "其他"])] string Category);

/// <summary>
/// A pollutant monitored at an outlet: HJ 212 code (a21026 SO2…), the limit in mg/m³ at the outlet's reference O2,
/// and the special emission limit (特别排放限值) that replaces it from the outlet's <see cref="Outlet.SpecialLimitsFrom"/>.
/// </summary>
[Resource("OutletPollutant", "排放口监测污染物", "A pollutant monitored at an outlet, with its limits (mg/m³, dry flue gas at standard conditions, at the reference O2).")]
public sealed record OutletPollutant(
    [property: Field("污染物代码", "HJ 212 code, e.g. a21026 (SO2).")] string Code,
    [property: Field("排放限值（mg/m³）", "Ordinary limit in mg/m³.", Unit = "mg/m³")] decimal? Limit,
    [property: Field("特别排放限值（mg/m³）", "Special limit in mg/m³, in force from the outlet's specialLimitsFrom; null when none.", Unit = "mg/m³")] decimal? SpecialLimit);

/// <summary>An outlet (排放口) of an enterprise.</summary>
[Resource("Outlet", "排放口", "An outlet (排放口) of an enterprise: type, height, monitoring, emission standard, reference O2 and limits; its self-monitoring series are batched across outlets.")]
public sealed record Outlet(
    [property: Field("排放口编号", "Code, unique in the enterprise, e.g. DA001.", Example = "DA001")] string Code,
    [property: Field("名称", "Name.")] string Name,
    [property: Field("类型", "main (主要排放口) or general (一般排放口).", Values = ["main", "general"])] string Type,
    [property: Field("高度（m）", "Height in metres.", Unit = "m")] decimal? HeightM,
    [property: Field("纬度", "Latitude, WGS-84 degrees.")] double? Latitude,
    [property: Field("经度", "Longitude, WGS-84 degrees.")] double? Longitude,
    [property: Field("监测方式", "automatic (自动监测, CEMS) or manual (手工监测).", Values = ["automatic", "manual"])] string Monitoring,
    [property: Field("监测频次", "Required monitoring frequency as in the permit, e.g. 自动监测 or 每季度一次.")] string RequiredFrequency,
    [property: Field("执行标准", "Emission standard, e.g. GB 13223-2011.")] string? EmissionStandard,
    [property: Field("基准氧含量（%）", "Reference O2 in %, to which values are corrected.", Unit = "%")] decimal? ReferenceOxygen,
    [property: Field("特别排放限值执行日期", "From this date the special limits replace the ordinary ones; null when none.")] DateOnly? SpecialLimitsFrom,
    [property: Field("数采仪 MN", "HJ 212 device ID of the outlet's data logger; null for an outlet without one.")] string? Mn,
    [property: Field("监测污染物与限值", "The pollutants monitored, with limits in mg/m³ at the reference O2.")] IReadOnlyList<OutletPollutant> Pollutants)
{
    public const string Main = "main";
    public const string General = "general";
    public const string Automatic = "automatic";
    public const string Manual = "manual";
}

/// <summary>An enterprise on the key-polluter list, identified by its unified social credit code (GB 32100-2015).</summary>
[Resource("Enterprise", "重点排污单位", "An enterprise on the key-polluter list (重点排污单位名录), with its outlets and limits. Same fields as REST /api/v1/enterprises/{creditCode}.")]
public sealed record Enterprise(
    [property: Field("统一社会信用代码", "Unified social credit code (GB 32100-2015), the key.", Example = "91210711PDY400013M")] string CreditCode,
    [property: Field("单位名称", "Name.")] string Name,
    [property: Field("行业", "Industry, exact name (the industry filter).")] string Industry,
    [property: Field("区县", "District, exact name (the district filter).")] string District,
    [property: Field("地址", "Address.")] string? Address,
    [property: Field("纬度", "Latitude, WGS-84 degrees.")] double? Latitude,
    [property: Field("经度", "Longitude, WGS-84 degrees.")] double? Longitude,
    [property: Field("排污许可证编号", "Pollutant discharge permit number.")] string? PermitNumber,
    [property: Field("名录年份与类别", "The years the enterprise is on the key-polluter list, with the category of each.")] IReadOnlyList<ListEntry> ListEntries,
    [property: Field("排放口", "The outlets, with monitoring, standard and limits (REST /api/v1/enterprises/{creditCode}/outlets).")] IReadOnlyList<Outlet> Outlets)
{
    /// <remarks>
    /// The store keeps each version as this record serialized (content_json), and those bytes are what the log hashed:
    /// a null log is left out so that the stored JSON of a version stays what it always was.
    /// </remarks>
    [Field(LogRefField.Zh, LogRefField.En)]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public LogRefDto? Log { get; init; }
}
