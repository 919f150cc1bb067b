using System.IO.Compression;
using System.Text;

namespace ReviewCadence.Storage;

/// <summary>Snapshots are stored gzip-compressed (normalised text compresses well) by both stores.</summary>
internal static class SnapshotCompression
{
    public static byte[] Compress(string content)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Optimal, leaveOpen: true))
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
