namespace Public.Web.AirQuality.Demo;

/// <summary>
/// Demo hourly concentrations for Jinzhou's five national stations, shipped on first run.
/// Every value is a pure function of (station code, hour): noise comes from a counter-based hash
/// (SplitMix64 finaliser) of (seed, knot index, channel), so any hour can be generated alone, in any
/// order, on any day, and always comes out the same. Levels are calibrated against real 2019 CNEMC
/// hourly data for the city (monthly means, diurnal shapes, PM10/PM2.5 ratios).
/// </summary>
internal static class DemoAirGenerator
{
    // Hour indices count from the start of 2018 in Beijing time; the trend is anchored mid-2019 so that
    // 2019 matches the calibration data.
    private static readonly long EpochUtcTicks = new DateTimeOffset(2018, 1, 1, 0, 0, 0, TimeSpan.FromHours(8)).UtcTicks;
    private static readonly int EpochDayNumber = new DateOnly(2018, 1, 1).DayNumber;
    private const double TrendAnchorDay = 546;

    // City-wide weather shares one seed so that all stations move together.
    private const ulong CitySeed = 0x4A494E5A484F55UL;

    private const int ChDispersionDaily = 1;
    private const int ChDispersionSub = 2;
    private const int ChPmLocal = 3;
    private const int ChPmLocalDaily = 4;
    private const int ChPmWhite = 5;
    private const int ChRatio = 6;
    private const int ChRatioWhite = 7;
    private const int ChSo2 = 8;
    private const int ChSo2White = 9;
    private const int ChSo2Plume = 10;
    private const int ChCo = 11;
    private const int ChCoWhite = 17;
    private const int ChTraffic = 12;
    private const int ChNo2White = 13;
    private const int ChPhotochem = 14;
    private const int ChO3Local = 15;
    private const int ChO3White = 16;
    private const int ChOutageDay = 20;
    private const int ChOutageSlot = 21;
    private const int ChOutageSingle = 22;
    private const int ChFieldGap = 23;
    private const int ChEpisode = 30;
    private const int ChDust = 40;
    private const int ChEpisodeStation = 50;

    // Monthly baselines (Jan..Dec, µg/m³ or mg/m³ for CO) before heating, weather noise and episodes.
    // Tuned so that the generated 2019 monthly means land near the real 2019 city means.
    private static readonly double[] Pm25Base = [46, 36, 40, 33, 35, 27, 22, 20, 24, 31, 38, 43];
    private static readonly double[] CoarseRatio = [1.45, 1.38, 1.5, 2.45, 2.25, 1.5, 1.4, 1.4, 1.5, 1.65, 1.6, 1.5];
    private static readonly double[] So2Base = [19, 16, 11, 14, 15, 12, 9, 8, 9, 11, 17, 19];
    private static readonly double[] No2Base = [46, 38, 41, 28, 28, 19, 17, 18, 25, 33, 41, 46];
    private static readonly double[] CoBase = [0.97, 0.7, 0.63, 0.7, 0.66, 0.66, 0.63, 0.62, 0.62, 0.66, 0.76, 0.9];
    private static readonly double[] O3Base = [27, 36, 55, 67, 97, 93, 82, 72, 64, 45, 31, 24];

