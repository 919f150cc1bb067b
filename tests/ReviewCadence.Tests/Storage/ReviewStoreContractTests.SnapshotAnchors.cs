namespace ReviewCadence.Tests.Storage;

/// <summary>The contract for a snapshot's heading anchors (element id → line of its text).</summary>
public abstract partial class ReviewStoreContractTests
{
    [Fact]
    public async Task Snapshot_anchors_are_kept_per_source_and_fingerprint_and_replaced_when_saved_again()
    {
        await Store.SaveSnapshotAnchorsAsync("pricing", "fp1", new Dictionary<string, int> { ["token-based-billing"] = 2, ["faq"] = 9 }, Ct);
        await Store.SaveSnapshotAnchorsAsync("pricing/über page", "fp1", new Dictionary<string, int> { ["other"] = 1 }, Ct);

        var anchors = await OpenTracked().GetSnapshotAnchorsAsync("pricing", "fp1", Ct);
        Assert.Equal(new Dictionary<string, int> { ["token-based-billing"] = 2, ["faq"] = 9 }, anchors);
        Assert.Equal(new Dictionary<string, int> { ["other"] = 1 }, await Store.GetSnapshotAnchorsAsync("pricing/über page", "fp1", Ct));
        Assert.Null(await Store.GetSnapshotAnchorsAsync("pricing", "fp2", Ct));
        Assert.Null(await Store.GetSnapshotAnchorsAsync("nope", "fp1", Ct));

        await Store.SaveSnapshotAnchorsAsync("pricing", "fp1", new Dictionary<string, int> { ["renamed"] = 2 }, Ct);
        Assert.Equal(new Dictionary<string, int> { ["renamed"] = 2 }, await Store.GetSnapshotAnchorsAsync("pricing", "fp1", Ct));
    }

    [Fact]
    public async Task A_page_with_very_many_ids_keeps_those_of_its_first_lines_within_the_bound()
    {
        var many = Enumerable.Range(0, 40_000).ToDictionary(i => $"id-{Guid.NewGuid():n}-{i}", i => i);

        await Store.SaveSnapshotAnchorsAsync("big", "fp", many, Ct);

        var kept = (await Store.GetSnapshotAnchorsAsync("big", "fp", Ct))!;
        Assert.InRange(kept.Count, 1, many.Count - 1);
        Assert.All(kept, a => Assert.Equal(many[a.Key], a.Value));
        Assert.Equal(0, kept.Values.Min()); // the first headings' ids are the ones kept
    }
}
