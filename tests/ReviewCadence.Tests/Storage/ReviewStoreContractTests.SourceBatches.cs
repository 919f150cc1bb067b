using ReviewCadence.Storage;
using ReviewCadence.Vocabulary;

namespace ReviewCadence.Tests.Storage;

/// <summary>The contract of <see cref="IReviewStore.SaveSourcesAsync"/>: a check run's bookkeeping in a few round trips.</summary>
public abstract partial class ReviewStoreContractTests
{
    [Fact]
    public async Task Hundreds_of_sources_saved_at_once_read_back_with_their_versions_in_input_order()
    {
        var states = Enumerable.Range(0, 250).Select(i => Source($"s{i:D4}") with { Detail = $"run 1 #{i}" }).Reverse().ToList();

        var saved = await Store.SaveSourcesAsync(states, Ct);

        Assert.Equal(states.Select(s => s.SourceId), saved.Select(s => s.SourceId));
        Assert.All(saved, s => Assert.NotNull(s.Version));
        Assert.Equal(states, saved.Select(s => s with { Version = null }));
        var read = await Store.GetSourcesAsync(Ct);
        Assert.Equal(saved.OrderBy(s => s.SourceId, StringComparer.Ordinal), read);
    }

    [Fact]
    public async Task Sources_saved_again_from_their_versions_beside_new_ones_get_new_versions()
    {
        var first = await Store.SaveSourcesAsync([.. Enumerable.Range(0, 150).Select(i => Source($"s{i:D3}"))], Ct);
        var next = first.Select(s => s with { LastOutcome = CheckOutcome.Unchanged, LastCheckedAt = T0.AddDays(1) })
            .Append(Source("new-one"))
            .ToList();

        var second = await Store.SaveSourcesAsync(next, Ct);

        Assert.All(first.Zip(second), pair => Assert.NotEqual(pair.First.Version, pair.Second.Version));
        var read = (await Store.GetSourcesAsync(Ct)).ToDictionary(s => s.SourceId);
        Assert.Equal(151, read.Count);
        Assert.All(second, s => Assert.Equal(s, read[s.SourceId]));
        Assert.Equal(CheckOutcome.Unchanged, read["s042"].LastOutcome);
        Assert.Equal(T0.AddDays(1), read["s042"].LastCheckedAt);
    }

    [Fact]
    public async Task A_stale_version_in_a_batch_conflicts_and_leaves_its_batch_unwritten()
    {
        var read = await Store.SaveSourcesAsync([.. Enumerable.Range(0, 40).Select(i => Source($"s{i:D2}"))], Ct);
        var winner = await Store.SaveSourceAsync(read[17] with { Detail = "winner" }, Ct);

        await Assert.ThrowsAsync<StoreConflictException>(() =>
            Store.SaveSourcesAsync([.. read.Select(s => s with { Detail = "loser" })], Ct));

        var after = (await Store.GetSourcesAsync(Ct)).ToDictionary(s => s.SourceId);
        Assert.Equal(winner, after["s17"]);
        Assert.All(read.Where(s => s.SourceId != "s17"), s => Assert.Equal(s, after[s.SourceId]));
    }

    [Fact]
    public async Task A_versioned_source_no_longer_stored_conflicts_in_a_batch()
    {
        var elsewhere = (await Store.SaveSourceAsync(Source("other"), Ct)).Version;

        await Assert.ThrowsAsync<StoreConflictException>(() =>
            Store.SaveSourcesAsync([Source("a"), Source("b") with { Version = elsewhere }], Ct));

        Assert.Null(await Store.GetSourceAsync("b", Ct));
        Assert.Null(await Store.GetSourceAsync("a", Ct));
    }

    [Fact]
    public async Task A_set_of_sources_reads_back_as_each_would_alone_leaving_out_those_never_saved()
    {
        var odd = "https://learn.example.com/a/b?c=1#d'|!";
        var saved = await Store.SaveSourcesAsync([.. Enumerable.Range(0, 300).Select(i => Source($"s{i:D3}") with { Detail = $"#{i}" }), Source(odd)], Ct);
        string[] asked = ["s299", odd, "never-saved", "s000", "s150", "s000"];

        var read = await Store.GetSourcesAsync(asked, Ct);

        Assert.Equal([odd, "s000", "s150", "s299"], read.Select(s => s.SourceId)); // by id, ordinal
        foreach (var state in read)
        {
            Assert.Equal(await Store.GetSourceAsync(state.SourceId, Ct), state);
            Assert.Equal(saved.Single(s => s.SourceId == state.SourceId), state);
        }
        Assert.Empty(await Store.GetSourcesAsync([], Ct));
        Assert.Empty(await Store.GetSourcesAsync(["never-saved"], Ct));
        Assert.Equal(300, (await Store.GetSourcesAsync([.. Enumerable.Range(0, 300).Select(i => $"s{i:D3}")], Ct)).Count);
    }

