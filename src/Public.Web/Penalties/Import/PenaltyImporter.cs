using System.Data.Common;
using Public.Web.AirQuality.Import;
using Public.Web.Infrastructure;
using Public.Web.Infrastructure.Publication;
using Public.Web.Penalties.Store;

namespace Public.Web.Penalties.Import;

public sealed record PenaltyImportSummary(
    int Files,
    int FilesRejected,
    int Records,
    int NewDecisions,
    int NewVersions,
    int Unchanged,
    IReadOnlyList<ImportProblem> Problems)
{
    public bool Clean => FilesRejected == 0 && Problems.Count == 0;
}

/// <summary>
/// <c>import penalties</c>: each file is checked and written in its own transaction, so a file is imported whole
/// or not at all. Records are applied in file order against what is already published:
/// identical to a published version → unchanged; a new decision number → a new decision;
/// a published number with different content → a new version when the record gives a <c>correctionReason</c>,
/// otherwise an error (a silent change of a published decision is what we must never do).
/// </summary>
internal sealed class PenaltyImporter(Publisher publisher, TimeProvider time)
{
    public const string BatchKind = "penalties";

    public PenaltyImportSummary Import(IReadOnlyList<string> inputs, Action<string>? progress = null)
    {
        publisher.RefuseDemo("import real penalties into a separate database (--db PATH)");

        var problems = new List<ImportProblem>();
        var distinct = ImportInputs.CsvOrJson(inputs, problems);

        var t = FileByFile.Run(distinct, problems, progress, "record(s)", (path, name) =>
        {
            var file = PenaltyFileReader.Read(path, name);
            return (file, file.Records.Count, file.Problems);
        }, file => Write(file, problems));
        return new PenaltyImportSummary(t.Files, t.Rejected, t.Records, t.New, t.Versions, t.Unchanged, problems);
    }

    /// <summary>Validates and writes one file in one transaction; null (and nothing written) when it has any problem.</summary>
    private (int New, int Versions, int Unchanged)? Write(PenaltyFile file, List<ImportProblem> problems)
    {
        var today = ChinaTime.Today(time);
        var before = problems.Count;
        var parsed = new List<ParsedPenalty>();
        foreach (var raw in file.Records)
        {
            if (PenaltyValidator.Validate(raw, file.Name, today, problems) is { } p)
            {
                parsed.Add(p);
            }
        }

        if (problems.Count > before)
        {
            return null;
        }

        return publisher.PublishFile(BatchKind, file.Name, file.Sha256, file.Records.Count, problems, batch =>
        {
            int created = 0, versions = 0, unchanged = 0;
            foreach (var record in parsed)
            {
                switch (Apply(record, file.Name, batch.Id, batch.StartedAt, batch.StoreConnection, batch.StoreTransaction, problems))
                {
                    case Outcome.Created:
                        created++;
                        break;
                    case Outcome.NewVersion:
                        versions++;
                        break;
                    case Outcome.Unchanged:
                        unchanged++;
                        break;
                }
            }

            return (created, versions, unchanged);
        });
    }

    private enum Outcome
    {
        Created,
        NewVersion,
        Unchanged,
        Error,
    }

    private static Outcome Apply(ParsedPenalty record, string fileName, long batchId, string now, DbConnection connection, DbTransaction transaction, List<ImportProblem> problems)
    {
        var decision = record.Decision;
        var versions = PenaltyStore.VersionsOf(decision.DecisionNumber, connection, transaction);
        if (versions.Count == 0)
        {
            if (record.CorrectionReason is not null)
            {
                problems.Add(new ImportProblem(fileName, record.Line, "correctionReason",
                    $"decision {decision.DecisionNumber} has not been published before, so there is nothing to correct; import the original decision first"));
                return Outcome.Error;
            }

            var id = PenaltyStore.InsertDecision(connection, transaction, decision.DecisionNumber, now);
            PenaltyStore.InsertVersion(connection, transaction, new PenaltyVersionRow(id, 1, now, now, batchId, fileName, record.Line, null, null, decision));
            return Outcome.Created;
        }

        var current = versions[^1];
        // Re-importing a file already imported (the original or a correction) adds nothing.
        if (current.Decision == decision || versions.Any(v => v.Decision == decision && v.Reason == record.CorrectionReason))
        {
            return Outcome.Unchanged;
        }

        if (record.CorrectionReason is null)
        {
            var changes = decision.Differences(current.Decision);
            problems.Add(new ImportProblem(fileName, record.Line, "decisionNumber",
                $"duplicate decision number {decision.DecisionNumber} with different content (published as version {current.Version} from {current.Source}): " +
                string.Join("; ", changes.Select(c => $"{c.Field} {c.From ?? "blank"} → {c.To ?? "blank"}")) +
                ". To publish a correction, give a correctionReason (and correctionDate)"));
            return Outcome.Error;
        }

        PenaltyStore.InsertVersion(connection, transaction, new PenaltyVersionRow(current.PenaltyId, current.Version + 1, now, current.FirstRecordedAt,
            batchId, fileName, record.Line, record.CorrectionReason, record.CorrectionDate, decision));
        return Outcome.NewVersion;
    }
}
