using System.Text;
using ReviewCadence.Storage;
using ReviewCadence.Vocabulary;

namespace ReviewCadence.Tests.Storage;

/// <summary>
/// What every <see cref="IReviewStore"/> must do. Each implementation's test class derives from this and
/// says how to open a store on fresh data (and another store on the same data, for races).
/// </summary>
public abstract partial class ReviewStoreContractTests : IAsyncLifetime
{
    private static readonly DateTimeOffset T0 = new DateTimeOffset(2026, 7, 1, 9, 30, 15, 123, TimeSpan.FromHours(2)).AddTicks(4567);
    private readonly List<IReviewStore> _opened = [];

    protected static CancellationToken Ct => CancellationToken.None;

    protected IReviewStore Store { get; private set; } = null!;

    /// <summary>Opens a store on this test's data; every call opens another instance on the same data.</summary>
    protected abstract IReviewStore OpenStore();

    public async Task InitializeAsync()
    {
        Store = OpenTracked();
        await Store.InitializeAsync(Ct);
    }

    public async Task DisposeAsync()
    {
        foreach (var store in _opened)
        {
            await store.DisposeAsync();
        }
        await CleanupAsync();
    }

    protected virtual Task CleanupAsync() => Task.CompletedTask;

    protected IReviewStore OpenTracked()
    {
        var store = OpenStore();
        _opened.Add(store);
        return store;
    }

    // ---------------------------------------------------------------- general

    [Fact]
    public async Task Initialize_again_and_from_another_instance_keeps_data()
    {
        await Store.SaveSourceAsync(Source("a"), Ct);
        await Store.InitializeAsync(Ct);
        var other = OpenTracked();
        await other.InitializeAsync(Ct);

        Assert.NotNull(await other.GetSourceAsync("a", Ct));
    }

    [Fact]
    public async Task Ids_with_url_characters_round_trip_everywhere()
    {
        const string source = "https://example.com/docs/a b?x=1&y='2'#frag|!%\\é";
        const string runbook = "runbook/with#odd?chars";
        var fingerprint = "sha256:ab/cd+ef==";

        await Store.SaveSourceAsync(Source(source), Ct);
        await Store.SaveSnapshotAsync(source, fingerprint, "content", Ct);
        await Store.SaveCitationsAsync([Cite(source, runbook)], Ct);
        await Store.AddReviewAsync(Review("r/1?", runbook, T0), Ct);
        await Store.SaveReminderStatesAsync([Reminder("owner/x#", runbook)], Ct);
        await Store.AddDeliveryAsync(Delivery("d/1#", "owner/x#", T0), Ct);

        Assert.Equal(source, (await Store.GetSourceAsync(source, Ct))!.SourceId);
        Assert.Equal("content", await Store.GetSnapshotAsync(source, fingerprint, Ct));
        Assert.Equal(runbook, Assert.Single(await Store.GetCitationsForSourceAsync(source, Ct)).RunbookId);
        Assert.Equal(source, Assert.Single(await Store.GetCitationsForRunbookAsync(runbook, Ct)).SourceId);
        Assert.Equal("r/1?", Assert.Single(await Store.GetReviewsAsync(runbook, Ct)).Id);
        Assert.Equal(runbook, Assert.Single(await Store.GetReminderStatesAsync("owner/x#", Ct)).RunbookId);
        Assert.Equal("d/1#", Assert.Single(await Store.GetDeliveriesAsync("owner/x#", Ct)).Id);
    }

    // ---------------------------------------------------------------- sources

