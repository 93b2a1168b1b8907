using System.Buffers;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using Public.Standards.AirQuality;
using Public.Web.Api;
using Public.Web.AirQuality.Store;
using Public.Web.Bulk;
using Public.Web.Infrastructure;

namespace Public.Web.AirQuality;

/// <summary>
/// A station's hours in the wide shape, computed lean: the stored values as doubles (<see cref="HourValues"/>), the
/// hourly AQI in integers (<see cref="ExactHourlyAqi"/>), and JSON written straight to the answer — no record, list
/// or boxed value per hour. A year of hours is what one <c>?shape=wide</c> request reads, and the path through
/// <see cref="HourDto"/> (decimal maths, a dozen objects per hour, the log references the wide shape has no column for,
/// then reflection-driven JSON of boxed cells) took most of a second for it. The columns are those declared in
/// <see cref="AirWideTables.StationHours"/>, the cells the same values: the answer is byte for byte the same.
/// Disposing it returns the hours' pooled arrays (<see cref="HourValues"/>): once its answer is written.
/// </summary>
internal sealed class WideHours : IDisposable
{
    private const long OffsetSeconds = 8 * 3600;

    private readonly HourValues _hours;
    private readonly IReadOnlySet<Pollutant>? _pollutants;
    private readonly int[] _aqi;
    private readonly string?[] _level;
    private readonly string?[] _primary;

    private WideHours(HourValues hours, IReadOnlySet<Pollutant>? pollutants)
    {
        _hours = hours;
        _pollutants = pollutants;
        _aqi = new int[hours.Count];
        _level = new string?[hours.Count];
        _primary = new string?[hours.Count];
    }

    /// <summary>The level (English name) of each AQI from 0 to 500, looked up rather than searched for every hour.</summary>
    private static readonly string[] LevelNames = Enumerable.Range(0, 501).Select(aqi => AqiLevels.For(aqi).NameEn).ToArray();

    public int Count => _hours.Count;

    public void Dispose() => _hours.Dispose();

    /// <summary>The AQI, level and primary pollutants of every hour (as <see cref="AirQualityQueries"/> computes them for the long shape).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static WideHours Compute(HourValues hours, IReadOnlySet<Pollutant>? pollutants)
    {
        var wide = new WideHours(hours, pollutants);
        var day = long.MinValue;
        var edition = AqiEdition.HJ633_2012;
        for (var r = 0; r < hours.Count; r++)
        {
            // The edition follows the (local) day of the hour: look it up once per day, not per hour.
            var hourEnd = hours.HourEnd[r];
            if ((hourEnd - 1 + OffsetSeconds) / 86_400 != day)
            {
                day = (hourEnd - 1 + OffsetSeconds) / 86_400;
                edition = AqiEditions.ForDate(ChinaTime.DayOfHourEnd(hourEnd));
            }

            var values = hours.Row(r);
            if (!ExactHourlyAqi.TryCompute(edition, values, out var aqi, out var primary))
            {
                // A value the integer path does not take as exact (negative, or not a whole number of thousandths):
                // the decimal computation decides, as it does for the long shape.
                var result = HourlyAqi.Compute(edition, AirQualityQueries.HourlyInputsOf(AsDecimals(values)));
                aqi = result.Aqi ?? -1;
                primary = 0;
                foreach (var p in result.PrimaryPollutants)
                {
                    primary |= 1 << ExactHourlyAqi.PollutantBit(p);
                }
            }

            wide._aqi[r] = aqi;
            wide._level[r] = aqi < 0 ? null : aqi < LevelNames.Length ? LevelNames[aqi] : AqiLevels.For(aqi).NameEn;
            wide._primary[r] = ExactHourlyAqi.PrimaryText(primary);
        }

        return wide;
    }

    private static decimal?[] AsDecimals(ReadOnlySpan<double> values)
    {
        var result = new decimal?[values.Length];
        for (var i = 0; i < values.Length; i++)
        {
            result[i] = double.IsNaN(values[i]) ? null : AirQualityStore.ToDecimal(values[i]);
        }

        return result;
    }

