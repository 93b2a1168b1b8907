using System.Globalization;
using System.Net;
using System.Text;
using System.Threading.Channels;
using Public.Web.Infrastructure;
using Public.Web.Infrastructure.Data;
using Public.Web.Serving;

namespace Public.Web.Transparency;

/// <summary>One configured witness: its cosigner key (type 0x04) and its C2SP tlog-witness add-checkpoint URL.</summary>
internal sealed record Witness(NoteVerifier Key, string VerifierKey, Uri AddCheckpointUrl)
{
    public string Name => Key.Name;

    public string KeyIdHex => Key.KeyId.ToString("x8", CultureInfo.InvariantCulture);
}

/// <summary>
/// <c>Log:Witnesses</c>: a list, each with <c>VerifierKey</c> (<c>name+keyid+base64(0x04 ‖ Ed25519 public key)</c>) and
/// <c>AddCheckpointUrl</c> (the witness's <c>&lt;submission prefix&gt;/add-checkpoint</c>). <c>Log:WitnessRetrySeconds</c>
/// (default 60 s) is how often a witness that did not cosign the latest checkpoint is tried again,
/// <c>Log:WitnessTimeoutSeconds</c> (default 10 s) how long one request may take.
/// </summary>
internal sealed class WitnessOptions
{
    public const string Section = "Log:Witnesses";

    public required IReadOnlyList<Witness> Witnesses { get; init; }

    public TimeSpan Retry { get; init; } = TimeSpan.FromSeconds(60);

    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Reads and checks the configuration; the error names the setting that is wrong.</summary>
    public static WitnessOptions Load(IConfiguration configuration)
    {
        var witnesses = new List<Witness>();
        foreach (var entry in configuration.GetSection(Section).GetChildren())
        {
            var where = $"{Section}:{entry.Key}";
            var vkey = entry["VerifierKey"];
            if (string.IsNullOrWhiteSpace(vkey))
            {
                throw new InvalidOperationException($"{where}:VerifierKey is missing: the witness's verifier key, name+keyid+base64(0x04 ‖ Ed25519 public key)");
            }

            NoteVerifier key;
            try
            {
                key = NoteVerifier.Parse(vkey, Cosignature.Ed25519CosignerAlgorithm);
            }
            catch (FormatException e)
            {
                throw new InvalidOperationException($"{where}:VerifierKey: {e.Message}", e);
            }

            if (!Uri.TryCreate(entry["AddCheckpointUrl"], UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttps && url.Scheme != Uri.UriSchemeHttp))
            {
                throw new InvalidOperationException($"{where}:AddCheckpointUrl must be the witness's absolute http(s) add-checkpoint URL, not '{entry["AddCheckpointUrl"]}'");
            }

            if (witnesses.Any(w => w.Name == key.Name && w.Key.KeyId == key.KeyId))
            {
                throw new InvalidOperationException($"{where}: witness {key.Name} ({key.KeyId:x8}) is listed twice");
            }

            witnesses.Add(new Witness(key, vkey.Trim(), url));
        }

        return new WitnessOptions
        {
            Witnesses = witnesses,
            Retry = TimeSpan.FromSeconds(Seconds(configuration, "Log:WitnessRetrySeconds", 60)),
            Timeout = TimeSpan.FromSeconds(Seconds(configuration, "Log:WitnessTimeoutSeconds", 10)),
        };
    }

    private static double Seconds(IConfiguration configuration, string key, double fallback) =>
        configuration[key] is not { Length: > 0 } text ? fallback
        : double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var s) && s > 0 ? s
        : throw new InvalidOperationException($"{key} must be a number of seconds above 0, not '{text}'");
}

/// <summary>A stored, verified cosignature (the latest of one witness, for the page and the API).</summary>
internal sealed record StoredCosignature(string Witness, string KeyId, long TreeSize, long Timestamp, string Line, string ReceivedAt);

