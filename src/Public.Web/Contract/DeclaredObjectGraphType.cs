using System.Collections.Concurrent;
using System.Globalization;
using System.Linq.Expressions;
using GraphQL;
using GraphQL.Resolvers;
using GraphQL.Types;
using Public.Web.GraphQL;

namespace Public.Web.Contract;

/// <summary>
/// The GraphQL object type of a published record, derived from its declarations: the type's name and description
/// from <see cref="ResourceAttribute"/>, one field per declared field (<see cref="ContractCatalog.Fields(Type)"/>) in
/// the record's order, with its description and deprecation from <see cref="FieldAttribute"/> and its GraphQL type
/// from the CLR shape (<see cref="DeclaredGraph.TypeOf"/>). A record that needs nothing more is used as
/// <c>DeclaredObjectGraphType&lt;TheDto&gt;</c> directly; a subclass adds what is not a plain property (batched
/// series, enum views, arguments) and may change a derived field through <see cref="GraphFields{T}"/>.
/// </summary>
/// <typeparam name="T">The published record.</typeparam>
internal class DeclaredObjectGraphType<T> : ObjectGraphType<T>
{
    public DeclaredObjectGraphType()
        : this(null)
    {
    }

    /// <param name="changes">What the subclass does instead of, or next to, the derived fields; applied in the record's order so the SDL keeps it.</param>
    protected DeclaredObjectGraphType(GraphFields<T>? changes)
    {
        Name = ContractCatalog.Name(typeof(T));
        Description = ContractCatalog.Resource(typeof(T))?.Description;
        foreach (var field in ContractCatalog.Fields<T>())
        {
            if (changes?.Replacement(field.Name) is { } replace)
            {
                replace(this, DeclaredGraph.FieldOf(field));
            }
            else
            {
                AddField(DeclaredGraph.FieldOf(field));
            }

            changes?.Following(field.Name)?.Invoke(this);
        }
    }
}

/// <summary>
/// A subclass's changes to the fields derived from a record: a field resolved otherwise (a batch loader, another
/// scalar), a field replaced (by a connection), left out, or followed by fields that are not properties.
/// Every name must be a declared field of <typeparamref name="T"/>, so a rename in the record fails at start-up.
/// </summary>
internal sealed class GraphFields<T>
{
    private readonly Dictionary<string, Action<ObjectGraphType<T>, FieldType>> _replaced = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Action<ObjectGraphType<T>>> _following = new(StringComparer.Ordinal);

    /// <summary>The derived field, its type and description kept, resolved by <paramref name="resolve"/>.</summary>
    public GraphFields<T> Resolve(string field, Func<IResolveFieldContext<T>, object?> resolve) =>
        Replace(field, (type, derived) =>
        {
            derived.Resolver = new FuncFieldResolver<T, object?>(resolve);
            type.AddField(derived);
        });

    /// <summary>The derived field with its description, as GraphQL type <typeparamref name="TGraph"/>, resolved by <paramref name="resolve"/>.</summary>
    public GraphFields<T> Resolve<TGraph>(string field, Func<IResolveFieldContext<T>, object?> resolve)
        where TGraph : IGraphType =>
        Replace(field, (type, derived) =>
        {
            derived.Type = typeof(TGraph);
            derived.Resolver = new FuncFieldResolver<T, object?>(resolve);
            type.AddField(derived);
        });

    /// <summary>Instead of the derived field, what <paramref name="add"/> adds (given the derived field, e.g. for its description).</summary>
    public GraphFields<T> Replace(string field, Action<ObjectGraphType<T>, FieldType> add)
    {
        _replaced.Add(Declared(field), add);
        return this;
    }

    /// <summary>No GraphQL field for this declared field.</summary>
    public GraphFields<T> Omit(string field) => Replace(field, static (_, _) => { });

    /// <summary>Right after the derived field, what <paramref name="add"/> adds.</summary>
    public GraphFields<T> After(string field, Action<ObjectGraphType<T>> add)
    {
        _following.Add(Declared(field), add);
        return this;
    }

    internal Action<ObjectGraphType<T>, FieldType>? Replacement(string field) => _replaced.GetValueOrDefault(field);

    internal Action<ObjectGraphType<T>>? Following(string field) => _following.GetValueOrDefault(field);

    private static string Declared(string field) => ContractCatalog.Field<T>(field).Name;
}

