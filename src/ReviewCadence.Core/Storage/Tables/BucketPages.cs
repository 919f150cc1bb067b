using System.IO.Compression;
using System.Text;
using Azure.Data.Tables;

namespace ReviewCadence.Storage.Tables;

/// <summary>
/// How the Table store packs many small records (source states, citations: layout 3 and 4, <see cref="TableReviewStore"/>)
/// into few rows. Each record belongs to one of <see cref="Buckets"/> hash buckets (by its source), and a bucket's records
/// are written together as one row (a "page"), or a few when they outgrow one entity, in a compact binary form cut into
/// binary properties of at most 64,000 bytes. A check rewrites every source state (its <c>LastCheckedAt</c>), so it writes a
/// few hundred rows instead of one per source, and reads them all back in a few queries. The buckets of a group of
/// <see cref="BucketsPerPartition"/> share a partition, so one transaction writes many of them.
/// </summary>
internal static class BucketPages
{
    /// <summary>The buckets (part of the layout: changing the count moves records to other rows).</summary>
    public const int Buckets = 256;
    public const int BucketsPerPartition = 32;
    /// <summary>Bytes of one binary property (a property holds at most 64 KiB).</summary>
    public const int ChunkBytes = 64_000;
    /// <summary>Chunks of one page: 768,000 bytes, below an entity's 1 MiB with its names and keys.</summary>
    public const int ChunksPerPage = 12;
    /// <summary>Pages of one bucket, all written in one transaction: base64 takes three full pages to ~3.1 MB of a transaction's 4 MiB.</summary>
    public const int MaxPagesPerBucket = 3;

