using Public.Web.Api;
using Public.Web.Contract;

namespace Public.Web.Bulk;

/// <summary>
/// A page of a series in the wide shape (<c>?shape=wide</c>): the envelope's meta, the columns' header, and the values
/// column by column — <c>columns.pm25_ugm3[i]</c> is the PM2.5 of row i. Column-wise because it is the smallest JSON
/// of the same table (names and brackets once per column, not per row) and what pandas (<c>pd.DataFrame(j["columns"])</c>),
/// R (<c>as.data.frame(j$columns)</c>) and plotting libraries take as they are.
/// </summary>
[Resource("WideSeries", "宽表序列", "A page of a series in the wide shape: meta, the columns' header and the values column by column.")]
public sealed record WideResponse(
    [property: Field("元数据", "The same meta as the long shape: paging, license, source, conventions.")] Meta Meta,
    [property: Field("行数", "Rows on this page (the length of every column).")] int Rows,
    [property: Field("列", "The columns: name, Table Schema type, unit, meaning.")] IReadOnlyList<WideFieldDto> Fields,
    [property: Field("列值", "The values by column name, row by row; null = missing.")] IReadOnlyDictionary<string, object?[]> Columns);

/// <summary>The <c>shape</c> and <c>fields</c> parameters of the list and series routes.</summary>
public static class WideShape
{
    /// <summary>Whether <c>shape</c> asks for the wide shape; <c>long</c> (the default) is the contract's one row per value.</summary>
    public static bool WantsWide(string? shape) => shape switch
    {
        null or "" or "long" => false,
        "wide" => true,
        _ => throw new BadParameterException("shape", $"shape '{shape}' is not supported (long or wide)"),
    };

    /// <summary>A page of rows in the wide shape, as CSV (with BOM, like every API CSV) or column-wise JSON.</summary>
    public static IResult Answer<T>(WideTable<T> table, IReadOnlyList<T> page, string? fields, bool csv, Meta meta, string fileName)
    {
        var rows = table.Rows(page, fields);
        return csv
            ? Results.File(WideFormats.Csv(rows, bom: true), Infrastructure.Csv.ContentType, fileName)
            : Results.Ok(new WideResponse(meta, rows.Cells.Count, WideFormats.Header(rows), WideFormats.ByColumn(rows)));
    }

    /// <summary>
    /// <c>fields=</c> on a long JSON list: each result keeps only the named top-level fields of its record, in the
    /// order asked. An unknown name is a 400 listing the record's fields. The long CSV has fixed columns: with
    /// <c>fields</c> it is a 400 pointing to <c>shape=wide</c> (whose CSV takes <c>fields</c>).
    /// </summary>
    public static object Select<T>(ListResponse<T> list, string fields)
    {
        var chosen = Chosen<T>(fields);

        var results = list.Results.Select(r =>
        {
            var item = new OrderedDictionary<string, object?>(StringComparer.Ordinal);
            foreach (var f in chosen)
            {
                item[f.Name] = f.GetValue(r!);
            }

            return item;
        }).ToList();
        return new ListResponse<OrderedDictionary<string, object?>>(list.Meta, results);
    }

    /// <summary>The record's fields <c>fields</c> names, in the order asked; a 400 naming an unknown one and listing the record's fields.</summary>
    private static List<ContractField> Chosen<T>(string fields)
    {
        var declared = ContractCatalog.Fields<T>();
        var chosen = new List<ContractField>();
        foreach (var name in fields.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var field = declared.FirstOrDefault(f => string.Equals(f.Name, name, StringComparison.Ordinal))
                ?? throw new BadParameterException("fields", $"fields: '{name}' is not a field of {ContractCatalog.Name(typeof(T))} (fields: {string.Join(", ", declared.Select(f => f.Name))})");
            if (!chosen.Contains(field))
            {
                chosen.Add(field);
            }
        }

        return chosen;
    }

    private const string LongCsvHasFixedColumns = "fields selects JSON fields; the long CSV has fixed columns — ask shape=wide&format=csv for chosen columns";

    /// <summary>The endpoint filter that applies <c>fields</c> to what a list route answers (every <c>ListOf</c> route).</summary>
    public static async ValueTask<object?> FilterAsync<T>(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var query = context.HttpContext.Request.Query;
        var fields = query["fields"].ToString();
        // The wide shape applies fields itself (to its columns, in JSON and CSV).
        if (string.IsNullOrWhiteSpace(fields) || query["shape"] == "wide")
        {
            return await next(context);
        }

        // A bad fields= is refused before the route does its work: it must not read a station's year first (which
        // took past the request timeout on a loaded machine, and answered 504 instead of this 400).
        try
        {
            Chosen<T>(fields);
            if (query["format"] == "csv")
            {
                throw new BadParameterException("fields", LongCsvHasFixedColumns);
            }
        }
        catch (BadParameterException e)
        {
            return Problems.BadParameter(e);
        }

        var result = await next(context);
        try
        {
            return result switch
            {
                IValueHttpResult { Value: ListResponse<T> list } => Results.Ok(Select(list, fields)),
                IValueHttpResult { Value: WideResponse } => result,
                IFileHttpResult => throw new BadParameterException("fields", LongCsvHasFixedColumns),
                _ => result,
            };
        }
        catch (BadParameterException e)
        {
            return Problems.BadParameter(e);
        }
    }
}