/// <summary>How a declared field becomes a GraphQL field: its type, description and resolver.</summary>
internal static class DeclaredGraph
{
    private static readonly ConcurrentDictionary<Type, Type> ObjectTypes = new();

    /// <summary>The derived GraphQL field of a declared field.</summary>
    public static FieldType FieldOf(ContractField field) => new()
    {
        Name = field.Name,
        Description = field.Doc?.Description,
        DeprecationReason = field.Doc?.Deprecated,
        Type = TypeOf(field),
        Resolver = new FuncFieldResolver<object?>(Getter(field)),
    };

    /// <summary>
    /// The GraphQL type of a field: String, Int, Decimal (exact numbers), Float (coordinates), Boolean, the Date and
    /// DateTime scalars, the derived type of a nested record; a list is <c>[T!]!</c> unless its elements or itself may
    /// be null. A logger's DataTime (no offset) is a String, written as REST writes it.
    /// </summary>
    public static Type TypeOf(ContractField field)
    {
        var type = field.Kind switch
        {
            FieldKind.Text or FieldKind.LocalDateTime => typeof(StringGraphType),
            FieldKind.Whole => typeof(IntGraphType),
            FieldKind.Exact => typeof(DecimalGraphType),
            FieldKind.Binary => typeof(FloatGraphType),
            FieldKind.Boolean => typeof(BooleanGraphType),
            FieldKind.Date => typeof(LocalDateGraphType),
            FieldKind.DateTime => typeof(OffsetDateTimeGraphType),
            FieldKind.Record => ObjectTypeOf(field.RecordType!),
            _ => throw new InvalidOperationException($"no GraphQL type for {field.Kind} ({field.Property.DeclaringType?.Name}.{field.Property.Name})"),
        };
        if (field.IsList)
        {
            type = typeof(ListGraphType<>).MakeGenericType(field.ElementNullable ? type : NonNull(type));
        }

        return field.Nullable ? type : NonNull(type);
    }

    /// <summary>
    /// The object type of a nested record: the subclass of <see cref="DeclaredObjectGraphType{T}"/> made for it when
    /// there is one (so a record has one GraphQL type wherever it appears), else the derived type itself.
    /// </summary>
    public static Type ObjectTypeOf(Type record) => ObjectTypes.GetOrAdd(record, static r =>
    {
        var generic = typeof(DeclaredObjectGraphType<>).MakeGenericType(r);
        var made = typeof(DeclaredGraph).Assembly.GetTypes().Where(t => !t.IsAbstract && t.BaseType == generic).ToList();
        return made switch
        {
            [] => generic,
            [var one] => one,
            _ => throw new InvalidOperationException($"{r.Name} has more than one GraphQL type: {string.Join(", ", made.Select(t => t.Name))}"),
        };
    });

    /// <summary>The record a graph type was derived from, or null for a graph type written by hand.</summary>
    public static Type? RecordOf(Type graphType)
    {
        for (var t = graphType; t is not null; t = t.BaseType)
        {
            if (t.IsGenericType && t.GetGenericTypeDefinition() == typeof(DeclaredObjectGraphType<>))
            {
                return t.GetGenericArguments()[0];
            }
        }

        return null;
    }

    private static Type NonNull(Type type) => typeof(NonNullGraphType<>).MakeGenericType(type);

    /// <summary>
    /// A compiled getter (reflection per value would cost on every field of every item of a page). A long (a row id)
    /// becomes a checked int, as GraphQL's Int is 32 bits; a logger's DataTime becomes its REST text.
    /// </summary>
    private static Func<IResolveFieldContext, object?> Getter(ContractField field)
    {
        var source = Expression.Parameter(typeof(object), "source");
        Expression value = Expression.Property(Expression.Convert(source, field.Property.DeclaringType!), field.Property);
        var get = Expression.Lambda<Func<object, object?>>(Expression.Convert(value, typeof(object)), source).Compile();
        var clr = Nullable.GetUnderlyingType(field.Property.PropertyType) ?? field.Property.PropertyType;
        if (clr == typeof(long))
        {
            return c => get(c.Source!) is long id ? checked((int)id) : null;
        }

        if (clr == typeof(DateTime))
        {
            return c => get(c.Source!) is DateTime time ? time.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture) : null;
        }

        return c => get(c.Source!);
    }
}
