using Public.Web.AirQuality.Import;
using Public.Web.Infrastructure;
using Public.Web.Infrastructure.Publication;

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
internal sealed class EnterpriseImporter(EnterpriseStore store, Publisher publisher)
{
    public const string BatchKind = "enterprises";

    public EnterpriseImportSummary Import(IEnumerable<string> inputs)
    {
        publisher.RefuseDemo("import real registry records into a separate database (--db PATH)");

        var files = ImportInputs.FilesOrRefuse(inputs, ".json", ".csv");

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

            int fileNew = 0, fileVersions = 0, fileUnchanged = 0;
            publisher.Publish(BatchKind, publisher.Now(), batch =>
            {
            foreach (var parsed in content.Enterprises)
            {
                switch (EnterpriseStore.Apply(batch.StoreConnection, batch.StoreTransaction, parsed.Enterprise, content.Name, parsed.Line, batch.Id, batch.StartedAt))
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

            batch.AddFile(content.Name, content.Sha256, content.Enterprises.Count, "imported");
            batch.Count(1, content.Enterprises.Count, fileNew + fileVersions, fileNew, fileVersions, fileUnchanged, 0);
            });
            (count, added, versions, unchanged) = (count + content.Enterprises.Count, added + fileNew, versions + fileVersions, unchanged + fileUnchanged);
        }

        return new EnterpriseImportSummary(files.Count, rejected, count, added, versions, unchanged, problems);
    }
}
