using System.Security.Cryptography;
using System.Text;

namespace ReviewCadence.Storage.Tables;

/// <summary>
/// Turns ids (which may be URLs) into Table partition and row keys. Keys may not hold <c>/ \ # ?</c> or
/// control characters and are limited in size; those characters are escaped as <c>!XX</c> (and <c>!</c>
/// itself, <c>'</c> and the <c>|</c> that separates composite keys), and a long id keeps a readable
/// head plus a hash. Entities also store the plain ids, so keys are never decoded.
/// </summary>
internal static class TableKeys
{
    private const int MaxKeyLength = 200;
    private const int HeadLength = 120;

    public static string Encode(string id)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        var key = new StringBuilder(id.Length);
        foreach (var c in id)
        {
            if (c is '/' or '\\' or '#' or '?' or '!' or '\'' or '|' || char.IsControl(c))
            {
                key.Append('!').Append(((int)c).ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            }
            else
            {
                key.Append(c);
            }
        }

        if (key.Length <= MaxKeyLength)
        {
            return key.ToString();
        }
        // "!~" never comes out of the escaping above, so a hashed key cannot equal an escaped one.
        var hash = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(id)));
        return string.Concat(key.ToString(0, HeadLength), "!~", hash);
    }

    /// <summary>
    /// The partition of an item in a bucketed table (layout 2, <see cref="TableReviewStore"/>): "b" and a stable hash of
    /// its encoded key modulo <paramref name="buckets"/>, two digits. Many keys share a bucket, so a write of many items
    /// goes in transactions of up to 100 instead of one per key. Hashed from the encoded key, not the id, so a layout-1
    /// partition key (the encoded id) maps to its bucket without decoding.
    /// </summary>
    public static string Bucket(string encodedKey, int buckets)
    {
        ArgumentException.ThrowIfNullOrEmpty(encodedKey);
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(encodedKey), hash);
        return BucketName((int)(System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(hash) % (uint)buckets));
    }

    /// <summary>The partition key of bucket number <paramref name="bucket"/>.</summary>
    public static string BucketName(int bucket) => "b" + bucket.ToString("D2", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>A composite row key of encoded parts, "|" between them (escaping keeps "|" out of the parts).</summary>
    public static string Composite(string encodedHead, string encodedTail) => string.Concat(encodedHead, "|", encodedTail);

    /// <summary>
    /// The filter of the rows whose key starts with <paramref name="encodedHead"/> and "|" in one partition: "}" is the
    /// character after "|", and no encoded part holds "|", so the range holds exactly those rows.
    /// </summary>
    public static string UnderHead(string partition, string encodedHead) =>
        Azure.Data.Tables.TableClient.CreateQueryFilter($"PartitionKey eq {partition} and RowKey gt {encodedHead + "|"} and RowKey lt {encodedHead + "}"}");

    /// <summary>A row key prefix that sorts newest first (row keys sort ascending).</summary>
    public static string NewestFirst(DateTimeOffset at) =>
        (DateTime.MaxValue.Ticks - at.UtcTicks).ToString("D19", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>A row key of one item in time order, unique by id.</summary>
    public static string TimeOrdered(DateTimeOffset at, string id) => $"{NewestFirst(at)}_{Encode(id)}";
}