    /// <summary>The bucket of a source: a stable hash of its encoded key (<see cref="TableKeys.Bucket"/>).</summary>
    public static int BucketOf(string sourceId) => int.Parse(TableKeys.Bucket(TableKeys.Encode(sourceId), Buckets).AsSpan(1), System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The partition of a bucket's pages: "s" and the number of its group of <see cref="BucketsPerPartition"/>.</summary>
    public static string PartitionOf(int bucket) => "s" + (bucket / BucketsPerPartition).ToString("D2", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The row key of a bucket's page: "bucket-page", three and two digits.</summary>
    public static string RowKey(int bucket, int page) => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{bucket:D3}-{page:D2}");

    /// <summary>The bucket a page row belongs to (its key's first three digits).</summary>
    public static int BucketOfRow(string rowKey) => int.Parse(rowKey.AsSpan(0, 3), System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>
    /// The filters that read the pages of <paramref name="buckets"/> (all of one partition), as few as the service allows:
    /// each run of consecutive buckets is one row-key range ("NNN-" up to the last one's "NNN.": "." is the character after
    /// "-"), and one filter ORs up to <see cref="RangesPerFilter"/> of them.
    /// </summary>
    public static IEnumerable<string> BucketFilters(IEnumerable<int> buckets)
    {
        var sorted = buckets.Order().ToList();
        var ranges = new List<(int First, int Last)>();
        foreach (var bucket in sorted)
        {
            if (ranges.Count > 0 && ranges[^1].Last + 1 == bucket)
            {
                ranges[^1] = (ranges[^1].First, bucket);
            }
            else
            {
                ranges.Add((bucket, bucket));
            }
        }
        foreach (var chunk in ranges.Chunk(RangesPerFilter))
        {
            var partition = TableClient.CreateQueryFilter($"PartitionKey eq {PartitionOf(chunk[0].First)}");
            yield return partition + " and (" + string.Join(" or ", chunk.Select(r =>
                "(" + TableClient.CreateQueryFilter($"RowKey ge {Head(r.First) + "-"} and RowKey lt {Head(r.Last) + "."}") + ")")) + ")";
        }

        static string Head(int bucket) => bucket.ToString("D3", System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// Row-key ranges one filter holds: the service allows at most 15 comparisons in a <c>$filter</c>, and each range
    /// takes two besides the partition's one.
    /// </summary>
    public const int RangesPerFilter = 7;

    /// <summary>
    /// A bucket's records as pages (each starting with <paramref name="format"/>, its records deflated: <see cref="Stored"/>):
    /// whole records in order, a page closed before its records would pass <see cref="ChunksPerPage"/> chunks. A bucket that
    /// needs more than <see cref="MaxPagesPerBucket"/> pages cannot be written at once: refused, naming <paramref name="what"/>.
    /// </summary>
    public static List<byte[]> Write<T>(IEnumerable<T> records, byte format, Action<BinaryWriter, T> write, string what)
    {
        const int pageBytes = ChunkBytes * ChunksPerPage;
        var pages = new List<byte[]>();
        using var page = new MemoryStream();
        using var record = new MemoryStream();
        using var writer = new BinaryWriter(record, Encoding.UTF8, leaveOpen: true);
        var count = 0;
        page.WriteByte(format);
        foreach (var item in records)
        {
            record.SetLength(0);
            write(writer, item);
            writer.Flush();
            if (count > 0 && page.Length + record.Length > pageBytes)
            {
                pages.Add(Stored(page));
                page.SetLength(0);
                page.WriteByte(format);
                count = 0;
            }
            record.Position = 0;
            record.CopyTo(page);
            count++;
        }
        if (count > 0)
        {
            pages.Add(Stored(page));
        }
        if (pages.Count > MaxPagesPerBucket)
        {
            throw new ArgumentException($"The {what} of one Table store bucket take {pages.Sum(p => (long)p.Length):N0} bytes; the Table store keeps at most {MaxPagesPerBucket * pageBytes:N0} (shorten their details or ids).");
        }
        return pages;
    }

    /// <summary>The entity of a page: its bytes in properties D00, D01, … and their count.</summary>
    public static TableEntity Entity(int bucket, int page, byte[] data)
    {
        var entity = new TableEntity(PartitionOf(bucket), RowKey(bucket, page));
        var chunks = (data.Length + ChunkBytes - 1) / ChunkBytes;
        entity["Chunks"] = chunks;
        for (var i = 0; i < chunks; i++)
        {
            entity[ChunkName(i)] = chunks == 1 ? data : data.AsSpan(i * ChunkBytes, Math.Min(ChunkBytes, data.Length - i * ChunkBytes)).ToArray();
        }
        return entity;
    }

    /// <summary>The records of one page row.</summary>
    public static void Read<T>(TableEntity entity, byte format, Func<BinaryReader, T> read, ICollection<T> into)
    {
        var chunks = entity.GetInt32("Chunks") ?? 0;
        var data = new List<byte[]>(chunks);
        for (var i = 0; i < chunks; i++)
        {
            data.Add(entity.GetBinary(ChunkName(i)) ?? throw new InvalidDataException($"Page {entity.RowKey} lacks chunk {i}."));
        }
        var bytes = chunks == 1 ? data[0] : new byte[data.Sum(d => d.Length)];
        if (chunks > 1)
        {
            var at = 0;
            foreach (var chunk in data)
            {
                chunk.CopyTo(bytes, at);
                at += chunk.Length;
            }
        }
        using var stream = Records(bytes, format) ?? throw new InvalidDataException($"Page {entity.RowKey} is not in a format this version reads.");
        using var reader = new BinaryReader(stream, Encoding.UTF8);
        while (stream.Position < stream.Length)
        {
            into.Add(read(reader));
        }
    }

    /// <summary>
    /// A page as stored: its first byte the records' format, with <see cref="Deflated"/> set when the records after it are
    /// deflated, as they are whenever that makes them smaller. Ids, URLs and version tokens repeat from record to record:
    /// a warm check of 2,000 sources sent its states in 433 KB of requests instead of 878 KB, and the emulator's time and
    /// the SDK's base64 and JSON go with the bytes.
    /// </summary>
    private static byte[] Stored(MemoryStream page)
    {
        var raw = page.GetBuffer().AsSpan(0, (int)page.Length);
        using var stored = new MemoryStream(raw.Length / 2);
        stored.WriteByte((byte)(raw[0] | Deflated));
        using (var deflate = new DeflateStream(stored, CompressionLevel.Fastest, leaveOpen: true))
        {
            deflate.Write(raw[1..]);
        }
        return stored.Length < raw.Length ? stored.ToArray() : raw.ToArray();
    }

    /// <summary>The records of a stored page, positioned at the first; null when the page is not in <paramref name="format"/>.</summary>
    private static MemoryStream? Records(byte[] page, byte format)
    {
        if (page.Length > 0 && page[0] == format)
        {
            return new MemoryStream(page, 1, page.Length - 1, writable: false);
        }
        if (page.Length == 0 || page[0] != (format | Deflated))
        {
            return null;
        }
        var records = new MemoryStream(page.Length * 4);
        using (var inflate = new DeflateStream(new MemoryStream(page, 1, page.Length - 1, writable: false), CompressionMode.Decompress))
        {
            inflate.CopyTo(records);
        }
        records.Position = 0;
        return records;
    }

    // The flag of a page's first byte that says its records are deflated (formats are below it).
    private const byte Deflated = 0x80;

    private static string ChunkName(int index) => "D" + index.ToString("D2", System.Globalization.CultureInfo.InvariantCulture);

    // Field helpers for the records' binary forms.
    public static void Text(BinaryWriter w, string? value)
    {
        w.Write(value is not null);
        if (value is not null)
        {
            w.Write(value);
        }
    }

    public static string? Text(BinaryReader r) => r.ReadBoolean() ? r.ReadString() : null;

    public static void Number(BinaryWriter w, int? value)
    {
        w.Write(value.HasValue);
        if (value is { } number)
        {
            w.Write(number);
        }
    }

    public static int? Number(BinaryReader r) => r.ReadBoolean() ? r.ReadInt32() : null;

    // UTC ticks: the instant, as the Table store's DateTimeOffset properties kept it.
    public static void Time(BinaryWriter w, DateTimeOffset? value)
    {
        w.Write(value.HasValue);
        if (value is { } at)
        {
            w.Write(at.UtcTicks);
        }
    }

    public static DateTimeOffset? Time(BinaryReader r) => r.ReadBoolean() ? new DateTimeOffset(r.ReadInt64(), TimeSpan.Zero) : null;
}
