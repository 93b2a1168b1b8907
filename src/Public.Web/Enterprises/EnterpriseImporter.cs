using Public.Web.AirQuality.Import;
using Public.Web.AirQuality.Store;
using Public.Web.Infrastructure;

namespace Public.Web.Enterprises;

internal sealed record EnterpriseImportSummary(int Files, int FilesRejected, int Enterprises, int New, int NewVersions, int Unchanged, IReadOnlyList<ImportProblem> Problems)
{
    public bool Clean => Problems.Count == 0;
}

/// <summary>
/// <c>import enterprises</c>: JSON or CSV files of the key-polluter registry. A file with any problem is written not
/// at all; each good file is one import batch in one transaction that bumps the data version. Each enterprise is
/// new (version 1), changed (a new version whose reason names the changed fields) or identical (nothing added).
/// </summary>
internal sealed class EnterpriseImporter(EnterpriseStore store, TimeProvider time)
{
    public const string BatchKind = "enterprises";

    public EnterpriseImportSummary Import(IEnumerable<string> inputs)
    {
        if (store.Database.GetMeta(Public.Web.AirQuality.Import.CnemcImporter.DemoMetaKey) == "1")
        {
            throw new Public.Web.AirQuality.Import.ImportRefusedException(
                $"the database {store.Database.FullPath} holds generated demo data; import real registry records into a separate database (--db PATH)");
        }

        var files = new List<string>();
        foreach (var input in inputs)
        {
            if (Directory.Exists(input))
            {
                files.AddRange(Directory.EnumerateFiles(input)
                    .Where(f => f.EndsWith(".json", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".csv", StringComparison.OrdinalIgnoreCase))
                    .Order(StringComparer.Ordinal));
            }
            else if (File.Exists(input))
            {
                files.Add(input);
            }
            else
            {
                throw new ImportRefusedException($"'{input}' is neither a file nor a folder");
            }
        }

        var problems = new List<ImportProblem>();
        int rejected = 0, count = 0, added = 0, versions = 0, unchanged = 0;
        foreach (var file in files)
        {
            var content = EnterpriseFile.Read(file);
            var before = problems.Count;
            problems.AddRange(content.Problems);
            // An MN names one data logger: it must lead to one outlet across the file and the registry.
            var owners = store.OutletsByMn().ToDictionary(kv => kv.Key, kv => kv.Value.Enterprise.CreditCode, StringComparer.Ordinal);
            foreach (var parsed in content.Enterprises)
            {
                var enterprise = parsed.Enterprise;
                foreach (var (j, outlet) in enterprise.Outlets.Index())
                {
                    if (outlet.Mn is null)
                    {
                        continue;
                    }

                    if (owners.TryGetValue(outlet.Mn, out var owner) && owner != enterprise.CreditCode)
                    {
                        var (line, column) = parsed.Locate($"outlets[{j}].mn");
                        problems.Add(new ImportProblem(content.Name, line, column, $"MN {outlet.Mn} already belongs to an outlet of {owner}"));
                    }

                    owners[outlet.Mn] = enterprise.CreditCode;
                }
            }

            if (problems.Count > before)
            {
                rejected++;
                continue;
            }

            var recordedAt = ChinaTime.IsoUtc(time.GetUtcNow());
            using var connection = store.Database.Open();
            using var transaction = connection.BeginTransaction();
            var batchId = AirQualityStore.BeginBatch(connection, transaction, BatchKind, recordedAt);
            int fileNew = 0, fileVersions = 0, fileUnchanged = 0;
            foreach (var parsed in content.Enterprises)
            {
                switch (EnterpriseStore.Apply(connection, transaction, parsed.Enterprise, content.Name, parsed.Line, batchId, recordedAt))
                {
                    case EnterpriseWriteOutcome.New:
                        fileNew++;
                        break;
                    case EnterpriseWriteOutcome.NewVersion:
                        fileVersions++;
                        break;
                    default:
                        fileUnchanged++;
                        break;
                }
            }

            AirQualityStore.AddBatchFile(connection, transaction, batchId, content.Name, content.Sha256, content.Enterprises.Count, "imported");
            AirQualityStore.FinishBatch(connection, transaction, new ImportBatchRow(batchId, BatchKind, recordedAt, ChinaTime.IsoUtc(time.GetUtcNow()),
                1, content.Enterprises.Count, fileNew + fileVersions, fileNew, fileVersions, fileUnchanged, 0, "ok"));
            store.Database.BumpDataVersion(connection, transaction);
            transaction.Commit();
            (count, added, versions, unchanged) = (count + content.Enterprises.Count, added + fileNew, versions + fileVersions, unchanged + fileUnchanged);
        }

        return new EnterpriseImportSummary(files.Count, rejected, count, added, versions, unchanged, problems);
    }
}
