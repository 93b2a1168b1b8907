using Microsoft.Extensions.DependencyInjection;
using Public.Web.Penalties.Import;
using Public.Web.Tests.Hosting;

namespace Public.Web.Tests.Penalties;

/// <summary>Re-imports add nothing; a correction with a reason is a new version and the whole history stays queryable.</summary>
[Trait(TestStore.EnginesTrait, TestStore.BothEngines)]
public sealed class PenaltyVersionTests : IDisposable
{
    private const string Number = "测试罚〔2019〕21号";

    private readonly PublicWebApp _app = new();

    public void Dispose() => _app.Dispose();

    private PenaltyImportSummary Import(params string[] paths) => _app.Services.GetRequiredService<PenaltyImporter>().Import(paths);

    [Fact]
    public void ReimportOfIdenticalDataAddsNothing()
    {
        var path = _app.WriteText("p.csv", PenaltyRows.Csv(PenaltyRows.Valid(Number), PenaltyRows.Valid("测试罚〔2019〕22号")));

        var first = Import(path);
        var again = Import(path);

        Assert.Equal((2, 0, 0), (first.NewDecisions, first.NewVersions, first.Unchanged));
        Assert.Equal((0, 0, 2), (again.NewDecisions, again.NewVersions, again.Unchanged));
        Assert.True(again.Clean);
    }

    [Fact]
    public async Task CorrectionWithReasonIsANewVersionAndTheHistoryShowsWhatChangedAndWhy()
    {
        Assert.True(Import(_app.WriteText("original.csv", PenaltyRows.Csv(PenaltyRows.Valid(Number)))).Clean);
        var correction = _app.WriteText("correction.csv", PenaltyRows.Csv(PenaltyRows.Valid(Number,
            ("fineAmount", "150000"), ("appealStatus", "reconsideration-changed"),
            ("correctionReason", "行政复议决定变更罚款数额"), ("correctionDate", "2019-05-10"))));

        var summary = Import(correction);

        Assert.Equal((0, 1, 0), (summary.NewDecisions, summary.NewVersions, summary.Unchanged));
        var list = await _app.Client.GetJsonAsync("/api/v1/penalties");
        var id = Assert.Single(list.Results()).GetProperty("id").GetInt64();
        var detail = (await _app.Client.GetJsonAsync($"/api/v1/penalties/{id}")).GetProperty("result");
        var current = detail.GetProperty("penalty");
        Assert.Equal(150000m, current.GetProperty("fineAmount").GetDecimal());
        Assert.Equal(2, current.GetProperty("version").GetInt32());
        Assert.Equal("行政复议决定变更罚款数额", current.Str("correctionReason"));
        var versions = detail.GetProperty("versions").EnumerateArray().ToList();
        Assert.Equal(2, versions.Count);
        Assert.False(versions[0].GetProperty("current").GetBoolean());
        Assert.Equal(200000m, versions[0].GetProperty("record").GetProperty("fineAmount").GetDecimal());
        Assert.Equal("original.csv", versions[0].Str("source"));
        Assert.Equal(JsonNull, versions[0].GetProperty("reason").ValueKind);
        Assert.True(versions[1].GetProperty("current").GetBoolean());
        Assert.Equal("correction.csv", versions[1].Str("source"));
        Assert.Equal(2, versions[1].GetProperty("sourceLine").GetInt32());
        Assert.Equal("2019-05-10", versions[1].Str("correctionDate"));
        var changes = versions[1].GetProperty("changes").EnumerateArray().Select(c => $"{c.Str("field")}: {c.Str("from")} → {c.Str("to")}").ToList();
        Assert.Equal(["fineAmount: 200000.00 → 150000.00", "appealStatus: none → reconsideration-changed"], changes);
    }

    [Fact]
    public void ReimportOfTheOriginalAfterACorrectionAddsNothingAndIsNotAnError()
    {
        var original = _app.WriteText("original.csv", PenaltyRows.Csv(PenaltyRows.Valid(Number)));
        var correction = _app.WriteText("correction.csv", PenaltyRows.Csv(PenaltyRows.Valid(Number,
            ("paymentStatus", "paid"), ("correctionReason", "罚款已缴纳"))));
        Assert.True(Import(original).Clean);
        Assert.True(Import(correction).Clean);

        var again = Import(original, correction);

        Assert.True(again.Clean, string.Join("\n", again.Problems));
        Assert.Equal((0, 0, 2), (again.NewDecisions, again.NewVersions, again.Unchanged));
    }

    [Fact]
    public void OriginalAndCorrectionInOneFileAreTwoVersions()
    {
        var path = _app.WriteText("both.csv", PenaltyRows.Csv(
            PenaltyRows.Valid(Number),
            PenaltyRows.Valid(Number, ("rectificationStatus", "completed"), ("correctionReason", "整改完成"))));

        var summary = Import(path);

        Assert.Equal((1, 1, 0), (summary.NewDecisions, summary.NewVersions, summary.Unchanged));
    }

    [Fact]
    public async Task JsonAndCsvOfTheSameDecisionAreTheSameRecord()
    {
        var csv = _app.WriteText("p.csv", PenaltyRows.Csv(PenaltyRows.Valid(Number)));
        var json = _app.WriteText("p.json", $$"""
            {"penalties": [{
              "decisionNumber": "{{Number}}", "authority": "测试生态环境局", "partyName": "示例测试热电有限公司",
              "partyCreditCode": "{{PenaltyRows.PartyA}}", "district": "太和区", "industry": "电力、热力生产和供应业",
              "violationCategory": "超标排放大气污染物", "violationSummary": "颗粒物排放浓度超过排放标准，见监测报告",
              "legalBasisLaw": "《中华人民共和国大气污染防治法》", "legalBasisArticle": "第九十九条第（二）项",
              "fineAmount": 200000.00, "decisionDate": "2019-03-12", "serviceDate": "2019-03-14", "publicationDate": "2019-03-20",
              "rectificationRequirement": "停止超标排放", "rectificationStatus": "pending", "paymentStatus": "unpaid", "appealStatus": "none",
              "sourceUrl": "https://example.invalid/decisions/test.pdf",
              "sourceSha256": "9F86D081884C7D659A2FEAA0C55AD015A3BF4F1B2B0B822CD15D6C15B0F00A08",
              "sealUp": false, "warning": null
            }]}
            """);

        Assert.True(Import(csv).Clean);
        var summary = Import(json);

        Assert.True(summary.Clean, string.Join("\n", summary.Problems));
        Assert.Equal((0, 0, 1), (summary.NewDecisions, summary.NewVersions, summary.Unchanged));
        var list = await _app.Client.GetJsonAsync("/api/v1/penalties");
        Assert.Equal(1, list.GetProperty("meta").GetProperty("found").GetInt32());
    }

    private const System.Text.Json.JsonValueKind JsonNull = System.Text.Json.JsonValueKind.Null;
}
