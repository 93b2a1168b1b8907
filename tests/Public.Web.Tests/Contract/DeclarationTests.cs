using System.Globalization;
using System.Reflection;
using System.Text.Json;
using GraphQL.Types;
using Microsoft.Extensions.DependencyInjection;
using Public.Standards.Emissions;
using Public.Web.AirQuality;
using Public.Web.AirQuality.GraphQL;
using Public.Web.Api;
using Public.Web.Contract;
using Public.Web.GraphQL;
using Public.Web.Penalties;
using Public.Web.Tests.GraphQL;
using Public.Web.Tests.Hosting;
using Public.Web.Warnings;

namespace Public.Web.Tests.Contract;

/// <summary>
/// Every published record says once what each of its fields means, and GraphQL says exactly that: a record reachable
/// from the API without a declaration, or a GraphQL description that differs from the declaration, fails here.
/// </summary>
public sealed class DeclarationTests : IDisposable
{
    /// <summary>
    /// Object types of the schema that are not published records: the root and the paging envelope (GraphQL's own),
    /// the root <c>city</c> object, and the data rate of Public.Standards, which cannot see the web's declarations.
    /// </summary>
    private static readonly HashSet<Type> NotRecords =
        [typeof(object), typeof(Connection), typeof(Edge), typeof(PageInfo), typeof(CityInfo), typeof(EffectiveDataRate)];

    private readonly PublicWebApp _app = new();

    public void Dispose() => _app.Dispose();

    [Fact]
    public void EveryFieldOfEveryPublishedRecordIsDeclaredInChineseAndEnglishWithUnitsOnlyOnNumbers()
    {
        var records = PublishedRecords();
        Assert.Contains(typeof(StationDto), records);
        Assert.Contains(typeof(Meta), records);
        Assert.Contains(typeof(Public.Web.Enterprises.Outlet), records); // reached through the schema, not by its name
        Assert.Contains(typeof(WarningBasis), records);

        var problems = new List<string>();
        foreach (var record in records.OrderBy(t => t.FullName, StringComparer.Ordinal))
        {
            if (ContractCatalog.Resource(record) is not { } resource)
            {
                problems.Add($"{record.Name}: no [Resource]");
            }
            else if (string.IsNullOrWhiteSpace(resource.Zh) || string.IsNullOrWhiteSpace(resource.En) || string.IsNullOrWhiteSpace(resource.Name))
            {
                problems.Add($"{record.Name}: [Resource] with an empty name or half");
            }

            foreach (var field in ContractCatalog.Fields(record))
            {
                var where = $"{record.Name}.{field.Property.Name}";
                if (field.Doc is not { } doc)
                {
                    problems.Add($"{where}: no [Field]");
                    continue;
                }

                if (string.IsNullOrWhiteSpace(doc.Zh) || string.IsNullOrWhiteSpace(doc.En))
                {
                    problems.Add($"{where}: a description half is empty");
                }

                if (doc.Unit is not null && field.Kind is not (FieldKind.Whole or FieldKind.Exact or FieldKind.Binary))
                {
                    problems.Add($"{where}: unit '{doc.Unit}' on a {field.Kind}, not a number");
                }

                if (doc.Values is not null && field.Kind is not FieldKind.Text)
                {
                    problems.Add($"{where}: a value set on a {field.Kind}, not text");
                }

                if (doc.Example is { } example && !FitsItsField(example, field.Kind, doc.Values))
                {
                    problems.Add($"{where}: example '{example}' is not a {field.Kind} value{(doc.Values is null ? "" : " of the declared set")}");
                }
            }
        }

        Assert.True(problems.Count == 0, "Published fields without a proper declaration:\n" + string.Join("\n", problems));
    }

