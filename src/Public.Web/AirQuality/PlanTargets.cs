using Public.Web.Contract;
using Public.Web.Infrastructure;
using Public.Web.Plan;

namespace Public.Web.AirQuality;

[Resource("PlanTarget", "年度目标", "The action plan's quantitative targets for one year.")]
public sealed record PlanTarget(
    [property: Field("年份", "Year.")] int Year,
    [property: Field("PM2.5 年均浓度目标", "Target PM2.5 annual mean, µg/m³.", Unit = "µg/m³")] decimal? Pm25AnnualMean,
    [property: Field("优良天数比例目标", "Target good-days ratio, percent.", Unit = "%")] decimal? GoodDaysRatioPercent);

/// <summary>
/// The action plan's two targets this site measures itself (annual PM2.5, good-days ratio) by year, for the assessment
/// and the reference data: read from the plan as data (<c>content/plan/</c>, targets goals-pm25 and goals-good-days),
/// so each value is written once.
/// </summary>
public sealed class PlanTargets(string document, string title, string titleEn, IReadOnlyList<PlanTarget> targets)
{
    public const string Pm25TargetId = "goals-pm25";
    public const string GoodDaysTargetId = "goals-good-days";

    public string Document { get; } = document;
    public string Title { get; } = title;
    public string TitleEn { get; } = titleEn;
    public IReadOnlyList<PlanTarget> Targets { get; } = targets;

    public PlanTarget? For(int year) => Targets.FirstOrDefault(t => t.Year == year);

    public static PlanTargets Load(ContentFiles content) => From(PlanContent.Load(content));

    public static PlanTargets From(PlanContent plan)
    {
        var pm25 = plan.Target(Pm25TargetId) ?? throw new InvalidDataException($"content/plan: the target {Pm25TargetId} is missing");
        var goodDays = plan.Target(GoodDaysTargetId) ?? throw new InvalidDataException($"content/plan: the target {GoodDaysTargetId} is missing");
        var years = pm25.Years.Union(goodDays.Years).Order();
        return new PlanTargets(plan.Document, plan.Title, plan.TitleEn,
            years.Select(y => new PlanTarget(y, pm25.ValueFor(y)?.Value, goodDays.ValueFor(y)?.Value)).ToList());
    }
}