    // Diurnal shapes (mean 1) indexed by the local hour at the end of the averaging hour, for deep winter
    // (Jan–Feb) and early summer (May–Jun) from the real data; other dates blend the two.
    private static readonly double[] Pm25Winter = [1.36, 1.29, 1.15, 1.06, 1.00, 0.96, 0.96, 0.98, 1.09, 1.24, 1.25, 1.01, 0.79, 0.66, 0.60, 0.59, 0.62, 0.71, 0.82, 0.96, 1.09, 1.17, 1.31, 1.34];
    private static readonly double[] Pm25Summer = [1.15, 1.18, 1.17, 1.16, 1.19, 1.19, 1.19, 1.20, 1.11, 0.99, 0.91, 0.85, 0.82, 0.80, 0.82, 0.82, 0.81, 0.77, 0.83, 0.88, 0.94, 1.00, 1.09, 1.15];
    private static readonly double[] Pm10Winter = [1.12, 1.28, 1.10, 0.99, 0.95, 0.89, 0.93, 0.94, 1.04, 1.17, 1.31, 1.18, 0.97, 0.82, 0.74, 0.72, 0.72, 0.84, 0.90, 0.92, 1.00, 1.06, 1.22, 1.20];
    private static readonly double[] Pm10Summer = [1.08, 1.06, 1.07, 0.99, 1.03, 0.98, 0.98, 0.98, 1.02, 1.01, 0.98, 0.98, 0.98, 0.95, 0.94, 0.98, 1.03, 0.99, 0.97, 0.97, 0.99, 0.99, 1.01, 1.05];
    private static readonly double[] So2Winter = [1.07, 0.89, 0.79, 0.74, 0.81, 0.96, 1.20, 1.24, 1.25, 1.27, 1.38, 1.36, 0.95, 0.67, 0.58, 0.61, 0.69, 0.81, 0.95, 1.00, 1.07, 1.22, 1.31, 1.20];
    private static readonly double[] So2Summer = [1.14, 1.20, 1.21, 1.16, 1.16, 1.14, 1.18, 1.36, 1.32, 1.12, 0.93, 0.83, 0.72, 0.65, 0.62, 0.65, 0.69, 0.72, 0.82, 0.97, 1.07, 1.10, 1.13, 1.14];
    private static readonly double[] No2Winter = [1.21, 1.15, 1.06, 0.99, 0.97, 0.96, 1.00, 1.04, 1.08, 1.08, 1.03, 0.88, 0.69, 0.59, 0.56, 0.58, 0.70, 0.91, 1.14, 1.24, 1.24, 1.28, 1.30, 1.29];
    private static readonly double[] No2Summer = [1.42, 1.35, 1.30, 1.27, 1.24, 1.29, 1.33, 1.26, 1.13, 0.94, 0.76, 0.64, 0.58, 0.51, 0.53, 0.56, 0.59, 0.63, 0.78, 0.90, 1.04, 1.19, 1.34, 1.43];
    private static readonly double[] CoWinter = [1.27, 1.22, 1.14, 1.10, 1.07, 1.04, 1.05, 1.08, 1.19, 1.24, 1.20, 1.03, 0.80, 0.69, 0.65, 0.63, 0.66, 0.73, 0.81, 0.89, 0.98, 1.09, 1.20, 1.24];
    private static readonly double[] CoSummer = [1.08, 1.08, 1.06, 1.07, 1.06, 1.05, 1.08, 1.16, 1.16, 1.06, 0.95, 0.92, 0.90, 0.88, 0.88, 0.87, 0.87, 0.85, 0.91, 0.95, 0.98, 1.02, 1.07, 1.08];
    private static readonly double[] O3Winter = [0.68, 0.67, 0.71, 0.72, 0.70, 0.67, 0.63, 0.58, 0.59, 0.74, 0.99, 1.30, 1.57, 1.77, 1.81, 1.80, 1.66, 1.40, 1.08, 0.92, 0.85, 0.78, 0.71, 0.67];
    private static readonly double[] O3Summer = [0.82, 0.79, 0.75, 0.70, 0.68, 0.61, 0.60, 0.65, 0.74, 0.86, 0.99, 1.10, 1.20, 1.29, 1.33, 1.38, 1.41, 1.38, 1.34, 1.28, 1.18, 1.06, 0.97, 0.88];

    // Lunar New Year's Day 2018–2030: fireworks on the eve are the sharpest PM spike of the year.
    private static readonly DateOnly[] LunarNewYear =
    [
        new(2018, 2, 16), new(2019, 2, 5), new(2020, 1, 25), new(2021, 2, 12), new(2022, 2, 1),
        new(2023, 1, 22), new(2024, 2, 10), new(2025, 1, 29), new(2026, 2, 17), new(2027, 2, 6),
        new(2028, 1, 26), new(2029, 2, 13), new(2030, 2, 3),
    ];

    private sealed record Station(ulong Seed, double Pm, double Coarse, double So2, double No2, double Co, double O3);

