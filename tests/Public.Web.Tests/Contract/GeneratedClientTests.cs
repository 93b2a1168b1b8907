using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Public.Web.Tests.Hosting;

namespace Public.Web.Tests.Contract;

/// <summary>
/// A typed client generated from the served document, as an outside developer would make one: openapi-typescript
/// turns the document into TypeScript types, <c>tsc</c> type-checks a small program that uses typed fields
/// (tests/tools/client-check.ts) — a field the document lacks fails here — and node runs it against the live
/// demo server. What it read must be what the JSON API says.
/// </summary>
[Collection(DemoOnKestrel.Name)]
public sealed class GeneratedClientTests(DemoKestrelApp demo)
{
    [Fact]
    public async Task AClientGeneratedFromTheDocumentTypeChecksAndReadsWhatTheJsonApiServes()
    {
        var generator = NodeTools.Require("node_modules/.bin/openapi-typescript");
        var tsc = NodeTools.Require("node_modules/.bin/tsc");
        NodeTools.Require("node_modules/openapi-fetch/package.json");
        var document = await ServedOpenApi.FetchAsync(demo.Client);
        var work = NodeTools.WorkFolder();
        try
        {
            var timeout = TimeSpan.FromSeconds(90);
            var generated = await NodeTools.RunAsync(work.FullName, timeout, generator, document.WriteTo(work.FullName), "--output", "schema.d.ts");
            Assert.True(generated.Exit == 0, $"openapi-typescript failed ({generated.Exit}):\n{generated.Stderr}\n{generated.Stdout}");

            File.Copy(Path.Combine(NodeTools.Folder, "client-check.ts"), Path.Combine(work.FullName, "client-check.ts"));
            File.WriteAllText(Path.Combine(work.FullName, "tsconfig.json"), """
                { "extends": "../../tsconfig.json", "compilerOptions": { "rootDir": ".", "outDir": "." }, "files": ["client-check.ts", "schema.d.ts"] }
                """);
            var compiled = await NodeTools.RunAsync(work.FullName, timeout, tsc, "-p", "tsconfig.json", "--pretty", "false");
            Assert.True(compiled.Exit == 0, $"tsc rejected client-check.ts against the generated types (a field or schema the client uses is missing from {ServedOpenApi.Url}):\n{compiled.Stdout}\n{compiled.Stderr}");

            var run = await NodeTools.RunAsync(work.FullName, timeout, Path.Combine(work.FullName, "client-check.js"), demo.BaseAddress.ToString().TrimEnd('/'));
            Assert.True(run.Exit == 0, $"the generated client failed against the server ({run.Exit}):\n{run.Stderr}\n{run.Stdout}");
            var read = JsonNode.Parse(run.Stdout)!.AsObject();
            TestContext.Current.TestOutputHelper?.WriteLine("client read: " + run.Stdout.Trim());

            var expected = await ExpectedAsync();
            foreach (var (part, value) in expected)
            {
                var actual = read[part];
                Assert.True(Canonical(value) == Canonical(actual), $"'{part}' read by the generated client differs from the JSON API:\nAPI:    {Canonical(value)}\nclient: {Canonical(actual)}");
            }

            Assert.Equal(expected.Select(p => p.Key).Order(StringComparer.Ordinal), read.Select(p => p.Key).Order(StringComparer.Ordinal));
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    /// <summary>The same reads as client-check.ts, through the JSON API with no generated code.</summary>
    private async Task<JsonObject> ExpectedAsync()
    {
        var stations = (await Get("/api/v1/stations"))["results"]!.AsArray();
        var code = stations[0]!["code"]!.GetValue<string>();
        var hour = (await Get($"/api/v1/stations/{code}/hourly?from=2019-12-01&to=2019-12-01"))["results"]![0]!;
        var assessment = (await Get("/api/v1/city/assessment/2019"))["result"]!;
        var warningId = (await Get("/api/v1/warnings"))["results"]![0]!["id"]!.GetValue<string>();
        var warning = (await Get($"/api/v1/warnings/{warningId}"))["result"]!["warning"]!;
        var penaltyId = (await Get("/api/v1/penalties"))["results"]![0]!["id"]!.GetValue<long>();
        var penalty = (await Get($"/api/v1/penalties/{penaltyId}"))["result"]!["penalty"]!;
        var creditCode = (await Get("/api/v1/enterprises"))["results"]![0]!["creditCode"]!.GetValue<string>();
        var enterprise = (await Get($"/api/v1/enterprises/{creditCode}"))["result"]!;
        var ranked = (await Get("/api/v1/audit?year=2019"))["results"]![0]!;
        var audit = (await Get($"/api/v1/audit/{ranked["creditCode"]}/{ranked["year"]}"))["result"]!;

        return new JsonObject
        {
            ["stations"] = new JsonArray([.. stations.Select(s => Pick(s!, "code", "name", "lat", "lon"))]),
            ["hour"] = new JsonObject
            {
                ["station"] = hour["station"]?.DeepClone(),
                ["time"] = hour["time"]?.DeepClone(),
                ["values"] = new JsonArray([.. hour["values"]!.AsArray().Select(v => Pick(v!, "pollutant", "type", "value", "unit"))]),
            },
            ["assessment"] = new JsonObject
            {
                ["year"] = assessment["year"]?.DeepClone(),
                ["statistics"] = new JsonArray([.. assessment["statistics"]!.AsArray().Select(s => Pick(s!, "pollutant", "statistic", "value", "unit"))]),
            },
            ["warning"] = new JsonObject
            {
                ["id"] = warning["id"]?.DeepClone(),
                ["status"] = warning["status"]?.DeepClone(),
                ["issuedLevel"] = warning["issuedLevel"]?["code"]?.DeepClone(),
            },
            ["penalty"] = Pick(penalty, "id", "decisionNumber", "fineTotal"),
            ["enterprise"] = Pick(enterprise, "creditCode", "name", "industry"),
            ["audit"] = Pick(audit, "creditCode", "year", "score", "grade"),
        };
    }

    private async Task<JsonNode> Get(string url) => JsonNode.Parse((await demo.Client.GetJsonAsync(url)).GetRawText())!;

    private static JsonObject Pick(JsonNode source, params string[] names) =>
        new([.. names.Select(n => KeyValuePair.Create(n, source[n]?.DeepClone()))]);

    /// <summary>JSON text with numbers as doubles (the client's JSON.stringify writes 1.50 as 1.5) and nulls kept.</summary>
    private static string Canonical(JsonNode? node) => node switch
    {
        null => "null",
        JsonObject o => "{" + string.Join(",", o.Select(p => JsonSerializer.Serialize(p.Key) + ":" + Canonical(p.Value))) + "}",
        JsonArray a => "[" + string.Join(",", a.Select(Canonical)) + "]",
        JsonValue v when v.GetValueKind() == JsonValueKind.Number => v.GetValue<double>().ToString("R", CultureInfo.InvariantCulture),
        _ => node.ToJsonString(),
    };
}
