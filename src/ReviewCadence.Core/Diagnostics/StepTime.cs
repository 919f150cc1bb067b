namespace ReviewCadence.Diagnostics;

/// <summary>
/// A step's total time in seconds, how many times it was measured, and the process's CPU seconds (all threads) while
/// it was (for a step that overlaps others, such as per-source steps, that CPU time is not its own).
/// </summary>
internal sealed record StepTime(double Seconds, long Count, double CpuSeconds = 0, long JitMethods = 0, double JitSeconds = 0);