    [Fact]
    public async Task A_batch_of_sources_out_of_many_reads_back_as_each_would_alone()
    {
        // A fanned-out batch: 100 sources scattered over most of the Table store's buckets, several to a partition.
        var saved = (await Store.SaveSourcesAsync([.. Enumerable.Range(0, 1000).Select(i => Source($"guide-{i:D4}") with { Detail = $"#{i}" })], Ct))
            .ToDictionary(s => s.SourceId);
        var asked = Enumerable.Range(0, 100).Select(i => $"guide-{i * 10 + 3:D4}").Append("guide-9999").ToList();

        var read = await Store.GetSourcesAsync(asked, Ct);

        Assert.Equal(asked.Where(saved.ContainsKey).Order(StringComparer.Ordinal), read.Select(s => s.SourceId));
        Assert.All(read, state => Assert.Equal(saved[state.SourceId], state));
    }

    [Fact]
    public async Task States_saved_by_two_instances_side_by_side_are_all_kept()
    {
        // On Tables states share bucket rows: two writers rewriting the same rows must not lose each other's states.
        var other = OpenTracked();
        var first = Enumerable.Range(0, 200).Select(i => Source($"a{i:D3}")).ToList();
        var second = Enumerable.Range(0, 200).Select(i => Source($"b{i:D3}")).ToList();

        await Task.WhenAll(Store.SaveSourcesAsync(first, Ct), other.SaveSourcesAsync(second, Ct));
        var again = await Store.SaveSourcesAsync([.. (await Store.GetSourcesAsync(Ct)).Where(s => s.SourceId.StartsWith('a')).Select(s => s with { Detail = "again" })], Ct);
        await other.SaveSourcesAsync([.. second.Select(s => s with { Detail = "other again" })], Ct);

        var read = (await OpenTracked().GetSourcesAsync(Ct)).ToDictionary(s => s.SourceId);
        Assert.Equal(400, read.Count);
        Assert.All(again, s => Assert.Equal(s, read[s.SourceId]));
        Assert.All(second, s => Assert.Equal("other again", read[s.SourceId].Detail));
    }

    [Fact]
    public async Task A_version_read_by_another_instance_is_checked_against_the_store_not_a_stale_copy()
    {
        var saved = await Store.SaveSourceAsync(Source("a"), Ct);
        var other = OpenTracked();
        var changed = await other.SaveSourceAsync(saved with { Detail = "changed elsewhere" }, Ct);

        // This instance last saw the first version; the caller holds the one the other instance wrote.
        var again = await Store.SaveSourceAsync(changed with { Detail = "on top" }, Ct);
        await Assert.ThrowsAsync<StoreConflictException>(() => Store.SaveSourceAsync(saved with { Detail = "stale" }, Ct));
        await Assert.ThrowsAsync<StoreConflictException>(() => other.SaveSourceAsync(changed with { Detail = "stale too" }, Ct));

        Assert.Equal(again, await OpenTracked().GetSourceAsync("a", Ct));
    }

    [Fact]
    public async Task The_same_source_twice_in_one_batch_is_rejected_and_an_empty_batch_does_nothing()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => Store.SaveSourcesAsync([Source("a"), Source("a")], Ct));
        Assert.Empty(await Store.SaveSourcesAsync([], Ct));
        Assert.Empty(await Store.GetSourcesAsync(Ct));
    }

    // The reads of one check share one string per value with it (StringPool.ShareAcrossReads): a check holds them all.
    [Fact]
    public async Task Reads_within_a_check_name_sources_and_runbooks_with_the_checks_own_strings()
    {
        await Store.SaveSourcesAsync([Source("shared-id") with { Fingerprint = "fp-1" }], Ct);
        await Store.SaveCitationsAsync([Cite("shared-id", "rb-1") with { BaselineFingerprint = "fp-1" }], Ct);
        // The check's own instances (its catalog's): equal to the stored text, but not the strings a read makes.
        var pool = new StringPool();
        var sourceId = pool.Share(new string("shared-id".AsSpan()));
        var runbookId = pool.Share(new string("rb-1".AsSpan()));

        SourceState state;
        Citation citation;
        using (StringPool.ShareAcrossReads(pool))
        {
            state = Assert.Single(await Store.GetSourcesAsync(Ct));
            citation = Assert.Single(await Store.GetAllCitationsAsync(Ct));
        }
        var outside = Assert.Single(await Store.GetSourcesAsync(Ct));

        Assert.Same(sourceId, state.SourceId);
        Assert.Same(sourceId, citation.SourceId);
        Assert.Same(runbookId, citation.RunbookId);
        Assert.Same(state.Fingerprint, citation.BaselineFingerprint);
        Assert.Equal("shared-id", outside.SourceId);
        Assert.NotSame(sourceId, outside.SourceId);
    }
}
