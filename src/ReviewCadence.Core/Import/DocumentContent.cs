using System.Text;

namespace ReviewCadence.Import;

/// <summary>A document's text, with a note when it had to be decoded leniently.</summary>
internal sealed record DocumentContent(string Text, string? DecodingNote);
