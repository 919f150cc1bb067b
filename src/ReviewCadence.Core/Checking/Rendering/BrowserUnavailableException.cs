namespace ReviewCadence.Checking.Rendering;

/// <summary>The configured browser could not be launched or reached; the message names the setting to fix.</summary>
internal sealed class BrowserUnavailableException(string message) : Exception(message);
