using System.Buffers.Binary;

namespace Public.Web.Bulk;

/// <summary>
/// One row group of a Parquet file written alone (a month of a yearly archive): its column chunks' bytes, as they lie
/// between the file's <c>PAR1</c> header and its footer, and the footer (Thrift compact <c>FileMetaData</c>), whose
/// offsets count from the start of that file. Parquet.Net encodes each row group from its own values alone, so the
/// bytes of a row group are the same wherever it sits in a file; only the footer's offsets depend on where.
/// </summary>
public sealed class ParquetRowGroup
{
    private static readonly byte[] Magic = "PAR1"u8.ToArray();

    private ParquetRowGroup(long rows, byte[] chunks, byte[] footer)
    {
        Rows = rows;
        Chunks = chunks;
        Footer = footer;
    }

    public long Rows { get; }

    public byte[] Chunks { get; }

    public byte[] Footer { get; }

    /// <summary>The row group of a file of exactly one (what <see cref="WideFormats.ParquetRowGroupAsync"/> writes).</summary>
    public static ParquetRowGroup Of(byte[] file)
    {
        if (file.Length < 12 || !file.AsSpan(0, 4).SequenceEqual(Magic) || !file.AsSpan(file.Length - 4).SequenceEqual(Magic))
        {
            throw new InvalidDataException("Parquet row group: the file does not start and end with PAR1");
        }

        var length = BinaryPrimitives.ReadInt32LittleEndian(file.AsSpan(file.Length - 8));
        var start = file.Length - 8 - length;
        if (length <= 0 || start < 4)
        {
            throw new InvalidDataException($"Parquet row group: footer length {length} does not fit a file of {file.Length} bytes");
        }

        var footer = file[start..(file.Length - 8)];
        var meta = ThriftCompact.Read(footer);
        if (meta.Get(FileRowGroups) is not ThriftCompact.List { Items.Count: 1 })
        {
            throw new InvalidDataException("Parquet row group: the file's footer (row_groups) does not hold exactly one row group");
        }

        return new ParquetRowGroup((long)meta.Get(FileNumRows)!, file[4..start], footer);
    }

    /// <summary>
    /// One file of the row groups in order, as Parquet.Net writes them in one go: <c>PAR1</c>, each group's column chunks,
    /// the footer of the first with every group's metadata (its offsets moved by where its chunks now lie) and the
    /// rows summed, the footer's length and <c>PAR1</c>. The groups must share schema and file metadata.
    /// </summary>
    public static byte[] Join(IReadOnlyList<ParquetRowGroup> groups)
    {
        if (groups.Count == 0)
        {
            throw new ArgumentException("Parquet join: no row groups", nameof(groups));
        }

        var meta = ThriftCompact.Read(groups[0].Footer);
        var shared = Shared(meta);
        var rowGroups = new List<object>(groups.Count);
        long at = 4;
        for (var i = 0; i < groups.Count; i++)
        {
            var own = i == 0 ? meta : ThriftCompact.Read(groups[i].Footer);
            if (i > 0 && !Shared(own).AsSpan().SequenceEqual(shared))
            {
                throw new ArgumentException($"Parquet join: row group {i} was written with another schema or file metadata than row group 0", nameof(groups));
            }

            var group = (ThriftCompact.Struct)((ThriftCompact.List)own.Get(FileRowGroups)!).Items[0];
            Move(group, at - 4, i);
            rowGroups.Add(group);
            at += groups[i].Chunks.Length;
        }

        meta.Set(FileNumRows, groups.Sum(g => g.Rows));
        meta.Set(FileRowGroups, new ThriftCompact.List(ThriftCompact.StructType, rowGroups));
        var footer = ThriftCompact.Write(meta);
        var bytes = new byte[at + footer.Length + 8];
        Magic.CopyTo(bytes, 0);
        var to = 4;
        foreach (var group in groups)
        {
            group.Chunks.CopyTo(bytes, to);
            to += group.Chunks.Length;
        }

        footer.CopyTo(bytes, to);
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(to + footer.Length), footer.Length);
        Magic.CopyTo(bytes, bytes.Length - 4);
        return bytes;
    }

    // Field ids of parquet.thrift (apache/parquet-format): FileMetaData, RowGroup, ColumnChunk, ColumnMetaData.
    private const short FileNumRows = 3;
    private const short FileRowGroups = 4;
    private const short GroupColumns = 1;
    private const short GroupFileOffset = 5;
    private const short GroupOrdinal = 7;
    private const short ChunkFilePath = 1;
    private const short ChunkFileOffset = 2;
    private const short ChunkMetaData = 3;
    private const short ChunkOffsetIndexOffset = 4;
    private const short ChunkColumnIndexOffset = 6;
    private const short MetaDataPageOffset = 9;
    private const short MetaIndexPageOffset = 10;
    private const short MetaDictionaryPageOffset = 11;
    private const short MetaBloomFilterOffset = 14;

    /// <summary>The footer but its rows and row groups (schema, key-value metadata, created_by, column orders), encoded: what joined groups must share.</summary>
    private static byte[] Shared(ThriftCompact.Struct meta) =>
        ThriftCompact.Write(new ThriftCompact.Struct([.. meta.Fields.Where(f => f.Id is not (FileNumRows or FileRowGroups))]));

    /// <summary>Moves every file offset of a row group's metadata by <paramref name="by"/> bytes and numbers it <paramref name="ordinal"/> (if it is numbered).</summary>
    private static void Move(ThriftCompact.Struct group, long by, int ordinal)
    {
        Add(group, GroupFileOffset, by);
        if (group.Get(GroupOrdinal) is not null)
        {
            group.Set(GroupOrdinal, (long)ordinal);
        }

        foreach (ThriftCompact.Struct chunk in ((ThriftCompact.List)group.Get(GroupColumns)!).Items)
        {
            if (chunk.Get(ChunkFilePath) is not null)
            {
                throw new InvalidDataException("Parquet join: a column chunk lies in another file (file_path)");
            }

            Add(chunk, ChunkFileOffset, by);
            Add(chunk, ChunkOffsetIndexOffset, by);
            Add(chunk, ChunkColumnIndexOffset, by);
            if (chunk.Get(ChunkMetaData) is ThriftCompact.Struct column)
            {
                Add(column, MetaDataPageOffset, by);
                Add(column, MetaIndexPageOffset, by);
                Add(column, MetaDictionaryPageOffset, by);
                Add(column, MetaBloomFilterOffset, by);
            }
        }
    }

    private static void Add(ThriftCompact.Struct s, short id, long by)
    {
        if (s.Get(id) is long offset)
        {
            s.Set(id, offset + by);
        }
    }
}

