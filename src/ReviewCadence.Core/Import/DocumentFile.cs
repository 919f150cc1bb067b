using System.Text;

namespace ReviewCadence.Import;

/// <summary>A document to import: where it is, and its path as the user sees it in output.</summary>
internal sealed record DocumentFile(string FullPath, string DisplayPath);