    // ---- the columns ----------------------------------------------------------------------------------------------

    private enum Cell { Station, Time, Aqi, Level, Primary, PublishedAqi, Version, Value }

    /// <summary>What each column of <see cref="AirWideTables.StationHours"/> holds, in its order; a column this class does not know fails at start-up.</summary>
    private static readonly (Cell Cell, int Value, Pollutant? Pollutant)[] Columns = AirWideTables.StationHours.Columns.Select(c => c.Name switch
    {
        "station" => (Cell.Station, -1, (Pollutant?)null),
        "time" => (Cell.Time, -1, null),
        "aqi" => (Cell.Aqi, -1, null),
        "level" => (Cell.Level, -1, null),
        "primaryPollutants" => (Cell.Primary, -1, null),
        "publishedAqi" => (Cell.PublishedAqi, -1, null),
        "version" => (Cell.Version, -1, null),
        _ => PublishedTypes.All.Select((t, i) => (Type: t, Index: i)).FirstOrDefault(t => t.Type.Pollutant is not null && AirWideTables.HourColumn(t.Type) == c.Name) is { Type: not null } v
            ? (Cell.Value, v.Index, v.Type.Pollutant)
            : throw new InvalidOperationException($"WideHours has no value for the wide column '{c.Name}' of station hours"),
    }).ToArray();

