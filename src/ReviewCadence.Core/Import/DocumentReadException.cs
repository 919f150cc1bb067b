using System.Text;

namespace ReviewCadence.Import;

/// <summary>A file that cannot be imported, with a message fit for the user.</summary>
internal sealed class DocumentReadException(string message) : Exception(message);
