using System.Text;
using Azure.Data.Tables;
using ReviewCadence.Vocabulary;

namespace ReviewCadence.Storage.Tables;

/// <summary>
/// How the Table store packs source states (layout 3, <see cref="TableReviewStore"/>): each source belongs to one of
/// <see cref="Buckets"/> hash buckets, and a bucket's states are written together as one row (a "page"), or a few when
/// they outgrow one entity, in a compact binary form cut into binary properties of at most 64,000 bytes. A check rewrites
/// every state (its <c>LastCheckedAt</c>), so it writes a few hundred rows instead of one per source, and reads them all
/// back in one query. The buckets of a group of <see cref="BucketsPerPartition"/> share a partition, so one transaction
/// writes many of them.
/// </summary>
internal static class SourceStatePages
{
    /// <summary>The buckets (part of the layout: changing the count moves states to other rows).</summary>
    public const int Buckets = 256;
    public const int BucketsPerPartition = 32;
    /// <summary>Bytes of one binary property (a property holds at most 64 KiB).</summary>
    public const int ChunkBytes = 64_000;
    /// <summary>Chunks of one page: 768,000 bytes, below an entity's 1 MiB with its names and keys.</summary>
    public const int ChunksPerPage = 12;
    /// <summary>Pages of one bucket, all written in one transaction: base64 takes three full pages to ~3.1 MB of a transaction's 4 MiB.</summary>
    public const int MaxPagesPerBucket = 3;
    private const byte Format = 1;