    [Fact]
    public void EveryGraphQLTypeDerivedFromARecordCarriesTheRecordsDeclarations()
    {
        var schema = Schema();
        var compared = 0;
        var problems = new List<string>();
        foreach (var type in schema.AllTypes.OfType<IObjectGraphType>())
        {
            if (DeclaredGraph.RecordOf(type.GetType()) is not { } record)
            {
                continue;
            }

            if (type.Name != ContractCatalog.Name(record) || type.Description != ContractCatalog.Resource(record)?.Description)
            {
                problems.Add($"type {type.Name}: name or description differs from [Resource] of {record.Name}");
            }

            foreach (var field in ContractCatalog.Fields(record))
            {
                if (type.GetField(field.Name) is not { } graph)
                {
                    continue; // left out on purpose (GraphFields.Omit/Replace)
                }

                compared++;
                if (graph.Description != field.Doc?.Description || graph.DeprecationReason != field.Doc?.Deprecated)
                {
                    problems.Add($"{type.Name}.{field.Name}: \"{graph.Description}\" is not the declaration \"{field.Doc?.Description}\"");
                }
            }
        }

        Assert.True(problems.Count == 0, string.Join("\n", problems));
        Assert.True(compared > 200, $"only {compared} fields compared: the derived types are not in the schema");
    }

    [Fact]
    public async Task AGraphQLClientReadsTheDeclaredTextsOfStationsPenaltiesAndWarnings()
    {
        var answer = await _app.Client.PostGraphQLAsync("""
            { station: __type(name: "Station") { description fields { name description } }
              penalty: __type(name: "Penalty") { fields { name description } }
              warningLevel: __type(name: "WarningLevelInfo") { fields { name description } } }
            """);
        var data = answer.DataWithoutErrors();

        // The texts themselves, written out: a change to the declaration must show here and in the SDL.
        Assert.Equal("站点编码 / National station code, e.g. 1767A.", Description(data, "station", "code"));
        Assert.Equal("城市（英文）/ City in English.", Description(data, "station", "cityEn"));
        Assert.Equal("罚款合计（元）/ One-off fine + daily continuous penalty, CNY: what minAmount/maxAmount compare.", Description(data, "penalty", "fineTotal"));

        Assert.Equal(ContractCatalog.Resource(typeof(StationDto))!.Description, data.GetProperty("station").GetProperty("description").GetString());
        Assert.Equal(ContractCatalog.Field<StationDto>("code").Doc!.Description, Description(data, "station", "code"));
        Assert.Equal(ContractCatalog.Field<StationDto>("latest").Doc!.Description, Description(data, "station", "latest"));
        Assert.Equal(ContractCatalog.Field<PenaltyDto>("id").Doc!.Description, Description(data, "penalty", "id"));
        Assert.Equal(ContractCatalog.Field<WarningLevelDto>("color").Doc!.Description, Description(data, "warningLevel", "color"));
        Assert.Equal("元", ContractCatalog.Field<PenaltyDto>("fineTotal").Doc!.Unit);
    }

    [Fact]
    public void ADeclaredRecordsFieldsKeepTheirOrderAndCLRShapeInGraphQL()
    {
        var station = (IObjectGraphType)Schema().AllTypes["Station"]!;

        Assert.Equal(
            ["code", "name", "nameEn", "formerNames", "city", "cityEn", "district", "lon", "lat", "type", "typeEn", "cityAssessment", "latest", "hourly", "daily", "versions"],
            station.Fields.Select(f => f.Name));
        Assert.Equal("[FormerName!]!", station.GetField("formerNames")!.ResolvedType!.ToString());
        Assert.Equal("String", station.GetField("district")!.ResolvedType!.ToString());
        Assert.Equal("Float!", station.GetField("lon")!.ResolvedType!.ToString());
        var hour = (IObjectGraphType)Schema().AllTypes["HourValue"]!;
        Assert.Equal("Decimal", hour.GetField("value")!.ResolvedType!.ToString());
    }

