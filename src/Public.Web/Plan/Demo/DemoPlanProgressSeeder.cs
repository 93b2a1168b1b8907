using Public.Web.AirQuality.Import;
using Public.Web.Infrastructure;
using Public.Web.Plan.Import;

namespace Public.Web.Plan.Demo;

/// <summary>
/// Writes the demo progress reports of <c>content/plan/demo-progress.json</c> into a demo database, marked demo, through
/// the importer's own checks. Their reporting body and documents are fictional: they say nothing about any real
/// department. Only reports dated on or before today are written, so a demo clock inside the plan's years shows the
/// tracker as it stood then (on-track milestones included). Does nothing for a database of real data.
/// </summary>
internal sealed class DemoPlanProgressSeeder(PlanStore store, PlanProgressImporter importer, ContentFiles content, TimeProvider time)
{
    public const string FileName = "demo-progress.json";

    public void EnsureSeeded()
    {
        if (store.Database.GetMeta(CnemcImporter.DemoMetaKey) != "1" || store.HasAny())
        {
            return;
        }

        var file = RecordFileReader.Read(content.PathOf(Path.Combine("plan", FileName)), FileName, PlanProgressFormat.Format);
        var today = ChinaTime.Today(time).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        // ISO dates compare as text.
        var due = file with { Records = file.Records.Where(r => string.CompareOrdinal(r.Fields.GetValueOrDefault("sourceDate", ""), today) <= 0).ToList() };
        var problems = new List<ImportProblem>(file.Problems);
        if (problems.Count == 0 && due.Records.Count > 0)
        {
            importer.Write(due, demo: true, problems);
        }

        if (problems.Count > 0)
        {
            throw new InvalidDataException($"{FileName}: " + string.Join("; ", problems));
        }
    }
}
