using System.Globalization;
using Public.Standards.Hj212;
using Public.Web.AirQuality.Import;
using Public.Web.Enterprises;
using Public.Web.Infrastructure;

namespace Public.Web.SelfMonitoring;

internal sealed record Hj212ImportSummary(int Files, int Lines, int Packets, int ValuesStored, int NewValues, int NewVersions, int Unchanged, IReadOnlyList<ImportProblem> Problems)
{
    public bool Clean => Problems.Count == 0;
}

/// <summary>
/// <c>import hj212</c>: captured HJ 212-2017 packets, one per line. Each line stands alone: a bad line (bad length,
/// bad CRC, unknown MN, bad timestamp, a value out of range, a command other than hourly data 2061) is reported
/// as <c>file:line: reason</c> and skipped, and the valid packets around it are stored. Split packets are joined
/// (PNUM/PNO) before storing. A value resent for a stored hour with a different value or flag is a new version
/// (<see cref="CemsWriter"/>); an identical resend adds nothing. Each file is one transaction that bumps the data version.
/// </summary>
internal sealed class Hj212Importer(CemsStore store, EnterpriseStore enterprises, TimeProvider time)
{
    /// <summary>The most a concentration in mg/m³ may plausibly be; above is a broken instrument or unit mix-up.</summary>
    public const decimal MaxConcentration = 100_000m;

    /// <summary>The O2 code (a19001, %), which must lie in 0–21.</summary>
    public const string Oxygen = "a19001";

    public Hj212ImportSummary Import(IEnumerable<string> inputs)
    {
        if (store.Database.GetMeta(Public.Web.AirQuality.Import.CnemcImporter.DemoMetaKey) == "1")
        {
            throw new Public.Web.AirQuality.Import.ImportRefusedException(
                $"the database {store.Database.FullPath} holds generated demo data; import real HJ 212 data into a separate database (--db PATH)");
        }

        var files = new List<string>();
        foreach (var input in inputs)
        {
            if (Directory.Exists(input))
            {
                files.AddRange(Directory.EnumerateFiles(input).Order(StringComparer.Ordinal));
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

        var outlets = enterprises.OutletsByMn();
        var problems = new List<ImportProblem>();
        int lines = 0, packets = 0, stored = 0, added = 0, versions = 0, unchanged = 0;
        foreach (var file in files)
        {
            var name = Path.GetFileName(file);
            var assembler = new Hj212SplitAssembler();
            using var connection = store.Database.Open();
            using var transaction = connection.BeginTransaction();
            using var writer = new CemsWriter(connection, transaction, ChinaTime.IsoUtc(time.GetUtcNow()));
            var lineNumber = 0;
            foreach (var line in File.ReadLines(file))
            {
                lineNumber++;
                if (line.Length == 0)
                {
                    continue;
                }

                lines++;
                var result = Hj212Codec.Parse(line);
                if (result.Error is { } error)
                {
                    problems.Add(new ImportProblem(name, lineNumber, null, error.Message));
                    continue;
                }

                Hj212Packet? packet;
                try
                {
                    packet = assembler.Add(result.Packet!);
                }
                catch (Hj212FormatException e)
                {
                    problems.Add(new ImportProblem(name, lineNumber, null, "split packet: " + e.Message));
                    continue;
                }

                if (packet is null)
                {
                    continue;
                }

                var values = Check(packet, outlets, out var reason, out var field);
                if (values is null)
                {
                    problems.Add(new ImportProblem(name, lineNumber, field, reason));
                    continue;
                }

                writer.Write(values, name, lineNumber);

                packets++;
                stored += values.Count;
            }

            if (assembler.PendingMessages > 0)
            {
                problems.Add(new ImportProblem(name, lineNumber, null, $"{assembler.PendingMessages} split message(s) incomplete at the end of the file (missing PNO parts); not stored"));
            }

            (added, versions, unchanged) = (added + writer.New, versions + writer.NewVersions, unchanged + writer.Unchanged);
            store.Database.BumpDataVersion(connection, transaction);
            transaction.Commit();
        }

        return new Hj212ImportSummary(files.Count, lines, packets, stored, added, versions, unchanged, problems);
    }

    /// <summary>The values a packet stores, or null and why it is refused (and the field at fault, e.g. MN, DataTime or a pollutant code).</summary>
    public static List<CemsValue>? Check(Hj212Packet packet, IReadOnlyDictionary<string, (Enterprise Enterprise, Outlet Outlet)> outlets, out string reason) =>
        Check(packet, outlets, out reason, out _);

    /// <inheritdoc cref="Check(Hj212Packet, IReadOnlyDictionary{string, ValueTuple{Enterprise, Outlet}}, out string)"/>
    public static List<CemsValue>? Check(Hj212Packet packet, IReadOnlyDictionary<string, (Enterprise Enterprise, Outlet Outlet)> outlets, out string reason, out string? field)
    {
        reason = "";
        field = null;
        if (packet.Cn != Hj212Commands.HourlyData)
        {
            reason = $"CN {packet.Cn} is not stored: only hourly data (CN 2061) is";
            field = "CN";
            return null;
        }

        if (!outlets.ContainsKey(packet.Mn))
        {
            reason = $"unknown MN {packet.Mn}: no outlet in the registry has this device ID";
            field = "MN";
            return null;
        }

        if (packet.Cp.DataTime is not { } time)
        {
            reason = "missing DataTime in the data area";
            field = "DataTime";
            return null;
        }

        var values = new List<CemsValue>();
        foreach (var m in packet.Cp.Measurements)
        {
            if ((m.Avg ?? m.Rtd) is not { } value)
            {
                continue;
            }

            var max = m.Code == Oxygen ? 21m : MaxConcentration;
            foreach (var v in new[] { value, m.Min, m.Max })
            {
                if (v is { } x && (x < 0 || x > max))
                {
                    reason = string.Create(CultureInfo.InvariantCulture, $"value out of range: {m.Code} {x} (allowed 0-{max})");
                    field = m.Code;
                    return null;
                }
            }

            values.Add(new CemsValue(packet.Mn, m.Code, time, value, m.Min, m.Max, m.Flag?.ToLetter().ToString()));
        }

        if (values.Count == 0)
        {
            reason = "no -Avg or -Rtd value in the data area";
            return null;
        }

        return values;
    }
}