    [Fact]
    public async Task Saved_source_reads_back_with_every_field()
    {
        var state = new SourceState
        {
            SourceId = "cometapi-pricing-docs",
            Url = "https://apidoc.cometapi.com/pricing/about-pricing",
            FinalUrl = "https://apidoc.cometapi.com/pricing/v2",
            LastOutcome = CheckOutcome.Moved,
            HttpStatus = 301,
            Detail = "moved permanently",
            LastCheckedAt = T0,
            LastChangedAt = T0.AddDays(-3),
            ConsecutiveFailures = 2,
            Fingerprint = "fp-2",
            PreviousFingerprint = "fp-1",
            LastChangeSummary = "Volume pricing: section removed",
            HttpETag = "\"abc\"",
            HttpLastModified = "Wed, 01 Jul 2026 07:30:15 GMT",
        };

        var saved = await Store.SaveSourceAsync(state, Ct);
        var read = await Store.GetSourceAsync(state.SourceId, Ct);

        Assert.NotNull(saved.Version);
        Assert.Equal(state with { Version = saved.Version }, saved);
        Assert.Equal(saved, read);
    }

    [Fact]
    public async Task Unknown_ids_read_as_absent_or_empty()
    {
        Assert.Null(await Store.GetSourceAsync("nope", Ct));
        Assert.Empty(await Store.GetSourcesAsync(Ct));
        Assert.Null(await Store.GetSnapshotAsync("nope", "fp", Ct));
        Assert.Empty(await Store.GetCitationsForSourceAsync("nope", Ct));
        Assert.Empty(await Store.GetCitationsForRunbookAsync("nope", Ct));
        Assert.Empty(await Store.GetAllCitationsAsync(Ct));
        Assert.Empty(await Store.GetReviewsAsync("nope", Ct));
        Assert.Empty(await Store.GetLatestReviewsAsync(Ct));
        Assert.Empty(await Store.GetReminderStatesAsync("nope", Ct));
        Assert.Empty(await Store.GetDeliveriesAsync(null, Ct));
    }

    [Fact]
    public async Task Source_saved_with_its_current_version_gets_a_new_version()
    {
        var first = await Store.SaveSourceAsync(Source("a"), Ct);
        var second = await Store.SaveSourceAsync(first with { ConsecutiveFailures = 1, Fingerprint = null }, Ct);

        Assert.NotEqual(first.Version, second.Version);
        var read = await Store.GetSourceAsync("a", Ct);
        Assert.Equal(1, read!.ConsecutiveFailures);
        Assert.Null(read.Fingerprint);
        Assert.Equal(second.Version, read.Version);
    }

    [Fact]
    public async Task Source_saved_with_a_stale_version_conflicts_and_the_winner_stays()
    {
        var read = await Store.SaveSourceAsync(Source("a"), Ct);
        await Store.SaveSourceAsync(read with { Detail = "winner" }, Ct);

        await Assert.ThrowsAsync<StoreConflictException>(() => Store.SaveSourceAsync(read with { Detail = "loser" }, Ct));
        Assert.Equal("winner", (await Store.GetSourceAsync("a", Ct))!.Detail);
    }

    [Fact]
    public async Task Source_saved_with_a_version_but_no_longer_stored_conflicts()
    {
        var elsewhere = (await Store.SaveSourceAsync(Source("other"), Ct)).Version; // a version this store could issue

        await Assert.ThrowsAsync<StoreConflictException>(() => Store.SaveSourceAsync(Source("a") with { Version = elsewhere }, Ct));
        Assert.Null(await Store.GetSourceAsync("a", Ct));
    }

    [Fact]
    public async Task Source_saved_without_version_overwrites_whatever_is_stored()
    {
        await Store.SaveSourceAsync(Source("a") with { Detail = "first" }, Ct);
        var blind = await Store.SaveSourceAsync(Source("a") with { Detail = "second" }, Ct);

        var read = await Store.GetSourceAsync("a", Ct);
        Assert.Equal("second", read!.Detail);
        Assert.Equal(blind.Version, read.Version);
    }

    [Fact]
    public async Task Concurrent_saves_from_one_version_let_exactly_one_win()
    {
        var read = await Store.SaveSourceAsync(Source("a"), Ct);
        var other = OpenTracked();
        var stores = new[] { Store, other, Store, other, Store, other };

        var attempts = stores.Select((store, i) => Task.Run(async () =>
        {
            try
            {
                await store.SaveSourceAsync(read with { Detail = $"writer {i}" }, Ct);
                return true;
            }
            catch (StoreConflictException)
            {
                return false;
            }
        })).ToList();
        var results = await Task.WhenAll(attempts);

        Assert.Single(results, won => won);
        var winner = Array.IndexOf(results, true);
        Assert.Equal($"writer {winner}", (await Store.GetSourceAsync("a", Ct))!.Detail);
    }

