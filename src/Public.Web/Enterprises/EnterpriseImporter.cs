using Public.Web.AirQuality.Import;
using Public.Web.Infrastructure;

namespace Public.Web.Enterprises;

internal sealed record EnterpriseImportSummary(int Files, int FilesRejected, int Enterprises, int New, int Replaced, IReadOnlyList<string> Problems)
{
    public bool Clean => Problems.Count == 0;
}

/// <summary>
/// <c>import enterprises</c>: JSON files of the key-polluter registry. A file with any problem is written not at
/// all; each good file is one transaction that bumps the data version.
/// </summary>
internal sealed class EnterpriseImporter(EnterpriseStore store, TimeProvider time)
{
    public EnterpriseImportSummary Import(IEnumerable<string> inputs)
    {
        var files = new List<string>();
        foreach (var input in inputs)
        {
            if (Directory.Exists(input))
            {
                files.AddRange(Directory.EnumerateFiles(input, "*.json").Order(StringComparer.Ordinal));
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

        var problems = new List<string>();
        int rejected = 0, count = 0, added = 0, replaced = 0;
        foreach (var file in files)
        {
            var before = problems.Count;
            var enterprises = EnterpriseFile.Read(file, problems);
            // An MN names one data logger: it must lead to one outlet across the file and the registry.
            var owners = store.OutletsByMn().ToDictionary(kv => kv.Key, kv => kv.Value.Enterprise.CreditCode, StringComparer.Ordinal);
            foreach (var (i, enterprise) in enterprises.Index())
            {
                foreach (var (j, outlet) in enterprise.Outlets.Index())
                {
                    if (outlet.Mn is null)
                    {
                        continue;
                    }

                    if (owners.TryGetValue(outlet.Mn, out var owner) && owner != enterprise.CreditCode)
                    {
                        problems.Add($"{Path.GetFileName(file)} [enterprises[{i}].outlets[{j}].mn]: MN {outlet.Mn} already belongs to an outlet of {owner}");
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
            foreach (var enterprise in enterprises)
            {
                if (EnterpriseStore.Upsert(connection, transaction, enterprise, Path.GetFileName(file), recordedAt))
                {
                    added++;
                }
                else
                {
                    replaced++;
                }
            }

            store.Database.BumpDataVersion(connection, transaction);
            transaction.Commit();
            count += enterprises.Count;
        }

        return new EnterpriseImportSummary(files.Count, rejected, count, added, replaced, problems);
    }
}
