namespace ReviewCadence.Diagnostics;

/// <summary>A step's total time in seconds and how many times it was measured.</summary>
internal sealed record StepTime(double Seconds, long Count);
