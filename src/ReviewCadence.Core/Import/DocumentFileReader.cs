using System.Text;

namespace ReviewCadence.Import;

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
