namespace ReviewCadence.Import;

/// <summary>Limits for <see cref="RunbookImporter"/>.</summary>
public sealed class RunbookImportOptions
{
    /// <summary>Larger files are reported as errors rather than read: runbooks are pages, not archives.</summary>
    public long MaxDocumentBytes { get; set; } = 10_000_000;
}
