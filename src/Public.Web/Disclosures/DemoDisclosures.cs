using System.Security.Cryptography;
using System.Text;
using Public.Web.Enterprises;
using Public.Web.Infrastructure.Publication;
using Public.Web.Penalties;
using Public.Web.Penalties.Store;

namespace Public.Web.Disclosures;

/// <summary>
/// Deterministic demo disclosures for the demo enterprises so that every audit outcome appears in 2019: annual reports
/// on time, late (5 and 36 days) and missing; incomplete categories; a report claiming no exceedance from the enterprise
/// whose demo CEMS data exceed in December 2019 (<see cref="Public.Web.SelfMonitoring.DemoCems"/>, enterprise 0); and
/// four demo penalties against demo enterprises with temporary reports on time (one across the May Day working Sunday),
/// late (across National Day) and missing. Annual reports for 2018 and 2020 are on time and complete. Two statements
/// (right of reply): one on the December 2019 exceedance, one on a penalty.
/// </summary>
internal static class DemoDisclosures
{
    public const string Authority = Public.Web.Penalties.Demo.DemoPenaltyGenerator.Authority;

    /// <summary>The demo penalties against demo enterprises: enterprise index, number, decision date, service date, temporary report filed (null = none).</summary>
    public static readonly (int Enterprise, string Number, DateOnly Decision, DateOnly Service, DateOnly? TemporaryFiled)[] Penalties =
    [
        // Served Mon 2019-12-23 → due Mon 2019-12-30 (5th working day); filed 12-27: on time.
        (0, "锦环罚〔2019〕示例审计01号", new(2019, 12, 20), new(2019, 12, 23), new DateOnly(2019, 12, 27)),
        // Served Fri 2019-09-27 → due Thu 2019-10-10 (Sun 09-29 worked, National Day 10-01…07); filed Mon 10-14: 3 working days late.
        (1, "锦环罚〔2019〕示例审计02号", new(2019, 9, 20), new(2019, 9, 27), new DateOnly(2019, 10, 14)),
        // Served Wed 2019-06-12 → due Wed 2019-06-19; no temporary report: missing.
        (2, "锦环罚〔2019〕示例审计03号", new(2019, 6, 10), new(2019, 6, 12), null),
        // Served Fri 2019-04-26 → due Mon 2019-05-06 (Sun 04-28 and Sun 05-05 worked, May Day 05-01…04); filed Sun 05-05: on time.
        (3, "锦环罚〔2019〕示例审计04号", new(2019, 4, 25), new(2019, 4, 26), new DateOnly(2019, 5, 5)),
    ];

    public static IEnumerable<PenaltyDecision> PenaltyDecisions()
    {
        foreach (var (index, number, decision, service, _) in Penalties)
        {
            var e = DemoEnterprises.All[index];
            var sha = Sha("demo penalty " + number);
            yield return new PenaltyDecision(number, Authority, e.Name, e.CreditCode, e.District, e.Industry,
                "超标排放大气污染物", $"{e.Outlets[0].Name}在线监测数据显示二氧化硫排放浓度超过排放标准（示例）。", "《中华人民共和国大气污染防治法》", "第九十九条第（二）项",
                (200_000L + (index * 10_000L)) * 100, null, null, null, null, false, null, null, false, decision, service, service.AddDays(3),
                "立即改正超标排放行为", "pending", "unpaid", "none", $"https://demo.invalid/penalties/{sha[..16]}.pdf", sha);
        }
    }

    public static IEnumerable<Disclosure> Disclosures()
    {
        var all = DisclosureCategories.Join(DisclosureCategories.All);
        for (var i = 0; i < DemoEnterprises.All.Count; i++)
        {
            var e = DemoEnterprises.All[i];
            foreach (var year in e.ListEntries.Select(l => l.Year).Where(y => y is >= 2018 and <= 2020))
            {
                var filed = new DateOnly(year + 1, 2, 20).AddDays(i % 20);
                var categories = all;
                if (year == 2019)
                {
                    switch (i)
                    {
                        case 4:
                            filed = new DateOnly(2020, 4, 20); // 36 days late
                            break;
                        case 5:
                            continue; // missing
                        case 6:
                            categories = DisclosureCategories.Join(DisclosureCategories.All.Where(c => c.Code is not ("carbon" or "temporary")));
                            break;
                        case 7:
                            filed = new DateOnly(2020, 3, 20); // 5 days late
                            break;
                    }
                }

                yield return Annual(e, year, filed, categories);
            }
        }

        foreach (var (index, number, _, service, filed) in Penalties)
        {
            if (filed is { } f)
            {
                var e = DemoEnterprises.All[index];
                var id = $"demo-{e.CreditCode}-temporary-{f:yyyyMMdd}";
                var sha = Sha("demo disclosure " + id);
                yield return new Disclosure(id, e.CreditCode, DisclosureKinds.Temporary, null, f, "", null, null, number, service,
                    $"{e.Name}关于收到行政处罚决定书的临时环境信息披露报告（示例）", $"https://demo.invalid/disclosures/{sha[..16]}.pdf", sha);
            }
        }
    }

