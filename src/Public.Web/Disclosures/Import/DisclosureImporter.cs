using System.Data.Common;
using Public.Web.AirQuality.Import;
using Public.Web.Enterprises;
using Public.Web.Infrastructure;
using Public.Web.Infrastructure.Publication;

namespace Public.Web.Disclosures.Import;

public sealed record DisclosureImportSummary(
    string What,
    int Files,
    int FilesRejected,
    int Records,
    int New,
    int NewVersions,
    int Unchanged,
    IReadOnlyList<ImportProblem> Problems)
{
    public bool Clean => FilesRejected == 0 && Problems.Count == 0;
}

/// <summary>
/// <c>import disclosures</c> and <c>import statements</c>, as <c>import penalties</c>: each file is checked and written in
/// its own transaction (whole or not at all); a record identical to its published version is unchanged; a new id is a new
/// record; a published id with different content is a new version only with a <c>correctionReason</c>, otherwise an error.
/// A database holding demo data refuses imports.
/// </summary>
internal sealed class DisclosureImporter(EnterpriseStore enterprises, Publisher publisher, TimeProvider time)
{
    public const string DisclosureBatchKind = "disclosures";
    public const string StatementBatchKind = "statements";

    public DisclosureImportSummary ImportDisclosures(IReadOnlyList<string> inputs, Action<string>? progress = null) =>
        Import(inputs, progress, "disclosures", DisclosureValidator.DisclosureFormat, DisclosureBatchKind,
            DisclosureValidator.ValidateDisclosure, DisclosureStore.DisclosureVersions, DisclosureStore.InsertVersion, statement: false);

    public DisclosureImportSummary ImportStatements(IReadOnlyList<string> inputs, Action<string>? progress = null) =>
        Import(inputs, progress, "statements", DisclosureValidator.StatementFormat, StatementBatchKind,
            DisclosureValidator.ValidateStatement, DisclosureStore.StatementVersions, DisclosureStore.InsertVersion, statement: true);

    private delegate Parsed<T>? Validator<T>(RawRecord raw, string file, DateOnly today, Func<string, Enterprise?> registry, HashSet<string> seen, List<ImportProblem> problems);

    private DisclosureImportSummary Import<T>(IReadOnlyList<string> inputs, Action<string>? progress, string what, RecordFormat format, string batchKind,
        Validator<T> validate, Func<string, DbConnection, DbTransaction, List<StoredVersion<T>>> versionsOf,
        Action<DbConnection, DbTransaction, StoredVersion<T>> insert, bool statement)
        where T : class
    {
        publisher.RefuseDemo($"import real {what} into a separate database (--db PATH)");

        var problems = new List<ImportProblem>();
        var distinct = ImportInputs.CsvOrJson(inputs, problems);

        var cache = new Dictionary<string, Enterprise?>(StringComparer.Ordinal);
        Enterprise? Registry(string code)
        {
            if (!cache.TryGetValue(code, out var e))
            {
                e = enterprises.Get(code);
                cache[code] = e;
            }

            return e;
        }

        var t = FileByFile.Run(distinct, problems, progress, "record(s)", (path, name) =>
        {
            var file = RecordFileReader.Read(path, name, format);
            return (file, file.Records.Count, file.Problems);
        }, file => Write(file, problems, batchKind, validate, Registry, versionsOf, insert, statement));
        return new DisclosureImportSummary(what, t.Files, t.Rejected, t.Records, t.New, t.Versions, t.Unchanged, problems);
    }

    private (int New, int Versions, int Unchanged)? Write<T>(RecordFile file, List<ImportProblem> problems, string batchKind, Validator<T> validate,
        Func<string, Enterprise?> registry, Func<string, DbConnection, DbTransaction, List<StoredVersion<T>>> versionsOf,
        Action<DbConnection, DbTransaction, StoredVersion<T>> insert, bool statement)
        where T : class
    {
        var today = ChinaTime.Today(time);
        var before = problems.Count;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var parsed = new List<Parsed<T>>();
        foreach (var raw in file.Records)
        {
            if (validate(raw, file.Name, today, registry, seen, problems) is { } p)
            {
                parsed.Add(p);
            }
        }

        if (problems.Count > before)
        {
            return null;
        }

        return publisher.PublishFile(batchKind, file.Name, file.Sha256, file.Records.Count, problems, batch =>
        {
        var (connection, transaction, batchId, now) = (batch.StoreConnection, batch.StoreTransaction, batch.Id, batch.StartedAt);
        int created = 0, versions = 0, unchanged = 0;
        foreach (var record in parsed)
        {
            var id = Id(record.Record);
            var existing = versionsOf(id, connection, transaction);
            if (existing.Count == 0)
            {
                if (record.CorrectionReason is not null)
                {
                    problems.Add(new ImportProblem(file.Name, record.Line, "correctionReason",
                        $"{id} has not been published before, so there is nothing to correct; import the original first"));
                    continue;
                }

                var rowId = DisclosureStore.InsertRecord(connection, transaction, statement, id, now);
                insert(connection, transaction, new StoredVersion<T>(rowId, 1, now, now, batchId, file.Name, record.Line, null, record.Record));
                created++;
                continue;
            }

            var current = existing[^1];
            if (current.Record.Equals(record.Record) || existing.Any(v => v.Record.Equals(record.Record) && v.Reason == record.CorrectionReason))
            {
                unchanged++;
                continue;
            }

            if (record.CorrectionReason is null)
            {
                problems.Add(new ImportProblem(file.Name, record.Line, "id",
                    $"{id} is already published (version {current.Version}, from {current.Source}) with different content: {Differences(current.Record, record.Record)}. " +
                    "To publish a correction, give a correctionReason"));
                continue;
            }

            insert(connection, transaction, new StoredVersion<T>(current.RowId, current.Version + 1, now, current.FirstRecordedAt, batchId, file.Name, record.Line,
                record.CorrectionReason, record.Record));
            versions++;
        }

        return (created, versions, unchanged);
        });
    }

    private static string Id<T>(T record) => record switch
    {
        Disclosure d => d.Id,
        Statement s => s.Id,
        _ => throw new ArgumentException("unknown record type", nameof(record)),
    };

    /// <summary>The fields that differ, as "field old → new".</summary>
    private static string Differences<T>(T from, T to)
    {
        var changes = typeof(T).GetProperties()
            .Select(p => (p.Name, Old: p.GetValue(from), New: p.GetValue(to)))
            .Where(x => !Equals(x.Old, x.New))
            .Select(x => $"{x.Name} {Show(x.Old)} → {Show(x.New)}");
        return string.Join("; ", changes);
    }

    private static string Show(object? value) => value switch
    {
        null => "blank",
        DateOnly d => d.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "blank",
    };
}
