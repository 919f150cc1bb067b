using System.Diagnostics;
using System.Runtime;
using System.Text.Json;

namespace ReviewCadence.Diagnostics;

/// <summary>
/// Adds up where a check's time goes, for the benchmark's breakdown (tests/ReviewCadence.Benchmarks). Off unless the
/// process starts with <c>REVIEWCADENCE_TIMINGS</c> set (the CLI then writes them to that file as JSON when it ends);
/// <see cref="Enabled"/> is a static read-only field, which the JIT folds to a constant, so unused
/// measurements compile to nothing. Each measurement also takes the process's CPU time (all threads), which says
/// more than wall time about a stage run on a busy machine; for steps that overlap (per source) it is not theirs alone.
/// </summary>
public static class CheckTimings
{
    /// <summary>The environment variable that turns timings on and names the file they are written to.</summary>
    public const string Variable = "REVIEWCADENCE_TIMINGS";

    /// <summary>True when this process measures (the variable was set when it started).</summary>
    public static readonly bool Enabled = Environment.GetEnvironmentVariable(Variable) is { Length: > 0 };

    private static readonly long[] Ticks = new long[Enum.GetValues<CheckStep>().Length];
    private static readonly long[] CpuTicks = new long[Ticks.Length];
    private static readonly long[] Counts = new long[Ticks.Length];
    private static readonly long[] JitMethods = new long[Ticks.Length];
    private static readonly long[] JitTicks = new long[Ticks.Length];
    private static readonly (long Wall, long Cpu, long Jit, long JitTime)[] Started = new (long, long, long, long)[Ticks.Length];

    /// <summary>Starts timing one occurrence of <paramref name="step"/>; disposing the result adds it.</summary>
    public static Measurement Measure(CheckStep step) =>
        Enabled ? new Measurement(step, Stopwatch.GetTimestamp(), Cpu(), JitInfo.GetCompiledMethodCount(), JitInfo.GetCompilationTime().Ticks) : default;

    /// <summary>Marks the start of <paramref name="step"/> where its end is somewhere else (<see cref="End"/>).</summary>
    public static void Begin(CheckStep step)
    {
        if (Enabled)
            Started[(int)step] = (Stopwatch.GetTimestamp(), Cpu(), JitInfo.GetCompiledMethodCount(), JitInfo.GetCompilationTime().Ticks);
    }

    /// <summary>Adds the time since <see cref="Begin"/> of <paramref name="step"/>; nothing if it did not begin.</summary>
    public static void End(CheckStep step)
    {
        if (Enabled && Started[(int)step] is { Wall: not 0 } started)
        {
            Started[(int)step] = default;
            Record(step, Stopwatch.GetTimestamp() - started.Wall, Cpu() - started.Cpu,
                JitInfo.GetCompiledMethodCount() - started.Jit, JitInfo.GetCompilationTime().Ticks - started.JitTime);
        }
    }

    /// <summary>Adds a time measured elsewhere (e.g. the process's start-up, whose CPU time is all there was before).</summary>
    public static void Add(CheckStep step, TimeSpan elapsed, TimeSpan cpu = default)
    {
        if (Enabled)
            Record(step, (long)(elapsed.TotalSeconds * Stopwatch.Frequency), cpu.Ticks, JitInfo.GetCompiledMethodCount(), JitInfo.GetCompilationTime().Ticks);
    }

    /// <summary>The process's CPU time so far (user and system, all threads), in <see cref="TimeSpan"/> ticks.</summary>
    public static long Cpu() => Environment.CpuUsage.TotalTime.Ticks;

    /// <summary>Each step measured so far: total seconds, how many times, and the process's CPU seconds meanwhile.</summary>
    internal static IReadOnlyDictionary<string, StepTime> Read() =>
        Enum.GetValues<CheckStep>()
            .Where(s => Interlocked.Read(ref Counts[(int)s]) > 0)
            .ToDictionary(s => s.ToString(), s => new StepTime(
                (double)Interlocked.Read(ref Ticks[(int)s]) / Stopwatch.Frequency,
                Interlocked.Read(ref Counts[(int)s]),
                TimeSpan.FromTicks(Interlocked.Read(ref CpuTicks[(int)s])).TotalSeconds,
                Interlocked.Read(ref JitMethods[(int)s]),
                TimeSpan.FromTicks(Interlocked.Read(ref JitTicks[(int)s])).TotalSeconds));

    /// <summary>
    /// Writes <see cref="Read"/> as JSON to the file <c>REVIEWCADENCE_TIMINGS</c> names; nothing when off. Written with
    /// the JSON writer, not the serializer, so measuring adds no serializer start-up to the process being measured.
    /// </summary>
    public static void WriteToConfiguredFile()
    {
        if (!Enabled || Environment.GetEnvironmentVariable(Variable) is not { Length: > 0 } path)
            return;
        using var file = File.Create(path);
        using var json = new Utf8JsonWriter(file);
        json.WriteStartObject();
        foreach (var (step, time) in Read())
        {
            json.WriteStartObject(step);
            json.WriteNumber(nameof(StepTime.Seconds), time.Seconds);
            json.WriteNumber(nameof(StepTime.Count), time.Count);
            json.WriteNumber(nameof(StepTime.CpuSeconds), time.CpuSeconds);
            json.WriteNumber(nameof(StepTime.JitMethods), time.JitMethods);
            json.WriteNumber(nameof(StepTime.JitSeconds), time.JitSeconds);
            json.WriteEndObject();
        }
        json.WriteEndObject();
    }

    /// <summary>Forgets every measurement so far (between benchmark runs in one process).</summary>
    public static void Reset()
    {
        Array.Clear(Ticks);
        Array.Clear(CpuTicks);
        Array.Clear(Counts);
        Array.Clear(JitMethods);
        Array.Clear(JitTicks);
        Array.Clear(Started);
    }

    private static void Record(CheckStep step, long wallTicks, long cpuTicks, long jitMethods, long jitTicks)
    {
        Interlocked.Add(ref JitMethods[(int)step], jitMethods);
        Interlocked.Add(ref JitTicks[(int)step], jitTicks);
        Interlocked.Add(ref Ticks[(int)step], wallTicks);
        Interlocked.Add(ref CpuTicks[(int)step], cpuTicks);
        Interlocked.Increment(ref Counts[(int)step]);
    }

    /// <summary>One timing under way; disposing it adds the time since it started (nothing when timings are off).</summary>
    /// <param name="step">The step it times.</param>
    /// <param name="start">When it started (<see cref="Stopwatch.GetTimestamp"/>); 0 when timings are off.</param>
    /// <param name="cpuStart">The process's CPU time then (<see cref="Cpu"/>).</param>
    /// <param name="jitStart">Methods the JIT had compiled then (<see cref="JitInfo.GetCompiledMethodCount"/>).</param>
    /// <param name="jitTimeStart">The JIT's compilation time then, in ticks.</param>
    public readonly struct Measurement(CheckStep step, long start, long cpuStart, long jitStart, long jitTimeStart) : IDisposable
    {
        /// <summary>Adds the time (and the process's CPU time) since the measurement started to its step.</summary>
        public void Dispose()
        {
            if (start != 0)
                Record(step, Stopwatch.GetTimestamp() - start, Cpu() - cpuStart,
                    JitInfo.GetCompiledMethodCount() - jitStart, JitInfo.GetCompilationTime().Ticks - jitTimeStart);
        }
    }
}
