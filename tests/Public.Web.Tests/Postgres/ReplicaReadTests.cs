using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Public.Web.Infrastructure;
using Public.Web.Tests.Hosting;
using Public.Web.Tests.Penalties;
using Public.Web.Transparency;

namespace Public.Web.Tests.Postgres;

/// <summary>
/// The app on a primary and a hot standby (<c>ConnectionStrings:PostgresRead</c>): what it answers through the API, which
/// server answered it, and what happens when the standby lags or dies. Imports run as another machine would: a store
/// handle of their own on the primary, so the app learns of them as a replica of the app does, by the data version.
/// </summary>
public abstract class ReplicaReadTestsBase(PostgresReplicaPair pair)
{
    protected PostgresReplicaPair Pair => pair;

    /// <summary>A fresh database on the primary, the app reading from the standby, and the importing "machine".</summary>
    private protected (PublicWebApp App, PortedServices Importer, string Database) Start()
    {
        var primary = pair.Primary.CreateDatabase();
        var name = new NpgsqlConnectionStringBuilder(primary).Database!;
        var key = Ed25519NoteSigner.Generate("test.example/log");
        var importer = new PortedServices(Public.Web.Infrastructure.Database.OnPostgres(NpgsqlDataSource.Create(primary)), TimeProvider.System, key);
        var app = new PublicWebApp(settings: new Dictionary<string, string>
        {
            ["Store:Provider"] = "postgres",
            ["ConnectionStrings:Postgres"] = primary,
            // Pooled, as in production: the standby's pg_stat_activity then shows the app's idle connections.
            ["ConnectionStrings:PostgresRead"] = pair.Standby.ConnectionStringFor(name).Replace("Pooling=false", "Pooling=true", StringComparison.Ordinal),
            ["Log:PrivateKey"] = key.PrivateKey,
            // A failed standby is tried again soon, so that a test does not wait out the production default.
            ["Store:ReplicaRetrySeconds"] = "0.5",
        });
        return (app, importer, name);
    }

    protected static string Decision(int n) => $"测试罚〔2019〕{n}号";

    /// <summary>Imports penalties numbered <paramref name="numbers"/> on the primary.</summary>
    private protected static void ImportPenalties(PortedServices importer, string folder, params int[] numbers)
    {
        var path = Path.Combine(folder, Guid.NewGuid().ToString("N") + ".csv");
        File.WriteAllText(path, PenaltyRows.Csv([.. numbers.Select(n => PenaltyRows.Valid(Decision(n)))]));
        var summary = importer.PenaltyImporter.Import([path]);
        Assert.True(summary.Clean, string.Join("\n", summary.Problems));
    }

