using ReviewCadence.Storage;

namespace ReviewCadence.Tests.Storage;

/// <summary>The contract of source history: versions by number, newest first, upserted, pruned; snapshots removed.</summary>
public abstract partial class ReviewStoreContractTests
{
    private static SourceVersion Version(string sourceId, int number, string fingerprint, string? summary = null) => new()
    {
        SourceId = sourceId,
        Number = number,
        Fingerprint = fingerprint,
        FirstSeen = T0.AddDays(number),
        LastSeen = T0.AddDays(number).AddHours(5).AddTicks(3),
        Summary = summary,
    };

    [Fact]
    public async Task Source_versions_read_back_newest_first_with_every_field()
    {
        await Store.SaveSourceVersionsAsync([Version("a", 1, "fp-1"), Version("a", 3, "fp-3", "Pricing: 2 lines changed"), Version("a", 2, "fp-2", "Intro: reworded")], Ct);

        var read = await Store.GetSourceVersionsAsync("a", Ct);

        Assert.Equal([3, 2, 1], read.Select(v => v.Number));
        Assert.Equal(Version("a", 3, "fp-3", "Pricing: 2 lines changed"), read[0]);
        Assert.Equal(T0.AddDays(3).AddHours(5).AddTicks(3).UtcTicks, read[0].LastSeen.UtcTicks);
        Assert.Null(read[2].Summary);
        Assert.Empty(await Store.GetSourceVersionsAsync("other", Ct));
    }

    [Fact]
    public async Task Saving_a_version_again_replaces_it_and_sources_keep_their_own_histories()
    {
        const string odd = "https://example.com/a b?x=1#frag|!";
        await Store.SaveSourceVersionsAsync([Version("a", 1, "fp-1"), Version(odd, 1, "fp-x")], Ct);
        var later = Version("a", 1, "fp-1") with { LastSeen = T0.AddDays(30) };
        await Store.SaveSourceVersionsAsync([later], Ct);

        Assert.Equal(later, Assert.Single(await Store.GetSourceVersionsAsync("a", Ct)));
        Assert.Equal("fp-x", Assert.Single(await Store.GetSourceVersionsAsync(odd, Ct)).Fingerprint);
    }

    [Fact]
    public async Task Histories_of_many_sources_read_at_once_equal_each_read_alone()
    {
        // Enough sources that some share a partition on the Table store (read whole) and some do not, ids with escaped characters.
        const string odd = "https://example.com/a b?x=1#frag|!";
        var sources = Enumerable.Range(0, 61).Select(i => $"s{i:D2}").Append(odd).ToList();
        // Every third source has no history; the others have one to three versions.
        await Store.SaveSourceVersionsAsync(
            [.. sources.Select((id, i) => (id, i)).Where(s => s.i % 3 != 0).SelectMany(s => Enumerable.Range(1, 1 + s.i % 3).Select(n => Version(s.id, n, $"fp-{s.id}-{n}")))], Ct);
        List<string> asked = [.. sources, "never-seen", odd];

        var histories = await Store.GetSourceHistoriesAsync(asked, Ct);

        Assert.Equal(sources.Count + 1, histories.Count);
        foreach (var id in asked)
        {
            Assert.Equal(await Store.GetSourceVersionsAsync(id, Ct), histories[id]);
        }
        Assert.Empty(histories["never-seen"]);
        Assert.Empty(histories["s00"]);
        Assert.NotEmpty(histories[odd]);
        Assert.Equal([3, 2, 1], histories["s05"].Select(v => v.Number));
        Assert.Empty(await Store.GetSourceHistoriesAsync([], Ct));
        // A lone source (its bucket read by row range on the Table store).
        Assert.Equal(await Store.GetSourceVersionsAsync("s01", Ct), (await Store.GetSourceHistoriesAsync(["s01"], Ct))["s01"]);
    }

    [Fact]
    public async Task More_than_100_versions_across_sources_are_saved_in_one_call()
    {
        var versions = Enumerable.Range(1, 130).Select(n => Version(n % 2 == 0 ? "even" : "odd", n, $"fp-{n}")).ToList();

        await Store.SaveSourceVersionsAsync(versions, Ct);

        Assert.Equal(65, (await Store.GetSourceVersionsAsync("even", Ct)).Count);
        Assert.Equal(129, (await Store.GetSourceVersionsAsync("odd", Ct))[0].Number);
    }

    [Fact]
    public async Task Pruned_versions_are_gone_and_pruning_again_is_harmless()
    {
        await Store.SaveSourceVersionsAsync([Version("a", 1, "fp-1"), Version("a", 2, "fp-2"), Version("a", 3, "fp-3"), Version("b", 1, "fp-b")], Ct);

        await Store.DeleteSourceVersionsAsync("a", [1, 2], Ct);
        await Store.DeleteSourceVersionsAsync("a", [1, 2, 99], Ct);

        Assert.Equal([3], (await Store.GetSourceVersionsAsync("a", Ct)).Select(v => v.Number));
        Assert.Single(await Store.GetSourceVersionsAsync("b", Ct));
    }

    [Fact]
    public async Task The_same_version_twice_in_one_call_is_rejected_and_nothing_is_written()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => Store.SaveSourceVersionsAsync([Version("a", 1, "fp-1"), Version("a", 1, "fp-2")], Ct));
        Assert.Empty(await Store.GetSourceVersionsAsync("a", Ct));
    }

    [Fact]
    public async Task Deleted_snapshots_read_as_absent_small_and_chunked_alike_and_others_stay()
    {
        var large = RandomText(3_000_000, seed: 17);
        await Store.SaveSnapshotAsync("a", "fp-small", "small text", Ct);
        await Store.SaveSnapshotAsync("a", "fp-large", large, Ct);
        await Store.SaveSnapshotAsync("a", "fp-kept", "kept", Ct);
        await Store.SaveSnapshotAnchorsAsync("a", "fp-small", new Dictionary<string, int> { ["intro"] = 1 }, Ct);
        await Store.SaveSnapshotAnchorsAsync("a", "fp-kept", new Dictionary<string, int> { ["kept"] = 2 }, Ct);
        await Store.SaveSnapshotAsync("b", "fp-small", "other source", Ct);

        await Store.DeleteSnapshotsAsync("a", ["fp-small", "fp-large", "fp-never-stored"], Ct);
        await Store.DeleteSnapshotsAsync("a", ["fp-small"], Ct);

        Assert.Null(await Store.GetSnapshotAsync("a", "fp-small", Ct));
        Assert.Null(await Store.GetSnapshotAsync("a", "fp-large", Ct));
        Assert.Equal("kept", await Store.GetSnapshotAsync("a", "fp-kept", Ct));
        Assert.Null(await Store.GetSnapshotAnchorsAsync("a", "fp-small", Ct));
        Assert.Equal(2, (await Store.GetSnapshotAnchorsAsync("a", "fp-kept", Ct))!["kept"]);
        Assert.Equal("other source", await Store.GetSnapshotAsync("b", "fp-small", Ct));

        // A snapshot saved again after its deletion is whole again (no chunk rows left over to confuse it).
        await Store.SaveSnapshotAsync("a", "fp-large", large, Ct);
        Assert.Equal(large, await Store.GetSnapshotAsync("a", "fp-large", Ct));
    }
}
