using System.IO.Compression;
using Parquet;
using Parquet.Schema;
using Public.Web.Contract;

namespace Public.Web.Bulk;

/// <summary>One column of the wide JSON shape's header: name, Table Schema type, unit and meaning.</summary>
[Resource("WideField", "宽表列", "One column of the wide shape: its name, Table Schema type, unit and meaning.")]
public sealed record WideFieldDto(
    [property: Field("列名", "Column name (the key in columns, the CSV header).")] string Name,
    [property: Field("类型", "Table Schema type: string, integer, number, boolean, date, datetime, array (a JSON list of records).", Values = ["string", "integer", "number", "boolean", "date", "datetime", "array"])] string Type,
    [property: Field("单位", "Unit of the values, null for codes, names, counts and times.")] string? Unit,
    [property: Field("说明", "Meaning, Chinese / English.")] string Description);

/// <summary>
/// The writers of a wide table's rows: CSV (archives without a BOM, the API's with one), the column-wise JSON of
/// <c>?shape=wide</c>, and Parquet. Every writer reads the same <see cref="WideRows"/>.
/// </summary>
public static class WideFormats
{
    public const string ParquetMediaType = "application/vnd.apache.parquet";
    public const string GzipMediaType = "application/gzip";

    /// <summary>The Table Schema type of a column: <c>array</c> for a JSON list of records, else by its kind.</summary>
    public static string TableSchemaType(WideColumn column) => column.JsonType ?? TableSchemaType(column.Kind);

    /// <summary>The Table Schema type of a column kind.</summary>
    public static string TableSchemaType(FieldKind kind) => kind switch
    {
        FieldKind.Whole => "integer",
        FieldKind.Exact or FieldKind.Binary => "number",
        FieldKind.Boolean => "boolean",
        FieldKind.Date => "date",
        FieldKind.DateTime => "datetime",
        _ => "string",
    };

    public static IReadOnlyList<WideFieldDto> Header(WideRows rows) =>
        rows.Columns.Select(c => new WideFieldDto(c.Name, TableSchemaType(c), c.Unit, c.Description)).ToList();

    /// <summary>The rows column by column: <c>{"time": [...], "pm25_ugm3": [...]}</c>, in column order.</summary>
    public static IReadOnlyDictionary<string, object?[]> ByColumn(WideRows rows)
    {
        var result = new OrderedDictionary<string, object?[]>(StringComparer.Ordinal);
        for (var c = 0; c < rows.Columns.Count; c++)
        {
            var column = new object?[rows.Cells.Count];
            for (var r = 0; r < rows.Cells.Count; r++)
            {
                column[r] = rows.Cells[r][c];
            }

            result[rows.Columns[c].Name] = column;
        }

        return result;
    }

    /// <summary>RFC 4180 CSV, UTF-8, header row, CRLF; empty = missing; with a BOM for the API (Excel), without for archives.</summary>
    public static byte[] Csv(WideRows rows, bool bom)
    {
        var columns = rows.Columns.Select((c, i) => (c.Name, (Func<object?[], string?>)(row => CsvLayout.Format(row[i], -1)))).ToList();
        var bytes = Infrastructure.Csv.Write(rows.Cells, columns);
        return bom ? bytes : bytes[3..];
    }

