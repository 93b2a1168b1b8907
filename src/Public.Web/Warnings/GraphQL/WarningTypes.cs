using GraphQL.Types;
using Public.Standards.Warnings;
using Public.Web.Contract;
using Public.Web.GraphQL;

namespace Public.Web.Warnings.GraphQL;

/// <summary>A warning (REST WarningDto); its timeline, versions and reduction lists are batched across warnings.</summary>
internal sealed class WarningGraphType : DeclaredObjectGraphType<WarningDto>
{
    public WarningGraphType()
    {
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<DeclaredObjectGraphType<WarningEventDto>>>>>("timeline")
            .Description("事件时间线 / The events in seq order, current versions (REST /warnings/{id} timeline). Batched: one store read for all warnings asked.")
            .Resolve(c => WarningLoaders.Timeline(c, c.Source.Id));
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<DeclaredObjectGraphType<WarningEventDto>>>>>("versions")
            .Description("全部版本 / Every version of every event, superseded ones with current false (REST /warnings/{id}/versions). Batched across warnings.")
            .Resolve(c => WarningLoaders.Versions(c, c.Source.Id));
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<ReductionListGraphType>>>>("reductionLists")
            .Description("应急减排清单 / The emission-reduction lists valid at the warning's events (REST /warnings/{id} reductionLists). Batched across warnings.")
            .Resolve(c => WarningLoaders.ReductionLists(c, c.Source.Id));
    }
}

/// <summary>A warning level as shown everywhere, with its code also as an enum value.</summary>
internal sealed class WarningLevelInfoGraphType() : DeclaredObjectGraphType<WarningLevelDto>(new GraphFields<WarningLevelDto>().After("code", type =>
    type.Field<NonNullGraphType<WarningLevelGraphType>>("value").Description("级别 / The level as an enum value.")
        .Resolve(c => WarningLevels.TryParse(c.Source.Code, out var level) ? level : throw new InvalidOperationException($"unknown level code '{c.Source.Code}'"))));

/// <summary>The consistency view (REST /warnings/consistency); its long lists are connections.</summary>
internal sealed class WarningConsistencyGraphType() : DeclaredObjectGraphType<ConsistencyDto>(new GraphFields<ConsistencyDto>()
    .Replace("episodes", (type, derived) => type.Connection<DeclaredObjectGraphType<ObservedEpisodeDto>, ConsistencyDto>(derived.Name, derived.Description!)
        .Resolve(c => c.Page(c.Source.Episodes)))
    .Replace("findings", (type, derived) => type.Connection<DeclaredObjectGraphType<FindingDto>, ConsistencyDto>(derived.Name, derived.Description!)
        .Resolve(c => c.Page(c.Source.Findings))));

/// <summary>An emission-reduction list (REST ReductionListDto); its entries are a connection, batched across lists.</summary>
internal sealed class ReductionListGraphType : DeclaredObjectGraphType<ReductionListDto>
{
    public ReductionListGraphType()
    {
        this.Connection<DeclaredObjectGraphType<ReductionEntryDto>, ReductionListDto>("entryList",
                "清单条目 / The entries, by level then enterprise (REST /warnings/reduction-lists/{id}). Batched across lists.")
            .Argument<WarningLevelGraphType>("level", "级别 / Only the entries of this level.")
            .Resolve(c => WarningLoaders.Entries(c, c.Source.Id));
    }
}
