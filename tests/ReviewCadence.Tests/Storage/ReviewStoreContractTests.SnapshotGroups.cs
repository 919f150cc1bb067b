namespace ReviewCadence.Tests.Storage;

/// <summary>
/// Snapshots saved at the same time: both stores write the ones that wait together (group commit), so the saves of one
/// group must still behave as if each were alone.
/// </summary>
public abstract partial class ReviewStoreContractTests
{
    [Fact]
    public async Task The_same_snapshot_saved_at_once_by_many_callers_is_stored_once_and_a_stored_one_is_kept()
    {
        await Store.SaveSnapshotAsync("a", "fp-0", "first", Ct);

        await Task.WhenAll(Enumerable.Range(0, 30).Select(i => (i % 3) switch
        {
            0 => Store.SaveSnapshotAsync("a", "fp-0", "not the first", Ct), // already stored: saving again changes nothing
            1 => Store.SaveSnapshotAsync("b", "fp-1", "the same text", Ct), // saved by ten callers at once
            _ => Store.SaveSnapshotAsync("c", $"fp-{i}", $"text {i}", Ct),
        }));

        Assert.Equal("first", await Store.GetSnapshotAsync("a", "fp-0", Ct));
        Assert.Equal("the same text", await Store.GetSnapshotAsync("b", "fp-1", Ct));
        for (var i = 2; i < 30; i += 3)
        {
            Assert.Equal($"text {i}", await Store.GetSnapshotAsync("c", $"fp-{i}", Ct));
        }
    }

    [Fact]
    public async Task Snapshots_saved_at_once_that_together_exceed_one_table_transaction_are_all_stored()
    {
        // Each ~34 KB compressed (random text, six bits a character; one row on the Table store); a hundred together are more than a
        // Table transaction's 4 MiB.
        var texts = Enumerable.Range(0, 100).Select(i => RandomText(45_000, seed: 100 + i)).ToList();

        await Task.WhenAll(texts.Select((text, i) => Store.SaveSnapshotAsync($"s{i % 7}", $"fp-{i}", text, Ct)));

        for (var i = 0; i < texts.Count; i++)
        {
            Assert.Equal(texts[i], await Store.GetSnapshotAsync($"s{i % 7}", $"fp-{i}", Ct));
        }
    }
}
