using System.Globalization;
using Public.Web.Infrastructure;
using Public.Web.Infrastructure.Publication;
using Public.Web.Penalties.Store;

namespace Public.Web.Penalties.Demo;

/// <summary>
/// Adds the demo decisions of every month from 2018-01 up to three months ago to a demo database (and the months
/// since on later starts). A month is written whole or not at all; a database without demo data is never touched.
/// Three months back, so that each month's corrections (dated up to ~45 days after the decision) are already in the past.
/// </summary>
internal sealed class DemoPenaltySeeder(Publisher publisher, TimeProvider time, ILogger<DemoPenaltySeeder> logger)
{
    public static readonly DateOnly FirstMonth = new(2018, 1, 1);
    private const string UntilKey = "demo_penalties_until";
    public const string BatchKind = "demo-penalties";

    public void EnsureSeeded()
    {
        var database = publisher.Database;
        if (!publisher.IsDemo)
        {
            return;
        }

        var today = ChinaTime.Today(time);
        var last = new DateOnly(today.Year, today.Month, 1).AddMonths(-3);
        var first = database.GetMeta(UntilKey) is { } done
            ? DateOnly.ParseExact(done, "yyyy-MM", CultureInfo.InvariantCulture).AddMonths(1)
            : FirstMonth;
        if (first > last)
        {
            return;
        }

        int decisions = 0, versions = 0;
        publisher.Publish(BatchKind, publisher.Now(), publication =>
        {
        var (connection, transaction, batch, recordedAt) = (publication.StoreConnection, publication.StoreTransaction, publication.Id, publication.StartedAt);
        for (var month = first; month <= last; month = month.AddMonths(1))
        {
            foreach (var demo in DemoPenaltyGenerator.ForMonth(month.Year, month.Month))
            {
                var id = PenaltyStore.InsertDecision(connection, transaction, demo.Decision.DecisionNumber, recordedAt);
                PenaltyStore.InsertVersion(connection, transaction, new PenaltyVersionRow(id, 1, recordedAt, recordedAt, batch, "demo", null, null, null, demo.Decision));
                decisions++;
                var version = 1;
                foreach (var (reason, date, content) in demo.Corrections)
                {
                    PenaltyStore.InsertVersion(connection, transaction,
                        new PenaltyVersionRow(id, ++version, recordedAt, recordedAt, batch, "demo", null, reason, date, content));
                    versions++;
                }
            }
        }

        publication.Count(0, 0, decisions + versions, decisions, versions, 0, 0);
        database.SetMeta(UntilKey, last.ToString("yyyy-MM", CultureInfo.InvariantCulture), connection, transaction);
        });
        if (logger.IsEnabled(LogLevel.Information))
        {
            logger.LogInformation("Demo penalties: {Decisions} decisions and {Versions} corrections up to {Until}", decisions, versions, last.ToString("yyyy-MM", CultureInfo.InvariantCulture));
        }
    }
}