    [Fact]
    public async Task All_sources_are_listed_in_id_order()
    {
        foreach (var id in new[] { "c", "a", "b" })
        {
            await Store.SaveSourceAsync(Source(id), Ct);
        }

        Assert.Equal(["a", "b", "c"], (await Store.GetSourcesAsync(Ct)).Select(s => s.SourceId));
    }

    // ---------------------------------------------------------------- snapshots

    [Fact]
    public async Task Snapshot_is_kept_per_source_and_fingerprint_and_saving_it_again_changes_nothing()
    {
        await Store.SaveSnapshotAsync("a", "fp-1", "version one – ünïcode ✓", Ct);
        await Store.SaveSnapshotAsync("a", "fp-1", "version one – ünïcode ✓", Ct);
        await Store.SaveSnapshotAsync("a", "fp-2", "version two", Ct);
        await Store.SaveSnapshotAsync("b", "fp-1", "another source", Ct);
        await Store.SaveSnapshotAsync("a", "fp-empty", "", Ct);

        Assert.Equal("version one – ünïcode ✓", await Store.GetSnapshotAsync("a", "fp-1", Ct));
        Assert.Equal("version two", await Store.GetSnapshotAsync("a", "fp-2", Ct));
        Assert.Equal("another source", await Store.GetSnapshotAsync("b", "fp-1", Ct));
        Assert.Equal("", await Store.GetSnapshotAsync("a", "fp-empty", Ct));
        Assert.Null(await Store.GetSnapshotAsync("b", "fp-2", Ct));
        Assert.Null(await Store.GetSnapshotAsync("a", "fp", Ct)); // a prefix of a stored fingerprint is not it
    }

    [Fact]
    public async Task Snapshots_and_anchors_saved_concurrently_are_each_stored_as_saved()
    {
        // A check saves one snapshot (and its anchors) per page from many sources at once; SQLite writes the ones that
        // wait together, so every save must still land, each under its own source and fingerprint.
        var saves = Enumerable.Range(0, 120).Select(async i =>
        {
            await Store.SaveSnapshotAsync($"s{i % 40}", $"fp-{i}", $"text of {i} " + RandomText(2_000, seed: i), Ct);
            await Store.SaveSnapshotAnchorsAsync($"s{i % 40}", $"fp-{i}", new Dictionary<string, int> { [$"h{i}"] = i, ["faq"] = 1 }, Ct);
        });
        await Task.WhenAll(saves);
        // Anchors saved again for the same text: the latest are kept, as for a single save.
        await Task.WhenAll(Enumerable.Range(0, 40).Select(i =>
            Store.SaveSnapshotAnchorsAsync($"s{i % 40}", $"fp-{i}", new Dictionary<string, int> { ["renamed"] = 3 }, Ct)));

        for (var i = 0; i < 120; i++)
        {
            Assert.Equal($"text of {i} " + RandomText(2_000, seed: i), await Store.GetSnapshotAsync($"s{i % 40}", $"fp-{i}", Ct));
            var anchors = await Store.GetSnapshotAnchorsAsync($"s{i % 40}", $"fp-{i}", Ct);
            var expected = i < 40 ? new Dictionary<string, int> { ["renamed"] = 3 } : new Dictionary<string, int> { [$"h{i}"] = i, ["faq"] = 1 };
            Assert.Equal(expected.OrderBy(kv => kv.Key, StringComparer.Ordinal), anchors!.OrderBy(kv => kv.Key, StringComparer.Ordinal));
            Assert.Null(await Store.GetSnapshotAsync($"s{(i + 1) % 40}", $"fp-{i}", Ct));
        }
    }

