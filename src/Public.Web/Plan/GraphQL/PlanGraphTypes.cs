using GraphQL.Resolvers;
using GraphQL.Types;
using Public.Web.Contract;
using Public.Web.GraphQL;

namespace Public.Web.Plan.GraphQL;

/// <summary>
/// The smallest GraphQL object type of a plan record: one field per field of the record, named, typed and described by
/// its [Field] declaration (so nothing is written twice), resolved from the record. To be replaced by the generic
/// contract-derived types when they land.
/// </summary>
internal abstract class PlanRecordGraphType<T> : ObjectGraphType<T>
{
    protected PlanRecordGraphType()
    {
        Name = ContractCatalog.Name(typeof(T));
        Description = ContractCatalog.Resource(typeof(T))?.Description;
        foreach (var field in ContractCatalog.Fields<T>())
        {
            var element = field.Kind switch
            {
                FieldKind.Text => typeof(StringGraphType),
                FieldKind.Whole => typeof(IntGraphType),
                FieldKind.Exact => typeof(DecimalGraphType),
                FieldKind.Binary => typeof(FloatGraphType),
                FieldKind.Boolean => typeof(BooleanGraphType),
                FieldKind.Date => typeof(LocalDateGraphType),
                FieldKind.DateTime => typeof(OffsetDateTimeGraphType),
                _ => PlanGraphTypes.For(field.RecordType!),
            };
            var type = field.IsList
                ? typeof(ListGraphType<>).MakeGenericType(field.ElementNullable ? element : typeof(NonNullGraphType<>).MakeGenericType(element))
                : element;
            AddField(new FieldType
            {
                Name = field.Name,
                Description = field.Doc?.Description,
                Type = field.Nullable ? type : typeof(NonNullGraphType<>).MakeGenericType(type),
                // Ids are SQLite row ids (1, 2, 3 …): Int (32 bits) is far above any count of reports.
                Resolver = new FuncFieldResolver<object?>(c => field.GetValue(c.Source!) is long l ? checked((int)l) : field.GetValue(c.Source!)),
            });
        }
    }
}

internal static class PlanGraphTypes
{
    private static readonly Dictionary<Type, Type> ByRecord = new()
    {
        [typeof(PlanDepartmentRefDto)] = typeof(PlanDepartmentRefGraphType),
        [typeof(PlanSourceDocumentDto)] = typeof(PlanSourceDocumentGraphType),
        [typeof(PlanProgressReportDto)] = typeof(PlanProgressReportGraphType),
        [typeof(PlanTargetYearDto)] = typeof(PlanTargetYearGraphType),
        [typeof(PlanMeasureTargetDto)] = typeof(PlanMeasureTargetGraphType),
        [typeof(PlanTargetDetailDto)] = typeof(PlanTargetDetailGraphType),
        [typeof(PlanMeasureDto)] = typeof(PlanMeasureGraphType),
        [typeof(PlanSectionDto)] = typeof(PlanSectionGraphType),
        [typeof(PlanScorecardDto)] = typeof(PlanScorecardGraphType),
        [typeof(PlanDto)] = typeof(PlanGraphType),
        [typeof(PlanDepartmentDto)] = typeof(PlanDepartmentGraphType),
        [typeof(PlanDepartmentDetailDto)] = typeof(PlanDepartmentDetailGraphType),
    };

    public static Type For(Type record) => ByRecord.TryGetValue(record, out var type) ? type
        : throw new InvalidOperationException($"no GraphQL type for {record.Name}");
}

internal sealed class PlanDepartmentRefGraphType : PlanRecordGraphType<PlanDepartmentRefDto>;

internal sealed class PlanSourceDocumentGraphType : PlanRecordGraphType<PlanSourceDocumentDto>;

internal sealed class PlanProgressReportGraphType : PlanRecordGraphType<PlanProgressReportDto>;

internal sealed class PlanTargetYearGraphType : PlanRecordGraphType<PlanTargetYearDto>;

internal sealed class PlanMeasureTargetGraphType : PlanRecordGraphType<PlanMeasureTargetDto>;

internal sealed class PlanTargetDetailGraphType : PlanRecordGraphType<PlanTargetDetailDto>;

internal sealed class PlanMeasureGraphType : PlanRecordGraphType<PlanMeasureDto>;

internal sealed class PlanSectionGraphType : PlanRecordGraphType<PlanSectionDto>;

internal sealed class PlanScorecardGraphType : PlanRecordGraphType<PlanScorecardDto>;

internal sealed class PlanGraphType : PlanRecordGraphType<PlanDto>;

internal sealed class PlanDepartmentGraphType : PlanRecordGraphType<PlanDepartmentDto>;

internal sealed class PlanDepartmentDetailGraphType : PlanRecordGraphType<PlanDepartmentDetailDto>;
