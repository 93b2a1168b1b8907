using System.Globalization;
using System.Text;
using Public.Web.AirQuality.Stations;
using Public.Web.AirQuality.Store;
using Public.Web.Infrastructure;
using Public.Web.Infrastructure.Publication;

namespace Public.Web.AirQuality.Import;

public sealed record ImportOptions(bool KeepValid = false, string? ReportPath = null);

public sealed record ImportSummary(
    long? BatchId,
    int Files,
    int FilesRejected,
    int Rows,
    int RejectedRows,
    int ValuesStored,
    int NewRecords,
    int NewVersions,
    int Unchanged,
    IReadOnlyList<ImportProblem> Problems,
    string? ReportPath)
{
    public bool Clean => FilesRejected == 0 && RejectedRows == 0 && Problems.Count == 0;
}

/// <summary>The import cannot start at all (no input, a demo database...). Its message is for the user.</summary>
public sealed class ImportRefusedException(string message) : Exception(message);

/// <summary>
/// <c>import cnemc</c>: validates every file first, then writes all accepted files in one transaction
/// (so an interrupted import writes nothing). A file with any problem is rejected whole unless
/// <see cref="ImportOptions.KeepValid"/> is set, in which case only its bad rows are left out and listed in a
/// report file. Re-importing identical data adds nothing; a changed value adds a new version.
/// </summary>
internal sealed class CnemcImporter(AirQualityStore store, StationRegistry registry, Publisher publisher, TimeProvider time)
{
    public const string DemoMetaKey = Publisher.DemoMetaKey;

    public ImportSummary Import(IReadOnlyList<string> inputs, ImportOptions options, Action<string>? progress = null)
    {
        publisher.RefuseDemo("import real data into a separate database (--db PATH, created empty by the import)");

        var problems = new List<ImportProblem>();
        var files = ImportInputs.Expand(inputs, problems, ".csv");
        var missing = problems.Count;
        var accepted = new List<ParsedFile>();
        var rows = 0;
        var rejectedRows = 0;
        var filesRejected = missing;
        for (var i = 0; i < files.Count; i++)
        {
            var parsed = CnemcFileParser.Parse(files[i].Path, files[i].Name, registry, progress);
            rows += parsed.Rows;
            problems.AddRange(parsed.Problems);
            var rejectWhole = parsed.FatalProblem || (parsed.Problems.Count > 0 && !options.KeepValid);
            if (rejectWhole)
            {
                filesRejected++;
                rejectedRows += parsed.Rows;
            }
            else
            {
                rejectedRows += parsed.RejectedRows;
                accepted.Add(parsed);
            }

            progress?.Invoke($"[{i + 1}/{files.Count}] {parsed.Name}: {parsed.Rows:N0} rows, {parsed.StationHours.Count:N0} station-hours" +
                (parsed.Problems.Count > 0 ? $", {parsed.Problems.Count} problem(s){(rejectWhole ? " — file rejected" : " — bad rows left out")}" : ""));
        }

        var (batchId, valuesStored, newRecords, newVersions, unchanged) = Write(accepted, files.Count, rows, rejectedRows, filesRejected);

        string? reportPath = null;
        if (options.KeepValid && problems.Count > 0)
        {
            reportPath = options.ReportPath ?? $"import-report-{time.GetUtcNow():yyyyMMdd'T'HHmmss'Z'}.csv";
            WriteReport(reportPath, problems);
        }

        return new ImportSummary(batchId, files.Count + missing, filesRejected, rows, rejectedRows, valuesStored, newRecords, newVersions, unchanged, problems, reportPath);
    }

    private (long? BatchId, int ValuesStored, int NewRecords, int NewVersions, int Unchanged) Write(
        List<ParsedFile> accepted, int fileCount, int rows, int rejectedRows, int filesRejected)
    {
        if (accepted.Count == 0)
        {
            return (null, 0, 0, 0, 0);
        }

        return publisher.Publish("cnemc", publisher.Now(), batch => Write(batch, accepted, fileCount, rows, rejectedRows, filesRejected));
    }

