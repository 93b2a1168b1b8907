using System.Globalization;
using System.Text;
using System.Text.Json;
using Public.Standards.AirQuality;

namespace Public.Benchmarks;

/// <summary>
/// The air-quality half of the national-scale load (tests/Benchmarks/national.sh):
/// <c>national-air OUTDIR STATIONS DAYS [FIRST-DAY] [SEED]</c> writes <c>OUTDIR/stations.json</c>, a station registry of
/// STATIONS synthetic stations (codes 1001A, 1002A… as in the national list; five stations a city; plausible
/// coordinates in eastern China), and <c>OUTDIR/cnemc/china_sites_YYYYMMDD.csv</c>, one national daily file a day in
/// the real release's layout (<c>date,hour,type,&lt;one column per station&gt;</c>, 24 hours × 15 types) for DAYS days
/// from FIRST-DAY (default 2019-01-01). Deterministic: the same arguments give the same bytes, and a shorter run is a
/// prefix of a longer one (each station draws from its own seeded generator, day after day).
/// Values: PM2.5 from a per-station level, a winter-high season, a daily cycle and autocorrelated noise; PM10, SO2,
/// NO2, CO and O3 (summer and afternoon high) around it; the 24-hour and 8-hour columns are the moving means and
/// maxima of the generated 1-hour values; AQI is computed from them as CNEMC does (HJ 633-2012, the engine's
/// <see cref="RealtimeConvention.CnemcHourlyConcentrations"/>). As in real files, about 3 % of station-hours are
/// blank in every row and about 0.5 % of the other values are blank.
/// </summary>
internal static class NationalAir
{
    private const int Types = 15;
    private const int StationsPerCity = 5;

    // The order of the release's type column (PublishedTypes in the app; repeated here, the generator is the app's input).
    private static readonly string[] TypeCodes =
    [
        "AQI", "PM2.5", "PM2.5_24h", "PM10", "PM10_24h", "SO2", "SO2_24h", "NO2", "NO2_24h", "O3", "O3_24h", "O3_8h",
        "O3_8h_24h", "CO", "CO_24h",
    ];

