using System.Reflection.Emit;
using Public.Web.Export;

namespace Public.Web.Tests.Export;

/// <summary>
/// The runtime counters an export reports beside its CPU (the JIT, the collections, the bytes allocated, user and system
/// CPU) move with what the process did between two readings: checked against work done on purpose between them.
/// </summary>
public sealed class RuntimeCountersTests
{
    [Fact]
    public void TheDifferenceCountsTheMethodsCompiledTheCollectionsAndTheBytesAllocatedMeanwhile()
    {
        var before = RuntimeCounters.Now();

        // 32 arrays of 1 MiB, kept alive until the second reading.
        var kept = new List<byte[]>();
        for (var i = 0; i < 32; i++)
        {
            kept.Add(new byte[1 << 20]);
        }

        // A method that did not exist before: the JIT compiles it when it is first called.
        var method = new DynamicMethod("RuntimeCountersTestsAnswer", typeof(int), Type.EmptyTypes);
        var il = method.GetILGenerator();
        il.Emit(OpCodes.Ldc_I4, 42);
        il.Emit(OpCodes.Ret);
        Assert.Equal(42, ((Func<int>)method.CreateDelegate(typeof(Func<int>)))());

        GC.Collect(0, GCCollectionMode.Forced, blocking: true);
        var delta = RuntimeCounters.Now() - before;

        Assert.True(delta.Allocated >= 32L << 20, $"allocated {delta.Allocated} bytes, at least 32 MiB were");
        Assert.True(delta.JitMethods >= 1, $"JIT compiled {delta.JitMethods} methods, the dynamic method at least");
        Assert.True(delta.Gen0 >= 1, $"{delta.Gen0} gen0 collections, one was forced");
        Assert.True(delta.User >= TimeSpan.Zero && delta.System >= TimeSpan.Zero, delta.ToString());
        GC.KeepAlive(kept);

        var line = delta.ToString();
        Assert.Matches(@"^CPU user \d+\.\d\d s \+ system \d+\.\d\d s; JIT \d+ methods, \d+\.\d\d s; GC \d+/\d+/\d+ \(gen0/1/2; (server|workstation)\), paused \d+\.\d\d s; allocated \d+ MB$", line);
        Assert.Contains($"JIT {delta.JitMethods} methods", line, StringComparison.Ordinal);
        Assert.Contains($"GC {delta.Gen0}/{delta.Gen1}/{delta.Gen2} ", line, StringComparison.Ordinal);
    }

    [Fact]
    public void TheDifferenceOfTwoReadingsIsFieldByField()
    {
        var earlier = new RuntimeCounters(100, TimeSpan.FromSeconds(1), 5, 2, 1, TimeSpan.FromMilliseconds(30), 1L << 30, TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(1));
        var later = new RuntimeCounters(150, TimeSpan.FromSeconds(1.25), 9, 3, 1, TimeSpan.FromMilliseconds(50), (1L << 30) + (200L << 20), TimeSpan.FromSeconds(4.5), TimeSpan.FromSeconds(1.5));
        var delta = later - earlier;
        Assert.Equal(new RuntimeCounters(50, TimeSpan.FromSeconds(0.25), 4, 1, 0, TimeSpan.FromMilliseconds(20), 200L << 20, TimeSpan.FromSeconds(1.5), TimeSpan.FromSeconds(0.5)), delta);
        Assert.StartsWith("CPU user 1.50 s + system 0.50 s; JIT 50 methods, 0.25 s; GC 4/1/0 (gen0/1/2; ", delta.ToString(), StringComparison.Ordinal);
        Assert.EndsWith("), paused 0.02 s; allocated 200 MB", delta.ToString(), StringComparison.Ordinal);
    }
}
