using GraphQL.Types;
using Public.Standards.AirQuality;

namespace Public.Web.AirQuality.GraphQL;

/// <summary>The six AQI pollutants as an enum (GraphQL names cannot hold the "." of "PM2.5"; outputs keep the CNEMC code string).</summary>
internal sealed class PollutantCodeGraphType : EnumerationGraphType
{
    public PollutantCodeGraphType()
    {
        Name = "PollutantCode";
        Description = "污染物 / The six pollutants of the AQI (GB 3095-2012). Output fields give the CNEMC code string (\"PM2.5\"), as REST does.";
        Add("PM25", Pollutant.PM25, "细颗粒物 PM2.5 / Fine particulate matter, µg/m³");
        Add("PM10", Pollutant.PM10, "可吸入颗粒物 PM10 / Inhalable particulate matter, µg/m³");
        Add("SO2", Pollutant.SO2, "二氧化硫 / Sulphur dioxide, µg/m³");
        Add("NO2", Pollutant.NO2, "二氧化氮 / Nitrogen dioxide, µg/m³");
        Add("O3", Pollutant.O3, "臭氧 / Ozone, µg/m³");
        Add("CO", Pollutant.CO, "一氧化碳 / Carbon monoxide, mg/m³");
    }
}

/// <summary>The six AQI categories of HJ 633-2012 表2, by level number.</summary>
internal sealed class AqiCategoryGraphType : EnumerationGraphType
{
    public AqiCategoryGraphType()
    {
        Name = "AqiCategory";
        Description = "空气质量指数级别 / AQI category (HJ 633-2012 表2), from level 1 (优) to level 6 (严重污染).";
        Add("EXCELLENT", 1, "一级 优 / Level 1, Excellent, AQI 0–50");
        Add("GOOD", 2, "二级 良 / Level 2, Good, AQI 51–100");
        Add("LIGHTLY_POLLUTED", 3, "三级 轻度污染 / Level 3, Lightly polluted, AQI 101–150");
        Add("MODERATELY_POLLUTED", 4, "四级 中度污染 / Level 4, Moderately polluted, AQI 151–200");
        Add("HEAVILY_POLLUTED", 5, "五级 重度污染 / Level 5, Heavily polluted, AQI 201–300");
        Add("SEVERELY_POLLUTED", 6, "六级 严重污染 / Level 6, Severely polluted, AQI above 300");
    }

    public static string NameOf(int level) => level switch
    {
        1 => "EXCELLENT",
        2 => "GOOD",
        3 => "LIGHTLY_POLLUTED",
        4 => "MODERATELY_POLLUTED",
        5 => "HEAVILY_POLLUTED",
        _ => "SEVERELY_POLLUTED",
    };
}

/// <summary>Assessment periods.</summary>
public enum AssessmentPeriod
{
    Year,
    Month,
}

internal sealed class AssessmentPeriodGraphType : EnumerationGraphType
{
    public AssessmentPeriodGraphType()
    {
        Name = "AssessmentPeriod";
        Description = "评价时段 / Period of an HJ 663 assessment.";
        Add("YEAR", AssessmentPeriod.Year, "年度 / The calendar year (324 valid days required).");
        Add("MONTH", AssessmentPeriod.Month, "月度 / Each calendar month (27 valid days required, 25 in February).");
    }
}
