using GraphQL.Types;
using Public.Web.Contract;

namespace Public.Web.Penalties.GraphQL;

/// <summary>A penalty decision, its latest version (REST PenaltyDto); its version history is batched across decisions.</summary>
internal sealed class PenaltyGraphType : DeclaredObjectGraphType<PenaltyDto>
{
    public PenaltyGraphType()
    {
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<DeclaredObjectGraphType<PenaltyVersionDto>>>>>("versions")
            .Description("版本历史 / Every version, oldest first, with what changed (REST /penalties/{id} versions). Batched: one store read for all decisions asked.")
            .Resolve(c => PenaltyLoaders.Versions(c, c.Source.Id));
    }
}

/// <summary>A penalty type with its code also as an enum value.</summary>
internal sealed class PenaltyTypeInfoGraphType() : DeclaredObjectGraphType<PenaltyTypeDto>(new GraphFields<PenaltyTypeDto>().After("code", type =>
    type.Field<NonNullGraphType<PenaltyTypeGraphType>>("value").Description("种类 / The type as an enum value.").Resolve(c => c.Source.Code)));
