using System.IO.Compression;
using System.Text;
using ReviewCadence.Diagnostics;

namespace ReviewCadence.Storage;

/// <summary>
/// Snapshots are stored gzip-compressed (normalised text compresses well) by both stores. Fastest, not Optimal: a cold
/// check compresses every page's text, and Optimal cost about 8 % of its CPU for ~15 % smaller snapshots
/// (tests/ReviewCadence.Benchmarks check, the breakdown's compression step). Either level reads back alike.
/// </summary>
internal static class SnapshotCompression
{
    public static byte[] Compress(string content)
    {
        using var timing = CheckTimings.Measure(CheckStep.Compression);
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(Encoding.UTF8.GetBytes(content));
        }
        return buffer.ToArray();
    }

    public static string Decompress(byte[] compressed)
    {
        using var input = new MemoryStream(compressed, writable: false);
        using var gzip = new GZipStream(input, CompressionMode.Decompress);
        using var reader = new StreamReader(gzip, Encoding.UTF8);
        return reader.ReadToEnd();
    }
}
