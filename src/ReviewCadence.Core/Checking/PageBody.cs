using System.Buffers;
using ReviewCadence.Checking.Fetching;

namespace ReviewCadence.Checking;

/// <summary>
/// A page's body, read into a buffer rented from <see cref="ArrayPool{T}.Shared"/>. When parsing is the limit, up
/// to <c>maxConcurrency</c> fetched bodies wait for a parser; as fresh arrays they outlived collections, were
/// promoted and fragmented the heap (tests/ReviewCadence.Benchmarks check), while rented ones are reused.
/// Its owner disposes it once the page is extracted (<see cref="SourceChecker"/>); one never disposed is only not reused.
/// </summary>
internal sealed class PageBody : IDisposable
{
    private byte[]? _buffer;

    /// <param name="rented">A buffer from <see cref="ArrayPool{T}.Shared"/>, now owned by this body.</param>
    /// <param name="length">How many of its bytes are the body.</param>
    internal PageBody(byte[] rented, int length)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(length, rented.Length);
        _buffer = rented;
        Length = length;
    }

    public int Length { get; }

    /// <summary>A body holding <paramref name="text"/> as UTF-8 (a page a browser rendered).</summary>
    internal static PageBody FromText(string text)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(Math.Max(1, System.Text.Encoding.UTF8.GetMaxByteCount(text.Length)));
        return new PageBody(buffer, System.Text.Encoding.UTF8.GetBytes(text, buffer));
    }

    /// <exception cref="ObjectDisposedException">The buffer went back to the pool.</exception>
    public ReadOnlyMemory<byte> Memory =>
        Volatile.Read(ref _buffer) is { } buffer ? buffer.AsMemory(0, Length) : throw new ObjectDisposedException(nameof(PageBody));

    public ReadOnlySpan<byte> Span => Memory.Span;

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _buffer, null) is { } buffer)
            ArrayPool<byte>.Shared.Return(buffer);
    }

    /// <summary>Reads <paramref name="stream"/> to its end into a rented buffer, failing past <paramref name="maxBytes"/>.</summary>
    /// <param name="expectedLength">The declared length, if any: the first buffer's size.</param>
    /// <exception cref="PageTooLargeException">More than <paramref name="maxBytes"/> bytes.</exception>
    /// <param name="stream">The response body.</param>
    /// <param name="maxBytes">The most the body may hold (<c>maxPageBytes</c>).</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    internal static async Task<PageBody> ReadAsync(Stream stream, long? expectedLength, long maxBytes, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent((int)Math.Clamp(expectedLength ?? 64 * 1024, 4 * 1024, 4 * 1024 * 1024));
        var length = 0;
        try
        {
            int read;
            while ((read = await stream.ReadAsync(buffer.AsMemory(length), cancellationToken)) > 0)
            {
                length += read;
                // The cap counts decompressed bytes, so a compression bomb stops here too.
                if (length > maxBytes)
                    throw new PageTooLargeException(maxBytes);
                if (length == buffer.Length)
                {
                    var larger = ArrayPool<byte>.Shared.Rent(checked(buffer.Length * 2));
                    buffer.AsSpan(0, length).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }
            }
            var body = new PageBody(buffer, length);
            buffer = null;
            return body;
        }
        finally
        {
            if (buffer is not null)
                ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