    /// <summary>
    /// The page [start, start + count) of the chosen columns (indexes into <see cref="AirWideTables.StationHours"/>) as the
    /// column-wise JSON of <see cref="WideResponse"/>: meta and the header through the API's serializer options, then the
    /// columns' values appended as bytes — 90,000 values for a year, where a JSON writer's checks per value cost more than
    /// the values. Texts are escaped by the API's encoder, numbers written as the serializer writes them.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void WriteJson(IBufferWriter<byte> buffer, JsonSerializerOptions options, Meta meta, IReadOnlyList<int> columns, int start, int count)
    {
        var declared = AirWideTables.StationHours.Columns;
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = options.Encoder, SkipValidation = true }))
        {
            writer.WriteStartObject();
            writer.WritePropertyName("meta");
            JsonSerializer.Serialize(writer, meta, options);
            writer.WriteNumber("rows", count);
            writer.WritePropertyName("fields");
            JsonSerializer.Serialize(writer, WideFormats.Header(new WideRows(columns.Select(i => declared[i]).ToList(), [])), options);
            writer.WritePropertyName("columns");
        }

        Put(buffer, "{"u8);
        if (buffer is Serving.PooledBody body && count >= ParallelFromRows && columns.Count > 1)
        {
            // A year's columns are written by two threads, each half of the bytes into its own pooled buffer, then
            // joined without a copy: the same bytes in the same order as one thread writes them.
            var split = Split(columns, count);
            using var second = new Serving.PooledBody();
            var later = Task.Run(() => WriteColumns(second, options, columns, split, columns.Count, start, count));
            try
            {
                WriteColumns(body, options, columns, 0, split, start, count);
            }
            finally
            {
                // Waiting runs it here if no other thread has taken it yet.
                later.Wait();
            }

            body.Append(second);
        }
        else
        {
            WriteColumns(buffer, options, columns, 0, columns.Count, start, count);
        }

        Put(buffer, "}}"u8);
    }

    /// <summary>From this many rows a page's columns are written by two threads.</summary>
    private const int ParallelFromRows = 1000;

    /// <summary>The first column of the second half: where the bytes before it reach half of the estimated total (a time is 28 bytes, a number about 4).</summary>
    private static int Split(IReadOnlyList<int> columns, int count)
    {
        var weights = columns.Select(c => Columns[c].Cell switch { Cell.Time => 28, Cell.Station or Cell.Level => 9, Cell.Primary => 6, _ => 4 }).ToArray();
        var half = weights.Sum() / 2;
        var split = 1;
        for (var sum = weights[0]; split < columns.Count - 1 && sum + weights[split] <= half; split++)
        {
            sum += weights[split];
        }

        return split;
    }

    /// <summary>The columns [from, to) of the chosen ones, each as <c>"name":[cells]</c>, comma-separated (a comma before the first unless it is column 0).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void WriteColumns(IBufferWriter<byte> buffer, JsonSerializerOptions options, IReadOnlyList<int> columns, int from, int to, int start, int count)
    {
        var declared = AirWideTables.StationHours.Columns;
        // Texts that repeat (the station, levels, primary pollutants) are encoded once; a time is digits, '-', ':', 'T'
        // and its offset, escaped once.
        var station = Quoted(_hours.Station);
        var offset = JsonEncodedText.Encode("+08:00", options.Encoder).EncodedUtf8Bytes.ToArray();
        var encoded = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        // A time's text of the day being written ("2019-01-01T00:00:00"; its date part is reused for the day's hours).
        Span<byte> date = stackalloc byte[19];
        // The longest cell with its comma: a text of the station, a level, the primary pollutants (at most six codes),
        // a time, or a number (a decimal is at most 31 characters).
        var longest = 1 + new[] { 64, station.Length, Quoted(string.Join(' ', Pollutants.All.Select(Pollutants.Code))).Length, AqiLevels.All.Max(level => Quoted(level.NameEn).Length) }.Max();
        for (var i = from; i < to; i++)
        {
            Put(buffer, i == 0 ? ""u8 : ","u8);
            Put(buffer, Quoted(declared[columns[i]].Name));
            Put(buffer, ":["u8);
            var (cell, value, pollutant) = Columns[columns[i]];
            var shown = pollutant is not { } p || _pollutants is null || _pollutants.Contains(p);
            // Cells go straight into the buffer's free space (no call per cell, whatever space the buffer gives): the
            // longest cell is a text encoded here or a number of at most 31 characters.
            var span = Span<byte>.Empty;
            var at = 0;
            // The last text cell's bytes (levels and primary pollutants are the same few strings, often hour after
            // hour), and the date part of the last time ("2019-01-01T"): written once a day, the hour after it.
            string? lastText = null;
            var lastBytes = Array.Empty<byte>();
            var dayOfTime = long.MinValue;
            for (var r = start; r < start + count; r++)
            {
                if (span.Length - at < longest)
                {
                    buffer.Advance(at);
                    span = buffer.GetSpan(longest);
                    at = 0;
                }

                if (r > start)
                {
                    span[at++] = (byte)',';
                }

                switch (cell)
                {
                    case Cell.Station:
                        station.CopyTo(span[at..]);
                        at += station.Length;
                        break;
                    case Cell.Time:
                        span[at++] = (byte)'"';
                        var local = _hours.HourEnd[r] + OffsetSeconds;
                        var secondOfDay = (int)(local % 86_400);
                        if (local - secondOfDay != dayOfTime)
                        {
                            dayOfTime = local - secondOfDay;
                            TimeText(dayOfTime - OffsetSeconds, date);
                        }

                        date[..11].CopyTo(span[at..]);
                        at += 11;
                        TwoDigits(span, at, secondOfDay / 3600);
                        span[at + 2] = (byte)':';
                        TwoDigits(span, at + 3, secondOfDay / 60 % 60);
                        span[at + 5] = (byte)':';
                        TwoDigits(span, at + 6, secondOfDay % 60);
                        at += 8;
                        offset.CopyTo(span[at..]);
                        at += offset.Length;
                        span[at++] = (byte)'"';
                        break;
                    case Cell.Aqi when _aqi[r] >= 0:
                        at += Integer(_aqi[r], span[at..]);
                        break;
                    case Cell.Level or Cell.Primary when (cell == Cell.Level ? _level[r] : _primary[r]) is { } text:
                        if (!ReferenceEquals(text, lastText))
                        {
                            (lastText, lastBytes) = (text, Cached(text));
                        }

                        lastBytes.CopyTo(span[at..]);
                        at += lastBytes.Length;
                        break;
                    case Cell.PublishedAqi when _hours.Value(r, PublishedTypes.Aqi) is var aqi && !double.IsNaN(aqi):
                        at += Integer(PublishedAqi(aqi), span[at..]);
                        break;
                    case Cell.Version:
                        at += Integer(_hours.Version[r], span[at..]);
                        break;
                    case Cell.Value when shown && _hours.Value(r, value) is var v && !double.IsNaN(v):
                        at += ValueText(v, span[at..]);
                        break;
                    default:
                        "null"u8.CopyTo(span[at..]);
                        at += 4;
                        break;
                }
            }

            buffer.Advance(at);
            Put(buffer, "]"u8);
        }

        byte[] Cached(string value)
        {
            if (!encoded.TryGetValue(value, out var e))
            {
                e = encoded[value] = Quoted(value);
            }

            return e;
        }

        byte[] Quoted(string value) => [(byte)'"', .. JsonEncodedText.Encode(value, options.Encoder).EncodedUtf8Bytes, (byte)'"'];
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void TwoDigits(Span<byte> text, int at, int value)
    {
        text[at] = (byte)('0' + (value / 10));
        text[at + 1] = (byte)('0' + (value % 10));
    }

    private static void Put(IBufferWriter<byte> buffer, ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(buffer.GetSpan(bytes.Length));
        buffer.Advance(bytes.Length);
    }

    /// <summary>
    /// A non-negative integer's digits, as the serializer writes it. Below 10,000 (every AQI, version and most values)
    /// digit by digit: the general formatter's checks cost more than the digits, on 70,000 numbers a year.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static int Integer(long value, Span<byte> text)
    {
        switch ((ulong)value)
        {
            case < 10:
                text[0] = (byte)('0' + value);
                return 1;
            case < 100:
                text[1] = (byte)('0' + (value % 10));
                text[0] = (byte)('0' + (value / 10));
                return 2;
            case < 1000:
                text[2] = (byte)('0' + (value % 10));
                text[1] = (byte)('0' + (value / 10 % 10));
                text[0] = (byte)('0' + (value / 100));
                return 3;
            case < 10_000:
                text[3] = (byte)('0' + (value % 10));
                text[2] = (byte)('0' + (value / 10 % 10));
                text[1] = (byte)('0' + (value / 100 % 10));
                text[0] = (byte)('0' + (value / 1000));
                return 4;
            default:
                value.TryFormat(text, out var n, default, CultureInfo.InvariantCulture);
                return n;
        }
    }

    /// <summary>The cells of the page, as <see cref="AirWideTables.StationHours"/> gives them for <see cref="HourDto"/>s (the wide CSV).</summary>
    public WideRows Rows(IReadOnlyList<int> columns, int start, int count)
    {
        var declared = AirWideTables.StationHours.Columns;
        var cells = new List<object?[]>(count);
        for (var r = start; r < start + count; r++)
        {
            var row = new object?[columns.Count];
            for (var i = 0; i < columns.Count; i++)
            {
                var (cell, value, pollutant) = Columns[columns[i]];
                var v = _hours.Row(r);
                row[i] = cell switch
                {
                    Cell.Station => _hours.Station,
                    Cell.Time => ChinaTime.FromUnix(_hours.HourEnd[r]),
                    Cell.Aqi => _aqi[r] >= 0 ? _aqi[r] : null,
                    Cell.Level => _level[r],
                    Cell.Primary => _primary[r],
                    Cell.PublishedAqi => double.IsNaN(v[PublishedTypes.Aqi]) ? null : PublishedAqi(v[PublishedTypes.Aqi]),
                    Cell.Version => _hours.Version[r],
                    _ => double.IsNaN(v[value]) || (pollutant is { } p && _pollutants is not null && !_pollutants.Contains(p)) ? null : AirQualityStore.ToDecimal(v[value]),
                };
            }

            cells.Add(row);
        }

        return new WideRows(columns.Select(i => declared[i]).ToList(), cells);
    }

    /// <summary>The published AQI as the long shape gives it: the stored value, truncated to an integer.</summary>
    private static int PublishedAqi(double stored) =>
        ExactHourlyAqi.Thousandths(stored) is { } k ? (int)(k / 1000) : (int)AirQualityStore.ToDecimal(stored);

    /// <summary>"2019-01-01T01:00:00": the hour's end in China time without its offset (the API writes every time with "+08:00").</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int TimeText(long hourEnd, Span<byte> text)
    {
        // Digit by digit: a custom format string is parsed on every call, a third of a year's JSON time.
        var local = DateTime.UnixEpoch.AddSeconds(hourEnd + OffsetSeconds);
        var (year, month, day) = local;
        var time = local.TimeOfDay;
        Digits(text, 0, year, 4);
        text[4] = (byte)'-';
        Digits(text, 5, month, 2);
        text[7] = (byte)'-';
        Digits(text, 8, day, 2);
        text[10] = (byte)'T';
        Digits(text, 11, time.Hours, 2);
        text[13] = (byte)':';
        Digits(text, 14, time.Minutes, 2);
        text[16] = (byte)':';
        Digits(text, 17, time.Seconds, 2);
        return 19;

        static void Digits(Span<byte> text, int at, int value, int width)
        {
            for (var i = at + width - 1; i >= at; i--)
            {
                text[i] = (byte)('0' + (value % 10));
                value /= 10;
            }
        }
    }

    /// <summary>
    /// A stored value as the API writes it: the published decimal (<see cref="AirQualityStore.ToDecimal"/>) in its
    /// shortest form — "12", "0.6", "1.25" — as the JSON serializer writes a decimal. A whole number of thousandths is
    /// written from its integer; anything else through the decimal.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static int ValueText(double stored, Span<byte> text)
    {
        if (ExactHourlyAqi.Thousandths(stored) is { } k)
        {
            return ThousandthsText(k, text);
        }

        System.Buffers.Text.Utf8Formatter.TryFormat(AirQualityStore.ToDecimal(stored), text, out var n);
        return n;
    }

    /// <summary>k/1000 in its shortest decimal form (k ≥ 0): 12000 → "12", 600 → "0.6", 1250 → "1.25".</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static int ThousandthsText(long k, Span<byte> text)
    {
        var n = Integer(k / 1000, text);
        var fraction = (int)(k % 1000);
        if (fraction == 0)
        {
            return n;
        }

        text[n++] = (byte)'.';
        text[n++] = (byte)('0' + (fraction / 100));
        if (fraction % 100 != 0)
        {
            text[n++] = (byte)('0' + (fraction / 10 % 10));
            if (fraction % 10 != 0)
            {
                text[n++] = (byte)('0' + (fraction % 10));
            }
        }

        return n;
    }
}

