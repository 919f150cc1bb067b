namespace ReviewCadence.Import;

/// <summary>How a runbook document's text is laid out.</summary>
internal enum DocumentFormat
{
    PlainText,
    Markdown,
    Html,
}