    protected static async Task<(HttpStatusCode Status, long? Found)> FoundAsync(HttpClient client, string query)
    {
        using var response = await client.GetAsync(new Uri("/api/v1/penalties?" + query, UriKind.Relative), TestContext.Current.CancellationToken);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            return (response.StatusCode, null);
        }

        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        return (response.StatusCode, body.RootElement.GetProperty("meta").GetProperty("found").GetInt64());
    }

    /// <summary>totalCount of penalties with at least <paramref name="minAmount"/> yuan through POST /graphql; null when the answer has errors.</summary>
    protected static async Task<(HttpStatusCode Status, long? Found)> FoundByGraphQLAsync(HttpClient client, int minAmount)
    {
        using var response = await client.PostAsync(new Uri("/graphql", UriKind.Relative), System.Net.Http.Json.JsonContent.Create(new
        {
            query = "query($min: Decimal!) { penalties(filter: { minAmount: $min }, first: 1) { totalCount } }",
            variables = new { min = minAmount },
        }), TestContext.Current.CancellationToken);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        return body.RootElement.TryGetProperty("errors", out _) || response.StatusCode != HttpStatusCode.OK
            ? (response.StatusCode, null)
            : (response.StatusCode, body.RootElement.GetProperty("data").GetProperty("penalties").GetProperty("totalCount").GetInt64());
    }

    /// <summary>The app's /metrics as series → value (Prometheus text format).</summary>
    protected static async Task<Dictionary<string, long>> MetricsAsync(HttpClient client)
    {
        var text = await client.GetStringAsync(new Uri("/metrics", UriKind.Relative), TestContext.Current.CancellationToken);
        return text.Split('\n').Where(l => l.StartsWith("jinzhou_replica", StringComparison.Ordinal))
            .Select(l => l.Split(' ')).ToDictionary(p => p[0], p => (long)double.Parse(p[1], System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>Connections of the app's to <paramref name="database"/> on <paramref name="server"/>, counted by the server itself.</summary>
    protected static long Backends(PostgresServer server, string database)
    {
        using var connection = new NpgsqlConnection(server.ConnectionStringFor(database));
        connection.Open();
        using var command = new NpgsqlCommand("SELECT COUNT(*) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()", connection);
        command.Parameters.Add(new NpgsqlParameter { Value = database });
        return (long)command.ExecuteScalar()!;
    }
}

public sealed class ReplicaReadTests(PostgresReplicaPair pair) : ReplicaReadTestsBase(pair), IClassFixture<PostgresReplicaPair>
{
    [Fact]
    public async Task TheAppReadsFromTheStandbyAndAnImportOnThePrimaryIsVisibleThroughTheApiWithinOneSecond()
    {
        var (app, importer, name) = Start();
        using var _ = app;
        var database = app.Services.GetRequiredService<Database>();
        Assert.True(database.HasReplicas);
        Assert.Equal((HttpStatusCode.OK, 0), await FoundAsync(app.Client, "limit=1"));
        // The query of the measure, asked once before (its first run compiles and plans it; the measure is of replication).
        Assert.Equal((HttpStatusCode.OK, 0), await FoundAsync(app.Client, "limit=1000&district=" + Uri.EscapeDataString("太和区")));

        for (var round = 1; round <= 3; round++)
        {
            ImportPenalties(importer, app.Folder, 100 + round);
            // Committed on the primary: the app has one second to answer with it (a new query each time: no cached answer).
            var waited = Stopwatch.StartNew();
            long? found = null;
            var probe = 0;
            while (waited.Elapsed < TimeSpan.FromSeconds(5))
            {
                var (status, seen) = await FoundAsync(app.Client, $"limit={++probe}&district=" + Uri.EscapeDataString("太和区"));
                Assert.Equal(HttpStatusCode.OK, status);
                if ((found = seen) == round)
                {
                    break;
                }

                await Task.Delay(10, TestContext.Current.CancellationToken);
            }

            Assert.Equal(round, found);
            TestContext.Current.TestOutputHelper?.WriteLine($"round {round}: visible through the API after {waited.ElapsedMilliseconds} ms ({probe} requests)");
            Assert.True(waited.Elapsed < TimeSpan.FromSeconds(1), $"round {round}: visible through the API after {waited.ElapsedMilliseconds} ms");
        }

        // The standby answered: the app holds connections to it (counted by the standby itself), and its reads were counted there.
        Assert.True(Backends(Pair.Standby, name) > 0, "the app never connected to the standby");
        // (Failures may be counted: a read asked before the standby had replayed the new database or its schema fell back.)
        Assert.True(database.Replicas!.Reads > 0, "no read was answered by the standby");

        // What an operator sees of it: /readyz and /metrics count the same reads (scraped first, so never more than now).
        var ready = await app.Client.GetJsonAsync("/readyz");
        var replicas = ready.GetProperty("store").GetProperty("replicas");
        Assert.True(replicas.GetProperty("available").GetBoolean());
        Assert.InRange(replicas.GetProperty("reads").GetInt64(), 1, database.Replicas.Reads);
        var metrics = await MetricsAsync(app.Client);
        Assert.InRange(metrics["jinzhou_replica_reads_total{outcome=\"replica\"}"], 1, database.Replicas.Reads);
        Assert.Equal(1, metrics["jinzhou_replica_available"]);
    }

    [Fact]
    public async Task AReadThatNeedsAnImportTheStandbyHasNotReplayedGoesToThePrimary()
    {
        var (app, importer, name) = Start();
        using var owned = app;
        ImportPenalties(importer, app.Folder, 201);
        Assert.Equal((HttpStatusCode.OK, 1), await FoundAsync(app.Client, "limit=2"));
        using var standby = new NpgsqlConnection(Pair.Standby.ConnectionStringFor(name));
        standby.Open();
        using (var pause = new NpgsqlCommand("SELECT pg_wal_replay_pause()", standby))
        {
            pause.ExecuteNonQuery();
        }

        try
        {
            ImportPenalties(importer, app.Folder, 202);
            var lagging = app.Services.GetRequiredService<Database>().Replicas!.Lagging;
            // The standby stays at the first import, the app answers with the second (from the primary, after a short wait).
            var waited = Stopwatch.StartNew();
            long? found = null;
            var probe = 2;
            while (found != 2 && waited.Elapsed < TimeSpan.FromSeconds(5))
            {
                (_, found) = await FoundAsync(app.Client, $"limit={++probe}");
            }

            Assert.Equal(2, found);
            using var onStandby = new NpgsqlCommand("SELECT COUNT(*) FROM penalty_version", standby);
            Assert.Equal(1L, onStandby.ExecuteScalar());
            Assert.True(app.Services.GetRequiredService<Database>().Replicas!.Lagging > lagging);
        }
        finally
        {
            using var resume = new NpgsqlCommand("SELECT pg_wal_replay_resume()", standby);
            resume.ExecuteNonQuery();
        }
    }
}

/// <summary>Its own primary and standby: the test kills the standby.</summary>
public sealed class ReplicaFailoverTests(PostgresReplicaPair pair) : ReplicaReadTestsBase(pair), IClassFixture<PostgresReplicaPair>
{
    [Fact]
    public async Task TheStandbyKilledReadsFallBackToThePrimaryWithNo5xxWhileClientsKeepRequesting()
    {
        var (app, importer, _) = Start();
        using var __ = app;
        ImportPenalties(importer, app.Folder, 301, 302);
        var database = app.Services.GetRequiredService<Database>();
        // Until the standby has replayed the import, answers come from the primary; from then on, from the standby.
        var settle = Stopwatch.StartNew();
        while (database.Replicas!.Reads == 0 && settle.Elapsed < TimeSpan.FromSeconds(10))
        {
            await FoundAsync(app.Client, "limit=1&minAmount=" + settle.ElapsedMilliseconds);
        }

        Assert.True(database.Replicas.Reads > 0, "the standby never answered before the test killed it");
        var statuses = new System.Collections.Concurrent.ConcurrentBag<(HttpStatusCode Status, long? Found, bool AfterKill)>();
        var killed = 0;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        // Three REST clients and one GraphQL client: GraphQL.NET catches a resolver's exceptions, the endpoint must not.
        var clients = Enumerable.Range(0, 4).Select(c => Task.Run(async () =>
        {
            // Each request a query never asked before: the data cache cannot answer it, the store must.
            for (var i = 0; !stop.IsCancellationRequested; i++)
            {
                var after = Volatile.Read(ref killed) == 1;
                var (status, found) = c == 3
                    ? await FoundByGraphQLAsync(app.Client, i)
                    : await FoundAsync(app.Client, $"limit={1 + ((i * 4) + c) % 1000}&minAmount={i}");
                statuses.Add((status, found, after));
            }
        })).ToList();

        await Task.Delay(2000, TestContext.Current.CancellationToken);
        Pair.Standby.Kill();
        Volatile.Write(ref killed, 1);
        await Task.Delay(3000, TestContext.Current.CancellationToken);
        await stop.CancelAsync();
        await Task.WhenAll(clients);

        var before = statuses.Where(s => !s.AfterKill).ToList();
        var after = statuses.Where(s => s.AfterKill).ToList();
        TestContext.Current.TestOutputHelper?.WriteLine($"{before.Count} requests before the kill, {after.Count} after; replica reads {database.Replicas.Reads}, failures {database.Replicas.Failures}");
        Assert.All(statuses, s => Assert.Equal(HttpStatusCode.OK, s.Status));
        // A loaded 2-core machine answers a few uncached requests a second per client; what counts is that both sides were asked.
        Assert.True(before.Count >= 4 && after.Count >= 4, $"{before.Count} requests before the kill, {after.Count} after");
        // Every answer, before and after, holds both decisions: both fines (¥200,000) are above every minAmount asked here.
        Assert.All(statuses, s => Assert.Equal(2, s.Found));
        Assert.True(database.Replicas.Failures > 0, "the dead standby was never noticed");

        // The app stays ready (the primary answers) and says why the replicas are not used: /readyz and /metrics.
        var failures = database.Replicas.Failures;
        using var response = await app.Client.GetAsync(new Uri("/readyz", UriKind.Relative), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var ready = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        var replicas = ready.RootElement.GetProperty("store").GetProperty("replicas");
        Assert.InRange(replicas.GetProperty("failures").GetInt64(), failures, long.MaxValue);
        Assert.False(string.IsNullOrEmpty(replicas.GetProperty("lastFailure").GetString()));
        Assert.NotEqual(JsonValueKind.Null, replicas.GetProperty("lastFailureAt").ValueKind);
        var metrics = await MetricsAsync(app.Client);
        Assert.InRange(metrics["jinzhou_replica_reads_total{outcome=\"failed\"}"], failures, long.MaxValue);
    }
}