/// <summary>
/// The Thrift compact protocol (thrift/doc/specs/thrift-compact-protocol.md), as much of it as a Parquet footer uses:
/// structs, lists, integers, doubles, binaries and booleans, read into a tree that writes back to the same bytes
/// (Parquet.Net's own reader and writer are internal). Integers of every width are held as <see cref="long"/>, the
/// field's type remembers the width.
/// </summary>
internal static class ThriftCompact
{
    private const byte BoolTrue = 1;
    private const byte BoolFalse = 2;
    private const byte I8 = 3;
    private const byte I16 = 4;
    private const byte I32 = 5;
    private const byte I64 = 6;
    private const byte DoubleType = 7;
    private const byte Binary = 8;
    private const byte ListType = 9;
    private const byte SetType = 10;
    public const byte StructType = 12;

    /// <summary>A field of a struct: its id, compact type and value.</summary>
    public sealed record Field(short Id, byte Type, object Value);

    /// <summary>A list (or set): the compact type of its elements and the elements.</summary>
    public sealed record List(byte ElementType, IReadOnlyList<object> Items);

    /// <summary>A struct: its fields in the order written (ascending ids, as every Thrift writer writes them).</summary>
    public sealed class Struct(List<Field> fields)
    {
        public List<Field> Fields { get; } = fields;

        public object? Get(short id) => Fields.Find(f => f.Id == id)?.Value;

        /// <summary>Replaces the value of an existing field (of the same type).</summary>
        public void Set(short id, object value)
        {
            var i = Fields.FindIndex(f => f.Id == id);
            Fields[i] = Fields[i] with { Value = value };
        }
    }

    public static Struct Read(byte[] bytes)
    {
        var at = 0;
        var s = ReadStruct(bytes, ref at);
        return at == bytes.Length ? s : throw new InvalidDataException($"Thrift compact: {bytes.Length - at} bytes after the struct");
    }

    public static byte[] Write(Struct s)
    {
        using var buffer = new MemoryStream();
        WriteStruct(buffer, s);
        return buffer.ToArray();
    }

    private static Struct ReadStruct(byte[] bytes, ref int at)
    {
        var fields = new List<Field>();
        short last = 0;
        while (true)
        {
            var header = Byte(bytes, ref at);
            if (header == 0)
            {
                return new Struct(fields);
            }

            var type = (byte)(header & 0x0F);
            var delta = header >> 4;
            var id = delta != 0 ? (short)(last + delta) : (short)Unzigzag(Varint(bytes, ref at));
            object value = type switch
            {
                BoolTrue => true,
                BoolFalse => false,
                _ => ReadValue(bytes, ref at, type),
            };
            fields.Add(new Field(id, type, value));
            last = id;
        }
    }

