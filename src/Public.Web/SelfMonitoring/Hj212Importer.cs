using System.Globalization;
using System.Security.Cryptography;
using Public.Standards.Hj212;
using Public.Web.AirQuality.Import;
using Public.Web.Enterprises;
using Public.Web.Infrastructure;
using Public.Web.Infrastructure.Data;
using Public.Web.Infrastructure.Publication;

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
internal sealed class Hj212Importer(EnterpriseStore enterprises, Publisher publisher)
{
    /// <summary>The most a concentration in mg/m³ may plausibly be; above is a broken instrument or unit mix-up.</summary>
    public const decimal MaxConcentration = 100_000m;

    /// <summary>The O2 code (a19001, %), which must lie in 0–21.</summary>
    public const string Oxygen = "a19001";

    /// <summary>The import-log kind of a file import (the listener's packets are <see cref="Hj212Listener.BatchKind"/>).</summary>
    public const string BatchKind = "hj212";

    public Hj212ImportSummary Import(IEnumerable<string> inputs)
    {
        publisher.RefuseDemo("import real HJ 212 data into a separate database (--db PATH)");
        var files = ImportInputs.FilesOrRefuse(inputs);

        var outlets = enterprises.OutletsByMn();
        var problems = new List<ImportProblem>();
        int lines = 0, packets = 0, stored = 0, added = 0, versions = 0, unchanged = 0;
        foreach (var file in files)
        {
            var name = Path.GetFileName(file);
            publisher.Publish(BatchKind, publisher.Now(), batch =>
            {
            var assembler = new Hj212SplitAssembler();
            using var writer = new CemsWriter(batch.StoreConnection, batch.StoreTransaction, batch.StartedAt);
            // Checked packets are written a block at a time: one query for the current versions of a block's hours.
            var block = new List<(IReadOnlyList<CemsValue> Values, int? Line)>(RowAppender.BlockRows);
            void WriteBlock()
            {
                writer.WriteAll(block, name);
                block.Clear();
            }

            var lineNumber = 0;
            var fileLines = 0;
            foreach (var line in File.ReadLines(file))
            {
                lineNumber++;
                if (line.Length == 0)
                {
                    continue;
                }

                lines++;
                fileLines++;
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

                block.Add((values, lineNumber));
                if (block.Count == RowAppender.BlockRows)
                {
                    WriteBlock();
                }

                packets++;
                stored += values.Count;
            }

            if (assembler.PendingMessages > 0)
            {
                problems.Add(new ImportProblem(name, lineNumber, null, $"{assembler.PendingMessages} split message(s) incomplete at the end of the file (missing PNO parts); not stored"));
            }

            WriteBlock();
            writer.Flush();
            (added, versions, unchanged) = (added + writer.New, versions + writer.NewVersions, unchanged + writer.Unchanged);
            batch.AddFile(name, Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(file))), fileLines, "imported");
            batch.Count(1, fileLines, writer.New + writer.NewVersions, writer.New, writer.NewVersions, writer.Unchanged, 0);
            });
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
