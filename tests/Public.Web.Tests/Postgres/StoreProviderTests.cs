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
    public void PostgresIsReadWithItsPrimaryAndReplicasButRefusedUntilTheQueriesArePorted()
    {
        var config = Settings(("Store:Provider", "postgres"), ("ConnectionStrings:Postgres", "Host=primary;Database=bluesky"),
            ("ConnectionStrings:PostgresRead", "Host=r1,r2;Database=bluesky;Load Balance Hosts=true;Target Session Attributes=prefer-standby"));
        var settings = StoreProvider.From(config);
        Assert.True(settings.IsPostgres);
        Assert.Equal("Host=primary;Database=bluesky", settings.Postgres);
        Assert.StartsWith("Host=r1,r2;", settings.PostgresRead, StringComparison.Ordinal);
        Assert.Equal(StoreProvider.NotPortedYet, StoreProvider.Refusal(config));
        Assert.Throws<StoreProviderException>(() => StoreProvider.ThrowIfRefused(config));
    }

    [Theory]
    [InlineData("oracle", null, null, "Store:Provider must be sqlite or postgres, not 'oracle'")]
    [InlineData("postgres", null, null, "Store:Provider=postgres needs ConnectionStrings:Postgres")]
    [InlineData("postgres", "Hots=db", null, "ConnectionStrings:Postgres is not a valid PostgreSQL connection string")]
    [InlineData("postgres", "Host=db", "Host=r1;Colour=blue", "ConnectionStrings:PostgresRead is not a valid PostgreSQL connection string")]
    public void WrongSettingsAreRefusedNamingTheSetting(string provider, string? primary, string? read, string message)
    {
        var pairs = new List<(string, string)> { ("Store:Provider", provider) };
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
