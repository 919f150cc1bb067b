using System.Text;

namespace ReviewCadence.Import;

/// <summary>A document to import: where it is, and its path as the user sees it in output.</summary>
internal sealed record DocumentFile(string FullPath, string DisplayPath);

/// <summary>A document's text, with a note when it had to be decoded leniently.</summary>
internal sealed record DocumentContent(string Text, string? DecodingNote);

/// <summary>A file that cannot be imported, with a message fit for the user.</summary>
internal sealed class DocumentReadException(string message) : Exception(message);

/// <summary>Turns the paths given on the command line into documents: files as named, folders searched recursively.</summary>
internal static class DocumentFileCollector
{
    public static (IReadOnlyList<DocumentFile> Files, IReadOnlyList<ImportFileError> Errors) Collect(IEnumerable<string> paths)
    {
        var files = new List<DocumentFile>();
        var errors = new List<ImportFileError>();
        var seen = new HashSet<string>(StringComparer.Ordinal);

        foreach (var given in paths)
        {
            var display = ToDisplay(given);
            string fullPath;
            try
            {
                fullPath = Path.GetFullPath(given);
            }
            catch (Exception ex) when (ex is ArgumentException or NotSupportedException or PathTooLongException)
            {
                errors.Add(new ImportFileError(display, "not a valid path"));
                continue;
            }

            if (Directory.Exists(fullPath))
            {
                var errorsBefore = errors.Count;
                var found = WalkFolder(fullPath, display.TrimEnd('/'), files, errors, seen);
                if (found == 0 && errors.Count == errorsBefore)
                    errors.Add(new ImportFileError(display, $"no runbook documents ({string.Join(", ", DocumentFormats.Extensions)}) in this folder"));
            }
            else if (File.Exists(fullPath))
            {
                if (seen.Add(fullPath))
                    files.Add(new DocumentFile(fullPath, display));
            }
            else
            {
                errors.Add(new ImportFileError(display, "no such file or folder"));
            }
        }

        return (files, errors);
    }

    /// <returns>The documents found under the folder, including ones already collected from another argument.</returns>
    private static int WalkFolder(string folder, string display, List<DocumentFile> files, List<ImportFileError> errors, HashSet<string> seen)
    {
        string[] childFiles, childFolders;
        try
        {
            childFiles = Directory.GetFiles(folder);
            childFolders = Directory.GetDirectories(folder);
        }
        catch (UnauthorizedAccessException)
        {
            errors.Add(new ImportFileError(display, "permission denied"));
            return 0;
        }
        catch (IOException ex)
        {
            errors.Add(new ImportFileError(display, $"cannot list the folder: {ex.Message}"));
            return 0;
        }

        var found = 0;
        // Ordinal order makes the output the same on every machine and every run.
        foreach (var file in childFiles.Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileName(file);
            if (IsHidden(name) || !DocumentFormats.IsRunbookExtension(name))
                continue;
            found++;
            if (seen.Add(file))
                files.Add(new DocumentFile(file, $"{display}/{name}"));
        }

        foreach (var child in childFolders.Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileName(child);
            // Linked folders are not followed: a link back up the tree would never end.
            if (IsHidden(name) || new DirectoryInfo(child).LinkTarget is not null)
                continue;
            found += WalkFolder(child, $"{display}/{name}", files, errors, seen);
        }
        return found;
    }

    private static bool IsHidden(string name) => name.StartsWith('.');

    private static string ToDisplay(string path) => path.Replace('\\', '/');
}

/// <summary>Reads one document's bytes as text, refusing what is not text.</summary>
internal static class DocumentFileReader
{
    private const int BinarySniffBytes = 8000;
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static async Task<DocumentContent> ReadAsync(string fullPath, long maxBytes, CancellationToken cancellationToken)
    {
        byte[] bytes;
        try
        {
            await using var stream = new FileStream(fullPath, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, useAsync: true);
            bytes = await ReadCappedAsync(stream, maxBytes, cancellationToken);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new DocumentReadException("no such file");
        }
        catch (UnauthorizedAccessException)
        {
            throw new DocumentReadException("permission denied");
        }
        catch (IOException ex)
        {
            throw new DocumentReadException($"cannot read: {ex.Message}");
        }

        return Decode(bytes);
    }

    /// <summary>Reads at most <paramref name="maxBytes"/>: the length a file reports is not trusted (devices, pipes, growing files).</summary>
    private static async Task<byte[]> ReadCappedAsync(Stream stream, long maxBytes, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await stream.ReadAsync(chunk, cancellationToken)) > 0)
        {
            buffer.Write(chunk, 0, read);
            if (buffer.Length > maxBytes)
            {
                var size = stream.CanSeek ? $"{stream.Length:N0} bytes" : $"over {maxBytes:N0} bytes";
                throw new DocumentReadException($"too large to be a runbook ({size}; the limit is {maxBytes:N0})");
            }
        }
        return buffer.ToArray();
    }

    internal static DocumentContent Decode(byte[] bytes)
    {
        // A byte-order mark settles the encoding; UTF-16 text is full of zero bytes, so this comes first.
        if (bytes is [0xEF, 0xBB, 0xBF, ..])
            return Checked(Decode(StrictUtf8, bytes.AsSpan(3)), null);
        if (bytes is [0xFF, 0xFE, ..])
            return Checked(Encoding.Unicode.GetString(bytes, 2, bytes.Length - 2), null);
        if (bytes is [0xFE, 0xFF, ..])
            return Checked(Encoding.BigEndianUnicode.GetString(bytes, 2, bytes.Length - 2), null);

        // Git's rule: a zero byte early on means binary (images, PDFs, Office files, archives).
        if (bytes.AsSpan(0, Math.Min(bytes.Length, BinarySniffBytes)).Contains((byte)0))
            throw new DocumentReadException("binary file, not a text, Markdown or HTML document");

        var utf8 = Decode(StrictUtf8, bytes);
        return utf8 is not null
            ? Checked(utf8, null)
            // Older exports are often Windows-1252/Latin-1; reading them beats refusing them, but say so.
            : Checked(Encoding.Latin1.GetString(bytes), "not valid UTF-8; read as Latin-1, check accented characters");
    }

    private static string? Decode(Encoding encoding, ReadOnlySpan<byte> bytes)
    {
        try
        {
            return encoding.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            return null;
        }
    }

    private static DocumentContent Checked(string? text, string? note)
    {
        if (text is null)
            throw new DocumentReadException("not valid text in its declared encoding");
        var control = text.Count(c => char.IsControl(c) && c is not ('\t' or '\n' or '\r' or '\f'));
        if (text.Length > 0 && control * 20 > text.Length)
            throw new DocumentReadException("binary file, not a text, Markdown or HTML document");
        return new DocumentContent(text, note);
    }
}