    // 1768A sits by the sea in the development zone: cleaner fine particles, more sea salt and port dust.
    // 1769A is closest to the old industrial districts: more SO2.
    private static readonly Station Nanshan = new(Fnv("1767A"), 1.00, 1.00, 1.00, 0.95, 1.00, 1.04);
    private static readonly Station Kaifaqu = new(Fnv("1768A"), 0.88, 1.14, 0.90, 0.97, 0.94, 1.00);
    private static readonly Station Baigu = new(Fnv("1769A"), 1.06, 1.00, 1.40, 1.06, 1.06, 0.95);
    private static readonly Station Tianan = new(Fnv("1770A"), 1.02, 0.98, 1.08, 1.04, 1.00, 0.99);
    private static readonly Station Beihu = new(Fnv("1771A"), 0.96, 0.95, 1.00, 0.92, 0.98, 1.05);

    /// <summary>Station codes this generator knows.</summary>
    internal static IReadOnlyList<string> StationCodes { get; } = ["1767A", "1768A", "1769A", "1770A", "1771A"];

    /// <summary>
    /// hourEndLocal: the END of the averaging hour in Asia/Shanghai local time, +08:00 (CNEMC convention);
    /// another offset for the same instant gives the same hour. Returns null for a gap (station offline that hour).
    /// </summary>
    internal static DemoHour? Generate(string stationCode, DateTimeOffset hourEndLocal)
    {
        var station = Lookup(stationCode);
        long hourEnd = FloorDiv(hourEndLocal.UtcTicks - EpochUtcTicks, TimeSpan.TicksPerHour);
        long h = hourEnd - 1;
        if (IsOffline(station.Seed, h))
        {
            return null;
        }

        long day = FloorDiv(h, 24);
        int hourOfDay = (int)(h - (day * 24));
        int label = (hourOfDay + 1) % 24;
        var date = DateOnly.FromDayNumber(EpochDayNumber + (int)day);
        double daysInYear = DateTime.IsLeapYear(date.Year) ? 366 : 365;
        double yearFrac = (date.DayOfYear - 1 + ((hourOfDay + 0.5) / 24)) / daysInYear;
        // 1 in mid-January, 0 in mid-July.
        double winter = 0.5 + (0.5 * Math.Cos(2 * Math.PI * (yearFrac - 0.04)));
        double heating = Heating(date, hourOfDay);
        double years = ((h / 24.0) - TrendAnchorDay) / 365.25;

        // City-wide ventilation: positive = stagnant air, all primary pollutants accumulate.
        double dispersion = (0.8 * ValueNoise(CitySeed, h, 24, ChDispersionDaily)) + (0.45 * ValueNoise(CitySeed, h, 6, ChDispersionSub));
        double dispersionAmp = 0.42 + (0.3 * winter);

        var (episode, episodeBoost) = Episode(date, h, station.Seed);
        var (dust, dustPeak) = Dust(date, h);
        double fireworks = Fireworks(date, h);

        // An episode is stagnation by definition: damp the ordinary weather noise under it.
        double weather = dispersionAmp * dispersion * (1 - (0.85 * episode));
        double local = (0.16 * ValueNoise(station.Seed, h, 3, ChPmLocal)) + (0.1 * ValueNoise(station.Seed, h, 24, ChPmLocalDaily)) + (0.07 * Gauss(Hash(station.Seed, h, ChPmWhite)));
        double pmLog = weather + local + (episode * episodeBoost);

        double pm25 = Seasonal(Pm25Base, yearFrac) * (1 + (0.45 * heating)) * station.Pm * Math.Exp(-0.045 * years)
            * Diurnal(Pm25Winter, Pm25Summer, winter, label) * Math.Exp(pmLog);
        pm25 += (fireworks * 260 * Math.Pow(0.88, date.Year - 2018)) + (0.16 * dust * dustPeak);

        double ratio = Seasonal(CoarseRatio, yearFrac) * station.Coarse
            * Diurnal(Pm10Winter, Pm10Summer, winter, label) / Diurnal(Pm25Winter, Pm25Summer, winter, label)
            * Math.Exp((0.1 * ValueNoise(station.Seed, h, 6, ChRatio)) + (0.05 * Gauss(Hash(station.Seed, h, ChRatioWhite))))
            * (1 - (0.2 * episode));
        double pm10 = (pm25 * Math.Max(ratio, 1.12)) + (dust * dustPeak * station.Coarse);

        double so2Plume = Uniform(Hash(station.Seed, h, ChSo2Plume)) < 0.01 * station.So2 ? 1.8 : 1.0;
        double so2 = Seasonal(So2Base, yearFrac) * (1 + (1.7 * heating)) * station.So2 * Math.Exp(-0.08 * years)
            * Diurnal(So2Winter, So2Summer, winter, label) * so2Plume
            * Math.Exp((0.6 * weather) + (0.5 * episode * episodeBoost) + (0.28 * ValueNoise(station.Seed, h, 3, ChSo2)) + (0.1 * Gauss(Hash(station.Seed, h, ChSo2White))));
        so2 += fireworks * 60 * Math.Pow(0.88, date.Year - 2018);

        // Traffic noise pushes NO2 up and titrates O3 down at the same station.
        double traffic = ValueNoise(station.Seed, h, 3, ChTraffic);
        double no2 = Seasonal(No2Base, yearFrac) * station.No2 * Math.Exp(-0.025 * years)
            * Diurnal(No2Winter, No2Summer, winter, label)
            * Math.Exp((0.55 * weather) + (0.35 * episode * episodeBoost) + (0.15 * traffic) + (0.08 * Gauss(Hash(station.Seed, h, ChNo2White))));

        // CO comes from the same coal and traffic as PM2.5, most tightly in the heating season.
        double coCoupling = 0.45 + (0.35 * winter);
        double co = Seasonal(CoBase, yearFrac) * (1 + (0.5 * heating)) * station.Co * Math.Exp(-0.03 * years)
            * Diurnal(CoWinter, CoSummer, winter, label)
            * Math.Exp((coCoupling * pmLog) + (0.2 * ValueNoise(station.Seed, h, 6, ChCo)) + (0.08 * Gauss(Hash(station.Seed, h, ChCoWhite))));

        double daylight = label is >= 11 and <= 18 ? 1 : 0.4;
        double o3 = Seasonal(O3Base, yearFrac) * station.O3 * Math.Exp(0.015 * years)
            * Diurnal(O3Winter, O3Summer, winter, label)
            * Math.Exp((0.28 * daylight * ValueNoise(CitySeed, h, 24, ChPhotochem)) - (0.3 * winter * weather) - (0.08 * traffic)
                - (0.45 * episode) + (0.12 * ValueNoise(station.Seed, h, 4, ChO3Local)) + (0.06 * Gauss(Hash(station.Seed, h, ChO3White))));

        decimal pm25Value = Microgram(pm25, 2, 900);
        decimal pm10Value = Math.Max(Microgram(pm10, 2, 1500), pm25Value);
        return new DemoHour(
            FieldGap(station.Seed, h, 0, 0.002) ? null : pm25Value,
            FieldGap(station.Seed, h, 1, 0.006) ? null : pm10Value,
            FieldGap(station.Seed, h, 2, 0.002) ? null : Microgram(so2, 2, 800),
            FieldGap(station.Seed, h, 3, 0.002) ? null : Microgram(no2, 2, 400),
            FieldGap(station.Seed, h, 4, 0.002) ? null : (decimal)Math.Round(Math.Clamp(co, 0.1, 15), 1, MidpointRounding.AwayFromZero),
            FieldGap(station.Seed, h, 5, 0.002) ? null : Microgram(o3, 2, 500));
    }

