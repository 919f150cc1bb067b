namespace ReviewCadence.Extraction;

/// <summary>A page whose structure is past what extraction reads (too many elements): it is not compared this run.</summary>
public sealed class PageTooComplexException(string message) : Exception(message);
