using System.Diagnostics;
using System.Globalization;
using System.Runtime;

namespace Public.Web.Export;

/// <summary>
/// What the runtime did while an export ran, beside its CPU: methods the JIT compiled and the time it took (all threads:
/// tier-up recompilations of hot methods included), garbage collections per generation and their pauses, bytes
/// allocated, and the CPU split into user and system (kernel) time. The export's CPU is the whole process's, so these say
/// why the same export costs more one time than the next.
/// </summary>
internal readonly record struct RuntimeCounters(long JitMethods, TimeSpan Jit, int Gen0, int Gen1, int Gen2, TimeSpan GcPause, long Allocated, TimeSpan User, TimeSpan System)
{
    public static RuntimeCounters Now()
    {
        using var process = Process.GetCurrentProcess();
        return new(JitInfo.GetCompiledMethodCount(), JitInfo.GetCompilationTime(), GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2),
            GC.GetTotalPauseDuration(), GC.GetTotalAllocatedBytes(precise: true), process.UserProcessorTime, process.PrivilegedProcessorTime);
    }

    public static RuntimeCounters operator -(RuntimeCounters a, RuntimeCounters b) =>
        new(a.JitMethods - b.JitMethods, a.Jit - b.Jit, a.Gen0 - b.Gen0, a.Gen1 - b.Gen1, a.Gen2 - b.Gen2, a.GcPause - b.GcPause, a.Allocated - b.Allocated, a.User - b.User, a.System - b.System);

    /// <summary>One line: <c>CPU user 1.20 s + system 0.30 s; JIT 812 methods, 0.41 s; GC 12/3/1 (gen0/1/2; server), paused 0.05 s; allocated 950 MB</c>.</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"CPU user {User.TotalSeconds:0.00} s + system {System.TotalSeconds:0.00} s; JIT {JitMethods} methods, {Jit.TotalSeconds:0.00} s; GC {Gen0}/{Gen1}/{Gen2} (gen0/1/2; {(GCSettings.IsServerGC ? "server" : "workstation")}), paused {GcPause.TotalSeconds:0.00} s; allocated {Allocated / 1048576.0:0} MB");
}
