using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Public.Standards.Hj212;
using Public.Web.Enterprises;
using Public.Web.Infrastructure.Publication;

namespace Public.Web.SelfMonitoring;

/// <summary>
/// A TCP server that CEMS data loggers push HJ 212-2017 packets to (off unless <c>Hj212:Port</c> is set; 0 picks
/// a free port). Packets are framed by their own header and length, so several in one read and one split over
/// many reads both work; a malformed packet is logged with its reason, counted and skipped, and the stream
/// resynchronises at the next <c>##</c>. Valid hourly data are stored like <c>import hj212</c> (a changed resend
/// is a new version, an identical one adds nothing); a packet whose
/// Flag asks for it is answered (9014 for data, 9011 for requests). Nothing a client sends ends the listener.
/// </summary>
internal sealed class Hj212Listener(IConfiguration configuration, Publisher publisher, EnterpriseStore enterprises, TimeProvider time, ILogger<Hj212Listener> logger) : BackgroundService
{
    /// <summary>The import-log kind of a packet received over TCP (one batch per stored packet).</summary>
    public const string BatchKind = "hj212-tcp";

    private const int MaxFrame = 2 + 4 + Hj212Packet.MaxDataSegmentLength + 4 + 2;

    private readonly TaskCompletionSource<int> _bound = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _packetsStored;
    private long _rejected;
    private long _replies;
    private readonly Lock _outletsLock = new();
    private Dictionary<string, (Enterprise Enterprise, Outlet Outlet)>? _outlets;
    private long _outletsLoadedAt;

    /// <summary>How long the MN → outlet map is reused before it is read from the registry again.</summary>
    private static readonly TimeSpan OutletsMaxAge = TimeSpan.FromSeconds(5);

    /// <summary>The port listened on, once listening (for tests and logs).</summary>
    public Task<int> BoundPort => _bound.Task;

    public long PacketsStored => Interlocked.Read(ref _packetsStored);

    /// <summary>Malformed or refused packets (and discarded bytes between packets).</summary>
    public long Rejected => Interlocked.Read(ref _rejected);

    public long Replies => Interlocked.Read(ref _replies);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (configuration["Hj212:Port"] is not { Length: > 0 } portText)
        {
            return;
        }

        if (!int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port > 65535)
        {
            logger.LogError("Hj212:Port '{Port}' is not a TCP port; the HJ 212 listener is off", portText);
            return;
        }