/// <summary>
/// The hourly AQI (<see cref="HourlyAqi.Compute"/> with the CNEMC convention and rounded inputs) in integer arithmetic,
/// for values that are whole numbers of thousandths — every published value is. Each concentration is rounded to its
/// reporting decimals (GB/T 8170, half to even) as a whole number of reporting units, and HJ 633 formula 1 with every
/// 表1 breakpoint (<see cref="IaqiTables"/>) scaled to the same units is a ratio of integers whose ceiling is exact; the
/// decimal computation's is too (its quotient is exact to 28 digits, the fraction of a non-integer ratio at least
/// 1/denominator), so both give the same IAQI. Anything else (a negative or not exact value) is left to the decimal
/// computation. The tests compare the two on every stored hour of the real 2019 data and across each column.
/// </summary>
internal static class ExactHourlyAqi
{
    private const int Missing = -1;
    private const int NotApplicable = -2;

    // Per edition and indicator: the breakpoints in reporting units and their IAQIs.
    private static readonly (long[] Concentration, int[] Iaqi, long Unit)[,] Tables = BuildTables();

    private static readonly int IndicatorCount = Enum.GetValues<AqiIndicator>().Max(i => (int)i) + 1;

    // Per edition and indicator (edition × IndicatorCount + indicator): the IAQI of every concentration from 0 to the
    // column's top in reporting units, each computed once by Formula — a year of hours is 30,000 IAQIs, and a lookup
    // is what is left of the formula's search and division; at most 3,841 entries a column (NO2 1h up to 3840 µg/m³).
    private static readonly (int[] Iaqi, int AboveTop, bool Tenths)[] Lookups = BuildLookups();

