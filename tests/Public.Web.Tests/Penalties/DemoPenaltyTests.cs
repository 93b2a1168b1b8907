using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Public.Standards.Identifiers;
using Public.Web.AirQuality.Import;
using Public.Web.Infrastructure;
using Public.Web.Penalties;
using Public.Web.Penalties.Demo;
using Public.Web.Penalties.Import;
using Public.Web.Tests.Hosting;

namespace Public.Web.Tests.Penalties;

/// <summary>Demo penalties: deterministic, valid by the import rules, fictional parties only, seeded only into demo databases.</summary>
[Trait(TestStore.EnginesTrait, TestStore.BothEngines)]
public sealed class DemoPenaltyTests
{
    private static IEnumerable<DemoPenalty> PlanPeriod() =>
        Enumerable.Range(0, 36).SelectMany(m => DemoPenaltyGenerator.ForMonth(2018 + (m / 12), 1 + (m % 12)));

    [Fact]
    public void TheSameMonthGivesTheSameDecisionsOnEveryRun()
    {
        var a = DemoPenaltyGenerator.ForMonth(2019, 3);
        var b = DemoPenaltyGenerator.ForMonth(2019, 3);

        Assert.Equal(a.Select(p => p.Decision), b.Select(p => p.Decision));
        Assert.Equal(a.SelectMany(p => p.Corrections), b.SelectMany(p => p.Corrections));
    }

    [Fact]
    public void EveryDemoDecisionPassesTheImportRulesAndNamesAFictionalParty()
    {
        var problems = new List<ImportProblem>();
        var all = PlanPeriod().ToList();

        foreach (var demo in all)
        {
            foreach (var d in new[] { demo.Decision }.Concat(demo.Corrections.Select(c => c.Content)))
            {
                Assert.NotNull(PenaltyValidator.Validate(new RawPenalty(1, Fields(d)), d.DecisionNumber, new DateOnly(2100, 1, 1), problems));
                Assert.StartsWith("示例", d.PartyName, StringComparison.Ordinal);
                if (d.PartyCreditCode is { } code)
                {
                    Assert.True(UnifiedSocialCreditCode.IsValid(code), code);
                    // GB 11714-1997 §3: PDY00001…PDY99999 is the internal range, never a real organisation's code.
                    Assert.Equal("PDY", code[8..11]);
                }

                if (d.FineTotalFen > 0)
                {
                    Assert.InRange(d.FineTotalFen / 100, 5_000, 5_000_000);
                }
            }

            Assert.All(demo.Corrections, c => Assert.InRange(c.Date.DayNumber - demo.Decision.DecisionDate.DayNumber, 1, 60));
        }

        Assert.Empty(problems);
        Assert.Equal(all.Count, all.Select(d => d.Decision.DecisionNumber).Distinct().Count());
        Assert.Contains(all, d => d.Decision.DailyPenaltyDays is not null);
        Assert.Contains(all, d => d.Corrections.Any(c => c.Content.FineFen != d.Decision.FineFen));
        Assert.InRange(all.Count(d => d.Corrections.Count > 0), 5, all.Count / 4);
    }

