using System.Collections.Concurrent;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Data.Tables;
using ReviewCadence.Storage;
using ReviewCadence.Storage.Tables;
using ReviewCadence.Tests.Infrastructure;

namespace ReviewCadence.Tests.Storage;

[Collection(AzuriteCollection.Name)]
public sealed class TableReviewStoreTests(AzuriteFixture azurite) : ReviewStoreContractTests
{
    // Every test gets its own tables in the shared Azurite.
    private readonly string _prefix = "t" + Guid.NewGuid().ToString("N")[..12];

    private TableServiceClient Service => new(azurite.ConnectionString);

    protected override IReviewStore OpenStore() => new TableReviewStore(Service, new TableReviewStoreOptions { TablePrefix = _prefix });

    [Fact]
    public async Task Stores_with_different_prefixes_do_not_see_each_others_data()
    {
        await Store.SaveSourceAsync(Source("a"), Ct);
        await using var other = new TableReviewStore(Service, new TableReviewStoreOptions { TablePrefix = _prefix + "x" });

        Assert.Empty(await other.GetSourcesAsync(Ct));
        Assert.Single(await Store.GetSourcesAsync(Ct));
    }

    [Theory]
    [InlineData("1abc")]
    [InlineData("with-dash")]
    [InlineData("abcdefghijabcdefghijabcdefghijabcdefghijX")]
    public void A_prefix_that_cannot_start_a_table_name_is_rejected(string prefix)
    {
        Assert.Throws<ArgumentException>(() => new TableReviewStore(Service, new TableReviewStoreOptions { TablePrefix = prefix }));
    }

    [Fact]
    public async Task A_value_over_the_string_limit_fails_a_large_write_before_any_transaction()
    {
        // Entities are built per transaction; the whole input is still checked before the first one is sent. The bad
        // value is in the last transaction: one partition's citations go in order, and the sources' tenth transaction
        // starts only after one of the first eight has finished.
        var tooLong = "https://example.com/" + new string('a', 32_000);
        List<Citation> citations = [.. Enumerable.Range(0, 250).Select(i => Cite("s0", $"r{i:D3}"))];
        citations[^1] = citations[^1] with { BaselineUrl = tooLong };
        List<SourceState> sources = [.. Enumerable.Range(0, 1_000).Select(i => Source($"s{i:D4}"))];
        sources[^1] = sources[^1] with { FinalUrl = tooLong };

        var citationError = await Assert.ThrowsAsync<ArgumentException>(() => Store.SaveCitationsAsync(citations, Ct));
        var sourceError = await Assert.ThrowsAsync<ArgumentException>(() => Store.SaveSourcesAsync(sources, Ct));

        Assert.Contains("BaselineUrl", citationError.Message);
        Assert.Contains("FinalUrl", sourceError.Message);
        Assert.Empty(await Store.GetAllCitationsAsync(Ct));
        Assert.Empty(await Store.GetCitationsForRunbookAsync("r000", Ct));
        Assert.Empty(await Store.GetSourcesAsync(Ct));
    }

    [Fact]
    public async Task Big_snapshots_are_stored_in_chunks_within_the_property_limit()
    {
        var content = RandomText(1_000_000, seed: 3);
        await Store.SaveSnapshotAsync("big", "fp", content, Ct);

        var rows = new List<TableEntity>();
        await foreach (var row in Service.GetTableClient(_prefix + "snapshots2").QueryAsync<TableEntity>())
        {
            rows.Add(row);
        }

        Assert.True(rows.Count > 1);
        Assert.All(rows, row => Assert.InRange(row.GetBinary("Data").Length, 1, 64 * 1024));
        Assert.Equal(rows.Count, rows.Single(r => r.RowKey == "big|fp").GetInt32("ChunkCount"));
    }

