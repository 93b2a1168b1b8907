using Public.Web.AirQuality.Import;
using Public.Web.Infrastructure;

namespace Public.Web.Penalties.Import;

/// <summary>One record of an import file: its fields by name (blank = absent) and the line it starts on.</summary>
internal sealed record RawPenalty(int Line, IReadOnlyDictionary<string, string> Fields);

internal sealed record PenaltyFile(string Name, string Sha256, IReadOnlyList<RawPenalty> Records, IReadOnlyList<ImportProblem> Problems);

/// <summary>
/// Reads a penalties file into named fields with the shared <see cref="RecordFileReader"/>: CSV (RFC 4180, header of
/// field names) or JSON (an array of objects, or <c>{"penalties": [...]}</c>), chosen by the extension; UTF-8 with or
/// without BOM. Checks the shape only (names, encoding, syntax); the meaning is checked by <see cref="PenaltyValidator"/>.
/// </summary>
internal static class PenaltyFileReader
{
    private static readonly RecordFormat Format = new("penalty", "penalties", PenaltyFormat.AllFields, PenaltyFormat.RequiredFields, ListsAllowed: false);

    public static PenaltyFile Read(string path, string name)
    {
        var file = RecordFileReader.Read(path, name, Format);
        return new PenaltyFile(file.Name, file.Sha256, file.Records.Select(r => new RawPenalty(r.Line, r.Fields)).ToList(), file.Problems);
    }
}
