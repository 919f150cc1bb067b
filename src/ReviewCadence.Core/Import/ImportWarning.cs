namespace ReviewCadence.Import;

/// <summary>Something to fix by hand in one document's proposal.</summary>
/// <param name="Runbook">The proposed runbook id.</param>
/// <param name="File">The document's path as shown in <see cref="ImportedRunbook.Document"/>.</param>
/// <param name="Message">What to fix.</param>
public sealed record ImportWarning(string Runbook, string File, string Message);