    [Fact]
    public async Task Megabyte_snapshot_round_trips()
    {
        var content = RandomText(1_000_000, seed: 1);

        await Store.SaveSnapshotAsync("big", "fp-1mb", content, Ct);

        Assert.Equal(content, await Store.GetSnapshotAsync("big", "fp-1mb", Ct));
    }

    [Fact]
    public async Task Snapshot_larger_than_one_table_transaction_round_trips()
    {
        // ~2.3 MB compressed: more chunks than one transaction carries.
        var content = RandomText(3_000_000, seed: 2);

        await Store.SaveSnapshotAsync("huge", "fp-3mb", content, Ct);
        await Store.SaveSnapshotAsync("huge", "fp-small", "small", Ct);

        Assert.Equal(content, await Store.GetSnapshotAsync("huge", "fp-3mb", Ct));
        Assert.Equal("small", await Store.GetSnapshotAsync("huge", "fp-small", Ct));
    }

    // ---------------------------------------------------------------- citations

    [Fact]
    public async Task Citations_are_found_by_source_by_runbook_and_all_with_every_field()
    {
        var full = Cite("s1", "r1") with
        {
            BaselineFingerprint = "fp-1",
            BaselineUrl = "https://example.com/s1",
            Finding = FindingKind.Moved,
            DetectedAt = T0,
            FindingDetail = "301 to https://example.com/s1-new",
            FindingUrl = "https://example.com/s1-new",
        };
        await Store.SaveCitationsAsync([full, Cite("s1", "r2"), Cite("s2", "r1")], Ct);

        var bySource = await Store.GetCitationsForSourceAsync("s1", Ct);
        var byRunbook = await Store.GetCitationsForRunbookAsync("r1", Ct);
        var all = await Store.GetAllCitationsAsync(Ct);

        Assert.Equal(["r1", "r2"], bySource.Select(c => c.RunbookId));
        Assert.Equal(["s1", "s2"], byRunbook.Select(c => c.SourceId));
        Assert.Equal([("s1", "r1"), ("s1", "r2"), ("s2", "r1")], all.Select(c => (c.SourceId, c.RunbookId)));
        Assert.NotNull(bySource[0].Version);
        Assert.Equal(full with { Version = bySource[0].Version }, bySource[0]);
        Assert.Equal(bySource[0], byRunbook[0]);
        Assert.True(bySource[0].HasFinding);
        Assert.False(bySource[1].HasFinding);
    }

    [Fact]
    public async Task More_than_100_citations_across_several_sources_are_saved_and_found()
    {
        var citations = new List<Citation>();
        foreach (var source in new[] { "s1", "s2", "s3" })
        {
            citations.AddRange(Enumerable.Range(0, 130).Select(i => Cite(source, $"r{i:D3}") with { BaselineFingerprint = $"{source}-fp" }));
        }

        await Store.SaveCitationsAsync(citations, Ct);

        Assert.Equal(390, (await Store.GetAllCitationsAsync(Ct)).Count);
        Assert.Equal(130, (await Store.GetCitationsForSourceAsync("s2", Ct)).Count);
        var forRunbook = await Store.GetCitationsForRunbookAsync("r129", Ct);
        Assert.Equal(["s1", "s2", "s3"], forRunbook.Select(c => c.SourceId));
        Assert.Equal(["s1-fp", "s2-fp", "s3-fp"], forRunbook.Select(c => c.BaselineFingerprint));
    }

    [Fact]
    public async Task Reading_all_citations_shares_one_instance_of_each_repeated_value()
    {
        // A check holds every citation for the whole run; the repeated ids, baselines and URLs must not cost a copy each.
        await Store.SaveCitationsAsync(
            [.. Enumerable.Range(0, 3).Select(i => Cite("s1", $"r{i}") with { BaselineFingerprint = "s1-fp", BaselineUrl = "https://example.com/s1" }),
             Cite("s2", "r0") with { BaselineFingerprint = "s2-fp" }],
            Ct);

        var all = await Store.GetAllCitationsAsync(Ct);

        var s1 = all.Where(c => c.SourceId == "s1").ToList();
        Assert.Equal(3, s1.Count);
        Assert.All(s1, c => Assert.Same(s1[0].SourceId, c.SourceId));
        Assert.All(s1, c => Assert.Same(s1[0].BaselineFingerprint, c.BaselineFingerprint));
        Assert.All(s1, c => Assert.Same(s1[0].BaselineUrl, c.BaselineUrl));
        Assert.Same(all.Single(c => c.SourceId == "s2").RunbookId, s1.Single(c => c.RunbookId == "r0").RunbookId);
        Assert.Equal("s2-fp", all.Single(c => c.SourceId == "s2").BaselineFingerprint);
    }

