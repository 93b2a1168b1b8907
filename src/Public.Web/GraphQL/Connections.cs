using System.Globalization;
using System.Text;
using GraphQL;
using GraphQL.Builders;
using GraphQL.Types;
using GraphQL.Validation.Complexity;
using Public.Web.Api;
using Public.Web.Contract;

namespace Public.Web.GraphQL;

/// <summary>Relay page info: whether more items follow or precede, and the cursors of the first and last edge.</summary>
public sealed record PageInfo(bool HasNextPage, bool HasPreviousPage, string? StartCursor, string? EndCursor);

/// <summary>One item of a connection with its opaque cursor.</summary>
public sealed record Edge(string Cursor, object Node);

/// <summary>A Relay connection: one page of a list, with the total count of the whole list.</summary>
public sealed record Connection(int TotalCount, IReadOnlyList<Edge> Edges, PageInfo PageInfo);

/// <summary>
/// Paging of every list (<c>first</c>/<c>after</c>), one piece reused by every feature, like
/// <see cref="QueryParameters.Paging"/> for REST. Cursors are opaque; today they encode the position in the list.
/// </summary>
public static class Paging
{
    public const int DefaultFirst = 100;
    public const int MaxFirst = QueryParameters.MaxLimit;

    private const string CursorPrefix = "cursor:";

    /// <summary>The page of <paramref name="items"/> after the cursor <paramref name="after"/>, at most <paramref name="first"/> long.</summary>
    public static Connection Slice<T>(IReadOnlyList<T> items, int? first, string? after)
        where T : notnull
    {
        var take = First(first);
        var start = Start(after);
        var edges = new List<Edge>(Math.Min(take, Math.Max(0, items.Count - start)));
        for (var i = start; i < items.Count && edges.Count < take; i++)
        {
            edges.Add(new Edge(Cursor(i), items[i]));
        }

        return Connect(edges, start, items.Count);
    }

    /// <summary>
    /// The connection of one page that the store read itself by offset: <paramref name="page"/> holds the items
    /// from position <paramref name="start"/> (<see cref="Start"/> of the cursor), <paramref name="totalCount"/>
    /// counts the whole list. Cursors are those <see cref="Slice"/> gives, so both kinds of list page alike.
    /// </summary>
    public static Connection Window<T>(IReadOnlyList<T> page, int start, int totalCount)
        where T : notnull
    {
        var edges = new List<Edge>(page.Count);
        for (var i = 0; i < page.Count; i++)
        {
            edges.Add(new Edge(Cursor(start + i), page[i]));
        }

        return Connect(edges, start, totalCount);
    }

    /// <summary>The position of the first item after the cursor <paramref name="after"/> (0 without one).</summary>
    public static int Start(string? after) => after is null ? 0 : Position(after) is var p && p < int.MaxValue ? p + 1 : int.MaxValue;

    private static Connection Connect(List<Edge> edges, int start, int totalCount) =>
        new(totalCount,
            edges,
            new PageInfo((long)start + edges.Count < totalCount, start > 0, edges.Count > 0 ? edges[0].Cursor : null, edges.Count > 0 ? edges[^1].Cursor : null));

    /// <summary>The page size asked for: 0 … 1000, default 100.</summary>
    public static int First(int? first) => first switch
    {
        null => DefaultFirst,
        < 0 or > MaxFirst => throw new BadParameterException("first", $"first {first} must be from 0 to {MaxFirst}"),
        { } f => f,
    };

    public static string Cursor(int position) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes(CursorPrefix + position.ToString(CultureInfo.InvariantCulture)));

    private static int Position(string cursor)
    {
        try
        {
            var text = Encoding.UTF8.GetString(Convert.FromBase64String(cursor));
            if (text.StartsWith(CursorPrefix, StringComparison.Ordinal) &&
                int.TryParse(text.AsSpan(CursorPrefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var position))
            {
                return position;
            }
        }
        catch (FormatException)
        {
            // Falls through to the error below.
        }

        throw new BadParameterException("after", $"after '{cursor}' is not a cursor of this list (use pageInfo.endCursor)");
    }

    /// <summary>
    /// Adds a connection field with <c>first</c>/<c>after</c> to <paramref name="type"/>. Its cost for the
    /// complexity budget is its page size (<c>first</c>, default 100) times the cost of one item.
    /// </summary>
    public static FieldBuilder<TSource, object> Connection<TNodeGraph, TSource>(this ObjectGraphType<TSource> type, string name, string description)
        where TNodeGraph : IGraphType
    {
        var field = type.Field<NonNullGraphType<ConnectionGraphType<TNodeGraph>>>(name)
            .Description(description)
            .Argument<IntGraphType>("first", $"返回条数 / Page size: at most {MaxFirst}, default {DefaultFirst}.")
            .Argument<StringGraphType>("after", "游标 / Return the items after this cursor (pageInfo.endCursor of the previous page).");
        field.FieldType.WithComplexityImpact(context =>
        {
            // Clamped: a first above the maximum is refused by the resolver with a precise error.
            var first = Math.Clamp(context.GetArgument<int?>("first") ?? DefaultFirst, 0, MaxFirst);
            return new FieldComplexityResult(1, first);
        });
        return field;
    }

    /// <summary>The connection's page of a list, with the field's <c>first</c>/<c>after</c>.</summary>
    public static Connection Page<T>(this IResolveFieldContext context, IReadOnlyList<T> items)
        where T : notnull =>
        Slice(items, context.GetArgument<int?>("first"), context.GetArgument<string?>("after"));
}

