using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Public.Web.Infrastructure;

/// <summary>
/// Writes times as ISO 8601 with their offset (<c>2019-01-01T01:00:00+08:00</c>) and UTC times with
/// <c>Z</c> (<c>2018-12-31T17:00:00Z</c>), which is how most tools expect UTC to look.
/// </summary>
public sealed class IsoTimeConverter : JsonConverter<DateTimeOffset>
{
    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        DateTimeOffset.Parse(reader.GetString()!, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind);

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
        writer.WriteStringValue(Format(value));

    public static string Format(DateTimeOffset value) => value.Offset == TimeSpan.Zero
        ? value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture)
        : value.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFFzzz", CultureInfo.InvariantCulture);
}