    public static int Run(string[] args)
    {
        if (args.Length is < 3 or > 5
            || !int.TryParse(args[1], NumberStyles.None, CultureInfo.InvariantCulture, out var stations) || stations < 1 || stations > 8999
            || !int.TryParse(args[2], NumberStyles.None, CultureInfo.InvariantCulture, out var days) || days < 1 || days > 3660)
        {
            Console.Error.WriteLine("usage: national-air OUTDIR STATIONS(1-8999) DAYS(1-3660) [FIRST-DAY yyyy-MM-dd] [SEED]");
            return 2;
        }

        var first = new DateOnly(2019, 1, 1);
        if (args.Length >= 4 && !DateOnly.TryParseExact(args[3], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out first))
        {
            Console.Error.WriteLine($"national-air: FIRST-DAY '{args[3]}' is not a date (yyyy-MM-dd)");
            return 2;
        }

        var seed = 20_191;
        if (args.Length == 5 && !int.TryParse(args[4], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out seed))
        {
            Console.Error.WriteLine($"national-air: SEED '{args[4]}' is not a whole number");
            return 2;
        }

        var output = args[0];
        Directory.CreateDirectory(Path.Combine(output, "cnemc"));
        var sites = Enumerable.Range(0, stations).Select(i => new Site(i, seed)).ToArray();
        WriteRegistry(Path.Combine(output, "stations.json"), sites);

        var header = "date,hour,type," + string.Join(",", sites.Select(s => s.Code)) + "\n";
        long cells = 0, blank = 0;
        var values = new double[Types][];
        for (var t = 0; t < Types; t++)
        {
            values[t] = new double[stations];
        }

        for (var d = 0; d < days; d++)
        {
            var day = first.AddDays(d);
            var dayText = day.ToString("yyyyMMdd", CultureInfo.InvariantCulture);
            var path = Path.Combine(output, "cnemc", $"china_sites_{dayText}.csv");
            using var writer = new StreamWriter(path, false, new UTF8Encoding(false), 1 << 20);
            writer.Write(header);
            var line = new StringBuilder(stations * 5);
            for (var hour = 0; hour < 24; hour++)
            {
                foreach (var site in sites)
                {
                    site.Next(day, hour, values);
                }

                for (var t = 0; t < Types; t++)
                {
                    line.Clear().Append(dayText).Append(',').Append(hour.ToString(CultureInfo.InvariantCulture)).Append(',').Append(TypeCodes[t]);
                    var row = values[t];
                    for (var s = 0; s < stations; s++)
                    {
                        line.Append(',');
                        cells++;
                        if (double.IsNaN(row[s]))
                        {
                            blank++;
                            continue;
                        }

                        // CO in mg/m³ with one decimal, everything else whole numbers, as the release writes them.
                        line.Append(t is 13 or 14
                            ? row[s].ToString("0.0", CultureInfo.InvariantCulture)
                            : row[s].ToString("0", CultureInfo.InvariantCulture));
                    }

                    writer.Write(line.Append('\n'));
                }
            }
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"national-air: {stations} stations, {days} days from {first:yyyy-MM-dd}, {days * 24L * stations:N0} station-hour slots, {cells:N0} cells ({100.0 * blank / Math.Max(1, cells):F1} % blank), seed {seed}"));
        return 0;
    }

    private static void WriteRegistry(string path, Site[] sites)
    {
        using var stream = File.Create(path);
        using var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        json.WriteStartObject();
        json.WriteString("$comment", "Synthetic national registry written by tests/Public.Benchmarks national-air (not real stations). The first city's stations are the city assessment stations.");
        json.WriteStartArray("stations");
        foreach (var s in sites)
        {
            json.WriteStartObject();
            json.WriteString("code", s.Code);
            json.WriteString("name", $"合成站{s.Index + 1:0000}");
            json.WriteString("nameEn", $"Synthetic {s.Index + 1:0000}");
            json.WriteStartArray("formerNames");
            json.WriteEndArray();
            json.WriteString("city", $"合成市{s.City + 1:000}");
            json.WriteString("cityEn", $"Synthetic City {s.City + 1:000}");
            json.WriteNull("district");
            json.WriteNumber("lon", Math.Round(s.Lon, 4));
            json.WriteNumber("lat", Math.Round(s.Lat, 4));
            json.WriteNull("lon2022");
            json.WriteNull("lat2022");
            json.WriteString("type", "城市评价点");
            json.WriteString("typeEn", "urban assessment station");
            json.WriteBoolean("cityAssessment", s.City == 0);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    /// <summary>One station: its levels and the state of its series (noise, the last 24 hours for the moving columns).</summary>
    private sealed class Site
    {
        private readonly Random _random;
        private readonly double _pm25Level, _coarse, _so2Level, _no2Level, _coLevel, _o3Level;
        private double _noise, _gasNoise;
        private readonly Ring _pm25 = new(24), _pm10 = new(24), _so2 = new(24), _no2 = new(24), _o3 = new(24), _o38h = new(24), _co = new(24);

        public Site(int index, int seed)
        {
            Index = index;
            City = index / StationsPerCity;
            Code = (1001 + index).ToString(CultureInfo.InvariantCulture) + "A";

            // The city's centre from a generator of its own (every station of the city agrees on it), eastern China.
            var city = new Random(Mix(seed, -1 - City));
            var (cityLon, cityLat) = (102 + 22 * city.NextDouble(), 22 + 24 * city.NextDouble());
            _random = new Random(Mix(seed, index));
            Lon = cityLon + 0.2 * (_random.NextDouble() - 0.5);
            Lat = cityLat + 0.2 * (_random.NextDouble() - 0.5);

            // Northern cities dirtier (coal heating), as in the real network: 20–110 µg/m³ annual PM2.5.
            var north = (Lat - 22) / 24;
            _pm25Level = (20 + 60 * north) * Math.Exp(0.3 * Gaussian());
            _coarse = 1.4 + 0.5 * _random.NextDouble();
            _so2Level = (4 + 25 * north) * Math.Exp(0.4 * Gaussian());
            _no2Level = 18 + 25 * _random.NextDouble();
            _coLevel = 0.5 + 0.8 * north * _random.NextDouble();
            _o3Level = 45 + 35 * _random.NextDouble();
        }

        public int Index { get; }

        public int City { get; }

        public string Code { get; }

        public double Lon { get; }

        public double Lat { get; }

        /// <summary>The 15 values of this station's hour into <paramref name="values"/>[type][Index]; NaN = blank.</summary>
        public void Next(DateOnly day, int hour, double[][] values)
        {
            var doy = day.DayOfYear;
            var winter = Math.Cos(2 * Math.PI * (doy - 15) / 365.0);                 // +1 mid-January, −1 mid-July
            var night = Math.Cos(2 * Math.PI * (hour - 22) / 24.0);                  // +1 at 22:00
            var afternoon = Math.Max(0, Math.Sin(Math.PI * (hour - 7) / 12.0));       // 0 at night, 1 at 13:00
            _noise = 0.92 * _noise + 0.28 * Gaussian();
            _gasNoise = 0.85 * _gasNoise + 0.2 * Gaussian();

            var pm25 = Math.Round(Math.Max(2, _pm25Level * (1 + 0.45 * winter) * (1 + 0.15 * night) * Math.Exp(_noise)));
            var pm10 = Math.Round(pm25 * (_coarse + 0.3 * _random.NextDouble()));
            var so2 = Math.Round(Math.Max(1, _so2Level * (1 + 0.6 * winter) * Math.Exp(_gasNoise)));
            var no2 = Math.Round(Math.Max(2, _no2Level * (1 + 0.25 * winter) * (1 + 0.3 * night) * Math.Exp(_gasNoise)));
            var co = Math.Round(Math.Max(0.1, _coLevel * (1 + 0.4 * winter) * Math.Exp(0.7 * _noise)), 1);
            var o3 = Math.Round(Math.Max(2, _o3Level * (1 - 0.45 * winter) * (0.35 + 1.1 * afternoon) * Math.Exp(0.5 * _gasNoise)));

            // A blank station-hour leaves every row's cell empty, and the moving columns skip it, as the release does.
            if (_random.NextDouble() < 0.03)
            {
                for (var t = 0; t < Types; t++)
                {
                    values[t][Index] = double.NaN;
                }

                _pm25.Add(double.NaN); _pm10.Add(double.NaN); _so2.Add(double.NaN); _no2.Add(double.NaN);
                _o3.Add(double.NaN); _co.Add(double.NaN); _o38h.Add(double.NaN);
                return;
            }

            _pm25.Add(pm25); _pm10.Add(pm10); _so2.Add(so2); _no2.Add(no2); _o3.Add(o3); _co.Add(co);
            var o38h = Math.Round(_o3.Mean(8));
            _o38h.Add(o38h);
            var pm25Day = Math.Round(_pm25.Mean(24));
            var pm10Day = Math.Round(_pm10.Mean(24));
            var aqi = HourlyAqi.Compute(AqiEdition.HJ633_2012, new HourlyInputs(
                (decimal)so2, (decimal)no2, (decimal)pm10, (decimal)co, (decimal)o3, (decimal)pm25,
                PM10_24h: (decimal)pm10Day, PM25_24h: (decimal)pm25Day)).Aqi;

            Set(0, aqi is { } a ? a : double.NaN);
            Set(1, pm25);
            Set(2, pm25Day);
            Set(3, pm10);
            Set(4, pm10Day);
            Set(5, so2);
            Set(6, Math.Round(_so2.Mean(24)));
            Set(7, no2);
            Set(8, Math.Round(_no2.Mean(24)));
            Set(9, o3);
            Set(10, _o3.Max(24));
            Set(11, o38h);
            Set(12, _o38h.Max(24));
            Set(13, co);
            Set(14, Math.Round(_co.Mean(24), 1));

            void Set(int type, double value) => values[type][Index] = _random.NextDouble() < 0.005 ? double.NaN : value;
        }

        // HashCode.Combine is randomised per process; this is not (a seed for System.Random's seeded algorithm).
        private static int Mix(int seed, int n) => unchecked((int)((uint)seed * 2_654_435_761u ^ (uint)n * 40_503u + 0x9E37u));

        /// <summary>Box–Muller, from this station's generator.</summary>
        private double Gaussian() =>
            Math.Sqrt(-2 * Math.Log(1 - _random.NextDouble())) * Math.Cos(2 * Math.PI * _random.NextDouble());
    }

    /// <summary>The last <c>n</c> hourly values (NaN = missing); means and maxima over the latest k of them.</summary>
    private sealed class Ring(int n)
    {
        private readonly double[] _values = Enumerable.Repeat(double.NaN, n).ToArray();
        private int _next;

        public void Add(double value)
        {
            _values[_next] = value;
            _next = (_next + 1) % _values.Length;
        }

        public double Mean(int k) => Latest(k).Where(v => !double.IsNaN(v)).DefaultIfEmpty(double.NaN).Average();

        public double Max(int k) => Latest(k).Where(v => !double.IsNaN(v)).DefaultIfEmpty(double.NaN).Max();

        private IEnumerable<double> Latest(int k)
        {
            for (var i = 1; i <= k; i++)
            {
                yield return _values[(_next - i + _values.Length) % _values.Length];
            }
        }
    }
}