/// <summary>The connection type of a node type: <c>StationConnection</c> for <c>Station</c>.</summary>
internal sealed class ConnectionGraphType<TNodeGraph> : ObjectGraphType<Connection>
    where TNodeGraph : IGraphType
{
    public ConnectionGraphType()
    {
        var node = NodeName.Of<TNodeGraph>();
        Name = node + "Connection";
        Description = $"分页列表 / A page of {node} items (Relay connection): edges with cursors, page info, and the total count of the list.";
        Field<NonNullGraphType<IntGraphType>>("totalCount").Description("总数 / Number of items in the whole list, all pages together.")
            .Resolve(c => c.Source.TotalCount);
        // Impact 1 × 1: the connection field itself already multiplied its children by the page size.
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<EdgeGraphType<TNodeGraph>>>>>("edges")
            .Description("本页条目 / The items of this page, each with its cursor.")
            .Resolve(c => c.Source.Edges)
            .FieldType.WithComplexityImpact(1, 1);
        Field<NonNullGraphType<PageInfoGraphType>>("pageInfo").Description("分页信息 / Whether more pages follow, and the cursors to fetch them.")
            .Resolve(c => c.Source.PageInfo);
    }
}

/// <summary>The edge type of a node type: <c>StationEdge</c> for <c>Station</c>.</summary>
internal sealed class EdgeGraphType<TNodeGraph> : ObjectGraphType<Edge>
    where TNodeGraph : IGraphType
{
    public EdgeGraphType()
    {
        var node = NodeName.Of<TNodeGraph>();
        Name = node + "Edge";
        Description = $"分页条目 / One {node} of a page, with its cursor.";
        Field<NonNullGraphType<StringGraphType>>("cursor").Description("游标 / Opaque cursor of this item; pass it as `after` to continue after it.")
            .Resolve(c => c.Source.Cursor);
        Field<NonNullGraphType<TNodeGraph>>("node").Description($"条目 / The {node} itself.").Resolve(c => c.Source.Node);
    }
}

internal sealed class PageInfoGraphType : ObjectGraphType<PageInfo>
{
    public PageInfoGraphType()
    {
        Name = "PageInfo";
        Description = "分页信息 / Relay page info.";
        Field<NonNullGraphType<BooleanGraphType>>("hasNextPage").Description("是否有下一页 / More items follow this page.").Resolve(c => c.Source.HasNextPage);
        Field<NonNullGraphType<BooleanGraphType>>("hasPreviousPage").Description("是否有上一页 / Items precede this page.").Resolve(c => c.Source.HasPreviousPage);
        Field<StringGraphType>("startCursor").Description("首条游标 / Cursor of the first item of this page.").Resolve(c => c.Source.StartCursor);
        Field<StringGraphType>("endCursor").Description("末条游标 / Cursor of the last item of this page; pass it as `after` for the next page.").Resolve(c => c.Source.EndCursor);
    }
}

internal static class NodeName
{
    /// <summary>
    /// The GraphQL name of a node graph type: the contract name of the record it was derived from, else by our
    /// convention its class name without "GraphType".
    /// </summary>
    public static string Of<TNodeGraph>()
    {
        if (DeclaredGraph.RecordOf(typeof(TNodeGraph)) is { } record)
        {
            return ContractCatalog.Name(record);
        }

        var name = typeof(TNodeGraph).Name;
        return name.EndsWith("GraphType", StringComparison.Ordinal) ? name[..^"GraphType".Length] : name;
    }
}
