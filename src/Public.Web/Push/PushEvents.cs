using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using Public.Web.Infrastructure;

namespace Public.Web.Push;

/// <summary>
/// One event of the stream. Its id is <c>{batch}.{n}</c>: the import batch (as in <c>/api/v1/imports</c>) whose rows
/// it describes and its place among that batch's events. Every replica derives the same events with the same ids
/// from the same store, so a client may resume with <c>Last-Event-ID</c> on any replica.
/// </summary>
/// <param name="Json">The payload, serialized once (the SSE <c>data:</c> line and the webhook's <c>data</c>).</param>
public sealed record PushEvent(long Batch, int Seq, string Type, string Json)
{
    public string Id => Batch.ToString(CultureInfo.InvariantCulture) + "." + Seq.ToString(CultureInfo.InvariantCulture);

    public static bool TryParseId(string? text, out (long Batch, int Seq) id)
    {
        id = default;
        var dot = text?.IndexOf('.', StringComparison.Ordinal) ?? -1;
        return dot > 0
            && long.TryParse(text.AsSpan(0, dot), NumberStyles.None, CultureInfo.InvariantCulture, out id.Batch)
            && int.TryParse(text.AsSpan(dot + 1), NumberStyles.None, CultureInfo.InvariantCulture, out id.Seq);
    }

    public bool IsAfter((long Batch, int Seq) id) => Batch > id.Batch || (Batch == id.Batch && Seq > id.Seq);
}

/// <summary>The event types, as the stream names them and as <c>Webhooks:Subscribers:N:Events</c> selects them.</summary>
public static class PushEventTypes
{
    public const string Data = "data";
    public const string Warning = "warning";
    public const string Penalty = "penalty";
    public const string PlanProgress = "plan-progress";

    public static readonly IReadOnlyList<string> All = [Data, Warning, Penalty, PlanProgress];
}

/// <summary>
/// <c>data</c>: an import batch committed new records or versions. One entry per dataset it changed, with the time
/// range of the changed records; derived datasets (daily values, the city series, assessments, the audit) are
/// listed with the range they were recomputed for and <c>records</c> null.
/// </summary>
internal sealed record DataChangedEvent(long Batch, string Source, DateTimeOffset? RecordedAt, IReadOnlyList<DatasetChange> Datasets, string Imports);

/// <param name="Dataset">Id of the dataset in the data dictionary (<c>/data/{dataset}</c>).</param>
/// <param name="Records">New records and new versions of records in this batch; null for a recomputed derived dataset.</param>
/// <param name="From">First changed hour (ISO 8601, +08:00, label = end of the hour), day (yyyy-MM-dd) or period; null when the dataset has no time axis.</param>
/// <param name="To">Last changed hour, day or period.</param>
internal sealed record DatasetChange(string Dataset, int? Records, string? From, string? To, string Href);

/// <summary><c>warning</c>: an event of a heavy-pollution warning was published or corrected.</summary>
/// <param name="Change"><c>issued</c>, <c>changed</c> (upgrade, downgrade or a corrected version) or <c>lifted</c>.</param>
/// <param name="Event">The event as the warnings API names it: issue, upgrade, downgrade or lift.</param>
internal sealed record WarningChangedEvent(string WarningId, int Seq, int Version, string Change, string Event, string? Level,
    DateTimeOffset Time, DateTimeOffset? Until, string Area, string Href);

/// <summary><c>penalty</c>: a penalty decision was published (<c>version</c> 1) or corrected (a later version).</summary>
internal sealed record PenaltyChangedEvent(long Id, string DecisionNumber, int Version, string Change, string Party, string DecisionDate, string Href);

/// <summary><c>plan-progress</c>: a progress report on a plan target was recorded (<c>version</c> 1) or corrected.</summary>
internal sealed record PlanProgressChangedEvent(string TargetId, string Period, string ReportingBody, int Version, string Change,
    string? Value, bool? Done, string Href);

internal static class PushJson
{
    /// <summary>The API's JSON conventions: camelCase, readable Chinese and units, times with their offset.</summary>
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        Converters = { new IsoTimeConverter() },
    };

    public static string Serialize<T>(T value) => JsonSerializer.Serialize(value, Options);
}
