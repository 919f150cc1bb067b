using System.Text.Json.Serialization;

namespace ReviewCadence.Reminders;

/// <summary>Thrown when another reminder run holds the run lease: runs are refused, not interleaved.</summary>
public sealed class ReminderRunInProgressException(string message) : Exception(message);