    [Fact]
    public async Task Citations_saved_with_current_versions_update_and_a_stale_one_rejects_the_whole_batch()
    {
        await Store.SaveCitationsAsync([Cite("s1", "r1"), Cite("s1", "r2")], Ct);
        var read = await Store.GetCitationsForSourceAsync("s1", Ct);

        await Store.SaveCitationsAsync([read[0] with { Finding = FindingKind.Changed, DetectedAt = T0 }], Ct);
        var updated = await Store.GetCitationsForSourceAsync("s1", Ct);
        Assert.Equal(FindingKind.Changed, updated[0].Finding);
        Assert.NotEqual(read[0].Version, updated[0].Version);

        // read[0] is now stale: its batch (with a fresh r2 update) must leave both as they are.
        await Assert.ThrowsAsync<StoreConflictException>(() => Store.SaveCitationsAsync(
            [updated[1] with { Finding = FindingKind.Broken }, read[0] with { Finding = FindingKind.Moved }], Ct));
        var after = await Store.GetCitationsForSourceAsync("s1", Ct);
        Assert.Equal(updated, after);
    }

    [Fact]
    public async Task Deleted_citations_leave_every_lookup_and_deleting_again_is_harmless()
    {
        await Store.SaveCitationsAsync([Cite("s1", "r1"), Cite("s1", "r2"), Cite("s2", "r1")], Ct);
        var read = await Store.GetCitationsForRunbookAsync("r1", Ct);

        await Store.DeleteCitationsAsync(read, Ct);
        await Store.DeleteCitationsAsync(read, Ct);
        await Store.DeleteCitationsAsync([Cite("never", "saved")], Ct);

        Assert.Empty(await Store.GetCitationsForRunbookAsync("r1", Ct));
        Assert.Equal(["r2"], (await Store.GetCitationsForSourceAsync("s1", Ct)).Select(c => c.RunbookId));
        Assert.Empty(await Store.GetCitationsForSourceAsync("s2", Ct));
        Assert.Single(await Store.GetAllCitationsAsync(Ct));
    }

    [Fact]
    public async Task Deleting_a_citation_changed_since_it_was_read_conflicts()
    {
        await Store.SaveCitationsAsync([Cite("s1", "r1")], Ct);
        var read = Assert.Single(await Store.GetCitationsForSourceAsync("s1", Ct));
        await Store.SaveCitationsAsync([read with { Finding = FindingKind.Broken }], Ct);

        await Assert.ThrowsAsync<StoreConflictException>(() => Store.DeleteCitationsAsync([read], Ct));
        Assert.Equal(FindingKind.Broken, Assert.Single(await Store.GetCitationsForRunbookAsync("r1", Ct)).Finding);
    }

    [Fact]
    public async Task More_than_100_citations_are_deleted_at_once()
    {
        var citations = Enumerable.Range(0, 150).SelectMany(i => new[] { Cite("s1", $"r{i:D3}"), Cite("s2", $"r{i:D3}") }).ToList();
        await Store.SaveCitationsAsync(citations, Ct);
        var keep = citations.Where(c => c.SourceId == "s2" && c.RunbookId == "r000").ToList();

        await Store.DeleteCitationsAsync(citations.Except(keep).ToList(), Ct);

        Assert.Equal([("s2", "r000")], (await Store.GetAllCitationsAsync(Ct)).Select(c => (c.SourceId, c.RunbookId)));
        Assert.Empty(await Store.GetCitationsForRunbookAsync("r149", Ct));
        Assert.Single(await Store.GetCitationsForRunbookAsync("r000", Ct));
    }