    [Fact]
    public async Task ADemoDatabaseGetsDemoPenaltiesOnceAndTheJournalistQueryWorksOnThem()
    {
        using var app = new PublicWebApp();
        var database = app.Services.GetRequiredService<Database>();
        using (var connection = database.Connect())
        {
            database.SetMeta(CnemcImporter.DemoMetaKey, "1", connection);
        }

        app.Services.SeedDemoPenalties();
        var first = CountVersions(app);
        app.Services.SeedDemoPenalties();

        Assert.True(first > 100, $"{first} versions");
        Assert.Equal(first, CountVersions(app));
        var csv = await app.Client.GetStringAsync(
            new Uri("/api/v1/penalties?from=2019-01-01&to=2019-12-31&type=fine&minAmount=100000&format=csv", UriKind.Relative),
            TestContext.Current.CancellationToken);
        var lines = csv.TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        var header = lines[0].Split(',');
        Assert.Contains("legalBasisLaw", header);
        Assert.Contains("legalBasisArticle", header);
        Assert.True(lines.Length > 3, csv);
        var fineTotal = Array.IndexOf(header, "fineTotal");
        var date = Array.IndexOf(header, "decisionDate");
        // Demo text has no ASCII commas or quotes, so a plain split is exact here.
        Assert.All(lines.Skip(1).Select(l => l.Split(',')), f =>
        {
            Assert.True(decimal.Parse(f[fineTotal], CultureInfo.InvariantCulture) >= 100_000m, f[fineTotal]);
            Assert.StartsWith("2019-", f[date], StringComparison.Ordinal);
        });
        var meta = (await app.Client.GetJsonAsync("/api/v1/penalties?limit=1")).GetProperty("meta");
        Assert.True(meta.GetProperty("demo").GetBoolean());
        Assert.Contains("DEMO", meta.Str("source"), StringComparison.Ordinal);
        // A CSV download without paging parameters is the whole answer (up to 1000 rows), not the JSON page of 100.
        var found = meta.GetProperty("found").GetInt32();
        var all = await app.Client.GetStringAsync(new Uri("/api/v1/penalties?format=csv", UriKind.Relative), TestContext.Current.CancellationToken);
        Assert.InRange(found, 101, 1000);
        Assert.Equal(found + 1, all.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Length);
    }

    [Fact]
    public void ADatabaseOfRealDataIsNeverGivenDemoPenalties()
    {
        using var app = new PublicWebApp();

        app.Services.SeedDemoPenalties();

        Assert.Equal(0, CountVersions(app));
    }

    private static long CountVersions(PublicWebApp app) => TestStore.Scalar(app.PostgresConnectionString, app.DatabasePath, "SELECT COUNT(*) FROM penalty_version");

    /// <summary>The decision written back as import fields, independently of the app's own field list.</summary>
    private static Dictionary<string, string> Fields(PenaltyDecision d)
    {
        static string M(long? fen) => fen is { } f ? (f / 100m).ToString("0.00", CultureInfo.InvariantCulture) : "";
        static string D(DateOnly? date) => date?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "";
        return new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["decisionNumber"] = d.DecisionNumber, ["authority"] = d.Authority, ["partyName"] = d.PartyName,
            ["partyCreditCode"] = d.PartyCreditCode ?? "", ["district"] = d.District ?? "", ["industry"] = d.Industry ?? "",
            ["violationCategory"] = d.ViolationCategory, ["violationSummary"] = d.ViolationSummary,
            ["legalBasisLaw"] = d.LegalBasisLaw, ["legalBasisArticle"] = d.LegalBasisArticle ?? "",
            ["fineAmount"] = M(d.FineFen), ["dailyPenaltyDays"] = d.DailyPenaltyDays?.ToString(CultureInfo.InvariantCulture) ?? "",
            ["dailyPenaltyAmount"] = M(d.DailyPenaltyAmountFen), ["dailyPenaltyTotal"] = M(d.DailyPenaltyTotalFen),
            ["productionOrder"] = d.ProductionOrder ?? "", ["sealUp"] = d.SealUp ? "true" : "false",
            ["confiscationAmount"] = M(d.ConfiscationFen), ["confiscatedItems"] = d.ConfiscatedItems ?? "", ["warning"] = d.Warning ? "true" : "false",
            ["decisionDate"] = D(d.DecisionDate), ["serviceDate"] = D(d.ServiceDate), ["publicationDate"] = D(d.PublicationDate),
            ["rectificationRequirement"] = d.RectificationRequirement ?? "", ["rectificationStatus"] = d.RectificationStatus ?? "",
            ["paymentStatus"] = d.PaymentStatus ?? "", ["appealStatus"] = d.AppealStatus ?? "",
            ["sourceUrl"] = d.SourceUrl ?? "", ["sourceSha256"] = d.SourceSha256 ?? "",
        };
    }
}
