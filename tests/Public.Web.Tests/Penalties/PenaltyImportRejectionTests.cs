using System.Data.Common;
using Microsoft.Extensions.DependencyInjection;
using Public.Web.Penalties.Import;
using Public.Web.Tests.Hosting;

namespace Public.Web.Tests.Penalties;

/// <summary>Every kind of bad penalty record is reported with file, line, field and a clear reason, and its file writes nothing.</summary>
[Trait(TestStore.EnginesTrait, TestStore.BothEngines)]
public sealed class PenaltyImportRejectionTests : IDisposable
{
    private readonly PublicWebApp _app = new();

    public void Dispose() => _app.Dispose();

    private PenaltyImportSummary Import(params string[] paths) => _app.Services.GetRequiredService<PenaltyImporter>().Import(paths);

    // Line 2 is a good record; the bad one is on line 3 (the header is line 1).
    public static TheoryData<string, (string, string)[], string, string> BadRecords => new()
    {
        { "credit code with a wrong check digit", [("partyCreditCode", "91210711PDY009014G")], "partyCreditCode", "check digit (position 18) of '91210711PDY009014G' is 'G', expected 'F'" },
        { "credit code of 17 characters", [("partyCreditCode", "91210711PDY009014")], "partyCreditCode", "a credit code has 18 characters" },
        { "credit code with an illegal letter", [("partyCreditCode", "91210711PDY0O9014F")], "partyCreditCode", "illegal character 'O' at position 13" },
        { "negative fine", [("fineAmount", "-5000")], "fineAmount", "negative amount -5000" },
        { "fine in words", [("fineAmount", "十万元")], "fineAmount", "'十万元' is not an amount" },
        { "fine with grouping", [("fineAmount", "100,000")], "fineAmount", "'100,000' is not an amount" },
        { "fine with three decimals", [("fineAmount", "100.001")], "fineAmount", "at most two decimals" },
        { "negative daily amount", [("fineAmount", ""), ("dailyPenaltyDays", "10"), ("dailyPenaltyAmount", "-1"), ("dailyPenaltyTotal", "10")], "dailyPenaltyAmount", "negative amount -1" },
        { "decision date in the future", [("decisionDate", "2999-01-01"), ("serviceDate", ""), ("publicationDate", "")], "decisionDate", "decisionDate 2999-01-01 is in the future" },
        { "decision date that is not a date", [("decisionDate", "2019-02-30")], "decisionDate", "'2019-02-30' is not a date of the form YYYY-MM-DD" },
        { "daily penalty days × amount ≠ total", [("fineAmount", ""), ("dailyPenaltyDays", "10"), ("dailyPenaltyAmount", "150000"), ("dailyPenaltyTotal", "1400000")], "dailyPenaltyTotal", "10 × 150000.00 = 1500000.00 CNY, but dailyPenaltyTotal is 1400000.00" },
        { "daily penalty without its total", [("fineAmount", ""), ("dailyPenaltyDays", "10"), ("dailyPenaltyAmount", "150000")], "dailyPenaltyTotal", "missing: dailyPenaltyTotal" },
        { "daily penalty of zero days", [("fineAmount", ""), ("dailyPenaltyDays", "0"), ("dailyPenaltyAmount", "150000"), ("dailyPenaltyTotal", "0")], "dailyPenaltyDays", "whole number of days" },
        { "service before the decision", [("serviceDate", "2019-03-01")], "serviceDate", "before the decisionDate 2019-03-12" },
        { "missing legal basis", [("legalBasisLaw", "")], "legalBasisLaw", "legalBasisLaw is required" },
        { "no penalty at all", [("fineAmount", "")], "fineAmount", "imposes no penalty" },
        { "unknown status", [("paymentStatus", "maybe")], "paymentStatus", "'maybe' is not one of" },
        { "unknown production order", [("productionOrder", "halt")], "productionOrder", "'halt' is not one of: stop, limit" },
        { "flag that is not true or false", [("warning", "yes")], "warning", "must be true or false" },
        { "hash that is not SHA-256", [("sourceSha256", "abc123")], "sourceSha256", "not a SHA-256" },
        { "link that is not http", [("sourceUrl", "ftp://example.invalid/x.pdf")], "sourceUrl", "not an absolute http(s) link" },
        { "correction of an unpublished decision", [("correctionReason", "复议变更")], "correctionReason", "has not been published before" },
    };

