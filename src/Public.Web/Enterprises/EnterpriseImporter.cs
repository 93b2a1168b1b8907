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