    [Fact]
    public async Task Snapshots_waiting_together_go_in_transactions_within_the_services_body_limit()
    {
        // The first transaction is held until every save is waiting, so the rest wait together: 79 one-row snapshots of
        // ~45 KB compressed (random text, six bits a character), all of one source (one partition), 3.6 MB in all. The
        // service (and Azurite) refuses a transaction body over 4 MiB; the lengths sent are checked as well.
        var batches = new HeldBatches();
        var options = new TableClientOptions();
        options.AddPolicy(batches, HttpPipelinePosition.PerCall);
        await using var store = new TableReviewStore(new TableServiceClient(azurite.ConnectionString, options), new TableReviewStoreOptions { TablePrefix = _prefix });
        await store.InitializeAsync(Ct);
        var texts = Enumerable.Range(0, 80).Select(i => RandomText(60_000, seed: 300 + i)).ToList();

        var saves = texts.Select((text, i) => store.SaveSnapshotAsync("s", $"fp-{i}", text, Ct)).ToList();
        batches.Release();
        await Task.WhenAll(saves);

        Assert.All(batches.Lengths, length => Assert.InRange(length, 1, 4 * 1024 * 1024));
        // 3.6 MB takes two transactions at least, however many saves the writer found waiting first (one, or all of
        // them when its thread started late); grouped, not one per snapshot.
        Assert.True(batches.Lengths.Count is >= 2 and <= 10, $"{batches.Lengths.Count} transactions: {string.Join(", ", batches.Lengths)} bytes");
        for (var i = 0; i < texts.Count; i++)
        {
            Assert.Equal(texts[i], await store.GetSnapshotAsync("s", $"fp-{i}", Ct));
        }
    }

    [Fact]
    public async Task A_store_at_the_current_layout_opens_with_one_request_and_one_without_its_tables_gets_them()
    {
        await Store.SaveSourceAsync(Source("a"), Ct);
        var requests = new RequestCount();
        var options = new TableClientOptions();
        options.AddPolicy(requests, HttpPipelinePosition.PerCall);
        await using (var reopened = new TableReviewStore(new TableServiceClient(azurite.ConnectionString, options), new TableReviewStoreOptions { TablePrefix = _prefix }))
        {
            await reopened.InitializeAsync(Ct);
            Assert.Equal(1, requests.Count); // the layout read: the tables are there once it is recorded
            Assert.Single(await reopened.GetSourcesAsync(Ct));
        }

        // Tables dropped behind the store's back (Azurite restarted, a test's clean-up): opening creates them again.
        await foreach (var table in Service.QueryAsync())
        {
            if (table.Name.StartsWith(_prefix, StringComparison.Ordinal))
            {
                await Service.DeleteTableAsync(table.Name);
            }
        }
        var fresh = OpenTracked();
        await fresh.InitializeAsync(Ct);
        Assert.Empty(await fresh.GetSourcesAsync(Ct));
        await fresh.SaveCitationsAsync([Cite("s", "r")], Ct);
        Assert.Single(await fresh.GetCitationsForRunbookAsync("r", Ct));
    }

    /// <summary>Counts the requests sent.</summary>
    private sealed class RequestCount : HttpPipelineSynchronousPolicy
    {
        private int _count;

        public int Count => _count;

        public override void OnSendingRequest(HttpMessage message) => Interlocked.Increment(ref _count);
    }

    /// <summary>Records the body length of every transaction (<c>$batch</c>) request, holding the first until released.</summary>
    private sealed class HeldBatches : HttpPipelinePolicy
    {
        private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _seen;

        public ConcurrentBag<long> Lengths { get; } = [];

        public void Release() => _released.TrySetResult();

        public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
        {
            if (message.Request.Uri.Path.EndsWith("$batch", StringComparison.Ordinal))
            {
                Lengths.Add(message.Request.Content is { } content && content.TryComputeLength(out var length) ? length : -1);
                if (Interlocked.Increment(ref _seen) == 1)
                {
                    await _released.Task;
                }
            }
            await ProcessNextAsync(message, pipeline);
        }