    [Theory]
    [MemberData(nameof(BadRecords))]
    public void BadRecordIsReportedWithFileLineAndFieldAndTheWholeFileIsRejected(string what, (string, string)[] changes, string field, string reason)
    {
        var path = _app.WriteText("bad.csv", PenaltyRows.Csv(PenaltyRows.Valid("测试罚〔2019〕1号"), PenaltyRows.Valid("测试罚〔2019〕2号", changes)));

        var summary = Import(path);

        Assert.False(summary.Clean, what);
        Assert.Equal(1, summary.FilesRejected);
        var problem = Assert.Single(summary.Problems);
        Assert.Equal("bad.csv", problem.File);
        Assert.Equal(3, problem.Line);
        Assert.Equal(field, problem.Column);
        Assert.Contains(reason, problem.Reason, StringComparison.Ordinal);
        Assert.Equal(0, CountRows("penalty"));
    }

    [Fact]
    public void DuplicateDecisionNumberWithDifferentContentAndNoReasonIsRejectedNamingWhatDiffers()
    {
        var first = _app.WriteText("first.csv", PenaltyRows.Csv(PenaltyRows.Valid("测试罚〔2019〕7号")));
        Assert.True(Import(first).Clean);
        var second = _app.WriteText("second.csv", PenaltyRows.Csv(
            PenaltyRows.Valid("测试罚〔2019〕8号"),
            PenaltyRows.Valid("测试罚〔2019〕7号", ("fineAmount", "150000"))));

        var summary = Import(second);

        var problem = Assert.Single(summary.Problems);
        Assert.Equal(("second.csv", 3, "decisionNumber"), (problem.File, problem.Line, problem.Column));
        Assert.Contains("duplicate decision number 测试罚〔2019〕7号 with different content", problem.Reason, StringComparison.Ordinal);
        Assert.Contains("fineAmount 200000.00 → 150000.00", problem.Reason, StringComparison.Ordinal);
        Assert.Contains("correctionReason", problem.Reason, StringComparison.Ordinal);
        // The file is atomic: its good first record (decision 8) is not written either.
        Assert.Equal(1, CountRows("penalty"));
        Assert.Equal(1, CountRows("penalty_version"));
    }

    [Fact]
    public void DuplicateDecisionNumberWithinOneFileIsRejectedToo()
    {
        var path = _app.WriteText("dup.csv", PenaltyRows.Csv(
            PenaltyRows.Valid("测试罚〔2019〕9号"),
            PenaltyRows.Valid("测试罚〔2019〕9号", ("partyName", "示例另一有限公司"))));

        var summary = Import(path);

        var problem = Assert.Single(summary.Problems);
        Assert.Equal(3, problem.Line);
        Assert.Contains("partyName 示例测试热电有限公司 → 示例另一有限公司", problem.Reason, StringComparison.Ordinal);
        Assert.Equal(0, CountRows("penalty"));
    }

    [Fact]
    public void EveryProblemOfAFileIsListedNotOnlyTheFirst()
    {
        var path = _app.WriteText("many.csv", PenaltyRows.Csv(
            PenaltyRows.Valid("测试罚〔2019〕1号", ("fineAmount", "abc"), ("partyCreditCode", "123")),
            PenaltyRows.Valid("测试罚〔2019〕2号", ("decisionDate", "2999-12-31"))));

        var summary = Import(path);

        Assert.Equal(
            ["many.csv:2 [partyCreditCode]", "many.csv:2 [fineAmount]", "many.csv:3 [decisionDate]"],
            summary.Problems.Select(p => $"{p.File}:{p.Line} [{p.Column}]").ToArray());
    }

