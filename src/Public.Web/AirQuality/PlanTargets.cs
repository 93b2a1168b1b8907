using System.Text.Json;
using Public.Web.Contract;
using Public.Web.Infrastructure;

namespace Public.Web.AirQuality;

[Resource("PlanTarget", "年度目标", "The action plan's quantitative targets for one year.")]
public sealed record PlanTarget(
    [property: Field("年份", "Year.")] int Year,
    [property: Field("PM2.5 年均浓度目标", "Target PM2.5 annual mean, µg/m³.", Unit = "µg/m³")] decimal? Pm25AnnualMean,
    [property: Field("优良天数比例目标", "Target good-days ratio, percent.", Unit = "%")] decimal? GoodDaysRatioPercent);

/// <summary>The action plan's quantitative targets, kept as data in <c>content/plan-targets.json</c>.</summary>
public sealed class PlanTargets(string document, string title, string titleEn, IReadOnlyList<PlanTarget> targets)
{
    public string Document { get; } = document;
    public string Title { get; } = title;
    public string TitleEn { get; } = titleEn;
    public IReadOnlyList<PlanTarget> Targets { get; } = targets;

    public PlanTarget? For(int year) => Targets.FirstOrDefault(t => t.Year == year);

    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);

    private sealed record PlanInfo(string Title, string TitleEn, string Document);

    private sealed record TargetsFile(PlanInfo Plan, List<PlanTarget> Targets);

    public static PlanTargets Load(ContentFiles content)
    {
        var path = content.PathOf("plan-targets.json");
        try
        {
            var file = JsonSerializer.Deserialize<TargetsFile>(File.ReadAllText(path), Options)
                ?? throw new InvalidDataException($"{path}: empty");
            return new PlanTargets(file.Plan.Document, file.Plan.Title, file.Plan.TitleEn, file.Targets);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path}: {e.Message}", e);
        }
    }
}
