using System.Diagnostics;
using System.Globalization;
using Public.Standards.AirQuality;

namespace Public.Benchmarks;

/// <summary>
/// Throughput of the AQI engine, measured with a Stopwatch rather than BenchmarkDotNet so that the whole
/// benchmark (tests/Benchmarks/run.sh) finishes in about a minute. Each case is warmed up until tiered
/// compilation has settled, then timed over several repetitions; the median repetition is reported.
/// Prints one <c>name ops_per_s min max</c> line per case, for the shell script to tabulate.
/// </summary>
internal static class Program
{
    private static readonly TimeSpan WarmUp = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan Repetition = TimeSpan.FromMilliseconds(400);
    private const int Repetitions = 9;

    // Defeats dead-code elimination: every result is folded into this.
    private static long _sink;

    public static int Main(string[] args)
    {
        if (args is ["hj212", .. var rest])
        {
            return Hj212Bench.Run(rest);
        }

        if (args is ["national-air", .. var nationalArgs])
        {
            return NationalAir.Run(nationalArgs);
        }

        if (args is ["national-cems", .. var cemsArgs])
        {
            return NationalCems.Run(cemsArgs);
        }

        if (args is ["log", .. var logArgs])
        {
            return LogBench.Run(logArgs);
        }

        var fixedInput = new HourlyInputs(SO2: 12m, NO2: 45m, PM10: 110m, CO: 1.2m, O3: 60m, PM25: 80m);
        var varied = VariedInputs(1024);

        Run("iaqi_pm25_24h", () => _sink += Iaqi.Compute(AqiEdition.HJ633_2012, AqiIndicator.PM25_24h, 80m).Value ?? 0);
        Run("hourly_aqi_fixed", () => _sink += HourlyAqi.Compute(AqiEdition.HJ633_2012, fixedInput).Aqi ?? 0);

        // One fixed input lets the branch predictor learn the path; varied inputs cross every table segment.
        var i = 0;
        Run("hourly_aqi_varied", () =>
        {
            _sink += HourlyAqi.Compute(AqiEdition.HJ633_2012, varied[i]).Aqi ?? 0;
            i = (i + 1) & (varied.Length - 1);
        });

        return _sink == long.MinValue ? 1 : 0;
    }

    private static void Run(string name, Action op)
    {
        // Warm-up, and calibrate the number of operations that takes about one repetition.
        var sw = Stopwatch.StartNew();
        long warmOps = 0;
        while (sw.Elapsed < WarmUp)
        {
            for (var k = 0; k < 1000; k++)
            {
                op();
            }

            warmOps += 1000;
        }

        var opsPerRep = Math.Max(1000, (long)(warmOps * (Repetition / sw.Elapsed)));
        var rates = new double[Repetitions];
        for (var r = 0; r < Repetitions; r++)
        {
            sw.Restart();
            for (long k = 0; k < opsPerRep; k++)
            {
                op();
            }

            rates[r] = opsPerRep / sw.Elapsed.TotalSeconds;
        }

        Array.Sort(rates);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{name} {rates[Repetitions / 2]:F0} {rates[0]:F0} {rates[^1]:F0}"));
    }

    private static HourlyInputs[] VariedInputs(int count)
    {
        // Fixed seed: the same inputs every run, spread over the ranges seen in the Jinzhou data.
        var random = new Random(2019);
        var inputs = new HourlyInputs[count];
        for (var k = 0; k < count; k++)
        {
            inputs[k] = new HourlyInputs(
                SO2: random.Next(2, 300),
                NO2: random.Next(5, 250),
                PM10: random.Next(5, 600),
                CO: Math.Round((decimal)(random.NextDouble() * 6), 1),
                O3: random.Next(1, 400),
                PM25: random.Next(2, 500));
        }

        return inputs;
    }
}