    [Fact]
    public void UnknownAndMissingHeaderFieldsAreReportedOnLineOne()
    {
        var csv = PenaltyRows.Csv(PenaltyRows.Valid("测试罚〔2019〕1号"))
            .Replace("fineAmount", "fineAmmount", StringComparison.Ordinal)
            .Replace("legalBasisLaw,", "law,", StringComparison.Ordinal);
        var path = _app.WriteText("header.csv", csv);

        var summary = Import(path);

        Assert.Contains(summary.Problems, p => p.Line == 1 && p.Reason.Contains("unknown field 'fineAmmount'", StringComparison.Ordinal));
        Assert.Contains(summary.Problems, p => p.Line == 1 && p.Column == "legalBasisLaw" && p.Reason.Contains("required field 'legalBasisLaw' is missing", StringComparison.Ordinal));
        Assert.Equal(0, CountRows("penalty"));
    }

    [Fact]
    public void JsonRecordsAreReportedWithTheLineTheirObjectStartsOn()
    {
        var path = _app.WriteText("bad.json", """
            [
              { "decisionNumber": "测试罚〔2019〕1号", "authority": "测试局", "partyName": "示例甲有限公司", "violationCategory": "扬尘",
                "violationSummary": "未覆盖", "legalBasisLaw": "《中华人民共和国大气污染防治法》", "fineAmount": 20000, "decisionDate": "2019-05-01" },
              {
                "decisionNumber": "测试罚〔2019〕2号", "authority": "测试局", "partyName": "示例乙有限公司", "violationCategory": "扬尘",
                "violationSummary": "未覆盖", "legalBasisLaw": "《中华人民共和国大气污染防治法》", "fineAmount": -20000, "decisionDate": "2019-05-01"
              }
            ]
            """);

        var summary = Import(path);

        var problem = Assert.Single(summary.Problems);
        Assert.Equal(("bad.json", 4, "fineAmount"), (problem.File, problem.Line, problem.Column));
        Assert.Contains("negative amount -20000", problem.Reason, StringComparison.Ordinal);
        Assert.Equal(0, CountRows("penalty"));
    }

    [Fact]
    public void MalformedJsonIsReportedAsNotValidJson()
    {
        var path = _app.WriteText("broken.json", "[\n  { \"decisionNumber\": \"x\",\n");

        var summary = Import(path);

        Assert.Contains(summary.Problems, p => p.File == "broken.json" && p.Reason.StartsWith("not valid JSON", StringComparison.Ordinal));
    }

    [Fact]
    public void AGoodFileIsWrittenEvenWhenAnotherFileOfTheSameImportIsRejected()
    {
        var good = _app.WriteText("a-good.csv", PenaltyRows.Csv(PenaltyRows.Valid("测试罚〔2019〕1号")));
        var bad = _app.WriteText("b-bad.csv", PenaltyRows.Csv(PenaltyRows.Valid("测试罚〔2019〕2号", ("fineAmount", "-1"))));

        var summary = Import(good, bad);

        Assert.Equal((2, 1, 1), (summary.Files, summary.FilesRejected, summary.NewDecisions));
        Assert.Equal(1, CountRows("penalty"));
    }

    [Fact]
    public void PublishedVersionsCannotBeChangedOrDeletedInTheDatabase()
    {
        Assert.True(Import(_app.WriteText("one.csv", PenaltyRows.Csv(PenaltyRows.Valid("测试罚〔2019〕1号")))).Clean);
        using var connection = _app.OpenStore();

        foreach (var sql in new[] { "UPDATE penalty_version SET fine_fen = 1", "DELETE FROM penalty_version", "UPDATE penalty SET decision_number = 'x'" })
        {
            using var command = connection.CreateCommand();
            command.CommandText = sql;
            var e = Assert.ThrowsAny<DbException>(() => command.ExecuteNonQuery());
            Assert.Contains("append-only", e.Message, StringComparison.Ordinal);
        }
    }

    private long CountRows(string table) => TestStore.Scalar(_app.PostgresConnectionString, _app.DatabasePath, $"SELECT COUNT(*) FROM {table}");
}
