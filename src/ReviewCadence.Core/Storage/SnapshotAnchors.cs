using System.Text.Json;

namespace ReviewCadence.Storage;

/// <summary>
/// How both stores keep a snapshot's heading anchors (element id → line of the snapshot's text): JSON, gzip-compressed,
/// at most <see cref="MaxBytes"/> (a Table property's limit); a page with more ids keeps those of its first headings.
/// </summary>
internal static class SnapshotAnchors
{
    public const int MaxBytes = 60_000;

    public static byte[] Encode(IReadOnlyDictionary<string, int> anchors)
    {
        var kept = anchors.OrderBy(a => a.Value).ThenBy(a => a.Key, StringComparer.Ordinal).ToList();
        while (true)
        {
            var bytes = SnapshotCompression.Compress(JsonSerializer.Serialize(kept.ToDictionary(a => a.Key, a => a.Value), StoredJsonContext.Default.DictionaryStringInt32));
            if (bytes.Length <= MaxBytes || kept.Count == 0)
            {
                return bytes;
            }
            kept.RemoveRange(kept.Count / 2, kept.Count - kept.Count / 2);
        }
    }

    public static IReadOnlyDictionary<string, int> Decode(byte[] stored) =>
        JsonSerializer.Deserialize(SnapshotCompression.Decompress(stored), StoredJsonContext.Default.DictionaryStringInt32) ?? [];
}