        public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline) =>
            throw new NotSupportedException("the store is async throughout");
    }

    [Fact]
    public async Task Runbook_index_entries_hold_a_citations_ids_only_and_the_citations_their_versions()
    {
        await Store.SaveCitationsAsync([Cite("s1", "r1"), Cite("s2", "r1")], Ct);

        var index = new PackedTable<(string, string), TableReviewStore.RunbookIndexEntry>(Service.GetTableClient(_prefix + "runbookcitations5"), TableReviewStore.RunbookIndex, m => new StoreConflictException(m));
        var entries = await index.ReadAllAsync(Ct);

        Assert.Equal([new("r1", "s1"), new("r1", "s2")], entries);
        Assert.All(await Store.GetAllCitationsAsync(Ct), c => Assert.False(string.IsNullOrEmpty(c.Version)));
    }

    [Fact]
    public async Task The_records_one_write_saves_share_its_version_and_read_back_as_one_string()
    {
        await Store.SaveCitationsAsync([Cite("s1", "r1"), Cite("s2", "r1"), Cite("s2", "r2")], Ct);
        var later = await Store.SaveSourcesAsync([Source("s1"), Source("s2")], Ct);

        var citations = await OpenTracked().GetAllCitationsAsync(Ct);
        var states = await OpenTracked().GetSourcesAsync(Ct);

        // One string per write among what a check holds, not one per record (30,000 citations at 10,000 sources).
        Assert.All(citations, c => Assert.Same(citations[0].Version, c.Version));
        Assert.All(states, s => Assert.Same(states[0].Version, s.Version));
        Assert.Equal(later.Select(s => s.Version), states.Select(s => s.Version));
        Assert.NotEqual(citations[0].Version, states[0].Version);
    }

    [Fact]
    public async Task A_runbook_index_entry_left_by_an_interrupted_write_is_skipped()
    {
        await Store.SaveCitationsAsync([Cite("s1", "r1")], Ct);
        // As if a save had written its index entry and stopped before the citation itself.
        var index = new PackedTable<(string, string), TableReviewStore.RunbookIndexEntry>(Service.GetTableClient(_prefix + "runbookcitations5"), TableReviewStore.RunbookIndex, m => new StoreConflictException(m));
        await index.WriteAsync([new("r1", "s2")], [], Ct);

        var citations = await Store.GetCitationsForRunbookAsync("r1", Ct);

        Assert.Equal(["s1"], citations.Select(c => c.SourceId));
    }

    [Fact]
    public async Task Source_states_share_bucket_rows_and_a_bucket_that_outgrows_a_row_takes_more_pages_and_gives_them_back()
    {
        // 60 sources of one bucket, each with 20,000 characters of detail (~1.2 MB): two pages, then one again.
        var ids = Enumerable.Range(0, 100_000).Select(i => $"s{i}").Where(id => BucketPages.BucketOf(id) == 7).Take(60).ToList();
        var big = await Store.SaveSourcesAsync([.. ids.Select(id => Source(id) with { Detail = RandomText(20_000, seed: id.Length) })], Ct);
        await Store.SaveSourcesAsync([.. Enumerable.Range(0, 300).Select(i => Source($"other{i}"))], Ct);

        Assert.Equal(["007-00", "007-01"], (await PageRowsAsync()).Where(r => r.StartsWith("007", StringComparison.Ordinal)));
        Assert.Equal(big.OrderBy(s => s.SourceId, StringComparer.Ordinal), await OpenTracked().GetSourcesAsync(ids, Ct));
        Assert.True((await PageRowsAsync()).Count < 300, "states are packed many to a row");

        var small = await Store.SaveSourcesAsync([.. big.Select(s => s with { Detail = "short" })], Ct);

        Assert.Equal(["007-00"], (await PageRowsAsync()).Where(r => r.StartsWith("007", StringComparison.Ordinal)));
        Assert.Equal(small.OrderBy(s => s.SourceId, StringComparer.Ordinal), await OpenTracked().GetSourcesAsync(ids, Ct));
        Assert.Equal(360, (await OpenTracked().GetSourcesAsync(Ct)).Count);
    }

    [Fact]
    public async Task A_bucket_of_states_too_big_to_write_at_once_is_refused_before_anything_is_written()
    {
        var ids = Enumerable.Range(0, 100_000).Select(i => $"s{i}").Where(id => BucketPages.BucketOf(id) == 9).Take(120).ToList();

        var error = await Assert.ThrowsAsync<ArgumentException>(() =>
            Store.SaveSourcesAsync([Source("elsewhere"), .. ids.Select(id => Source(id) with { Detail = RandomText(30_000, seed: 1) })], Ct));

        Assert.Contains("Table store keeps at most", error.Message);
        Assert.Empty(await Store.GetSourcesAsync(Ct));
    }

    private async Task<List<string>> PageRowsAsync()
    {
        var rows = new List<string>();
        await foreach (var row in Service.GetTableClient(_prefix + "sourcestates").QueryAsync<TableEntity>(select: ["RowKey"]))
        {
            rows.Add(row.RowKey);
        }
        return [.. rows.Order(StringComparer.Ordinal)];
    }

    [Fact]
    public async Task A_wrong_account_key_is_reported_as_unavailable_without_the_key()
    {
        var wrongKey = Convert.ToBase64String(Enumerable.Range(0, 64).Select(i => (byte)i).ToArray());
        var connectionString = azurite.ConnectionString.Replace(AzuriteServer.AccountKey, wrongKey);
        await using var store = new TableReviewStore(connectionString, new TableReviewStoreOptions { TablePrefix = _prefix });

        var error = await Assert.ThrowsAsync<StoreUnavailableException>(() => store.InitializeAsync(Ct));

        Assert.Contains("Azure Table store", error.Message);
        Assert.Contains("refused access", error.Message);
        Assert.DoesNotContain(wrongKey, error.Message);
    }
}
