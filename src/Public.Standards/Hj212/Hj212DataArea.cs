using System.Globalization;
using System.Text;

namespace Public.Standards.Hj212;

/// <summary>
/// One pollutant's (or parameter's) values in a data area: <c>a21026-Rtd=12.3,a21026-Flag=N</c>. Suffixes other
/// than Rtd, Avg, Min, Max, Cou and Flag (the standard has more, e.g. ZsRtd, SampleTime) are kept as text in
/// <see cref="Other"/>.
/// </summary>
public sealed record Hj212Measurement(string Code)
{
    public decimal? Rtd { get; init; }

    public decimal? Avg { get; init; }

    public decimal? Min { get; init; }

    public decimal? Max { get; init; }

    public decimal? Cou { get; init; }

    public Hj212DataStatus? Flag { get; init; }

    public IReadOnlyDictionary<string, string> Other { get; init; } = new Dictionary<string, string>();
}

/// <summary>
/// The data area (<c>CP=&amp;&amp;…&amp;&amp;</c>): groups separated by ';', items of a group by ',', each item
/// <c>key=value</c>. <c>DataTime=YYYYMMDDhhmmss</c> is read as a timestamp (local time of the sender, in China
/// Beijing time); keys <c>code-Suffix</c> are gathered per code into <see cref="Measurements"/>, in the order
/// the codes first appear; other keys (RtdInterval, QnRtn, …) are in <see cref="Parameters"/>.
/// </summary>
public sealed class Hj212DataArea
{
    /// <summary>The limit on the text between the two <c>&amp;&amp;</c> (standards.md §5.1: 0 ≤ n ≤ 950).</summary>
    public const int MaxLength = 950;

    public const string DataTimeFormat = "yyyyMMddHHmmss";

    public static readonly Hj212DataArea Empty = new("", null, [], new Dictionary<string, string>());

    private Hj212DataArea(string text, DateTime? dataTime, IReadOnlyList<Hj212Measurement> measurements, IReadOnlyDictionary<string, string> parameters)
    {
        Text = text;
        DataTime = dataTime;
        Measurements = measurements;
        Parameters = parameters;
    }

    /// <summary>The text between the delimiters, as sent.</summary>
    public string Text { get; }

    public DateTime? DataTime { get; }

    public IReadOnlyList<Hj212Measurement> Measurements { get; }

    public IReadOnlyDictionary<string, string> Parameters { get; }

    public Hj212Measurement? Find(string code) => Measurements.FirstOrDefault(m => m.Code == code);

    /// <summary>Parses the text between the <c>&amp;&amp;</c> delimiters.</summary>
    public static Hj212DataArea Parse(string text) =>
        TryParse(text, out var area, out var error) ? area! : throw new Hj212FormatException(error!);

    public static bool TryParse(string text, out Hj212DataArea? area, out Hj212Error? error) => TryParse(text, MaxLength, out area, out error);

    /// <summary>Parses the joined data areas of a split message, which may together exceed one packet's limit.</summary>
    public static bool TryParseJoined(string text, out Hj212DataArea? area, out Hj212Error? error) => TryParse(text, int.MaxValue, out area, out error);