    private static Station Lookup(string stationCode) => stationCode switch
    {
        "1767A" => Nanshan,
        "1768A" => Kaifaqu,
        "1769A" => Baigu,
        "1770A" => Tianan,
        "1771A" => Beihu,
        _ => throw new ArgumentOutOfRangeException(nameof(stationCode), stationCode, "Not a Jinzhou demo station."),
    };

    private static decimal Microgram(double value, double min, double max) =>
        (decimal)Math.Round(Math.Clamp(value, min, max), MidpointRounding.AwayFromZero);

    // Jinzhou heats from 1 Nov to 31 Mar; boilers are fired up from mid-October and run down into mid-April.
    private static double Heating(DateOnly date, int hourOfDay)
    {
        double d = date.Day - 1 + (hourOfDay / 24.0);
        return date.Month switch
        {
            11 or 12 or 1 or 2 or 3 => 1,
            10 => Math.Clamp((d - 14) / 17, 0, 1),
            4 => Math.Clamp(1 - (d / 15), 0, 1),
            _ => 0,
        };
    }

    // Stations go offline in bursts (maintenance, power, telemetry): rare whole days, multi-hour outages,
    // isolated lost hours.
    private static bool IsOffline(ulong seed, long h)
    {
        if (Uniform(Hash(seed, FloorDiv(h, 24), ChOutageDay)) < 0.002)
        {
            return true;
        }

        // An outage may start in any 8-hour slot and last up to 12 hours, so it can reach two slots on.
        long slot = FloorDiv(h, 8);
        for (long s = slot - 2; s <= slot; s++)
        {
            ulong x = Hash(seed, s, ChOutageSlot);
            if (Uniform(x) < 0.022)
            {
                long start = (s * 8) + (long)((x >> 8) & 7);
                double u = ((x >> 16) & 0xFFFF) / 65536.0;
                long length = 1 + (long)(u * u * u * 12);
                if (h >= start && h < start + length)
                {
                    return true;
                }
            }
        }

        return Uniform(Hash(seed, h, ChOutageSingle)) < 0.003;
    }