    [Fact]
    public async Task The_same_citation_twice_in_one_call_is_rejected()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => Store.SaveCitationsAsync([Cite("s1", "r1"), Cite("s1", "r1")], Ct));
        Assert.Empty(await Store.GetAllCitationsAsync(Ct));
    }

    // ---------------------------------------------------------------- reviews

    [Fact]
    public async Task Reviews_read_back_newest_first_with_every_field()
    {
        var oldest = Review("rev-1", "r1", T0.AddDays(-60));
        var newest = Review("rev-3", "r1", T0) with { Result = "fail", Notes = "pricing table moved", FollowUpOwner = "platform-cost-operator", SourcesChecked = ["s1", "s2"] };
        var middle = Review("rev-2", "r1", T0.AddDays(-30));
        foreach (var review in new[] { middle, newest, oldest, Review("other", "r2", T0) })
        {
            await Store.AddReviewAsync(review, Ct);
        }

        var reviews = await Store.GetReviewsAsync("r1", Ct);

        Assert.Equal(["rev-3", "rev-2", "rev-1"], reviews.Select(r => r.Id));
        AssertSameReview(newest, reviews[0]);
        AssertSameReview(oldest, reviews[2]);
    }

    [Fact]
    public async Task A_review_added_twice_is_stored_once()
    {
        var review = Review("rev-1", "r1", T0) with { SourcesChecked = ["s1"] };

        await Store.AddReviewAsync(review, Ct);
        await Store.AddReviewAsync(review, Ct);

        AssertSameReview(review, Assert.Single(await Store.GetReviewsAsync("r1", Ct)));
        AssertSameReview(review, Assert.Single(await Store.GetLatestReviewsAsync(Ct)).Value);
    }

    [Fact]
    public async Task Latest_reviews_hold_each_runbooks_newest_even_when_an_older_one_arrives_later()
    {
        await Store.AddReviewAsync(Review("a-new", "r1", T0), Ct);
        await Store.AddReviewAsync(Review("a-old", "r1", T0.AddDays(-10)), Ct);
        await Store.AddReviewAsync(Review("b-old", "r2", T0.AddDays(-10)), Ct);
        await Store.AddReviewAsync(Review("b-new", "r2", T0.AddMinutes(1)), Ct);

        var latest = await Store.GetLatestReviewsAsync(Ct);

        Assert.Equal(2, latest.Count);
        Assert.Equal("a-new", latest["r1"].Id);
        Assert.Equal("b-new", latest["r2"].Id);
        Assert.Equal(T0.AddMinutes(1), latest["r2"].ReviewedAt);
    }

    // ---------------------------------------------------------------- reminders and deliveries

    [Fact]
    public async Task Reminder_states_are_kept_per_owner_and_written_only_from_their_current_version()
    {
        await Store.SaveReminderStatesAsync([Reminder("o1", "r1"), Reminder("o1", "r2"), Reminder("o2", "r1")], Ct);
        var read = await Store.GetReminderStatesAsync("o1", Ct);
        Assert.Equal(["r1", "r2"], read.Select(s => s.RunbookId));
        Assert.Equal(Reminder("o1", "r1") with { Version = read[0].Version }, read[0]);

        var bumped = read[0] with { Count = 2, LastSentAt = T0.AddDays(3), StateKey = "overdue:2026-07-01" };
        await Store.SaveReminderStatesAsync([bumped], Ct);
        var afterBump = await Store.GetReminderStatesAsync("o1", Ct);
        Assert.Equal(bumped with { Version = afterBump[0].Version }, afterBump[0]);
        Assert.NotEqual(read[0].Version, afterBump[0].Version);

        await Assert.ThrowsAsync<StoreConflictException>(() => Store.SaveReminderStatesAsync([read[0] with { Count = 9 }], Ct));
        Assert.Equal(2, (await Store.GetReminderStatesAsync("o1", Ct))[0].Count);
        Assert.Single(await Store.GetReminderStatesAsync("o2", Ct));
    }

    [Fact]
    public async Task Deliveries_are_stored_once_by_id_and_listed_newest_first_per_owner_or_all()
    {
        var failed = Delivery("d1", "o1", T0) with { Succeeded = false, Error = "HTTP 500 from teams", Escalation = true };
        await Store.AddDeliveryAsync(failed, Ct);
        await Store.AddDeliveryAsync(failed, Ct);
        await Store.AddDeliveryAsync(Delivery("d2", "o1", T0.AddDays(1)), Ct);
        await Store.AddDeliveryAsync(Delivery("d3", "o2", T0.AddHours(1)), Ct);

        var forOwner = await Store.GetDeliveriesAsync("o1", Ct);
        var all = await Store.GetDeliveriesAsync(null, Ct);

        Assert.Equal(["d2", "d1"], forOwner.Select(d => d.Id));
        Assert.Equal(["d2", "d3", "d1"], all.Select(d => d.Id));
        var read = forOwner[1];
        Assert.Equal((failed.OwnerId, failed.Channel, failed.Escalation, failed.SentAt, failed.Succeeded, failed.Error),
            (read.OwnerId, read.Channel, read.Escalation, read.SentAt, read.Succeeded, read.Error));
        Assert.Equal(failed.RunbookIds, read.RunbookIds);
    }

    // ---------------------------------------------------------------- leases

    [Fact]
    public async Task A_free_lease_is_acquired_and_a_held_one_is_refused()
    {
        var lease = await Store.TryAcquireLeaseAsync("check", "host-a", T0, TimeSpan.FromMinutes(10), Ct);

        Assert.NotNull(lease);
        Assert.Equal(("check", "host-a", T0.AddMinutes(10)), (lease.Name, lease.Holder, lease.ExpiresAt));
        Assert.Null(await Store.TryAcquireLeaseAsync("check", "host-b", T0.AddMinutes(9), TimeSpan.FromMinutes(10), Ct));
        Assert.Null(await Store.TryAcquireLeaseAsync("check", "host-a", T0.AddMinutes(1), TimeSpan.FromMinutes(10), Ct));
        Assert.NotNull(await Store.TryAcquireLeaseAsync("remind", "host-b", T0, TimeSpan.FromMinutes(10), Ct));
    }

    [Fact]
    public async Task An_expired_lease_is_taken_over_from_the_moment_it_expires()
    {
        var first = await Store.TryAcquireLeaseAsync("check", "host-a", T0, TimeSpan.FromMinutes(10), Ct);

        Assert.Null(await Store.TryAcquireLeaseAsync("check", "host-b", first!.ExpiresAt.AddSeconds(-1), TimeSpan.FromMinutes(10), Ct));
        var second = await Store.TryAcquireLeaseAsync("check", "host-b", first.ExpiresAt, TimeSpan.FromMinutes(10), Ct);

        Assert.NotNull(second);
        Assert.Equal("host-b", second.Holder);
        Assert.NotEqual(first.Version, second.Version);
        Assert.Null(await Store.TryAcquireLeaseAsync("check", "host-a", first.ExpiresAt.AddMinutes(1), TimeSpan.FromMinutes(10), Ct));
    }

    [Fact]
    public async Task Release_frees_the_lease_but_a_stale_release_leaves_the_new_holders_lease()
    {
        var first = await Store.TryAcquireLeaseAsync("check", "host-a", T0, TimeSpan.FromMinutes(1), Ct);
        await Store.ReleaseLeaseAsync(first!, Ct);
        await Store.ReleaseLeaseAsync(first!, Ct);
        var second = await Store.TryAcquireLeaseAsync("check", "host-b", T0, TimeSpan.FromMinutes(1), Ct);
        Assert.NotNull(second);

        // host-b's lease expires, host-c takes over; host-b's late release must not free host-c's lease.
        var third = await Store.TryAcquireLeaseAsync("check", "host-c", second.ExpiresAt, TimeSpan.FromMinutes(10), Ct);
        Assert.NotNull(third);
        await Store.ReleaseLeaseAsync(second, Ct);

        Assert.Null(await Store.TryAcquireLeaseAsync("check", "host-d", second.ExpiresAt.AddMinutes(1), TimeSpan.FromMinutes(10), Ct));
        await Store.ReleaseLeaseAsync(third, Ct);
        Assert.NotNull(await Store.TryAcquireLeaseAsync("check", "host-d", second.ExpiresAt.AddMinutes(1), TimeSpan.FromMinutes(10), Ct));
    }

    [Fact]
    public async Task Concurrent_acquirers_of_a_free_lease_have_exactly_one_winner()
    {
        var winners = await RaceForLeaseAsync(T0);

        Assert.Single(winners);
    }

    [Fact]
    public async Task Concurrent_acquirers_of_an_expired_lease_have_exactly_one_winner()
    {
        var old = await Store.TryAcquireLeaseAsync("check", "crashed-host", T0, TimeSpan.FromMinutes(5), Ct);

        var winners = await RaceForLeaseAsync(old!.ExpiresAt.AddSeconds(1));

        var winner = Assert.Single(winners);
        Assert.NotEqual("crashed-host", winner.Holder);
    }

    private async Task<List<RunLease>> RaceForLeaseAsync(DateTimeOffset now)
    {
        var stores = new[] { Store, OpenTracked(), OpenTracked() };
        foreach (var store in stores)
        {
            await store.InitializeAsync(Ct);
        }
        using var start = new ManualResetEventSlim();
        var contenders = Enumerable.Range(0, 9).Select(i => Task.Run(async () =>
        {
            start.Wait();
            return await stores[i % stores.Length].TryAcquireLeaseAsync("check", $"host-{i}", now, TimeSpan.FromMinutes(10), Ct);
        })).ToList();
        start.Set();
        var results = await Task.WhenAll(contenders);
        return [.. results.OfType<RunLease>()];
    }

    // ---------------------------------------------------------------- helpers

    protected static SourceState Source(string id) => new()
    {
        SourceId = id,
        Url = $"https://example.com/{Uri.EscapeDataString(id)}",
        LastOutcome = CheckOutcome.New,
        HttpStatus = 200,
        LastCheckedAt = T0,
        Fingerprint = "fp",
    };

    protected static Citation Cite(string sourceId, string runbookId) => new() { SourceId = sourceId, RunbookId = runbookId };

    private static ReviewRecord Review(string id, string runbookId, DateTimeOffset at) => new()
    {
        Id = id,
        RunbookId = runbookId,
        ReviewedAt = at,
        Reviewer = "finops-lead",
        Result = "pass",
    };

    private static ReminderState Reminder(string ownerId, string runbookId) => new()
    {
        OwnerId = ownerId,
        RunbookId = runbookId,
        StateKey = "needs-review:2026-07-01",
        Count = 1,
        FirstSentAt = T0,
        LastSentAt = T0,
    };

    private static DeliveryRecord Delivery(string id, string ownerId, DateTimeOffset at) => new()
    {
        Id = id,
        OwnerId = ownerId,
        Channel = "teams#0",
        RunbookIds = ["r1", "r2"],
        SentAt = at,
        Succeeded = true,
    };

    private static void AssertSameReview(ReviewRecord expected, ReviewRecord actual)
    {
        Assert.Equal(expected with { SourcesChecked = Array.Empty<string>() }, actual with { SourcesChecked = Array.Empty<string>() });
        Assert.Equal(expected.SourcesChecked, actual.SourcesChecked);
    }

    /// <summary>Text that compresses about as poorly as text can (six bits per character), with some non-ASCII.</summary>
    protected static string RandomText(int length, int seed)
    {
        const string alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 \né";
        var random = new Random(seed);
        var text = new StringBuilder(length);
        for (var i = 0; i < length; i++)
        {
            text.Append(alphabet[random.Next(alphabet.Length)]);
        }
        return text.ToString();
    }
}
