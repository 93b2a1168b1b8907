using System.Runtime.InteropServices;

namespace Public.Web.Infrastructure;

/// <summary>
/// The CPU time of the calling thread (user + system), to measure a piece of work that runs beside other work of the
/// same process, where the process's CPU time would count both: synchronous work measured from start to end on its
/// thread. Linux only (<c>clock_gettime(CLOCK_THREAD_CPUTIME_ID)</c>); elsewhere null.
/// </summary>
internal static class ThreadCpu
{
    private const int ClockThreadCpuTime = 3;

    /// <summary>The calling thread's CPU time so far, or null where it cannot be read.</summary>
    public static TimeSpan? Now()
    {
        if (!OperatingSystem.IsLinux())
        {
            return null;
        }

        return ClockGetTime(ClockThreadCpuTime, out var t) == 0 ? TimeSpan.FromTicks(t.Seconds * TimeSpan.TicksPerSecond + t.Nanoseconds / 100) : null;
    }

    /// <summary>The CPU time of the calling thread while <paramref name="work"/> ran (synchronously, on it), or zero where it cannot be read.</summary>
    public static TimeSpan Of(Action work)
    {
        var start = Now();
        work();
        return start is { } s && Now() is { } end ? end - s : TimeSpan.Zero;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct Timespec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    // DllImport rather than LibraryImport: the generated marshalling would need unsafe code enabled for the whole app.
    [DllImport("libc", EntryPoint = "clock_gettime")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int ClockGetTime(int clock, out Timespec time);
}