    private static bool FieldGap(ulong seed, long h, int field, double share) =>
        Uniform(Hash(seed, h, ChFieldGap + (field * 1000))) < share;

    // Heavy-pollution episodes: 2–4 per heating season at hashed dates, 2–5 days each, city-wide with a
    // station-specific strength. Returns the episode's shape (0..1) and its log-space boost at full strength.
    private static (double Shape, double Boost) Episode(DateOnly date, long h, ulong stationSeed)
    {
        int season = date.Month >= 7 ? date.Year : date.Year - 1;
        long windowStart = (new DateOnly(season, 11, 10).DayNumber - EpochDayNumber) * 24L;
        long windowEnd = (new DateOnly(season + 1, 2, 28).DayNumber - EpochDayNumber) * 24L;
        if (h < windowStart || h >= windowEnd + (24 * 6))
        {
            return (0, 0);
        }

        ulong seasonKey = Hash(CitySeed, season, ChEpisode);
        int count = 2 + (int)(seasonKey % 3);
        int severe = (int)((seasonKey >> 8) % 3) == 0 ? (int)((seasonKey >> 16) % (ulong)count) : -1;
        long slotLength = (windowEnd - windowStart) / count;
        for (int k = 0; k < count; k++)
        {
            ulong x = Hash(CitySeed, (season * 8L) + k, ChEpisode + 1);
            long duration = 48 + (long)(x % 73);
            long start = windowStart + (k * slotLength) + (long)((x >> 8) % (ulong)(slotLength - duration));
            if (h < start || h >= start + duration)
            {
                continue;
            }

            double t = h - start;
            double buildUp = 0.55 * duration;
            double shape = t < buildUp ? SmoothStep(t / buildUp) : t > duration - 8 ? (duration - t) / 8 : 1;
            // Target daily mean at the height of the episode, not scaled by the trend: weather still wins.
            double target = k == severe ? 290 + (90 * Uniform(x >> 3)) : 185 + (110 * Uniform(x >> 5));
            double typical = 62 * Math.Exp(-0.045 * (((h / 24.0) - TrendAnchorDay) / 365.25));
            double stationOffset = 0.1 * Gauss(Hash(stationSeed, (season * 8L) + k, ChEpisodeStation));
            return (shape, Math.Log(target / typical) + stationOffset);
        }

        return (0, 0);
    }

