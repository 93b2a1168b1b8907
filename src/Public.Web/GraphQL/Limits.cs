using GraphQLParser.AST;

namespace Public.Web.GraphQL;

/// <summary>
/// The limits that keep one request from costing the server much (configuration section <c>GraphQL:Limits</c>).
/// Every refusal is a GraphQL error with a code and a sentence saying which limit and by how much.
/// </summary>
public sealed class GraphQLLimits
{
    /// <summary>Largest request body (POST) in bytes.</summary>
    public int MaxRequestBytes { get; set; } = 64 * 1024;

    /// <summary>Deepest field nesting, fragments expanded (GraphiQL's own introspection query needs 13).</summary>
    public int MaxDepth { get; set; } = 15;

    /// <summary>Budget of the cost analysis: every field costs 1, times the page sizes (<c>first</c>) of the lists around it.</summary>
    public int MaxComplexity { get; set; } = 200_000;

    /// <summary>Aliases in the document.</summary>
    public int MaxAliases { get; set; } = 30;

    /// <summary>Fields directly under the root of an operation.</summary>
    public int MaxRootFields { get; set; } = 10;

    /// <summary>Field selections written in the document.</summary>
    public int MaxFields { get; set; } = 500;

    /// <summary>Field selections once fragments are expanded (guards against fragments that double each other).</summary>
    public int MaxExpandedFields { get; set; } = 5_000;

    /// <summary>
    /// Nesting of the introspection list fields (fields, inputFields, interfaces, possibleTypes): 1 is what
    /// introspection needs; the graphql-js reference implementation (MaxIntrospectionDepthRule) refuses 3.
    /// </summary>
    public int MaxIntrospectionListDepth { get; set; } = 2;

    /// <summary>Nesting of the parser (braces, lists, objects), checked while parsing.</summary>
    public int MaxParserDepth { get; set; } = 64;

    /// <summary>Longest execution before the request is answered with a timeout error.</summary>
    public TimeSpan ExecutionTimeout { get; set; } = TimeSpan.FromSeconds(10);
}

/// <summary>A refused request: an error code and the sentence for the client.</summary>
public sealed record LimitViolation(string Code, string Message);

/// <summary>
/// Checks a parsed document against <see cref="GraphQLLimits"/> before GraphQL.NET validates it, in time linear in
/// the document: aliases, fields, root fields, fragment cycles, expanded size and introspection nesting.
/// Depth and cost (which need the schema) are checked by GraphQL.NET's complexity analyzer afterwards.
/// </summary>
internal static class DocumentLimits
{
    private static readonly HashSet<string> IntrospectionLists = new(StringComparer.Ordinal) { "fields", "inputFields", "interfaces", "possibleTypes" };

    public static LimitViolation? Check(GraphQLDocument document, GraphQLLimits limits)
    {
        var fragments = new Dictionary<string, GraphQLFragmentDefinition>(StringComparer.Ordinal);
        var operations = new List<GraphQLOperationDefinition>();
        foreach (var definition in document.Definitions)
        {
            switch (definition)
            {
                case GraphQLFragmentDefinition f:
                    fragments.TryAdd(f.FragmentName.Name.StringValue, f);
                    break;
                case GraphQLOperationDefinition o:
                    operations.Add(o);
                    break;
            }
        }

        var fields = 0;
        var aliases = 0;
        foreach (var definition in document.Definitions)
        {
            if (definition is IHasSelectionSetNode { SelectionSet: { } set })
            {
                Count(set, ref fields, ref aliases);
            }
        }

        if (aliases > limits.MaxAliases)
        {
            return new("ALIAS_LIMIT", $"the document uses {aliases} aliases; at most {limits.MaxAliases} are allowed");
        }

        if (fields > limits.MaxFields)
        {
            return new("FIELD_LIMIT", $"the document selects {fields} fields; at most {limits.MaxFields} are allowed");
        }

        var cycle = FindFragmentCycle(fragments);
        if (cycle is not null)
        {
            return new("FRAGMENT_CYCLE", $"fragment {cycle} spreads itself (directly or through other fragments); fragment cycles are not allowed");
        }

        var walker = new Walker(fragments);
        foreach (var operation in operations)
        {
            var name = operation.Name?.StringValue ?? "the anonymous operation";
            var rootFields = walker.RootFields(operation.SelectionSet);
            if (rootFields > limits.MaxRootFields)
            {
                return new("ROOT_FIELD_LIMIT", $"{name} asks for {rootFields:0} root fields; at most {limits.MaxRootFields} are allowed per request");
            }

            var (expanded, introspectionDepth) = walker.Measure(operation.SelectionSet);
            if (expanded > limits.MaxExpandedFields)
            {
                return new("FIELD_LIMIT", $"{name} selects {expanded:0} fields once its fragments are expanded; at most {limits.MaxExpandedFields} are allowed");
            }

            if (introspectionDepth > limits.MaxIntrospectionListDepth)
            {
                return new("INTROSPECTION_DEPTH_LIMIT",
                    $"{name} nests the introspection lists (fields, inputFields, interfaces, possibleTypes) {introspectionDepth} deep; at most {limits.MaxIntrospectionListDepth} are allowed");
            }
        }

        return null;
    }

