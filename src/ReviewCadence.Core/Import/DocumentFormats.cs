namespace ReviewCadence.Import;

internal static class DocumentFormats
{
    /// <summary>The extensions a folder is searched for; other files in a folder are not runbooks.</summary>
    public static readonly IReadOnlyList<string> Extensions = [".txt", ".md", ".markdown", ".html", ".htm"];

    public static bool IsRunbookExtension(string path) =>
        Extensions.Contains(Path.GetExtension(path), StringComparer.OrdinalIgnoreCase);

    /// <summary>A file named explicitly with another extension is read as plain text (the binary check still guards it).</summary>
    public static DocumentFormat ForPath(string path) => Path.GetExtension(path).ToLowerInvariant() switch
    {
        ".md" or ".markdown" => DocumentFormat.Markdown,
        ".html" or ".htm" => DocumentFormat.Html,
        _ => DocumentFormat.PlainText,
    };
}