    /// <summary>
    /// The archive CSV gzipped at the optimal level (zlib 6): the smallest level (9) took about three times as long for a
    /// year of station-hours — half a second of every year's build — and saved a few percent.
    /// </summary>
    public static byte[] CsvGz(byte[] csv)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Optimal, leaveOpen: true))
        {
            gzip.Write(csv);
        }

        return buffer.ToArray();
    }

    /// <summary>Rows per Parquet row group: a year of all stations' hours (about 44,000) fits in one.</summary>
    public const int RowGroupRows = 100_000;

    /// <summary>
    /// Parquet: typed columns — times as timestamps adjusted to UTC (milliseconds), numbers as doubles, dates as dates,
    /// text dictionary-encoded by the writer where it repeats — zstd, the unit of each column in its key-value metadata
    /// (<c>unit</c>) and the meaning (<c>description</c>); the file's metadata names the units of all columns too.
    /// </summary>
    public static Task<byte[]> ParquetAsync(WideRows rows, IReadOnlyDictionary<string, string> fileMetadata, CancellationToken ct = default) =>
        ParquetAsync(rows.Columns, rows.Cells.Chunk(RowGroupRows), fileMetadata, ct);

    /// <summary>The same, one row group per group of rows given (an archive built month by month: one per month); empty groups are left out.</summary>
    public static async Task<byte[]> ParquetAsync(IReadOnlyList<WideColumn> columns, IEnumerable<IReadOnlyList<object?[]>> groups, IReadOnlyDictionary<string, string> fileMetadata, CancellationToken ct = default)
    {
        var fields = columns.Select(ParquetField).ToArray();
        var schema = new ParquetSchema(fields);
        using var buffer = new MemoryStream();
        // Zstd at the library's default level (SmallestSize, zstd 22) took 7.6 s for a year of station-hours and saved
        // a few percent; Optimal is a fraction of a second.
        var options = new ParquetOptions { CompressionMethod = CompressionMethod.Zstd, CompressionLevel = CompressionLevel.Optimal };
        await using (var writer = await ParquetWriter.CreateAsync(schema, buffer, options, cancellationToken: ct))
        {
            writer.CustomMetadata = fileMetadata.ToDictionary();
            var any = false;
            foreach (var cells in groups)
            {
                if (cells.Count > 0)
                {
                    any = true;
                    await WriteGroupAsync(writer, fields, columns, cells, ct);
                }
            }

            if (!any)
            {
                // No rows: one empty row group, so readers still see the typed columns.
                await WriteGroupAsync(writer, fields, columns, [], ct);
            }
        }

        return buffer.ToArray();
    }

    /// <summary>
    /// One group of rows encoded alone, as the <c>ParquetAsync</c> of groups encodes it among others (a month of a yearly archive): <see cref="ParquetJoin"/> of such groups is byte for byte
    /// that file, so an archive rebuilt after a new day encodes the new day's month alone. Null for no rows (left out).
    /// </summary>
    public static async Task<ParquetRowGroup?> ParquetRowGroupAsync(IReadOnlyList<WideColumn> columns, IReadOnlyList<object?[]> cells, IReadOnlyDictionary<string, string> fileMetadata, CancellationToken ct = default) =>
        cells.Count == 0 ? null : ParquetRowGroup.Of(await ParquetAsync(columns, [cells], fileMetadata, ct));

    /// <summary>The Parquet file of the groups in order (empty ones left out); at least one must have rows.</summary>
    public static byte[] ParquetJoin(IEnumerable<ParquetRowGroup?> groups) => ParquetRowGroup.Join([.. groups.OfType<ParquetRowGroup>()]);

    /// <summary>
    /// Several gzip members one after the other: one file (RFC 1952 §2.2) that gunzip, zcat, Python's gzip, pandas, R,
    /// DuckDB and .NET's GZipStream read as the concatenation of the members' contents.
    /// </summary>
    public static byte[] Concat(IEnumerable<byte[]> members)
    {
        var parts = members.ToList();
        var bytes = new byte[parts.Sum(p => p.LongLength)];
        var at = 0;
        foreach (var part in parts)
        {
            part.CopyTo(bytes, at);
            at += part.Length;
        }

        return bytes;
    }

    private static async Task WriteGroupAsync(ParquetWriter writer, DataField[] fields, IReadOnlyList<WideColumn> columns, IReadOnlyList<object?[]> cells, CancellationToken ct)
    {
        using var group = writer.CreateRowGroup();
        for (var c = 0; c < columns.Count; c++)
        {
            await WriteColumnAsync(group, fields[c], columns[c], cells, c, 0, cells.Count, ct);
        }
    }

    private static DataField ParquetField(WideColumn c) => c.Kind switch
    {
        FieldKind.DateTime => new DateTimeDataField(c.Name, DateTimeFormat.Timestamp, isAdjustedToUTC: true, unit: DateTimeTimeUnit.Millis, isNullable: !c.Required),
        FieldKind.Whole => new DataField<int?>(c.Name, nullable: !c.Required),
        FieldKind.Exact or FieldKind.Binary => new DataField<double?>(c.Name, nullable: !c.Required),
        FieldKind.Boolean => new DataField<bool?>(c.Name, nullable: !c.Required),
        FieldKind.Date => new DataField<DateOnly?>(c.Name, nullable: !c.Required),
        _ => new DataField<string>(c.Name, nullable: !c.Required),
    };

    private static async Task WriteColumnAsync(ParquetRowGroupWriter group, DataField field, WideColumn column, IReadOnlyList<object?[]> cells, int c, int start, int count, CancellationToken ct)
    {
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal) { ["description"] = column.Description };
        if (column.Unit is { } unit)
        {
            metadata["unit"] = unit;
        }

        T[] Values<T>(Func<object?, T> convert)
        {
            var values = new T[count];
            for (var r = 0; r < count; r++)
            {
                values[r] = convert(cells[start + r][c]);
            }

            return values;
        }

        switch (column.Kind)
        {
            case FieldKind.DateTime:
                var times = Values(v => v is DateTimeOffset t ? t.UtcDateTime : (DateTime?)null);
                await WriteAsync(group, field, column.Required, times, metadata, ct);
                break;
            case FieldKind.Whole:
                await WriteAsync(group, field, column.Required, Values(v => v is null ? (int?)null : Convert.ToInt32(v, System.Globalization.CultureInfo.InvariantCulture)), metadata, ct);
                break;
            case FieldKind.Exact or FieldKind.Binary:
                // Doubles, not floats: a float turns CO 1.3 into 1.2999999523; a double prints back as 1.3.
                await WriteAsync(group, field, column.Required, Values(v => v is null ? (double?)null : Convert.ToDouble(v, System.Globalization.CultureInfo.InvariantCulture)), metadata, ct);
                break;
            case FieldKind.Boolean:
                await WriteAsync(group, field, column.Required, Values(v => (bool?)v), metadata, ct);
                break;
            case FieldKind.Date:
                await WriteAsync(group, field, column.Required, Values(v => (DateOnly?)v), metadata, ct);
                break;
            default:
                await group.WriteAsync(field, Values(v => CsvLayout.Format(v, -1)), null);
                break;
        }
    }

    private static async Task WriteAsync<T>(ParquetRowGroupWriter group, DataField field, bool required, T?[] values, Dictionary<string, string> metadata, CancellationToken ct)
        where T : struct
    {
        if (required)
        {
            await group.WriteAsync<T>(field, new ReadOnlyMemory<T>(values.Select(v => v!.Value).ToArray()), null, metadata, ct);
        }
        else
        {
            await group.WriteAsync<T>(field, new ReadOnlyMemory<T?>(values), null, metadata, ct);
        }
    }
}
