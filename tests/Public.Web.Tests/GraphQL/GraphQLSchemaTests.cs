using System.Diagnostics;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Public.Web.GraphQL;
using Public.Web.Tests.Hosting;

namespace Public.Web.Tests.GraphQL;

/// <summary>The committed SDL is the live schema, and every part of the schema is described in English and Chinese.</summary>
[Trait(TestStore.EnginesTrait, TestStore.BothEngines)]
public sealed partial class GraphQLSchemaTests : IDisposable
{
    private readonly PublicWebApp _app = new();

    public void Dispose() => _app.Dispose();

    private static string CommittedSchemaPath()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var path = Path.Combine(dir.FullName, "src", "Public.Web", "GraphQL", "schema.graphql");
            if (File.Exists(path))
            {
                return path;
            }
        }

        throw new FileNotFoundException("src/Public.Web/GraphQL/schema.graphql not found above the test binaries");
    }

    [Fact]
    public void LiveSchemaEqualsTheCommittedSdl()
    {
        var live = _app.Services.GetRequiredService<PublicSchema>().ToSdl();
        var committed = File.ReadAllText(CommittedSchemaPath()).ReplaceLineEndings("\n");

        Assert.True(committed == live,
            "The schema changed. If deliberate, regenerate the committed SDL with:\n" +
            "  dotnet run --project src/Public.Web -- graphql-schema src/Public.Web/GraphQL/schema.graphql\n" +
            "and review the diff.");
    }

    [Fact]
    public async Task SchemaVerbPrintsTheCommittedSdlWithoutOpeningADatabase()
    {
        var folder = Directory.CreateTempSubdirectory("graphql-schema-cli-").FullName;
        try
        {
            var output = Path.Combine(folder, "schema.graphql");
            using var process = Process.Start(new ProcessStartInfo("dotnet") { ArgumentList = { Path.Combine(AppContext.BaseDirectory, "Public.Web.dll"), "graphql-schema", output }, WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true })!;
            var stderr = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
            await process.WaitForExitAsync(TestContext.Current.CancellationToken);

            Assert.True(process.ExitCode == 0, await stderr);
            Assert.Equal(File.ReadAllText(CommittedSchemaPath()).ReplaceLineEndings("\n"), File.ReadAllText(output));
            Assert.False(Directory.Exists(Path.Combine(folder, "data")), "the verb must not create a database");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task EveryTypeFieldArgumentAndEnumValueHasAnEnglishAndChineseDescription()
    {
        var answer = await _app.Client.PostGraphQLAsync("""
            { __schema { types { name kind description
                fields { name description args { name description } }
                inputFields { name description }
                enumValues { name description } } } }
            """);

        var missing = new List<string>();
        foreach (var type in answer.DataWithoutErrors().GetProperty("__schema").GetProperty("types").EnumerateArray())
        {
            var name = type.GetProperty("name").GetString()!;
            if (name.StartsWith("__", StringComparison.Ordinal) || name is "String" or "Int" or "Float" or "Boolean" or "ID" or "Decimal")
            {
                continue;
            }

            Check(name, type);
            foreach (var list in new[] { "fields", "inputFields", "enumValues" })
            {
                if (type.GetProperty(list).ValueKind != System.Text.Json.JsonValueKind.Array)
                {
                    continue;
                }

                foreach (var member in type.GetProperty(list).EnumerateArray())
                {
                    var memberName = $"{name}.{member.GetProperty("name").GetString()}";
                    Check(memberName, member);
                    if (member.TryGetProperty("args", out var args))
                    {
                        foreach (var arg in args.EnumerateArray())
                        {
                            Check($"{memberName}({arg.GetProperty("name").GetString()})", arg);
                        }
                    }
                }
            }
        }

        Assert.True(missing.Count == 0, "without an English and a Chinese description:\n" + string.Join("\n", missing));

        void Check(string what, System.Text.Json.JsonElement element)
        {
            var text = element.GetProperty("description").GetString() ?? "";
            if (!Chinese().IsMatch(text) || !English().IsMatch(text))
            {
                missing.Add(what);
            }
        }
    }

    [GeneratedRegex(@"\p{IsCJKUnifiedIdeographs}")]
    private static partial Regex Chinese();

    [GeneratedRegex(@"[A-Za-z]{3,}")]
    private static partial Regex English();
}