        var address = configuration["Hj212:Address"] is { Length: > 0 } a ? IPAddress.Parse(a) : IPAddress.Any;
        using var listener = new TcpListener(address, port);
        listener.Start();
        var bound = ((IPEndPoint)listener.LocalEndpoint).Port;
        _bound.TrySetResult(bound);
        if (logger.IsEnabled(LogLevel.Information))
        {
            logger.LogInformation("HJ 212 listener on {Address}:{Port}", address, bound);
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await listener.AcceptTcpClientAsync(stoppingToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }
            catch (SocketException e)
            {
                logger.LogWarning(e, "HJ 212 listener: accept failed");
                continue;
            }

            _ = Task.Run(() => ServeAsync(client, stoppingToken), CancellationToken.None);
        }
    }

    private async Task ServeAsync(TcpClient client, CancellationToken stoppingToken)
    {
        var remote = client.Client.RemoteEndPoint?.ToString() ?? "?";
        try
        {
            using (client)
            {
                var stream = client.GetStream();
                var buffer = new byte[MaxFrame * 4];
                var count = 0;
                var assembler = new Hj212SplitAssembler();
                var resyncing = false;
                while (!stoppingToken.IsCancellationRequested)
                {
                    if (count == buffer.Length)
                    {
                        // Cannot happen with the framing below (a frame is at most MaxFrame); kept as a guard.
                        Reject(remote, "receive buffer full without a packet; discarded");
                        count = 0;
                    }

                    var read = await stream.ReadAsync(buffer.AsMemory(count), stoppingToken);
                    if (read == 0)
                    {
                        break;
                    }

                    count += read;
                    var consumed = 0;
                    while (NextFrame(buffer, consumed, count, remote, ref resyncing, out var frameStart, out var frameLength) is var next && next >= 0)
                    {
                        if (frameLength > 0)
                        {
                            var reply = Handle(Encoding.Latin1.GetString(buffer, frameStart, frameLength), remote, assembler);
                            if (reply is not null)
                            {
                                await stream.WriteAsync(Encoding.ASCII.GetBytes(reply), stoppingToken);
                                Interlocked.Increment(ref _replies);
                            }
                        }

                        consumed = next;
                    }

                    Buffer.BlockCopy(buffer, consumed, buffer, 0, count - consumed);
                    count -= consumed;
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (Exception e) when (e is IOException or SocketException)
        {
            if (logger.IsEnabled(LogLevel.Information))
            {
                logger.LogInformation("HJ 212 listener: connection {Remote} ended: {Message}", remote, e.Message);
            }
        }
#pragma warning disable CA1031 // A connection's failure must never end the listener; it is logged.
        catch (Exception e)
#pragma warning restore CA1031
        {
            logger.LogError(e, "HJ 212 listener: connection {Remote} failed", remote);
        }
    }

    /// <summary>
    /// Finds the next frame in buffer[from..count): returns the index after what was consumed (a frame, or bytes
    /// discarded while resynchronising, then frameLength 0), or -1 when more bytes are needed.
    /// </summary>
    /// <remarks>Bytes skipped after a rejected header belong to that packet and are not counted again (<paramref name="resyncing"/>).</remarks>
    private int NextFrame(byte[] buffer, int from, int count, string remote, ref bool resyncing, out int frameStart, out int frameLength)
    {
        frameStart = 0;
        frameLength = 0;
        var start = -1;
        for (var i = from; i + 1 < count; i++)
        {
            if (buffer[i] == '#' && buffer[i + 1] == '#')
            {
                start = i;
                break;
            }
        }

        if (start < 0)
        {
            // Keep a last '#' that may begin a header; anything else is not a packet.
            var keep = count > from && buffer[count - 1] == '#' ? 1 : 0;
            var garbage = count - from - keep;
            if (garbage > 0 && !resyncing && !IsWhitespace(buffer, from, count - keep))
            {
                Reject(remote, $"{garbage} byte(s) outside any packet (no '##' header) discarded");
                resyncing = true;
            }

            return garbage > 0 ? count - keep : -1;
        }

        if (start > from)
        {
            if (!resyncing && !IsWhitespace(buffer, from, start))
            {
                Reject(remote, $"{start - from} byte(s) before the '##' header discarded");
            }

            return start;
        }

        if (count - start < 6)
        {
            return -1;
        }

        var length = 0;
        for (var i = start + 2; i < start + 6; i++)
        {
            if (buffer[i] is < (byte)'0' or > (byte)'9')
            {
                Reject(remote, $"bad length: '{Encoding.Latin1.GetString(buffer, start + 2, 4)}' is not a 4-digit decimal data-segment length");
                resyncing = true;
                return start + 2;
            }

            length = (length * 10) + (buffer[i] - '0');
        }

        if (length > Hj212Packet.MaxDataSegmentLength)
        {
            Reject(remote, $"bad length: {length} is over the limit of {Hj212Packet.MaxDataSegmentLength}");
            resyncing = true;
            return start + 2;
        }

        var total = 6 + length + 4 + 2;
        if (count - start < total)
        {
            return -1;
        }

        if (buffer[start + total - 2] != '\r' || buffer[start + total - 1] != '\n')
        {
            Reject(remote, $"bad length or trailer: no CR LF where the declared length {length:D4} ends the packet");
            resyncing = true;
            return start + 2;
        }

        resyncing = false;
        frameStart = start;
        frameLength = total;
        return start + total;
    }

    private static bool IsWhitespace(byte[] buffer, int from, int to)
    {
        for (var i = from; i < to; i++)
        {
            if (buffer[i] is not ((byte)'\r' or (byte)'\n' or (byte)' '))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Parses, stores and answers one framed packet; returns the reply text or null.</summary>
    private string? Handle(string text, string remote, Hj212SplitAssembler assembler)
    {
        var result = Hj212Codec.Parse(text);
        if (result.Error is { } error)
        {
            Reject(remote, error.Message);
            return null;
        }

        var packet = result.Packet!;
        Hj212Packet? whole;
        try
        {
            whole = assembler.Add(packet);
        }
        catch (Hj212FormatException e)
        {
            Reject(remote, "split packet: " + e.Message);
            return null;
        }

        if (whole is not null)
        {
            var values = Hj212Importer.Check(whole, Outlets(whole.Mn), out var reason);
            if (values is null)
            {
                Reject(remote, reason);
                return null;
            }

            // One packet, one batch: the packet is published (and logged) the moment it is acknowledged.
            publisher.Publish(BatchKind, publisher.Now(), batch =>
            {
                // One row per publication: a prepared INSERT, a COPY would not pay for itself.
                using var writer = new CemsWriter(batch.StoreConnection, batch.StoreTransaction, batch.StartedAt, copy: false);
                writer.Write(values, "tcp " + remote, null);
                writer.Flush();
                batch.Count(0, 1, values.Count, writer.New, writer.NewVersions, writer.Unchanged, 0);
            });
            Interlocked.Increment(ref _packetsStored);
        }

        return Hj212Replies.For(packet) is { } reply ? Hj212Codec.Format(reply) : null;
    }

    /// <summary>
    /// The registry's outlets by MN, read at most every <see cref="OutletsMaxAge"/> (not once per packet), and again at
    /// once (at most once a second) when a packet names an MN the map does not know, so a newly imported outlet is found.
    /// </summary>
    private Dictionary<string, (Enterprise Enterprise, Outlet Outlet)> Outlets(string mn)
    {
        lock (_outletsLock)
        {
            var age = time.GetElapsedTime(_outletsLoadedAt);
            if (_outlets is null || age > OutletsMaxAge || (!_outlets.ContainsKey(mn) && age > TimeSpan.FromSeconds(1)))
            {
                _outlets = enterprises.OutletsByMn();
                _outletsLoadedAt = time.GetTimestamp();
            }

            return _outlets;
        }
    }

    private void Reject(string remote, string reason)
    {
        Interlocked.Increment(ref _rejected);
        logger.LogWarning("HJ 212 packet from {Remote} rejected: {Reason}", remote, reason);
    }
}
