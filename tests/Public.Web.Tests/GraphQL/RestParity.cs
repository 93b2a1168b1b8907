using System.Text.Json;

namespace Public.Web.Tests.GraphQL;

/// <summary>Field-by-field comparison of a GraphQL answer with the REST answer to the same question.</summary>
internal static class RestParity
{
    public static void AssertSameArrays(List<JsonElement> rest, List<JsonElement> gql, bool complete = false)
    {
        Assert.Equal(rest.Count, gql.Count);
        for (var i = 0; i < rest.Count; i++)
        {
            AssertSame(rest[i], gql[i], $"[{i}]", complete);
        }
    }

    /// <summary>
    /// Every field GraphQL returned exists in the REST answer under the same name, with an equal value; with
    /// <paramref name="complete"/>, every REST field was also asked for and returned (the query selects them all).
    /// </summary>
    public static void AssertSame(JsonElement rest, JsonElement gql, string path, bool complete = false)
    {
        switch (gql.ValueKind)
        {
            case JsonValueKind.Object:
                Assert.True(rest.ValueKind == JsonValueKind.Object, $"{path}: REST has {rest.ValueKind}, GraphQL an object");
                foreach (var property in gql.EnumerateObject())
                {
                    Assert.True(rest.TryGetProperty(property.Name, out var r), $"{path}.{property.Name}: not a REST field");
                    AssertSame(r, property.Value, $"{path}.{property.Name}", complete);
                }

                if (complete)
                {
                    var missing = rest.EnumerateObject().Select(p => p.Name).Where(n => !gql.TryGetProperty(n, out _)).ToList();
                    Assert.True(missing.Count == 0, $"{path}: REST fields not in the GraphQL answer: {string.Join(", ", missing)}");
                }

                break;
            case JsonValueKind.Array:
                Assert.True(rest.ValueKind == JsonValueKind.Array, $"{path}: REST has {rest.ValueKind}, GraphQL an array");
                Assert.True(rest.GetArrayLength() == gql.GetArrayLength(), $"{path}: {rest.GetArrayLength()} items in REST, {gql.GetArrayLength()} in GraphQL");
                var i = 0;
                foreach (var (r, g) in rest.EnumerateArray().Zip(gql.EnumerateArray()))
                {
                    AssertSame(r, g, $"{path}[{i++}]", complete);
                }

                break;
            case JsonValueKind.Number:
                Assert.True(rest.ValueKind == JsonValueKind.Number && rest.GetDecimal() == gql.GetDecimal(), $"{path}: REST {rest}, GraphQL {gql}");
                break;
            default:
                Assert.True(rest.ValueKind == gql.ValueKind && rest.ToString() == gql.ToString(), $"{path}: REST {rest}, GraphQL {gql}");
                break;
        }
    }
}
