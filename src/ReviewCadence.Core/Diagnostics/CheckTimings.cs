using System.Diagnostics;
using System.Text.Json;

namespace ReviewCadence.Diagnostics;

/// <summary>
/// Adds up where a check's time goes, for the benchmark's breakdown (tests/ReviewCadence.Benchmarks). Off unless the
/// process starts with <c>REVIEWCADENCE_TIMINGS</c> set (the CLI then writes them to that file as JSON when it ends);
/// <see cref="Enabled"/> is a static read-only field, which the JIT folds to a constant, so unused
/// measurements compile to nothing.
/// </summary>
public static class CheckTimings
{
    /// <summary>The environment variable that turns timings on and names the file they are written to.</summary>
    public const string Variable = "REVIEWCADENCE_TIMINGS";

    /// <summary>True when this process measures (the variable was set when it started).</summary>
    public static readonly bool Enabled = Environment.GetEnvironmentVariable(Variable) is { Length: > 0 };

    private static readonly long[] Ticks = new long[Enum.GetValues<CheckStep>().Length];
    private static readonly long[] Counts = new long[Ticks.Length];

    /// <summary>Starts timing one occurrence of <paramref name="step"/>; disposing the result adds it.</summary>
    public static Measurement Measure(CheckStep step) => Enabled ? new Measurement(step, Stopwatch.GetTimestamp()) : default;

    /// <summary>Adds a time measured elsewhere (e.g. the process's start-up).</summary>
    public static void Add(CheckStep step, TimeSpan elapsed)
    {
        if (!Enabled)
            return;
        Interlocked.Add(ref Ticks[(int)step], (long)(elapsed.TotalSeconds * Stopwatch.Frequency));
        Interlocked.Increment(ref Counts[(int)step]);
    }

    /// <summary>Each step measured so far: total seconds and how many times.</summary>
    internal static IReadOnlyDictionary<string, StepTime> Read() =>
        Enum.GetValues<CheckStep>()
            .Where(s => Interlocked.Read(ref Counts[(int)s]) > 0)
            .ToDictionary(s => s.ToString(), s => new StepTime((double)Interlocked.Read(ref Ticks[(int)s]) / Stopwatch.Frequency, Interlocked.Read(ref Counts[(int)s])));

    /// <summary>Writes <see cref="Read"/> as JSON to the file <c>REVIEWCADENCE_TIMINGS</c> names; nothing when off.</summary>
    public static void WriteToConfiguredFile()
    {
        if (Enabled && Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } path)
            File.WriteAllText(path, JsonSerializer.Serialize(Read()));
    }

    /// <summary>Forgets every measurement so far (between benchmark runs in one process).</summary>
    public static void Reset()
    {
        Array.Clear(Ticks);
        Array.Clear(Counts);
    }

    /// <summary>One timing under way; disposing it adds the time since it started (nothing when timings are off).</summary>
    public readonly struct Measurement(CheckStep step, long start) : IDisposable
    {
        /// <summary>Adds the time since the measurement started to its step.</summary>
        public void Dispose()
        {
            if (start == 0)
                return;
            Interlocked.Add(ref Ticks[(int)step], Stopwatch.GetTimestamp() - start);
            Interlocked.Increment(ref Counts[(int)step]);
        }
    }
}
