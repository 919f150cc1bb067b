using System.Diagnostics;
using System.Text.Json;

namespace ReviewCadence.Diagnostics;

/// <summary>The steps of a check whose time <see cref="CheckTimings"/> adds up.</summary>
public enum CheckStep
{
    /// <summary>From the process's start to the CLI's <c>Main</c> (runtime start-up, assembly loading).</summary>
    StartUp,
    /// <summary>Services built, until the catalog is to be read.</summary>
    Host,
    CatalogLoad,
    StoreOpen,
    /// <summary>Lease, source states read, citations brought in line with the catalog.</summary>
    RunStart,
    CitationSync,
    /// <summary>Wall time of the fetch-and-extract stage of all sources (the steps below overlap inside it).</summary>
    Sources,
    /// <summary>Summed over sources: request sent until the body is read (includes waiting for a host or overall slot).</summary>
    Fetch,
    /// <summary>Summed over sources: a fetched body waiting for a free core to parse it.</summary>
    ParseQueue,
    /// <summary>Summed over sources: decode, parse, extract, fingerprint (one core each).</summary>
    Extract,
    /// <summary>Summed over sources: hashing the extracted text (inside <see cref="Extract"/>).</summary>
    Fingerprint,
    /// <summary>Summed over sources: gzip of the snapshot text.</summary>
    Compression,
    /// <summary>Summed over sources: waiting for and writing a snapshot (compression excluded).</summary>
    SnapshotWrite,
    /// <summary>The store's snapshot transactions (SQLite writes the snapshots that wait together): time and count.</summary>
    SnapshotTransaction,
    /// <summary>The conclusive run applied: the outage guard, citations' findings and sources' states written.</summary>
    Apply,
    /// <summary>The run's report: runbook statuses and the JSON or table written out.</summary>
    Report,
}

/// <summary>
/// Adds up where a check's time goes, for the benchmark's breakdown (tests/ReviewCadence.Benchmarks). Off unless the
/// process starts with <c>REVIEWCADENCE_TIMINGS</c> set (the CLI then writes them to that file as JSON when it ends);
/// <see cref="Enabled"/> is a static read-only field, which the JIT folds to a constant, so unused
/// measurements compile to nothing.
/// </summary>
public static class CheckTimings
{
    public const string Variable = "REVIEWCADENCE_TIMINGS";

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
    public static IReadOnlyDictionary<string, StepTime> Read() =>
        Enum.GetValues<CheckStep>()
            .Where(s => Interlocked.Read(ref Counts[(int)s]) > 0)
            .ToDictionary(s => s.ToString(), s => new StepTime((double)Interlocked.Read(ref Ticks[(int)s]) / Stopwatch.Frequency, Interlocked.Read(ref Counts[(int)s])));

    /// <summary>Writes <see cref="Read"/> as JSON to the file <c>REVIEWCADENCE_TIMINGS</c> names; nothing when off.</summary>
    public static void WriteToConfiguredFile()
    {
        if (Enabled && Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } path)
            File.WriteAllText(path, JsonSerializer.Serialize(Read()));
    }

    public static void Reset()
    {
        Array.Clear(Ticks);
        Array.Clear(Counts);
    }

    public readonly struct Measurement(CheckStep step, long start) : IDisposable
    {
        public void Dispose()
        {
            if (start == 0)
                return;
            Interlocked.Add(ref Ticks[(int)step], Stopwatch.GetTimestamp() - start);
            Interlocked.Increment(ref Counts[(int)step]);
        }
    }
}

/// <summary>A step's total time in seconds and how many times it was measured.</summary>
public sealed record StepTime(double Seconds, long Count);