    // The bit of each IAQI input of TryCompute (SO2, NO2, PM10, CO, O3, PM2.5) in a primary-pollutant mask.
    private static readonly int[] InputBits = Enumerable.Range(0, 6).Select(i => 1 << PollutantBit(PollutantAt(i))).ToArray();

    private static readonly string?[] PrimaryTexts = Enumerable.Range(0, 1 << 6).Select(mask =>
    {
        var codes = Pollutants.All.Where(p => (mask & (1 << PollutantBit(p))) != 0).Select(Pollutants.Code).ToList();
        return codes.Count == 0 ? null : string.Join(' ', codes);
    }).ToArray();

    /// <summary>The bit of a pollutant in a primary-pollutant mask: its place in <see cref="Pollutants.All"/>, the order the long shape lists them in.</summary>
    public static int PollutantBit(Pollutant p)
    {
        for (var i = 0; i < Pollutants.All.Count; i++)
        {
            if (Pollutants.All[i] == p)
            {
                return i;
            }
        }

        throw new ArgumentOutOfRangeException(nameof(p), p, "unknown pollutant");
    }

    /// <summary>The primary pollutants of a mask space-joined ("PM10 PM2.5"), as the wide shape writes a list; null for none.</summary>
    public static string? PrimaryText(int mask) => PrimaryTexts[mask];

