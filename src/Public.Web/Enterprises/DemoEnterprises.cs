using System.Globalization;
using Public.Standards.Identifiers;
using Public.Web.Infrastructure.Publication;

namespace Public.Web.Enterprises;

/// <summary>
/// 30 fictional key polluters for demo databases: names start with 示例, credit codes use GB 11714's internal
/// range PDY30001… (penalties use PDY00001…, warnings PDY20001…), so no real organisation is named. Limits are
/// those of GB 13223-2011 (power, 6 % O2) and GB 13271-2014 (boilers, 9 % O2; cement and others as boilers for
/// the demo), with special limits (特别排放限值) from 2019-01-01 for units built from 2019 and 2020-01-01 for the rest.
/// </summary>
internal static class DemoEnterprises
{
    private static readonly (string Division, string District)[] Districts =
    [
        ("210702", "古塔区"), ("210703", "凌河区"), ("210711", "太和区"), ("210726", "黑山县"), ("210727", "义县"), ("210781", "凌海市"), ("210782", "北镇市"),
    ];

    private static readonly (string Industry, string NameStem, string Standard, decimal O2, decimal Particulate, decimal So2, decimal Nox, decimal SpPart, decimal SpSo2, decimal SpNox)[] Kinds =
    [
        ("火力发电", "热电", "GB 13223-2011", 6m, 30m, 200m, 100m, 20m, 50m, 100m),
        ("热力生产和供应", "供热", "GB 13271-2014", 9m, 80m, 400m, 400m, 30m, 200m, 200m),
        ("水泥制造", "水泥", "GB 13271-2014", 9m, 80m, 400m, 400m, 30m, 200m, 200m),
        ("化学原料和化学制品制造", "化工", "GB 13271-2014", 9m, 80m, 400m, 400m, 30m, 200m, 200m),
        ("黑色金属冶炼", "钢铁", "GB 13271-2014", 9m, 80m, 400m, 400m, 30m, 200m, 200m),
    ];

    public static string CreditCode(int index)
    {
        var division = Districts[index % Districts.Length].Division;
        var body = "PDY3" + (index + 1).ToString("D4", CultureInfo.InvariantCulture);
        var first17 = "91" + division + body + UnifiedSocialCreditCode.OrganisationCheckDigit(body);
        return first17 + UnifiedSocialCreditCode.CheckDigit(first17);
    }

    /// <summary>The HJ 212 MN of a demo outlet: JZ + enterprise number + outlet number.</summary>
    public static string Mn(int index, int outlet) => string.Create(CultureInfo.InvariantCulture, $"JZDEMO{index + 1:D4}{outlet + 1:D2}");

    public static IReadOnlyList<Enterprise> All { get; } = Enumerable.Range(0, 30).Select(Make).ToList();

    private static Enterprise Make(int index)
    {
        var (_, district) = Districts[index % Districts.Length];
        var kind = Kinds[index % Kinds.Length];
        var number = (index + 1).ToString("D2", CultureInfo.InvariantCulture);
        var newUnit = index % 4 == 3;
        var special = newUnit ? new DateOnly(2019, 1, 1) : new DateOnly(2020, 1, 1);
        var lat = 41.10 + (index % 6 * 0.03);
        var lon = 121.05 + (index % 5 * 0.04);
        var outlets = new List<Outlet>();
        var outletCount = 1 + (index % 3);
        for (var o = 0; o < outletCount; o++)
        {
            var main = o == 0;
            outlets.Add(new Outlet(
                Code: string.Create(CultureInfo.InvariantCulture, $"DA{o + 1:D3}"),
                Name: main ? $"{kind.NameStem}主排放口" : $"{o + 1}号一般排放口",
                Type: main ? Outlet.Main : Outlet.General,
                HeightM: main ? 60m + (index % 5 * 30m) : 25m,
                Latitude: lat + (o * 0.001), Longitude: lon,
                Monitoring: main ? Outlet.Automatic : Outlet.Manual,
                RequiredFrequency: main ? "自动监测" : "每季度一次",
                EmissionStandard: kind.Standard,
                ReferenceOxygen: kind.O2,
                SpecialLimitsFrom: special,
                Mn: main ? Mn(index, o) : null,
                Pollutants:
                [
                    new OutletPollutant("a34013", kind.Particulate, kind.SpPart),
                    new OutletPollutant("a21026", kind.So2, kind.SpSo2),
                    new OutletPollutant("a21002", kind.Nox, kind.SpNox),
                ]));
        }

        var years = Enumerable.Range(2018, 3 + (index % 2 == 0 ? 1 : 0)).Where(y => index % 7 != 6 || y >= 2019)
            .Select(y => new ListEntry(y, "大气")).ToList();
        return new Enterprise(CreditCode(index), $"示例{kind.NameStem}第{number}有限公司", kind.Industry, district,
            $"辽宁省锦州市{district}示例路{index + 1}号", lat, lon, string.Create(CultureInfo.InvariantCulture, $"DEMO-PERMIT-{index + 1:D4}"), years, outlets);
    }
}

/// <summary>Writes the demo enterprises once into a demo database (never into one of real data).</summary>
internal sealed class DemoEnterpriseSeeder(Publisher publisher)
{
    private const string DoneKey = "demo_enterprises";

    public void EnsureSeeded()
    {
        var database = publisher.Database;
        if (!publisher.IsDemo || database.GetMeta(DoneKey) == "1")
        {
            return;
        }

        publisher.Publish("demo-enterprises", publisher.Now(), batch =>
        {
            foreach (var enterprise in DemoEnterprises.All)
            {
                EnterpriseStore.Apply(batch.StoreConnection, batch.StoreTransaction, enterprise, "demo", null, null, batch.StartedAt);
            }

            batch.Count(0, 0, DemoEnterprises.All.Count, DemoEnterprises.All.Count, 0, 0, 0);
            database.SetMeta(DoneKey, "1", batch.StoreConnection, batch.StoreTransaction);
        });
    }
}
