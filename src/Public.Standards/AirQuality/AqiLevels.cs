namespace Public.Standards.AirQuality;

/// <summary>One AQI category of HJ 633-2012 表2 with its colour from 附录A.</summary>
public sealed record AqiLevel(
    int Number,
    int MinAqi,
    int MaxAqi,
    string GradeZh,
    string NameZh,
    string NameEn,
    string ColorZh,
    string ColorEn,
    string Hex,
    string Rgb,
    string Cmyk,
    string HealthEffectZh,
    string HealthEffectEn,
    string AdviceZh,
    string AdviceEn);

public static class AqiLevels
{
    // HJ 633-2012 表2 (ranges, grades, names, health effects, advice) and 附录A (colours).
    // Colours: RGB/CMYK/hex from aqi-hub, matching 附录A as remembered (standards.md §1.3 [V]/[M]).
    // Texts: hanspub wording where sources differ (levels 3, 4, 6; standards.md §1.3 [C]) — verify against the PDF.
    // English names and texts are this project's translations, not part of the standard.
    // Level 6 has no upper bound in 表2; 500 is used because IAQI is capped at 500.
    public static IReadOnlyList<AqiLevel> All { get; } = Array.AsReadOnly<AqiLevel>(
    [
        new(1, 0, 50, "一级", "优", "Excellent", "绿色", "Green", "#00E400", "0,228,0", "40,0,100,0",
            "空气质量令人满意，基本无空气污染",
            "Air quality is satisfactory and there is basically no air pollution.",
            "各类人群可正常活动",
            "Everyone can continue normal activities."),
        new(2, 51, 100, "二级", "良", "Good", "黄色", "Yellow", "#FFFF00", "255,255,0", "0,0,100,0",
            "空气质量可接受，但某些污染物可能对极少数异常敏感人群健康有较弱影响",
            "Air quality is acceptable, but some pollutants may have a weak effect on the health of a very small number of unusually sensitive people.",
            "极少数异常敏感人群应减少户外活动",
            "The very few unusually sensitive people should reduce outdoor activities."),
        new(3, 101, 150, "三级", "轻度污染", "Lightly polluted", "橙色", "Orange", "#FF7E00", "255,126,0", "0,52,100,0",
            "易感人群症状有轻度加剧，健康人群出现刺激症状",
            "Symptoms of susceptible people are mildly aggravated; healthy people show irritation symptoms.",
            "儿童、老年人及心脏病、呼吸系统疾病患者应减少长时间、高强度的户外锻炼",
            "Children, the elderly and people with heart or respiratory disease should reduce prolonged, high-intensity outdoor exercise."),
        new(4, 151, 200, "四级", "中度污染", "Moderately polluted", "红色", "Red", "#FF0000", "255,0,0", "0,100,100,0",
            "进一步加剧易感人群症状，可能对健康人群心脏、呼吸系统有影响",
            "Symptoms of susceptible people are further aggravated; the heart and respiratory system of healthy people may be affected.",
            "儿童、老年人及心脏病、呼吸系统疾病患者避免长时间、高强度的户外锻炼，一般人群适量减少户外运动",
            "Children, the elderly and people with heart or respiratory disease should avoid prolonged, high-intensity outdoor exercise; everyone else should moderately reduce outdoor exercise."),
        new(5, 201, 300, "五级", "重度污染", "Heavily polluted", "紫色", "Purple", "#99004C", "153,0,76", "10,100,40,30",
            "心脏病和肺病患者症状显著加剧，运动耐受力降低，健康人群普遍出现症状",
            "Symptoms of people with heart or lung disease are markedly aggravated and exercise tolerance falls; healthy people commonly show symptoms.",
            "儿童、老年人和心脏病、肺病患者应停留在室内，停止户外运动，一般人群减少户外运动",
            "Children, the elderly and people with heart or lung disease should stay indoors and stop outdoor exercise; everyone else should reduce outdoor exercise."),
        new(6, 301, 500, "六级", "严重污染", "Severely polluted", "褐红色", "Maroon", "#7E0023", "126,0,35", "30,100,100,30",
            "健康人群运动耐受力降低，有明显强烈症状，提前出现某些疾病",
            "Exercise tolerance of healthy people falls, with marked and strong symptoms; some illnesses appear earlier.",
            "儿童、老年人和病人应当留在室内，避免体力消耗，一般人群应避免户外活动",
            "Children, the elderly and the sick should stay indoors and avoid physical exertion; everyone else should avoid outdoor activities."),
    ]);

    /// <summary>The level containing <paramref name="aqi"/>; values above 500 fall in level 6.</summary>
    public static AqiLevel For(int aqi)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(aqi);
        foreach (var level in All)
        {
            if (aqi <= level.MaxAqi)
            {
                return level;
            }
        }

        return All[^1];
    }
}