    private static bool TryParse(string text, int maxLength, out Hj212DataArea? area, out Hj212Error? error)
    {
        ArgumentNullException.ThrowIfNull(text);
        area = null;
        error = null;
        if (text.Length > maxLength)
        {
            error = Bad($"the data area has {text.Length} characters, over the limit of {MaxLength}");
            return false;
        }

        DateTime? dataTime = null;
        var parameters = new Dictionary<string, string>(StringComparer.Ordinal);
        var order = new List<string>();
        var values = new Dictionary<string, Dictionary<string, string>>(StringComparer.Ordinal);
        if (text.Length > 0)
        {
            foreach (var group in text.Split(';'))
            {
                foreach (var item in group.Split(','))
                {
                    var eq = item.IndexOf('=', StringComparison.Ordinal);
                    if (eq <= 0)
                    {
                        error = Bad($"data-area item '{item}' is not key=value");
                        return false;
                    }

                    var key = item[..eq];
                    var value = item[(eq + 1)..];
                    var dash = key.IndexOf('-', StringComparison.Ordinal);
                    if (dash < 0)
                    {
                        if (!parameters.TryAdd(key, value))
                        {
                            error = Bad($"data-area key '{key}' appears twice");
                            return false;
                        }

                        if (key == "DataTime")
                        {
                            if (!DateTime.TryParseExact(value, DataTimeFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed))
                            {
                                error = new Hj212Error(Hj212ErrorKind.BadTimestamp, "DataTime", $"bad timestamp: DataTime '{value}' is not a real date and time YYYYMMDDhhmmss");
                                return false;
                            }

                            dataTime = parsed;
                        }

                        continue;
                    }

                    var code = key[..dash];
                    var suffix = key[(dash + 1)..];
                    if (code.Length == 0 || suffix.Length == 0)
                    {
                        error = Bad($"data-area key '{key}' is not code-Suffix");
                        return false;
                    }

                    if (!values.TryGetValue(code, out var byCode))
                    {
                        byCode = new Dictionary<string, string>(StringComparer.Ordinal);
                        values[code] = byCode;
                        order.Add(code);
                    }

                    if (!byCode.TryAdd(suffix, value))
                    {
                        error = Bad($"data-area key '{key}' appears twice");
                        return false;
                    }
                }
            }
        }

        var measurements = new List<Hj212Measurement>(order.Count);
        foreach (var code in order)
        {
            var byCode = values[code];
            var other = new Dictionary<string, string>(StringComparer.Ordinal);
            decimal? rtd = null, avg = null, min = null, max = null, cou = null;
            Hj212DataStatus? flag = null;
            foreach (var (suffix, value) in byCode)
            {
                switch (suffix)
                {
                    case "Rtd" or "Avg" or "Min" or "Max" or "Cou":
                        if (!TryParseNumber(value, out var number))
                        {
                            error = Bad($"data-area value {code}-{suffix}='{value}' is not a decimal number");
                            return false;
                        }

                        if (suffix == "Rtd")
                        {
                            rtd = number;
                        }
                        else if (suffix == "Avg")
                        {
                            avg = number;
                        }
                        else if (suffix == "Min")
                        {
                            min = number;
                        }
                        else if (suffix == "Max")
                        {
                            max = number;
                        }
                        else
                        {
                            cou = number;
                        }

                        break;
                    case "Flag":
                        if (!Hj212DataStatuses.TryParse(value, out var parsedFlag))
                        {
                            error = Bad($"data flag {code}-Flag='{value}' is not one of {Hj212DataStatuses.Letters} (HJ 212-2017)");
                            return false;
                        }

                        flag = parsedFlag;
                        break;
                    default:
                        other[suffix] = value;
                        break;
                }
            }

            measurements.Add(new Hj212Measurement(code) { Rtd = rtd, Avg = avg, Min = min, Max = max, Cou = cou, Flag = flag, Other = other });
        }

        area = new Hj212DataArea(text, dataTime, measurements, parameters);
        return true;
    }

    /// <summary>
    /// Writes a data area: <c>DataTime=…;code-Rtd=…,code-Avg=…,…,code-Flag=N;…</c>, one group per measurement,
    /// values in invariant culture as their decimal text.
    /// </summary>
    public static Hj212DataArea Build(DateTime? dataTime, IEnumerable<Hj212Measurement> measurements)
    {
        ArgumentNullException.ThrowIfNull(measurements);
        var groups = new List<string>();
        if (dataTime is { } time)
        {
            groups.Add("DataTime=" + time.ToString(DataTimeFormat, CultureInfo.InvariantCulture));
        }

        foreach (var m in measurements)
        {
            var items = new List<string>();
            void Add(string suffix, decimal? value)
            {
                if (value is { } v)
                {
                    items.Add(string.Create(CultureInfo.InvariantCulture, $"{m.Code}-{suffix}={v}"));
                }
            }

            Add("Rtd", m.Rtd);
            Add("Cou", m.Cou);
            Add("Min", m.Min);
            Add("Avg", m.Avg);
            Add("Max", m.Max);
            foreach (var (suffix, value) in m.Other)
            {
                items.Add($"{m.Code}-{suffix}={value}");
            }

            if (m.Flag is { } flag)
            {
                items.Add($"{m.Code}-Flag={flag.ToLetter()}");
            }

            groups.Add(string.Join(',', items));
        }

        return Parse(string.Join(';', groups));
    }

    /// <summary>A data area of plain parameters, e.g. <c>QnRtn=1</c> or <c>RtdInterval=30</c>.</summary>
    public static Hj212DataArea FromParameters(params (string Key, string Value)[] parameters)
    {
        var text = new StringBuilder();
        foreach (var (key, value) in parameters)
        {
            if (text.Length > 0)
            {
                text.Append(';');
            }

            text.Append(key).Append('=').Append(value);
        }

        return Parse(text.ToString());
    }

    private static bool TryParseNumber(string text, out decimal value) =>
        decimal.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out value);

    private static Hj212Error Bad(string message) => new(Hj212ErrorKind.BadDataArea, "CP", message);
}
