using System.Runtime.InteropServices;

namespace ReviewCadence.Benchmarks;

/// <summary>
/// The calling thread's CPU time, read from the kernel (Linux <c>clock_gettime(CLOCK_THREAD_CPUTIME_ID)</c>, a vDSO call
/// of well under a microsecond): unlike wall-clock time it does not count the time the thread waited for a core on a
/// busy machine.
/// </summary>
internal static partial class ThreadCpu
{
    private const int ClockThreadCpuTimeId = 3;

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [DllImport("libc", EntryPoint = "clock_gettime")]
    private static extern int ClockGetTime(int clock, out TimeSpec time);

    /// <summary>Nanoseconds of CPU time the calling thread has used; -1 where the platform does not say.</summary>
    public static long Nanoseconds()
    {
        if (!OperatingSystem.IsLinux() || ClockGetTime(ClockThreadCpuTimeId, out var time) != 0)
            return -1;
        return time.Seconds * 1_000_000_000 + time.Nanoseconds;
    }
}