/// <summary>The SQL of <c>log_cosignatures</c> (schema in <see cref="LogStore.SchemaSql"/>).</summary>
internal sealed class WitnessStore(Database database)
{
    public void Add(Witness witness, long treeSize, byte[] root, long timestamp, string line, string receivedAt)
    {
        using var connection = database.Connect();
        // The same cosignature returned twice is stored once; anything else is a new row, never a change.
        connection.Execute(null, """
            INSERT INTO log_cosignatures(witness, key_id, tree_size, root, timestamp, line, received_at)
            VALUES (@witness, @key, @size, @root, @ts, @line, @at) ON CONFLICT DO NOTHING
            """, ("@witness", witness.Name), ("@key", witness.KeyIdHex), ("@size", treeSize), ("@root", root), ("@ts", timestamp),
            ("@line", line), ("@at", receivedAt));
    }

    /// <summary>The latest cosignature of each (witness, key), by tree size then time.</summary>
    public IReadOnlyList<StoredCosignature> Latest() => Read("""
        SELECT witness, key_id, tree_size, timestamp, line, received_at FROM log_cosignatures c
        WHERE NOT EXISTS (SELECT 1 FROM log_cosignatures n WHERE n.witness = c.witness AND n.key_id = c.key_id
            AND (n.tree_size > c.tree_size OR (n.tree_size = c.tree_size AND n.timestamp > c.timestamp)))
        ORDER BY witness, key_id
        """, null);

    /// <summary>The latest cosignature of each (witness, key) on the checkpoint of this size.</summary>
    public IReadOnlyList<StoredCosignature> Of(long treeSize) => Read("""
        SELECT witness, key_id, tree_size, timestamp, line, received_at FROM log_cosignatures c
        WHERE tree_size = @size AND NOT EXISTS (SELECT 1 FROM log_cosignatures n WHERE n.witness = c.witness AND n.key_id = c.key_id
            AND n.tree_size = c.tree_size AND n.timestamp > c.timestamp)
        ORDER BY witness, key_id
        """, treeSize);

    private List<StoredCosignature> Read(string sql, long? size)
    {
        using var connection = database.Connect();
        using var command = size is { } s ? connection.Command(null, sql, ("@size", s)) : connection.Command(null, sql);

        using var reader = command.ExecuteReader();
        var rows = new List<StoredCosignature>();
        while (reader.Read())
        {
            rows.Add(new StoredCosignature(reader.GetString(0), reader.GetString(1), reader.GetInt64(2), reader.GetInt64(3), reader.GetString(4), reader.GetString(5)));
        }

        return rows;
    }
}

/// <summary>
/// Sends each new signed checkpoint to every configured witness (C2SP tlog-witness add-checkpoint) in the background,
/// after the import committed: woken when the data version moves (a local import at once, another process's import
/// through the data-version monitor), and every <see cref="WitnessOptions.Retry"/> for a witness that has not cosigned
/// the latest checkpoint. A witness that is down or slow only delays its own cosignature, never an import.
/// </summary>
internal sealed class WitnessWorker : BackgroundService
{
    private readonly WitnessOptions _options;
    private readonly LogStore _log;
    private readonly WitnessStore _store;
    private readonly TimeProvider _time;
    private readonly ILogger<WitnessWorker> _logger;
    private readonly HttpClient _http;
    // One wake-up signal per witness (its own loop): a witness that never answers holds back only itself, not the
    // others' cosignatures of the checkpoints that come while it is timing out.
    private readonly Dictionary<string, Channel<bool>> _wake;
    // The tree size each witness last acknowledged (cosigned, or reported in a 409), by witness vkey.
    private readonly Dictionary<string, long> _acknowledged = new(StringComparer.Ordinal);