    private static Disclosure Annual(Enterprise e, int year, DateOnly filed, string categories)
    {
        var id = $"demo-{e.CreditCode}-annual-{year}";
        var sha = Sha("demo disclosure " + id);
        // Every demo annual report states "no exceedance" — for enterprise 0 in 2019 the demo CEMS data say otherwise.
        return new Disclosure(id, e.CreditCode, DisclosureKinds.Annual, year, filed, categories, true, null, null, null,
            $"{e.Name}{year}年度环境信息依法披露报告（示例）", $"https://demo.invalid/disclosures/{sha[..16]}.pdf", sha);
    }

    public static IEnumerable<Statement> Statements()
    {
        var e0 = DemoEnterprises.All[0];
        yield return new Statement($"demo-{e0.CreditCode}-statement-20191212", e0.CreditCode, StatementSubjects.Exceedance, e0.Outlets[0].Code, null,
            new DateTime(2019, 12, 12, 8, 0, 0), new DateTime(2019, 12, 12, 10, 0, 0), null, new DateOnly(2019, 12, 14),
            "2019年12月12日8时至10时，1号锅炉启动过程中脱硫脱硝设施未达到正常运行工况，导致排放浓度短时超标。我公司已调整启炉程序并向生态环境部门报告。（示例）",
            "https://demo.invalid/statements/20191212.html", null);
        var e2 = DemoEnterprises.All[2];
        yield return new Statement($"demo-{e2.CreditCode}-statement-penalty", e2.CreditCode, StatementSubjects.Penalty, null, null, null, null,
            Penalties[2].Number, new DateOnly(2019, 6, 20),
            "我公司已按处罚决定书要求完成整改并缴纳罚款，整改情况已在企业网站公开。（示例）", "https://demo.invalid/statements/penalty-03.html", null);
    }

    private static string Sha(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}

/// <summary>Writes <see cref="DemoDisclosures"/> once into a demo database that has the demo enterprises (never into one of real data).</summary>
internal sealed class DemoDisclosureSeeder(Publisher publisher)
{
    private const string DoneKey = "demo_disclosures";
    public const string BatchKind = "demo-disclosures";

    public void EnsureSeeded()
    {
        var database = publisher.Database;
        if (!publisher.IsDemo || database.GetMeta(DoneKey) == "1")
        {
            return;
        }

        publisher.Publish(BatchKind, publisher.Now(), publication =>
        {
        var (connection, transaction, batch, now) = (publication.StoreConnection, publication.StoreTransaction, publication.Id, publication.StartedAt);
        var count = 0;
        foreach (var decision in DemoDisclosures.PenaltyDecisions())
        {
            var id = PenaltyStore.InsertDecision(connection, transaction, decision.DecisionNumber, now);
            PenaltyStore.InsertVersion(connection, transaction, new PenaltyVersionRow(id, 1, now, now, batch, "demo", null, null, null, decision));
            count++;
        }

        foreach (var d in DemoDisclosures.Disclosures())
        {
            var id = DisclosureStore.InsertRecord(connection, transaction, false, d.Id, now);
            DisclosureStore.InsertVersion(connection, transaction, new StoredVersion<Disclosure>(id, 1, now, now, batch, "demo", null, null, d));
            count++;
        }

        foreach (var s in DemoDisclosures.Statements())
        {
            var id = DisclosureStore.InsertRecord(connection, transaction, true, s.Id, now);
            DisclosureStore.InsertVersion(connection, transaction, new StoredVersion<Statement>(id, 1, now, now, batch, "demo", null, null, s));
            count++;
        }

        publication.Count(0, 0, count, count, 0, 0, 0);
        database.SetMeta(DoneKey, "1", connection, transaction);
        });
    }
}
