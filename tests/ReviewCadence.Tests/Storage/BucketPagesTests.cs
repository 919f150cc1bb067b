using Azure.Data.Tables;
using ReviewCadence.Storage.Tables;

namespace ReviewCadence.Tests.Storage;

/// <summary>A bucket's records as stored page rows: deflated when that makes them smaller, read back alike either way.</summary>
public sealed class BucketPagesTests
{
    private const byte Format = 1;

    private static readonly Action<BinaryWriter, string> WriteText = (w, text) => w.Write(text);

    [Fact]
    public void Buckets_of_a_partition_are_read_as_row_key_ranges_within_the_services_comparison_limit()
    {
        var one = Assert.Single(BucketPages.BucketFilters([5, 3, 4, 9]));
        Assert.Equal("PartitionKey eq 's00' and ((RowKey ge '003-' and RowKey lt '005.') or (RowKey ge '009-' and RowKey lt '009.'))", one);

        // Sixteen scattered buckets of partition s01 (32-63): seven ranges to a filter, each filter within 15 comparisons.
        var scattered = Enumerable.Range(0, 16).Select(i => 32 + i * 2).ToList();
        var filters = BucketPages.BucketFilters(scattered).ToList();
        Assert.Equal(3, filters.Count);
        Assert.All(filters, f => Assert.StartsWith("PartitionKey eq 's01' and (", f));
        Assert.All(filters, f => Assert.InRange(f.Split(' ').Count(w => w is "eq" or "ge" or "lt"), 3, 15));
        var heads = filters.SelectMany(f => f.Split('\'').Where(w => w.EndsWith('-'))).Select(w => int.Parse(w.TrimEnd('-'), System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(scattered, heads);
    }

    [Fact]
    public void Records_that_repeat_themselves_are_stored_deflated_and_read_back_in_order()
    {
        var records = Enumerable.Range(0, 500).Select(i => $"source-{i:D4}|https://docs.example.com/guide/source-{i:D4}|unchanged").ToList();

        var pages = BucketPages.Write(records, Format, WriteText, "records");

        var page = Assert.Single(pages);
        Assert.Equal(Format | 0x80, page[0]);
        var raw = 1 + records.Sum(r => 1 + r.Length);
        Assert.True(page.Length * 3 < raw, $"a page of {raw:N0} bytes of records deflated to {page.Length:N0}");
        Assert.Equal(records, ReadBack(BucketPages.Entity(7, 0, page)));
    }

    [Fact]
    public void Records_that_deflating_would_not_shrink_are_stored_as_they_are()
    {
        var random = new Random(11);
        var records = Enumerable.Range(0, 3).Select(_ => Convert.ToHexString(RandomBytes(random, 8))).ToList();

        var page = Assert.Single(BucketPages.Write(records, Format, WriteText, "records"));

        Assert.Equal(Format, page[0]);
        Assert.Equal(records, ReadBack(BucketPages.Entity(7, 0, page)));
    }

    [Fact]
    public void A_bucket_over_one_page_is_cut_between_records_and_each_page_is_deflated_on_its_own()
    {
        // ~1.5 MB of records: two pages by their size before deflating (a page holds 768,000 bytes), as before pages were deflated.
        var records = Enumerable.Range(0, 1_500).Select(i => $"{i:D5}" + new string((char)('a' + i % 26), 995)).ToList();

        var pages = BucketPages.Write(records, Format, WriteText, "records");

        Assert.Equal(2, pages.Count);
        Assert.All(pages, page => Assert.Equal(Format | 0x80, page[0]));
        Assert.Equal(records, pages.SelectMany((page, i) => ReadBack(BucketPages.Entity(7, i, page))));
    }

    [Fact]
    public void A_page_of_another_format_is_refused_naming_its_row()
    {
        var page = Assert.Single(BucketPages.Write(["one", "two"], 2, WriteText, "records"));

        var error = Assert.Throws<InvalidDataException>(() => ReadBack(BucketPages.Entity(7, 0, page)));

        Assert.Equal("Page 007-00 is not in a format this version reads.", error.Message);
    }

    private static List<string> ReadBack(TableEntity entity)
    {
        var records = new List<string>();
        BucketPages.Read(entity, Format, r => r.ReadString(), records);
        return records;
    }

    private static byte[] RandomBytes(Random random, int count)
    {
        var bytes = new byte[count];
        random.NextBytes(bytes);
        return bytes;
    }
}
