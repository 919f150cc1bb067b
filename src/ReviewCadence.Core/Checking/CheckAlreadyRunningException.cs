using System.Text.Json.Serialization;

namespace ReviewCadence.Checking;

/// <summary>A second run was started while one holds the lease.</summary>
public sealed class CheckAlreadyRunningException(string message) : Exception(message);