    [Theory]
    [InlineData("AuditStatus", typeof(Public.Web.Audit.AuditDto), "statuses")]
    [InlineData("WarningStatus", typeof(WarningDto), "status")]
    [InlineData("PenaltyType", typeof(PenaltyDto), "types")]
    [InlineData("PenaltyType", typeof(PenaltyTypeDto), "code")]
    public void AGraphQLEnumOfRestCodesHasExactlyTheDeclaredValues(string enumName, Type record, string field)
    {
        var graphEnum = (EnumerationGraphType)Schema().AllTypes[enumName]!;
        var declared = ContractCatalog.Fields(record).Single(f => f.Name == field).Doc!.Values;

        Assert.NotNull(declared);
        Assert.Equal(declared.Order(StringComparer.Ordinal), graphEnum.Values.Select(v => (string)v.Value!).Order(StringComparer.Ordinal));
    }

    /// <summary>Whether an example is written as the field's values are (dates, instants with their offset, numbers, one of the set).</summary>
    private static bool FitsItsField(string example, FieldKind kind, string[]? values) => kind switch
    {
        FieldKind.Date => DateOnly.TryParseExact(example, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _),
        FieldKind.DateTime => DateTimeOffset.TryParseExact(example, ["yyyy-MM-dd'T'HH:mm:sszzz", "yyyy-MM-dd'T'HH:mm:ss'Z'"], CultureInfo.InvariantCulture, DateTimeStyles.None, out _),
        FieldKind.LocalDateTime => DateTime.TryParseExact(example, "yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture, DateTimeStyles.None, out _),
        FieldKind.Whole => int.TryParse(example, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _),
        FieldKind.Exact or FieldKind.Binary => decimal.TryParse(example, NumberStyles.Number, CultureInfo.InvariantCulture, out _),
        FieldKind.Boolean => example is "true" or "false",
        FieldKind.Text => values is null || values.Contains(example),
        _ => false,
    };

    private PublicSchema Schema()
    {
        var schema = _app.Services.GetRequiredService<PublicSchema>();
        schema.Initialize();
        return schema;
    }

    private static string? Description(JsonElement data, string type, string field) =>
        data.GetProperty(type).GetProperty("fields").EnumerateArray()
            .Single(f => f.GetProperty("name").GetString() == field).GetProperty("description").GetString();

    /// <summary>
    /// The records the API publishes: every record named *Dto, the REST envelope's meta, and the sources of every
    /// object type of the GraphQL schema — with every record nested in them.
    /// </summary>
    private HashSet<Type> PublishedRecords()
    {
        var roots = typeof(PublicSchema).Assembly.GetTypes()
            .Where(t => t.IsPublic && t.Name.EndsWith("Dto", StringComparison.Ordinal) && t.GetProperty("EqualityContract", BindingFlags.NonPublic | BindingFlags.Instance) is not null)
            .Append(typeof(Meta))
            .Concat(Schema().AllTypes.OfType<IObjectGraphType>().Where(t => t.GetType().Assembly == typeof(PublicSchema).Assembly) // not introspection's
                .Select(t => SourceOf(t.GetType())).OfType<Type>())
            .Where(t => !NotRecords.Contains(t));
        var found = new HashSet<Type>();
        var pending = new Stack<Type>(roots);
        while (pending.TryPop(out var record))
        {
            if (found.Add(record))
            {
                foreach (var nested in ContractCatalog.Fields(record).Select(f => f.RecordType).OfType<Type>())
                {
                    pending.Push(nested);
                }
            }
        }

        return found;
    }

    /// <summary>The T of an ObjectGraphType&lt;T&gt;.</summary>
    private static Type? SourceOf(Type graphType)
    {
        for (var t = graphType; t is not null; t = t.BaseType)
        {
            if (t.IsGenericType && t.GetGenericTypeDefinition() == typeof(ObjectGraphType<>))
            {
                return t.GetGenericArguments()[0];
            }
        }

        return null;
    }
}