    private static object ReadValue(byte[] bytes, ref int at, byte type)
    {
        switch (type)
        {
            case I8:
                return (long)(sbyte)Byte(bytes, ref at);
            case I16 or I32 or I64:
                return Unzigzag(Varint(bytes, ref at));
            case DoubleType:
                at += 8;
                return BinaryPrimitives.ReadDoubleLittleEndian(Span(bytes, at - 8, 8));
            case Binary:
                var length = checked((int)Varint(bytes, ref at));
                at += length;
                return Span(bytes, at - length, length).ToArray();
            case ListType or SetType:
                var header = Byte(bytes, ref at);
                var element = (byte)(header & 0x0F);
                var count = header >> 4 == 15 ? checked((int)Varint(bytes, ref at)) : header >> 4;
                if (element is BoolTrue or BoolFalse)
                {
                    // Parquet's footer has no list of booleans (their encoding in a list differs from a field's).
                    throw new InvalidDataException("Thrift compact: a list of booleans is not supported");
                }

                var items = new List<object>(count);
                for (var i = 0; i < count; i++)
                {
                    items.Add(element == StructType ? ReadStruct(bytes, ref at) : ReadValue(bytes, ref at, element));
                }

                return new List(element, items);
            case StructType:
                return ReadStruct(bytes, ref at);
            default:
                throw new InvalidDataException($"Thrift compact: type {type} at byte {at} is not supported (a Parquet footer has no maps)");
        }
    }

    private static void WriteStruct(MemoryStream output, Struct s)
    {
        short last = 0;
        foreach (var field in s.Fields)
        {
            var type = field.Value is bool b ? (b ? BoolTrue : BoolFalse) : field.Type;
            var delta = field.Id - last;
            if (delta is > 0 and <= 15)
            {
                output.WriteByte((byte)((delta << 4) | type));
            }
            else
            {
                output.WriteByte(type);
                WriteVarint(output, Zigzag(field.Id));
            }

            if (field.Value is not bool)
            {
                WriteValue(output, type, field.Value);
            }

            last = field.Id;
        }

        output.WriteByte(0);
    }

    private static void WriteValue(MemoryStream output, byte type, object value)
    {
        switch (type)
        {
            case I8:
                output.WriteByte((byte)(sbyte)(long)value);
                break;
            case I16 or I32 or I64:
                WriteVarint(output, Zigzag((long)value));
                break;
            case DoubleType:
                Span<byte> d = stackalloc byte[8];
                BinaryPrimitives.WriteDoubleLittleEndian(d, (double)value);
                output.Write(d);
                break;
            case Binary:
                var bytes = (byte[])value;
                WriteVarint(output, (ulong)bytes.Length);
                output.Write(bytes);
                break;
            case ListType or SetType:
                var list = (List)value;
                if (list.Items.Count < 15)
                {
                    output.WriteByte((byte)((list.Items.Count << 4) | list.ElementType));
                }
                else
                {
                    output.WriteByte((byte)(0xF0 | list.ElementType));
                    WriteVarint(output, (ulong)list.Items.Count);
                }

                foreach (var item in list.Items)
                {
                    WriteValue(output, list.ElementType, item);
                }

                break;
            case StructType:
                WriteStruct(output, (Struct)value);
                break;
            default:
                throw new InvalidDataException($"Thrift compact: type {type} is not supported");
        }
    }

    private static byte Byte(byte[] bytes, ref int at) =>
        at < bytes.Length ? bytes[at++] : throw new InvalidDataException("Thrift compact: the bytes end inside a struct");

    private static ReadOnlySpan<byte> Span(byte[] bytes, int start, int length) =>
        start >= 0 && length >= 0 && start + length <= bytes.Length ? bytes.AsSpan(start, length)
            : throw new InvalidDataException("Thrift compact: the bytes end inside a value");

    private static ulong Varint(byte[] bytes, ref int at)
    {
        ulong value = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            var b = Byte(bytes, ref at);
            value |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                return value;
            }
        }

        throw new InvalidDataException("Thrift compact: a varint longer than 10 bytes");
    }

    private static void WriteVarint(MemoryStream output, ulong value)
    {
        while (value >= 0x80)
        {
            output.WriteByte((byte)(value | 0x80));
            value >>= 7;
        }

        output.WriteByte((byte)value);
    }

    private static long Unzigzag(ulong n) => (long)(n >> 1) ^ -(long)(n & 1);

    private static ulong Zigzag(long n) => (ulong)((n << 1) ^ (n >> 63));
}