    public WitnessWorker(WitnessOptions options, LogStore log, WitnessStore store, DataVersionMonitor versions, TimeProvider time, ILogger<WitnessWorker> logger)
    {
        _options = options;
        _log = log;
        _store = store;
        _time = time;
        _logger = logger;
        _http = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(2), AllowAutoRedirect = false })
        {
            Timeout = options.Timeout,
        };
        _http.DefaultRequestHeaders.UserAgent.ParseAdd("jinzhou-blue-sky-log/1");
        _wake = new(StringComparer.Ordinal);
        foreach (var witness in options.Witnesses)
        {
            _wake[witness.VerifierKey] = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
        }
        if (options.Witnesses.Count > 0)
        {
            versions.Changed += _ => Wake();
        }
    }

    /// <summary>Asks every witness's loop for a round soon (a new checkpoint may have been committed).</summary>
    public void Wake()
    {
        foreach (var wake in _wake.Values)
        {
            wake.Writer.TryWrite(true);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (_options.Witnesses.Count == 0)
        {
            return;
        }

        foreach (var latest in _store.Latest())
        {
            if (_options.Witnesses.FirstOrDefault(w => w.Name == latest.Witness && w.KeyIdHex == latest.KeyId) is { } witness)
            {
                _acknowledged[witness.VerifierKey] = latest.TreeSize;
            }
        }

        await Task.WhenAll(_options.Witnesses.Select(w => LoopAsync(w, stoppingToken)));
    }

    /// <summary>One witness's rounds: after each, wait for a new checkpoint (or the retry interval) and offer the latest again.</summary>
    private async Task LoopAsync(Witness witness, CancellationToken stoppingToken)
    {
        var wake = _wake[witness.VerifierKey].Reader;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await RoundAsync(witness, stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                _logger.LogError(e, "Witness round of {Witness} failed; trying again in {Seconds} s", witness.Name, _options.Retry.TotalSeconds);
            }

            using var wait = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
            wait.CancelAfter(_options.Retry);
            try
            {
                await wake.ReadAsync(wait.Token);
            }
            catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
            {
                // The retry interval passed: a new round.
            }
        }
    }

    /// <summary>One round of one witness: the latest checkpoint, unless the witness has cosigned it already.</summary>
    private async Task RoundAsync(Witness witness, CancellationToken cancellationToken)
    {
        if (_log.ReadHead() is not { TreeSize: > 0 } head)
        {
            return;
        }

        if (_store.Of(head.TreeSize).Any(c => c.Witness == witness.Name && c.KeyId == witness.KeyIdHex))
        {
            return;
        }

        await SubmitAsync(witness, head, cancellationToken);
    }

    private async Task SubmitAsync(Witness witness, LogHead head, CancellationToken cancellationToken)
    {
        long old;
        lock (_acknowledged)
        {
            old = _acknowledged.GetValueOrDefault(witness.VerifierKey);
        }

        for (var attempt = 0; attempt < 2; attempt++)
        {
            if (old > head.TreeSize)
            {
                _logger.LogError(
                    "Witness {Witness} has cosigned a tree of {Old} leaves, larger than our latest checkpoint ({Size} leaves): another log under our origin, or a fork; not sent",
                    witness.Name, old, head.TreeSize);
                return;
            }

            HttpResponseMessage response;
            string text;
            try
            {
                using var content = new ByteArrayContent(RequestBody(head, old));
                content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("text/plain") { CharSet = "utf-8" };
                response = await _http.PostAsync(witness.AddCheckpointUrl, content, cancellationToken);
                text = await response.Content.ReadAsStringAsync(cancellationToken);
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException && !cancellationToken.IsCancellationRequested)
            {
                _logger.LogWarning("Witness {Witness} at {Url} did not answer ({Error}); checkpoint {Size} will be sent again in {Seconds} s",
                    witness.Name, witness.AddCheckpointUrl, e.Message, head.TreeSize, _options.Retry.TotalSeconds);
                return;
            }

            using (response)
            {
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    Accept(witness, head, text);
                    return;
                }

                if (response.StatusCode == HttpStatusCode.Conflict && attempt == 0
                    && long.TryParse(text.TrimEnd('\n'), NumberStyles.None, CultureInfo.InvariantCulture, out var known) && text.EndsWith('\n'))
                {
                    if (_logger.IsEnabled(LogLevel.Information))
                    {
                        _logger.LogInformation("Witness {Witness} last cosigned {Known} leaves, not {Old}: sending a consistency proof from there", witness.Name, known, old);
                    }

                    Acknowledge(witness, known);
                    old = known;
                    continue;
                }

                _logger.LogWarning("Witness {Witness} refused checkpoint {Size} (old size {Old}): HTTP {Status} {Body}", witness.Name, head.TreeSize, old,
                    (int)response.StatusCode, text.Length > 300 ? text[..300] : text);
                return;
            }
        }
    }

    /// <summary>C2SP tlog-witness request: <c>old N</c>, the consistency proof lines in base64, an empty line, the checkpoint note.</summary>
    private byte[] RequestBody(LogHead head, long old)
    {
        var body = new StringBuilder().Append("old ").Append(old.ToString(CultureInfo.InvariantCulture)).Append('\n');
        if (old > 0 && old < head.TreeSize)
        {
            using var connection = _log.Database.Connect();
            using var nodes = new StoredNodes(connection, null);
            foreach (var hash in Merkle.ConsistencyProof(nodes, old, head.TreeSize))
            {
                body.Append(Convert.ToBase64String(hash)).Append('\n');
            }
        }

        return Encoding.UTF8.GetBytes(body.Append('\n').Append(head.Note).ToString());
    }

    /// <summary>Keeps each valid cosignature by this witness's key; refuses (and logs) the rest. Lines of other keys are ignored, as the spec says.</summary>
    private void Accept(Witness witness, LogHead head, string response)
    {
        var note = SignedNote.Parse(head.Note + response);
        if (note is null || response.Length == 0)
        {
            _logger.LogError("Witness {Witness} answered 200 to checkpoint {Size} without well-formed note signature lines; nothing stored", witness.Name, head.TreeSize);
            return;
        }

        var lines = response.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var ours = note.Value.Signatures.Skip(note.Value.Signatures.Count - lines.Length).Zip(lines)
            .Where(s => s.First.Name == witness.Name && s.First.KeyId == witness.Key.KeyId).ToList();
        if (ours.Count == 0)
        {
            _logger.LogError("Witness {Witness} answered 200 to checkpoint {Size} but no line carries its key {KeyId}; nothing stored", witness.Name, head.TreeSize, witness.KeyIdHex);
            return;
        }

        var now = _time.GetUtcNow();
        foreach (var (signature, line) in ours)
        {
            if (Cosignature.Verify(witness.Key, note.Value.Body, signature) is not { } timestamp)
            {
                _logger.LogError("Refused an invalid cosignature from witness {Witness} on checkpoint {Size}: it does not verify against {VerifierKey}: {Line}",
                    witness.Name, head.TreeSize, witness.VerifierKey, line);
                continue;
            }

            if (timestamp > now.ToUnixTimeSeconds() + 600)
            {
                _logger.LogError("Refused a cosignature from witness {Witness} on checkpoint {Size} dated {Time:o}, more than 10 min in the future",
                    witness.Name, head.TreeSize, DateTimeOffset.FromUnixTimeSeconds(timestamp));
                continue;
            }

            _store.Add(witness, head.TreeSize, head.Root, timestamp, line + "\n", ChinaTime.IsoUtc(now));
            Acknowledge(witness, head.TreeSize);
            if (_logger.IsEnabled(LogLevel.Information))
            {
                _logger.LogInformation("Witness {Witness} cosigned checkpoint {Size} at {Time:o}", witness.Name, head.TreeSize, DateTimeOffset.FromUnixTimeSeconds(timestamp));
            }
        }
    }

    private void Acknowledge(Witness witness, long size)
    {
        lock (_acknowledged)
        {
            _acknowledged[witness.VerifierKey] = size;
        }
    }

    public override void Dispose()
    {
        _http.Dispose();
        base.Dispose();
    }
}