    private (long? BatchId, int ValuesStored, int NewRecords, int NewVersions, int Unchanged) Write(
        PublicationBatch batch, List<ParsedFile> accepted, int fileCount, int rows, int rejectedRows, int filesRejected)
    {
        var (connection, transaction, batchId, now) = (batch.StoreConnection, batch.StoreTransaction, batch.Id, batch.StartedAt);
        int valuesStored = 0, newRecords = 0, newVersions = 0, unchanged = 0;
        DateOnly? minDay = null, maxDay = null;
        var current = new Dictionary<(string, long), StationHourRow>();
        // The days whose every stored hour is in `current` (read whole, then kept up to date with what is written): the
        // derived values of those days are computed from it instead of being read back from the store.
        var daysRead = new HashSet<DateOnly>();
        using (var writer = AirQualityStore.CreateHourWriter(connection, transaction))
        {
            foreach (var file in accepted)
            {
                if (file.StationHours.Count > 0)
                {
                    // The whole natural days of the file's hours (a daily file's hours are exactly its day).
                    var firstDay = ChinaTime.DayOfHourEnd(file.StationHours[0].HourEndUnix);
                    var lastDay = ChinaTime.DayOfHourEnd(file.StationHours[^1].HourEndUnix);
                    foreach (var row in store.CurrentHoursAllStations(ChinaTime.DayStart(firstDay), ChinaTime.DayStart(lastDay.AddDays(1)), connection, transaction))
                    {
                        current.TryAdd((row.Station, row.HourEndUnix), row);
                    }

                    for (var day = firstDay; day <= lastDay; day = day.AddDays(1))
                    {
                        daysRead.Add(day);
                    }
                }

                foreach (var record in file.StationHours)
                {
                    var key = (record.Station, record.HourEndUnix);
                    current.TryGetValue(key, out var previous);
                    if (previous is not null && previous.SameValues(record.Values))
                    {
                        unchanged++;
                        continue;
                    }

                    var version = (previous?.Version ?? 0) + 1;
                    var reason = previous is null ? null : $"re-published in {file.Name} line {record.Line}: {Diff(previous.Values, record.Values)}";
                    var row = new StationHourRow(record.Station, record.HourEndUnix, version, now, batchId, file.Name, record.Line, reason, record.Values);
                    writer.Write(row);
                    current[key] = row;
                    valuesStored += record.Values.Count(v => v is not null);
                    if (previous is null)
                    {
                        newRecords++;
                    }
                    else
                    {
                        newVersions++;
                    }

                    var day = ChinaTime.DayOfHourEnd(record.HourEndUnix);
                    minDay = minDay is null || day < minDay ? day : minDay;
                    maxDay = maxDay is null || day > maxDay ? day : maxDay;
                }

                batch.AddFile(file.Name, file.Sha256, file.Rows, file.Problems.Count == 0 ? "imported" : "imported-without-rejected-rows");
            }

            writer.Complete();
        }

        if (minDay is { } from && maxDay is { } to)
        {
            IEnumerable<StationHourRow>? latest = null;
            if (Enumerable.Range(0, to.DayNumber - from.DayNumber + 1).All(d => daysRead.Contains(from.AddDays(d))))
            {
                // Exactly the rows the store would give: the latest versions of the days, the values as stored, in its order.
                var (fromExclusive, toInclusive) = (ChinaTime.DayStart(from), ChinaTime.DayStart(to.AddDays(1)));
                latest = current.Values
                    .Where(r => r.HourEndUnix > fromExclusive && r.HourEndUnix <= toInclusive)
                    .OrderBy(r => r.Station, StringComparer.Ordinal).ThenBy(r => r.HourEndUnix)
                    .Select(r => r with { Values = AirQualityStore.AsStored(r.Values) })
                    .ToList();
            }

            Derivation.Rebuild(connection, transaction, store, registry, from, to, latest);
        }

        batch.Count(fileCount, rows, valuesStored, newRecords, newVersions, unchanged, rejectedRows, filesRejected == 0 && rejectedRows == 0 ? "ok" : "partial");
        return (batchId, valuesStored, newRecords, newVersions, unchanged);
    }

    private static string Diff(decimal?[] before, decimal?[] after)
    {
        var parts = new List<string>();
        for (var i = 0; i < before.Length; i++)
        {
            if (before[i] != after[i])
            {
                parts.Add($"{PublishedTypes.All[i].Code} {Show(before[i])} → {Show(after[i])}");
            }
        }

        return string.Join("; ", parts);

        static string Show(decimal? v) => v is { } d ? d.ToString(CultureInfo.InvariantCulture) : "blank";
    }

    private static void WriteReport(string path, List<ImportProblem> problems)
    {
        var dir = Path.GetDirectoryName(Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(dir))
        {
            Directory.CreateDirectory(dir);
        }

        var sb = new StringBuilder("file,line,column,reason\n");
        foreach (var p in problems)
        {
            sb.Append(Csv.Field(p.File)).Append(',').Append(p.Line.ToString(CultureInfo.InvariantCulture)).Append(',')
              .Append(Csv.Field(p.Column)).Append(',').Append(Csv.Field(p.Reason)).Append('\n');
        }

        File.WriteAllText(path, sb.ToString(), new UTF8Encoding(encoderShouldEmitUTF8Identifier: true));
    }
}