    // Spring dust from Inner Mongolia: 1–3 events each March–May, a day or two of coarse-dominated PM.
    private static (double Shape, double Peak) Dust(DateOnly date, long h)
    {
        if (date.Month is < 3 or > 5)
        {
            return (0, 0);
        }

        long windowStart = (new DateOnly(date.Year, 3, 5).DayNumber - EpochDayNumber) * 24L;
        long windowEnd = (new DateOnly(date.Year, 5, 25).DayNumber - EpochDayNumber) * 24L;
        ulong yearKey = Hash(CitySeed, date.Year, ChDust);
        int count = 1 + (int)(yearKey % 3);
        long slotLength = (windowEnd - windowStart) / count;
        for (int k = 0; k < count; k++)
        {
            ulong x = Hash(CitySeed, (date.Year * 8L) + k, ChDust + 1);
            long duration = 18 + (long)(x % 25);
            long start = windowStart + (k * slotLength) + (long)((x >> 8) % (ulong)(slotLength - duration));
            if (h < start || h >= start + duration)
            {
                continue;
            }

            double t = h - start;
            // The front arrives in a few hours and the dust settles out slowly.
            double shape = t < 4 ? t / 4 : Math.Exp(-(t - 4) / (duration * 0.6));
            return (shape, 350 + (550 * Uniform(x >> 5)));
        }

        return (0, 0);
    }

    // Fireworks from 20:00 on Lunar New Year's Eve, peaking after midnight and clearing by dawn.
    private static double Fireworks(DateOnly date, long h)
    {
        int index = date.Year - 2018;
        if (index < 0 || index >= LunarNewYear.Length)
        {
            return 0;
        }

        long midnight = (LunarNewYear[index].DayNumber - EpochDayNumber) * 24L;
        double t = h - midnight;
        return t switch
        {
            < -4 or > 8 => 0,
            < 0 => (t + 5) / 5,
            _ => Math.Exp(-t / 2.5),
        };
    }

    private static double Seasonal(double[] monthly, double yearFrac)
    {
        double position = (yearFrac * 12) - 0.5;
        int i = (int)Math.Floor(position);
        double f = position - i;
        double a = monthly[(i + 12) % 12];
        double b = monthly[(i + 13) % 12];
        return a + ((b - a) * SmoothStep(f));
    }

    private static double Diurnal(double[] winterShape, double[] summerShape, double winter, int label) =>
        (winter * winterShape[label]) + ((1 - winter) * summerShape[label]);

    // Smooth noise: hashed Gaussian knots every `period` hours, blended with a smoothstep in between.
    private static double ValueNoise(ulong seed, long h, long period, int channel)
    {
        long knot = FloorDiv(h, period);
        double f = SmoothStep((h - (knot * period)) / (double)period);
        double a = Gauss(Hash(seed, knot, channel));
        double b = Gauss(Hash(seed, knot + 1, channel));
        // Rescale so the blend keeps roughly unit variance between the knots too.
        return (a + ((b - a) * f)) * 1.16;
    }

    private static double SmoothStep(double x) => x * x * (3 - (2 * x));

    private static ulong Hash(ulong seed, long index, int channel) =>
        Mix(Mix(seed ^ ((ulong)channel * 0x9E3779B97F4A7C15UL)) + (ulong)index);

    // SplitMix64 finaliser.
    private static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    private static double Uniform(ulong x) => (x >> 11) * (1.0 / (1UL << 53));

    // Sum of four 16-bit uniforms: close enough to a unit Gaussian, from a single hash.
    private static double Gauss(ulong x) =>
        ((((x & 0xFFFF) + ((x >> 16) & 0xFFFF) + ((x >> 32) & 0xFFFF) + (x >> 48)) / 65536.0) - 2) * 1.7320508075688772;

    private static long FloorDiv(long a, long b)
    {
        long q = a / b;
        return (a % b != 0) && ((a < 0) != (b < 0)) ? q - 1 : q;
    }

    // Stable across processes, unlike string.GetHashCode.
    private static ulong Fnv(string text)
    {
        ulong hash = 14695981039346656037UL;
        foreach (char c in text)
        {
            hash = (hash ^ c) * 1099511628211UL;
        }

        return hash;
    }
}

/// <summary>One station-hour of demo data: µg/m³ integers, CO in mg/m³ with one decimal; null = not reported.</summary>
internal sealed record DemoHour(decimal? PM25, decimal? PM10, decimal? SO2, decimal? NO2, decimal? CO, decimal? O3);