    /// <summary>A stored value as a whole number of thousandths when it is exactly one (the double nearest to k/1000), else null.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static long? Thousandths(double value)
    {
        if (!(value >= 0 && value < 1e12) || double.IsNegative(value))
        {
            return null;
        }

        var k = (long)Math.Round(value * 1000);
        return k / 1000.0 == value ? k : null;
    }

    /// <summary>
    /// The AQI (−1 when no value) and the primary pollutants (a mask of <see cref="PollutantBit"/>) of one stored hour
    /// (values indexed like <see cref="PublishedTypes.All"/>, NaN = missing); false when a value is not exact.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static bool TryCompute(AqiEdition edition, ReadOnlySpan<double> values, out int aqi, out int primary)
    {
        Span<int> iaqi = stackalloc int[6];
        aqi = Missing;
        primary = 0;
        // HourlyAqi.Compute's inputs in its order: SO2 1h (above 800 µg/m³ its 24h mean instead), NO2 1h, CO 1h, O3 1h,
        // and the 1-hour PM values against the 24h columns.
        if (!TryIaqi(edition, AqiIndicator.SO2_1h, values[PublishedTypes.SO2], out iaqi[0])
            || (iaqi[0] == NotApplicable && !TryIaqi(edition, AqiIndicator.SO2_24h, values[PublishedTypes.SO2_24h], out iaqi[0]))
            || !TryIaqi(edition, AqiIndicator.NO2_1h, values[PublishedTypes.NO2], out iaqi[1])
            || !TryIaqi(edition, AqiIndicator.PM10_24h, values[PublishedTypes.PM10], out iaqi[2])
            || !TryIaqi(edition, AqiIndicator.CO_1h, values[PublishedTypes.CO], out iaqi[3])
            || !TryIaqi(edition, AqiIndicator.O3_1h, values[PublishedTypes.O3], out iaqi[4])
            || !TryIaqi(edition, AqiIndicator.PM25_24h, values[PublishedTypes.PM25], out iaqi[5]))
        {
            return false;
        }

        foreach (var v in iaqi)
        {
            aqi = Math.Max(aqi, v);
        }

        // HJ 633-2012 §4.4: a primary pollutant only above 50; ties name every pollutant at the maximum.
        if (aqi > 50)
        {
            for (var i = 0; i < iaqi.Length; i++)
            {
                if (iaqi[i] == aqi)
                {
                    primary |= InputBits[i];
                }
            }
        }

        return true;
    }

    private static Pollutant PollutantAt(int i) => i switch
    {
        0 => Pollutant.SO2,
        1 => Pollutant.NO2,
        2 => Pollutant.PM10,
        3 => Pollutant.CO,
        4 => Pollutant.O3,
        _ => Pollutant.PM25,
    };

