using Microsoft.Extensions.Configuration;
using Public.Web.Infrastructure.Postgres;

namespace Public.Web.Tests.Postgres;

public sealed class StoreProviderTests
{
    private static IConfiguration Settings(params (string Key, string Value)[] settings) =>
        new ConfigurationBuilder().AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value))).Build();

    [Fact]
    public void WithoutSettingsTheStoreIsSqliteAndTheAppMayStart()
    {
        var settings = StoreProvider.From(Settings());
        Assert.Equal("sqlite", settings.Provider);
        Assert.False(settings.IsPostgres);
        Assert.Null(StoreProvider.Refusal(Settings()));
        Assert.Null(StoreProvider.Refusal(Settings(("Store:Provider", "SQLite"))));
    }

    [Fact]
    public void PostgresIsReadWithItsPrimaryAndReplicasAndAccepted()
    {
        var config = Settings(("Store:Provider", "postgres"), ("ConnectionStrings:Postgres", "Host=primary;Database=bluesky"),
            ("ConnectionStrings:PostgresRead", "Host=r1,r2;Database=bluesky;Load Balance Hosts=true;Target Session Attributes=prefer-standby"));
        var settings = StoreProvider.From(config);
        Assert.True(settings.IsPostgres);
        Assert.Equal("Host=primary;Database=bluesky", settings.Postgres);
        Assert.StartsWith("Host=r1,r2;", settings.PostgresRead, StringComparison.Ordinal);
        Assert.Null(StoreProvider.Refusal(config));
        // Without settings of its own, a lagging replica gets 250 ms and a failed one is left alone for 5 s.
        Assert.Equal(250, settings.Replicas.WaitMilliseconds);
        Assert.Equal(5, settings.Replicas.RetrySeconds);
        var tuned = StoreProvider.From(Settings(("Store:Provider", "postgres"), ("ConnectionStrings:Postgres", "Host=primary"),
            ("Store:ReplicaWaitMilliseconds", "40"), ("Store:ReplicaRetrySeconds", "0.5")));
        Assert.Equal(40, tuned.Replicas.WaitMilliseconds);
        Assert.Equal(0.5, tuned.Replicas.RetrySeconds);
    }

    [Theory]
    [InlineData("oracle", null, null, "Store:Provider must be sqlite or postgres, not 'oracle'")]
    [InlineData("postgres", null, null, "Store:Provider=postgres needs ConnectionStrings:Postgres")]
    [InlineData("postgres", "Hots=db", null, "ConnectionStrings:Postgres is not a valid PostgreSQL connection string")]
    [InlineData("postgres", "Host=db", "Host=r1;Colour=blue", "ConnectionStrings:PostgresRead is not a valid PostgreSQL connection string")]
    [InlineData("postgres", "Host=db", "Host=r1", "Store:ReplicaWaitMilliseconds must be a number from 0 to 60000, not 'soon'", "Store:ReplicaWaitMilliseconds", "soon")]
    [InlineData("postgres", "Host=db", "Host=r1", "Store:ReplicaRetrySeconds must be a number from 0 to 3600, not '-1'", "Store:ReplicaRetrySeconds", "-1")]
    public void WrongSettingsAreRefusedNamingTheSetting(string provider, string? primary, string? read, string message, string? key = null, string? value = null)
    {
        var pairs = new List<(string, string)> { ("Store:Provider", provider) };
        if (key is not null)
        {
            pairs.Add((key, value!));
        }

        if (primary is not null)
        {
            pairs.Add(("ConnectionStrings:Postgres", primary));
        }

        if (read is not null)
        {
            pairs.Add(("ConnectionStrings:PostgresRead", read));
        }

        var refusal = StoreProvider.Refusal(Settings([.. pairs]));
        Assert.NotNull(refusal);
        Assert.Contains(message, refusal, StringComparison.Ordinal);
    }
}
