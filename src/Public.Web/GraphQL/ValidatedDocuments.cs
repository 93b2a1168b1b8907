using System.Collections.Concurrent;
using GraphQL.Validation;
using GraphQL.Validation.Complexity;
using GraphQL.Validation.Rules.Custom;
using GraphQLParser.AST;

namespace Public.Web.GraphQL;

/// <summary>
/// Documents that passed our limits and GraphQL validation, by query text, so a repeated query (the common case:
/// apps and persisted queries send the same text) is neither parsed nor fully validated again. Validation rules
/// do not depend on variable values except the cost analysis (<c>first: $n</c>), which runs every time.
/// Bounded: when full it starts over, which costs only a re-parse.
/// </summary>
internal sealed class ValidatedDocuments
{
    private const int MaxEntries = 2_000;

    /// <summary>Longest query text kept (longer ones are validated each time).</summary>
    private const int MaxQueryLength = 16 * 1024;

    private readonly ConcurrentDictionary<string, GraphQLDocument> _documents = new(StringComparer.Ordinal);

    public ValidatedDocuments(GraphQLLimits limits)
    {
        var complexity = new ComplexityValidationRule(new ComplexityOptions { MaxDepth = limits.MaxDepth, MaxComplexity = limits.MaxComplexity });
        AllRules = [.. DocumentValidator.CoreRules, complexity];
        VariableRules = [complexity];
    }

    /// <summary>Every rule: the specification's and the depth and cost limits.</summary>
    public IReadOnlyList<IValidationRule> AllRules { get; }

    /// <summary>The rules to run again on a document already validated: those that read variables.</summary>
    public IReadOnlyList<IValidationRule> VariableRules { get; }

    public GraphQLDocument? Find(string query) => _documents.TryGetValue(query, out var document) ? document : null;

    public void Add(string query, GraphQLDocument document)
    {
        if (query.Length > MaxQueryLength)
        {
            return;
        }

        if (_documents.Count >= MaxEntries)
        {
            _documents.Clear();
        }

        _documents.TryAdd(query, document);
    }
}