    /// <summary>
    /// The IAQI of a stored value against a 表1 column: <see cref="Missing"/> for a missing value, <see cref="NotApplicable"/>
    /// above a column that ends below 500, 500 above one that ends at 500 (as <see cref="Iaqi.Compute"/>); false when not exact.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static bool TryIaqi(AqiEdition edition, AqiIndicator indicator, double value, out int iaqi)
    {
        iaqi = Missing;
        if (double.IsNaN(value))
        {
            return true;
        }

        if (Thousandths(value) is not { } k)
        {
            return false;
        }

        var (lookup, aboveTop, tenths) = Lookups[((int)edition * IndicatorCount) + (int)indicator];
        // Constant divisors: the JIT turns each rounding into multiplications.
        var c = tenths ? RoundToReporting(k, 100) : RoundToReporting(k, 1000);
        iaqi = c < lookup.Length ? lookup[c] : aboveTop;
        return true;
    }

    /// <summary>
    /// The IAQI of c reporting units against a 表1 column (c ≤ its top): HJ 633-2012 formula 1, rounded up,
    /// ceiling((ΔIAQI × (c − lo)) / ΔC) + IAQI_lo, in integers.
    /// </summary>
    private static int Formula(long[] concentration, int[] index, long c)
    {
        for (var i = 1; ; i++)
        {
            if (c <= concentration[i])
            {
                var numerator = (long)(index[i] - index[i - 1]) * (c - concentration[i - 1]);
                var denominator = concentration[i] - concentration[i - 1];
                return (int)((numerator + denominator - 1) / denominator) + index[i - 1];
            }
        }
    }

    /// <summary>Every column's IAQI for each concentration up to its top; above it <see cref="NotApplicable"/> for a column ending below 500, else 500 (as <see cref="Iaqi.Compute"/>).</summary>
    private static (int[], int, bool)[] BuildLookups()
    {
        var lookups = new (int[], int, bool)[Tables.GetLength(0) * IndicatorCount];
        for (var edition = 0; edition < Tables.GetLength(0); edition++)
        {
            for (var indicator = 0; indicator < IndicatorCount; indicator++)
            {
                var (concentration, index, unit) = Tables[edition, indicator];
                if (concentration is null)
                {
                    continue;
                }

                var top = concentration.Length - 1;
                if (concentration[0] != 0 || concentration[top] > 100_000 || unit is not (100 or 1000))
                {
                    throw new InvalidOperationException($"{(AqiEdition)edition} {(AqiIndicator)indicator}: a column from {concentration[0]} to {concentration[top]} units of {unit} thousandths is not a lookup");
                }

                var iaqi = new int[concentration[top] + 1];
                for (var c = 0; c < iaqi.Length; c++)
                {
                    iaqi[c] = Formula(concentration, index, c);
                }

                lookups[(edition * IndicatorCount) + indicator] = (iaqi, index[top] < 500 ? NotApplicable : 500, unit == 100);
            }
        }

        return lookups;
    }

    /// <summary>k thousandths rounded by GB/T 8170 (half to even) to whole reporting units of <paramref name="unit"/> thousandths (1000: integers, 100: one decimal).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static long RoundToReporting(long k, long unit)
    {
        var (q, r) = Math.DivRem(k, unit);
        var half = unit / 2;
        return r > half || (r == half && (q & 1) == 1) ? q + 1 : q;
    }

