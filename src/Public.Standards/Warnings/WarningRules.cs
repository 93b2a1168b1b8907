using System.Globalization;
using System.Text;

namespace Public.Standards.Warnings;

public enum AqiComparison
{
    /// <summary>The plans' "AQI＞N".</summary>
    Above,

    /// <summary>The plans' "AQI 达到 N" (reaches N).</summary>
    AtLeast,
}

/// <summary>
/// "Daily AQI &gt; <see cref="Threshold"/> lasting at least <see cref="Hours"/> hours". A daily AQI is the AQI
/// of a 24-hour window; a run of consecutive windows that all meet the condition lasts from the start of its
/// first window to the end of its last one (see <see cref="WarningCriteria"/>), so one calendar day lasts 24 h.
/// </summary>
public sealed record AqiCondition(AqiComparison Comparison, int Threshold, int Hours)
{
    public bool Matches(int aqi) => Comparison == AqiComparison.Above ? aqi > Threshold : aqi >= Threshold;

    /// <summary>The smallest AQI that meets the condition.</summary>
    public int LowestMatchingAqi => Comparison == AqiComparison.Above ? Threshold + 1 : Threshold;

    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"AQI{(Comparison == AqiComparison.Above ? ">" : ">=")}{Threshold}:{Hours}h");
}

/// <summary>All of the conditions at once, within one episode ("…持续72小时 且 …持续24小时").</summary>
public sealed record TriggerClause(IReadOnlyList<AqiCondition> AllOf)
{
    public override string ToString() => string.Join(" & ", AllOf);
}

/// <summary>
/// The trigger of one warning level: any of its clauses ("…，或…"). Written and read as an expression:
/// <c>AQI&gt;200:72h &amp; AQI&gt;300:24h | AQI&gt;=500:24h</c> — <c>|</c> separates alternatives, <c>&amp;</c> joins
/// conditions that must hold in the same episode, <c>&gt;</c> is "exceeds", <c>&gt;=</c> is "reaches".
/// </summary>
public sealed record LevelRule(WarningLevel Level, IReadOnlyList<TriggerClause> AnyOf, string TextZh)
{
    public string Expression => string.Join(" | ", AnyOf);

    public IEnumerable<AqiCondition> Conditions => AnyOf.SelectMany(c => c.AllOf);

    public static LevelRule Parse(WarningLevel level, string expression, string textZh) =>
        new(level, ParseExpression(expression), textZh);

    /// <summary>Parses a trigger expression; throws <see cref="FormatException"/> naming what is wrong.</summary>
    public static IReadOnlyList<TriggerClause> ParseExpression(string expression)
    {
        ArgumentNullException.ThrowIfNull(expression);
        var clauses = new List<TriggerClause>();
        foreach (var clauseText in expression.Split('|'))
        {
            var conditions = new List<AqiCondition>();
            foreach (var conditionText in clauseText.Split('&'))
            {
                conditions.Add(ParseCondition(conditionText.Trim(), expression));
            }

            clauses.Add(new TriggerClause(conditions));
        }

        return clauses;
    }

    private static AqiCondition ParseCondition(string text, string expression)
    {
        // AQI>200:48h or AQI>=500:24h
        var compact = new StringBuilder();
        foreach (var c in text)
        {
            if (!char.IsWhiteSpace(c))
            {
                compact.Append(c);
            }
        }

        var t = compact.ToString();
        if (!t.StartsWith("AQI", StringComparison.OrdinalIgnoreCase))
        {
            throw Bad(text, expression, "a condition starts with AQI");
        }

        t = t[3..];
        AqiComparison comparison;
        if (t.StartsWith(">=", StringComparison.Ordinal))
        {
            comparison = AqiComparison.AtLeast;
            t = t[2..];
        }
        else if (t.StartsWith('>'))
        {
            comparison = AqiComparison.Above;
            t = t[1..];
        }
        else
        {
            throw Bad(text, expression, "the comparison must be > or >=");
        }

        var colon = t.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0 || !t.EndsWith('h'))
        {
            throw Bad(text, expression, "the duration is written :<hours>h, e.g. AQI>200:48h");
        }

        if (!int.TryParse(t[..colon], NumberStyles.None, CultureInfo.InvariantCulture, out var threshold) || threshold > 500)
        {
            throw Bad(text, expression, "the threshold must be a whole AQI from 0 to 500");
        }

        if (!int.TryParse(t[(colon + 1)..^1], NumberStyles.None, CultureInfo.InvariantCulture, out var hours) || hours < 24)
        {
            throw Bad(text, expression, "the duration must be whole hours, at least 24 (one daily AQI)");
        }

        return new AqiCondition(comparison, threshold, hours);
    }

    private static FormatException Bad(string condition, string expression, string why) =>
        new($"'{condition}' in trigger '{expression}': {why}");
}
