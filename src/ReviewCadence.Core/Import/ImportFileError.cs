namespace ReviewCadence.Import;

/// <summary>A path that could not be imported; the others still are.</summary>
public sealed record ImportFileError(string Path, string Message);
