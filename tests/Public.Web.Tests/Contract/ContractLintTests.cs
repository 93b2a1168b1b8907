using System.Text.Json;
using Public.Web.Tests.Hosting;

namespace Public.Web.Tests.Contract;

/// <summary>
/// The served OpenAPI document linted by an independent tool: Redocly CLI (pinned in tests/tools) with its
/// recommended rules (tests/tools/redocly.yaml). Errors fail the test; warnings are printed for the reader.
/// </summary>
[Collection(DemoOnKestrel.Name)]
public sealed class ContractLintTests(DemoKestrelApp demo)
{
    [Fact]
    public async Task TheServedOpenApiDocumentHasNoErrorUnderRedoclysRecommendedRules()
    {
        var redocly = NodeTools.Require("node_modules/.bin/redocly");
        var document = await ServedOpenApi.FetchAsync(demo.Client);
        var work = NodeTools.WorkFolder();
        try
        {
            var file = document.WriteTo(work.FullName);
            var (exit, stdout, stderr) = await NodeTools.RunAsync(NodeTools.Folder, TimeSpan.FromSeconds(60), redocly,
                "lint", "--format=json", "--config", Path.Combine(NodeTools.Folder, "redocly.yaml"), file);

            // Exit 1 means "errors found"; the JSON report tells which. Anything else is a tool failure.
            Assert.True(exit is 0 or 1 && stdout.TrimStart().StartsWith('{'), $"redocly exited {exit}: {stderr}\n{stdout}");
            using var report = JsonDocument.Parse(stdout);
            var problems = report.RootElement.GetProperty("problems").EnumerateArray()
                .Select(p => (
                    Severity: p.GetProperty("severity").GetString(),
                    Line: $"{p.GetProperty("ruleId").GetString()} at {string.Join(", ", p.GetProperty("location").EnumerateArray().Select(l => l.GetProperty("pointer").GetString()))}: {p.GetProperty("message").GetString()}"))
                .ToList();
            var errors = problems.Where(p => p.Severity == "error").Select(p => p.Line).ToList();
            var warnings = problems.Where(p => p.Severity == "warn").Select(p => p.Line).ToList();

            var output = TestContext.Current.TestOutputHelper;
            output?.WriteLine($"redocly {report.RootElement.GetProperty("version").GetString()} lint: {errors.Count} error(s), {warnings.Count} warning(s)");
            foreach (var warning in warnings)
            {
                output?.WriteLine("warning: " + warning);
            }

            Assert.True(errors.Count == 0, $"{errors.Count} lint error(s) in {ServedOpenApi.Url}:\n{string.Join('\n', errors)}");
            Assert.Equal(0, exit);
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }
}