    private static (long[], int[], long)[,] BuildTables()
    {
        var editions = Enum.GetValues<AqiEdition>();
        var indicators = Enum.GetValues<AqiIndicator>();
        var tables = new (long[], int[], long)[editions.Max(e => (int)e) + 1, indicators.Max(i => (int)i) + 1];
        foreach (var edition in editions)
        {
            foreach (var indicator in indicators)
            {
                // Reporting decimals (Pollutants.Decimals): 0 or 1 — a unit of 1000 or 100 thousandths.
                var decimals = Pollutants.Decimals(AqiIndicators.PollutantOf(indicator));
                if (decimals is < 0 or > 2)
                {
                    throw new InvalidOperationException($"{indicator}: {decimals} reporting decimals is not supported");
                }

                var scale = decimals == 0 ? 1m : decimals == 1 ? 10m : 100m;
                var column = IaqiTables.Get(edition, indicator);
                tables[(int)edition, (int)indicator] = (
                    column.Select(b => b.Concentration * scale is var s && s == decimal.Truncate(s) ? (long)s
                        : throw new InvalidOperationException($"{edition} {indicator}: breakpoint {b.Concentration} is not a whole number of reporting units")).ToArray(),
                    column.Select(b => b.Iaqi).ToArray(),
                    1000L / (long)scale);
            }
        }

        return tables;
    }
}

/// <summary>
/// The JSON answer of a page of <see cref="WideHours"/>, written with the API's serializer options straight into the
/// response: into the data cache's pooled buffer when it collects the answer (<see cref="Serving.PooledBody"/>), else
/// into the response's pipe — never one large array of its own.
/// </summary>
internal sealed class WideHoursJson(WideHours hours, Meta meta, IReadOnlyList<int> columns, int start, int count) : IResult
{
    public async Task ExecuteAsync(HttpContext context)
    {
        var options = context.RequestServices.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = "application/json; charset=utf-8";
        using (hours)
        {
            if (context.Response.Body is IBufferWriter<byte> direct)
            {
                hours.WriteJson(direct, options, meta, columns, start, count);
                return;
            }

            hours.WriteJson(context.Response.BodyWriter, options, meta, columns, start, count);
        }

        await context.Response.BodyWriter.FlushAsync(context.RequestAborted);
    }
}

/// <summary>
/// Compiles the wide series' code before the server takes requests: the <c>StationHourly</c> handler (parameters,
/// store read, AQI, JSON) answers once at start-up for one day of the first station, into a throwaway stream, so
/// that a first request after a restart runs compiled code rather than paying the JIT for it (about a tenth of a
/// second on the shared 2-core machine — several times the request itself). It runs the handler, not the middleware:
/// nothing is cached, counted or logged as a request, and no answer is computed ahead. A failure is logged, never fatal.
/// </summary>
internal sealed class WideHoursWarmUp(IServiceProvider services, ILogger<WideHoursWarmUp> log) : IHostedLifecycleService
{
    /// <summary>Before any hosted service starts, so before the server listens.</summary>
    public async Task StartingAsync(CancellationToken cancellationToken)
    {
        try
        {
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            var queries = services.GetRequiredService<AirQualityQueries>();
            if (queries.Registry.All.Count == 0)
            {
                log.LogWarning("宽表序列未预热：没有站点 / The wide series was not warmed up: no station");
                return;
            }

            var code = queries.Registry.All[0].Code;
            var day = queries.LatestDay().ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            await using var scope = services.CreateAsyncScope();
            var context = new DefaultHttpContext { RequestServices = scope.ServiceProvider };
            context.Request.Method = HttpMethods.Get;
            context.Request.Path = $"/api/v1/stations/{code}/hourly";
            context.Request.QueryString = new QueryString($"?from={day}&to={day}&shape=wide");
            context.Response.Body = Stream.Null;
            var result = AirQualityApi.StationHourly(code, new RangeQuery(day, day, null, null, "wide", null, null), context.Request, queries,
                services.GetRequiredService<MetaFactory>(), services.GetRequiredService<MonthChunks>(),
                services.GetRequiredService<Microsoft.Extensions.Options.IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions>>());
            await result.ExecuteAsync(context);
            if (context.Response.StatusCode != StatusCodes.Status200OK)
            {
                log.LogWarning("预热宽表序列得到 {Status} / Warming up the wide series answered {Status}", context.Response.StatusCode, context.Response.StatusCode);
            }
            else if (log.IsEnabled(LogLevel.Debug))
            {
                log.LogDebug("Wide series compiled in {Ms:F0} ms", System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            log.LogWarning(e, "预热宽表序列失败（首个请求会较慢）/ Warming up the wide series failed (the first request will be slower)");
        }
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