    /// <summary>The bucket of a source: a stable hash of its encoded key (<see cref="TableKeys.Bucket"/>).</summary>
    public static int BucketOf(string sourceId) => int.Parse(TableKeys.Bucket(TableKeys.Encode(sourceId), Buckets).AsSpan(1), System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The partition of a bucket's pages: "s" and the number of its group of <see cref="BucketsPerPartition"/>.</summary>
    public static string PartitionOf(int bucket) => "s" + (bucket / BucketsPerPartition).ToString("D2", System.Globalization.CultureInfo.InvariantCulture);

    public static IEnumerable<string> Partitions => Enumerable.Range(0, Buckets / BucketsPerPartition).Select(g => PartitionOf(g * BucketsPerPartition));

    /// <summary>The row key of a bucket's page: "bucket-page", three and two digits.</summary>
    public static string RowKey(int bucket, int page) => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{bucket:D3}-{page:D2}");

    /// <summary>The bucket a page row belongs to (its key's first three digits).</summary>
    public static int BucketOfRow(string rowKey) => int.Parse(rowKey.AsSpan(0, 3), System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The filter of one bucket's pages: keys "NNN-…" ("." is the character after "-").</summary>
    public static string BucketFilter(int bucket)
    {
        var head = bucket.ToString("D3", System.Globalization.CultureInfo.InvariantCulture);
        return TableClient.CreateQueryFilter($"PartitionKey eq {PartitionOf(bucket)} and RowKey ge {head + "-"} and RowKey lt {head + "."}");
    }

    /// <summary>
    /// A bucket's states as pages: whole states in order, a page closed before it would pass <see cref="ChunksPerPage"/>
    /// chunks. A bucket that needs more than <see cref="MaxPagesPerBucket"/> pages cannot be written at once: refused.
    /// </summary>
    public static List<byte[]> Write(IEnumerable<SourceState> states)
    {
        const int pageBytes = ChunkBytes * ChunksPerPage;
        var pages = new List<byte[]>();
        using var page = new MemoryStream();
        using var record = new MemoryStream();
        using var writer = new BinaryWriter(record, Encoding.UTF8, leaveOpen: true);
        var count = 0;
        page.WriteByte(Format);
        foreach (var state in states)
        {
            record.SetLength(0);
            WriteState(writer, state);
            writer.Flush();
            if (count > 0 && page.Length + record.Length > pageBytes)
            {
                pages.Add(page.ToArray());
                page.SetLength(0);
                page.WriteByte(Format);
                count = 0;
            }
            record.Position = 0;
            record.CopyTo(page);
            count++;
        }
        if (count > 0)
        {
            pages.Add(page.ToArray());
        }
        if (pages.Count > MaxPagesPerBucket)
        {
            throw new ArgumentException($"The sources of one Table store bucket take {pages.Sum(p => (long)p.Length):N0} bytes; the Table store keeps at most {MaxPagesPerBucket * pageBytes:N0} (shorten the sources' details or ids).");
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
            entity[ChunkName(i)] = data.AsSpan(i * ChunkBytes, Math.Min(ChunkBytes, data.Length - i * ChunkBytes)).ToArray();
        }
        return entity;
    }

    /// <summary>The states of one page row, versions and all.</summary>
    public static void Read(TableEntity entity, StringPool pool, ICollection<SourceState> into)
    {
        var chunks = entity.GetInt32("Chunks") ?? 0;
        var data = new List<byte[]>(chunks);
        for (var i = 0; i < chunks; i++)
        {
            data.Add(entity.GetBinary(ChunkName(i)) ?? throw new InvalidDataException($"Source state page {entity.RowKey} lacks chunk {i}."));
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
        using var stream = new MemoryStream(bytes, writable: false);
        using var reader = new BinaryReader(stream, Encoding.UTF8);
        if (stream.Length == 0 || reader.ReadByte() != Format)
        {
            throw new InvalidDataException($"Source state page {entity.RowKey} is not in a format this version reads.");
        }
        while (stream.Position < stream.Length)
        {
            into.Add(ReadState(reader, pool));
        }
    }

    private static string ChunkName(int index) => "D" + index.ToString("D2", System.Globalization.CultureInfo.InvariantCulture);

    private static void WriteState(BinaryWriter w, SourceState s)
    {
        w.Write(s.SourceId);
        w.Write(s.Url);
        Text(w, s.FinalUrl);
        Text(w, s.LastOutcome?.Name());
        w.Write(s.HttpStatus.HasValue);
        if (s.HttpStatus is { } status)
        {
            w.Write(status);
        }
        Text(w, s.Detail);
        Time(w, s.LastCheckedAt);
        Time(w, s.LastChangedAt);
        w.Write(s.ConsecutiveFailures);
        Text(w, s.Fingerprint);
        Text(w, s.PreviousFingerprint);
        Text(w, s.LastChangeSummary);
        Text(w, s.HttpETag);
        Text(w, s.HttpLastModified);
        w.Write(s.Version ?? throw new InvalidOperationException("A packed source state needs its version."));
    }

    private static SourceState ReadState(BinaryReader r, StringPool pool) => new()
    {
        SourceId = r.ReadString(),
        Url = pool.Share(r.ReadString()),
        FinalUrl = pool.Share(Text(r)),
        LastOutcome = Text(r) is { } outcome ? CheckNames.ParseOutcome(outcome) : null,
        HttpStatus = r.ReadBoolean() ? r.ReadInt32() : null,
        Detail = Text(r),
        LastCheckedAt = Time(r),
        LastChangedAt = Time(r),
        ConsecutiveFailures = r.ReadInt32(),
        Fingerprint = Text(r),
        PreviousFingerprint = Text(r),
        LastChangeSummary = Text(r),
        HttpETag = Text(r),
        HttpLastModified = pool.Share(Text(r)),
        Version = r.ReadString(),
    };

    private static void Text(BinaryWriter w, string? value)
    {
        w.Write(value is not null);
        if (value is not null)
        {
            w.Write(value);
        }
    }

    private static string? Text(BinaryReader r) => r.ReadBoolean() ? r.ReadString() : null;

    // UTC ticks: the instant, as the Table store's DateTimeOffset properties kept it.
    private static void Time(BinaryWriter w, DateTimeOffset? value)
    {
        w.Write(value.HasValue);
        if (value is { } at)
        {
            w.Write(at.UtcTicks);
        }
    }

    private static DateTimeOffset? Time(BinaryReader r) => r.ReadBoolean() ? new DateTimeOffset(r.ReadInt64(), TimeSpan.Zero) : null;
}