    private static void Count(GraphQLSelectionSet set, ref int fields, ref int aliases)
    {
        foreach (var selection in set.Selections)
        {
            switch (selection)
            {
                case GraphQLField f:
                    fields++;
                    if (f.Alias is not null)
                    {
                        aliases++;
                    }

                    if (f.SelectionSet is { } child)
                    {
                        Count(child, ref fields, ref aliases);
                    }

                    break;
                case GraphQLInlineFragment i:
                    Count(i.SelectionSet, ref fields, ref aliases);
                    break;
            }
        }
    }

    /// <summary>The name of a fragment on a spread cycle, or null. Iterative colouring DFS over the spread graph.</summary>
    private static string? FindFragmentCycle(Dictionary<string, GraphQLFragmentDefinition> fragments)
    {
        var spreads = fragments.ToDictionary(f => f.Key, f => Spreads(f.Value.SelectionSet).Where(fragments.ContainsKey).Distinct().ToList(), StringComparer.Ordinal);
        var state = new Dictionary<string, int>(StringComparer.Ordinal); // 1 visiting, 2 done
        foreach (var start in spreads.Keys)
        {
            if (state.ContainsKey(start))
            {
                continue;
            }

            var stack = new Stack<(string Name, int Next)>();
            stack.Push((start, 0));
            state[start] = 1;
            while (stack.Count > 0)
            {
                var (name, next) = stack.Pop();
                if (next < spreads[name].Count)
                {
                    stack.Push((name, next + 1));
                    var target = spreads[name][next];
                    if (state.TryGetValue(target, out var s))
                    {
                        if (s == 1)
                        {
                            return target;
                        }
                    }
                    else
                    {
                        state[target] = 1;
                        stack.Push((target, 0));
                    }
                }
                else
                {
                    state[name] = 2;
                }
            }
        }

        return null;
    }

    private static IEnumerable<string> Spreads(GraphQLSelectionSet set)
    {
        foreach (var selection in set.Selections)
        {
            switch (selection)
            {
                case GraphQLFragmentSpread s:
                    yield return s.FragmentName.Name.StringValue;
                    break;
                case GraphQLField { SelectionSet: { } child }:
                    foreach (var name in Spreads(child))
                    {
                        yield return name;
                    }

                    break;
                case GraphQLInlineFragment i:
                    foreach (var name in Spreads(i.SelectionSet))
                    {
                        yield return name;
                    }

                    break;
            }
        }
    }

    /// <summary>Measures selection sets with fragments expanded, each fragment measured once (no cycles: checked before).</summary>
    private sealed class Walker(Dictionary<string, GraphQLFragmentDefinition> fragments)
    {
        private readonly Dictionary<string, (double Fields, int IntrospectionDepth)> _measured = new(StringComparer.Ordinal);
        private readonly Dictionary<string, double> _rootFields = new(StringComparer.Ordinal);

        /// <summary>Root fields with fragments expanded (a double: fragments can double each other past any integer).</summary>
        public double RootFields(GraphQLSelectionSet set)
        {
            double count = 0;
            foreach (var selection in set.Selections)
            {
                count += selection switch
                {
                    GraphQLField => 1,
                    GraphQLInlineFragment i => RootFields(i.SelectionSet),
                    GraphQLFragmentSpread s when fragments.TryGetValue(s.FragmentName.Name.StringValue, out var f) =>
                        _rootFields.TryGetValue(f.FragmentName.Name.StringValue, out var known) ? known : (_rootFields[f.FragmentName.Name.StringValue] = RootFields(f.SelectionSet)),
                    _ => 0,
                };
            }

            return count;
        }

        /// <summary>Fields once expanded (a double: fragments can double each other past any integer) and introspection list nesting.</summary>
        public (double Fields, int IntrospectionDepth) Measure(GraphQLSelectionSet set)
        {
            double fields = 0;
            var depth = 0;
            foreach (var selection in set.Selections)
            {
                (double Fields, int Depth) part = selection switch
                {
                    GraphQLField f => Field(f),
                    GraphQLInlineFragment i => Measure(i.SelectionSet),
                    GraphQLFragmentSpread s when fragments.TryGetValue(s.FragmentName.Name.StringValue, out var fragment) => Fragment(fragment),
                    _ => (0, 0),
                };
                fields += part.Fields;
                depth = Math.Max(depth, part.Depth);
            }

            return (fields, depth);
        }

        private (double, int) Field(GraphQLField field)
        {
            var (fields, depth) = field.SelectionSet is { } child ? Measure(child) : (0, 0);
            return (fields + 1, depth + (IntrospectionLists.Contains(field.Name.StringValue) ? 1 : 0));
        }

        private (double, int) Fragment(GraphQLFragmentDefinition fragment)
        {
            var name = fragment.FragmentName.Name.StringValue;
            if (!_measured.TryGetValue(name, out var result))
            {
                result = Measure(fragment.SelectionSet);
                _measured[name] = result;
            }

            return result;
        }
    }
}
