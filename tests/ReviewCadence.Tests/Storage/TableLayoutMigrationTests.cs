using System.Globalization;
using Azure;
using Azure.Data.Tables;
using ReviewCadence.Storage;
using ReviewCadence.Storage.Tables;
using ReviewCadence.Tests.Infrastructure;
using ReviewCadence.Vocabulary;

namespace ReviewCadence.Tests.Storage;

/// <summary>
/// A store written in table layout 1 (citations, the runbook index, snapshots and source versions keyed by source or
/// runbook id, as ReviewCadence wrote them before layout 2) or layout 2 (a row per source state) is migrated when opened,
/// losing nothing. The old rows are written here by hand, exactly as the old code wrote them.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class TableLayoutMigrationTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private static readonly DateTimeOffset T0 = new(2026, 7, 1, 9, 30, 15, TimeSpan.Zero);
    private static readonly string[] LayoutOneTables = ["citations", "runbookcitations", "snapshots", "sourceversions"];
    // Ids with the characters keys escape, and more citations of one source than a transaction holds.
    private static readonly string[] SourceIds = ["https://learn.example.com/a/b?c=1#d", "plain", "Quote's!|pipe"];
    private static readonly string BigText = RandomText(1_000_000, seed: 7);

    private readonly string _prefix = "m" + Guid.NewGuid().ToString("N")[..12];
    private TableServiceClient Service => new(azurite.ConnectionString);
    private static CancellationToken Ct => CancellationToken.None;

    public async Task InitializeAsync() => await WriteLayoutOneAsync();

    public async Task DisposeAsync()
    {
        foreach (var table in await TablesAsync())
        {
            await Service.DeleteTableAsync(_prefix + table);
        }
    }

    [Fact]
    public async Task A_layout_one_store_is_migrated_without_losing_anything()
    {
        await using var store = Open();
        await store.InitializeAsync(Ct);

        var all = await store.GetAllCitationsAsync(Ct);
        Assert.Equal(ExpectedCitations().OrderBy(c => c.SourceId, StringComparer.Ordinal).ThenBy(c => c.RunbookId, StringComparer.Ordinal),
            all.Select(c => c with { Version = null }));
        Assert.All(all, c => Assert.NotNull(c.Version));
        Assert.Equal(150, (await store.GetCitationsForSourceAsync(SourceIds[0], Ct)).Count);
        Assert.Equal(SourceIds.Order(StringComparer.Ordinal), (await store.GetCitationsForRunbookAsync("rb-007", Ct)).Select(c => c.SourceId));
        Assert.Equal([SourceIds[0], "plain"], (await store.GetCitationsForRunbookAsync("rb-149", Ct)).Select(c => c.SourceId));

        foreach (var source in SourceIds)
        {
            Assert.Equal(ExpectedVersions(source).OrderByDescending(v => v.Number), await store.GetSourceVersionsAsync(source, Ct));
            Assert.Equal($"small text of {source}", await store.GetSnapshotAsync(source, "fp-small", Ct));
        }
        Assert.Equal(BigText, await store.GetSnapshotAsync(SourceIds[0], "fp-big", Ct));

        // Nothing left in the old layout, and the layout is recorded.
        var tables = await TablesAsync();
        Assert.Contains("citations4", tables);
        Assert.Contains("runbookcitations5", tables);
        Assert.Empty(tables.Intersect([.. LayoutOneTables, "citations2", "runbookcitations2"]));
        var layout = await Service.GetTableClient(_prefix + "storelayout").GetEntityAsync<TableEntity>("layout", "version");
        Assert.Equal(6, layout.Value.GetInt32("Version"));
    }

    [Fact]
    public async Task A_layout_two_store_gets_its_source_states_and_citations_packed_without_losing_any()
    {
        // Layout 2: the layout-1 tables already copied (none left), one row per source state in table "sources" and per
        // citation in table "citations2".
        foreach (var table in LayoutOneTables)
        {
            await Service.DeleteTableAsync(_prefix + table);
        }
        var layout = Service.GetTableClient(_prefix + "storelayout");
        await layout.CreateIfNotExistsAsync();
        await layout.UpsertEntityAsync(new TableEntity("layout", "version") { ["Version"] = 2 });
        var expected = ExpectedStates().ToList();
        await WriteLayoutTwoSourcesAsync(expected);
        var citations = ExpectedCitations().ToList();
        await WriteLayoutTwoCitationsAsync(citations);

        await using (var store = Open())
        {
            await store.InitializeAsync(Ct);
            var read = await store.GetSourcesAsync(Ct);
            Assert.Equal(expected.OrderBy(s => s.SourceId, StringComparer.Ordinal), read.Select(s => s with { Version = null }));
            Assert.All(read, s => Assert.NotNull(s.Version));
            Assert.Equal(read.Count, read.Select(s => s.Version).Distinct().Count());

            // The migrated versions are the states' versions now: saving from one works, from a made-up one conflicts.
            var plain = read.Single(s => s.SourceId == "plain");
            await store.SaveSourceAsync(plain with { Detail = "after" }, Ct);
            await Assert.ThrowsAsync<StoreConflictException>(() => store.SaveSourceAsync(plain with { Version = "layout-2-etag" }, Ct));

            var all = await store.GetAllCitationsAsync(Ct);
            Assert.Equal(citations.OrderBy(c => c.SourceId, StringComparer.Ordinal).ThenBy(c => c.RunbookId, StringComparer.Ordinal), all.Select(c => c with { Version = null }));
            Assert.Equal(all.Count, all.Select(c => c.Version).Distinct().Count());
            Assert.Equal(SourceIds.Order(StringComparer.Ordinal), (await store.GetCitationsForRunbookAsync("rb-007", Ct)).Select(c => c.SourceId));
            Assert.Equal(150, (await store.GetCitationsForSourceAsync(SourceIds[0], Ct)).Count);
        }

        var tables = await TablesAsync();
        Assert.DoesNotContain("sources", tables);
        Assert.DoesNotContain("citations2", tables);
        Assert.DoesNotContain("runbookcitations2", tables);
        Assert.Contains("sourcestates", tables);
        Assert.Contains("citations4", tables);
        Assert.Contains("runbookcitations5", tables);
        Assert.Equal(6, (await layout.GetEntityAsync<TableEntity>("layout", "version")).Value.GetInt32("Version"));
        await using var reopened = Open();
        Assert.Equal("after", (await reopened.GetSourceAsync("plain", Ct))!.Detail);
        Assert.Equal(expected.Count, (await reopened.GetSourcesAsync(Ct)).Count);
    }

    [Fact]
    public async Task A_migrated_store_works_on_and_a_repeated_migration_keeps_what_was_written_since()
    {
        await using (var first = Open())
        {
            await first.InitializeAsync(Ct);
            var citation = (await first.GetCitationsForSourceAsync("plain", Ct)).Single(c => c.RunbookId == "rb-001");
            await first.SaveCitationsAsync([citation with { BaselineFingerprint = "fp-new" }], Ct);
            await first.SaveCitationsAsync([Cite("plain", "rb-new")], Ct);
            await first.DeleteCitationsAsync([(await first.GetCitationsForSourceAsync("plain", Ct)).Single(c => c.RunbookId == "rb-003")], Ct);
        }

        // As if a second process had started migrating before the first recorded the layout: the old tables are there
        // again and no layout is recorded.
        await Service.GetTableClient(_prefix + "storelayout").DeleteEntityAsync("layout", "version", ETag.All);
        await WriteLayoutOneAsync();
        await using var second = Open();
        await second.InitializeAsync(Ct);

        var plain = await second.GetCitationsForSourceAsync("plain", Ct);
        Assert.Equal("fp-new", plain.Single(c => c.RunbookId == "rb-001").BaselineFingerprint);
        Assert.Contains(plain, c => c.RunbookId == "rb-new");
        // A row added again by the repeated copy (it cannot know of the delete) is whole and consistent with its index.
        Assert.Equal(plain.Select(c => c.RunbookId).Count(), plain.Select(c => c.RunbookId).Distinct().Count());
        Assert.Contains("plain", (await second.GetCitationsForRunbookAsync("rb-new", Ct)).Select(c => c.SourceId));
        Assert.Equal(BigText, await second.GetSnapshotAsync(SourceIds[0], "fp-big", Ct));
    }

    [Fact]
    public async Task A_layout_four_store_gets_its_runbook_index_rebuilt_from_the_citations()
    {
        foreach (var table in LayoutOneTables)
        {
            await Service.DeleteTableAsync(_prefix + table);
        }
        await using (var current = Open())
        {
            await current.SaveCitationsAsync([Cite("plain", "rb-a"), Cite(SourceIds[0], "rb-a"), Cite("plain", "rb-b")], Ct);
        }
        // Layout 4: the same citations, the index one entity per citation in "runbookcitations2" (left as it was).
        var layout = Service.GetTableClient(_prefix + "storelayout");
        await layout.UpsertEntityAsync(new TableEntity("layout", "version") { ["Version"] = 4 });
        await Service.DeleteTableAsync(_prefix + "runbookcitations5");
        await Service.GetTableClient(_prefix + "runbookcitations2").CreateIfNotExistsAsync();

        await using var store = Open();
        await store.InitializeAsync(Ct);

        Assert.Equal([SourceIds[0], "plain"], (await store.GetCitationsForRunbookAsync("rb-a", Ct)).Select(c => c.SourceId));
        Assert.Equal(["plain"], (await store.GetCitationsForRunbookAsync("rb-b", Ct)).Select(c => c.SourceId));
        Assert.Equal(6, (await layout.GetEntityAsync<TableEntity>("layout", "version")).Value.GetInt32("Version"));
        Assert.DoesNotContain("runbookcitations2", await TablesAsync());
    }

    [Fact]
    public async Task A_layout_five_store_reads_its_pages_as_they_are_and_writes_them_deflated_from_then_on()
    {
        foreach (var table in LayoutOneTables)
        {
            await Service.DeleteTableAsync(_prefix + table);
        }
        var states = Enumerable.Range(0, 40).Select(i => new SourceState
        {
            SourceId = $"source-{i:D2}", Url = $"https://docs.example.com/guide/source-{i:D2}", LastOutcome = CheckOutcome.Unchanged, HttpStatus = 200,
            LastCheckedAt = T0, Fingerprint = $"fp-{i}", HttpETag = $"\"etag-{i}\"",
        }).ToList();
        await using (var current = Open())
        {
            await current.SaveSourcesAsync(states, Ct);
            await current.SaveCitationsAsync([Cite("plain", "rb-a"), Cite(SourceIds[0], "rb-a")], Ct);
        }
        // Layout 5 wrote the same records, its pages not deflated: the first byte the format (1), the records after it as they are.
        var packed = new[] { "sourcestates", "citations4", "runbookcitations5" };
        foreach (var name in packed)
        {
            var table = Service.GetTableClient(_prefix + name);
            await foreach (var page in table.QueryAsync<TableEntity>())
            {
                var stored = page.GetBinary("D00");
                if (stored[0] != 0x81)
                {
                    continue; // a page too short to gain from deflating is kept as layout 5 kept it
                }
                using var records = new MemoryStream();
                using (var inflate = new System.IO.Compression.DeflateStream(new MemoryStream(stored, 1, stored.Length - 1), System.IO.Compression.CompressionMode.Decompress))
                {
                    inflate.CopyTo(records);
                }
                page["D00"] = (byte[])[1, .. records.ToArray()];
                await table.UpdateEntityAsync(page, page.ETag, TableUpdateMode.Replace);
            }
        }
        var layout = Service.GetTableClient(_prefix + "storelayout");
        await layout.UpsertEntityAsync(new TableEntity("layout", "version") { ["Version"] = 5 });

        await using var store = Open();
        await store.InitializeAsync(Ct);

        Assert.Equal(6, (await layout.GetEntityAsync<TableEntity>("layout", "version")).Value.GetInt32("Version"));
        var read = await store.GetSourcesAsync(Ct);
        Assert.Equal(states, read.Select(s => s with { Version = null }));
        Assert.Equal([SourceIds[0], "plain"], (await store.GetCitationsForRunbookAsync("rb-a", Ct)).Select(c => c.SourceId));
        Assert.Equal(1, (await FirstBytesAsync("sourcestates")).Distinct().Single());

        // Saved again, the pages are deflated, and read back the same.
        var saved = await store.SaveSourcesAsync([.. read.Select(s => s with { LastCheckedAt = T0.AddDays(1) })], Ct);
        Assert.Equal(0x81, (await FirstBytesAsync("sourcestates")).Distinct().Single());
        await using var reopened = Open();
        await reopened.InitializeAsync(Ct);
        Assert.Equal(saved, await reopened.GetSourcesAsync(Ct));
    }

    /// <summary>The first byte of each page row of a packed table: its format, and whether its records are deflated.</summary>
    private async Task<List<byte>> FirstBytesAsync(string table)
    {
        var bytes = new List<byte>();
        await foreach (var page in Service.GetTableClient(_prefix + table).QueryAsync<TableEntity>())
        {
            bytes.Add(page.GetBinary("D00")[0]);
        }
        return bytes;
    }

    [Fact]
    public async Task A_store_of_a_newer_layout_is_refused()
    {
        var layout = Service.GetTableClient(_prefix + "storelayout");
        await layout.CreateIfNotExistsAsync();
        await layout.UpsertEntityAsync(new TableEntity("layout", "version") { ["Version"] = 7 });
        await using var store = Open();

        var error = await Assert.ThrowsAsync<StoreUnavailableException>(() => store.InitializeAsync(Ct));

        Assert.Contains("newer ReviewCadence (table layout 7, this one knows 6)", error.Message);
    }

    /// <summary>This test's tables, without the prefix.</summary>
    private async Task<List<string>> TablesAsync()
    {
        var tables = new List<string>();
        await foreach (var table in Service.QueryAsync())
        {
            if (table.Name.StartsWith(_prefix, StringComparison.Ordinal))
            {
                tables.Add(table.Name[_prefix.Length..]);
            }
        }
        return tables;
    }

    private TableReviewStore Open() => new(Service, new TableReviewStoreOptions { TablePrefix = _prefix });

    private static Citation Cite(string sourceId, string runbookId) => new() { SourceId = sourceId, RunbookId = runbookId };

    /// <summary>Source 0 is cited by 150 runbooks (two transactions' worth), the others by every other one of them.</summary>
    private static IEnumerable<Citation> ExpectedCitations() =>
        from source in SourceIds
        from runbook in Enumerable.Range(0, 150)
        where source == SourceIds[0] || runbook % 2 == (source == "plain" ? 1 : 0) || runbook == 7
        select new Citation
        {
            SourceId = source,
            RunbookId = $"rb-{runbook:D3}",
            BaselineFingerprint = "fp-small",
            BaselineUrl = source.StartsWith("https", StringComparison.Ordinal) ? source : null,
            Finding = runbook % 10 == 0 ? FindingKind.Changed : null,
            DetectedAt = runbook % 10 == 0 ? T0 : null,
            FindingDetail = runbook % 10 == 0 ? "content changed" : null,
        };

    private static IEnumerable<SourceVersion> ExpectedVersions(string source) => Enumerable.Range(1, 3).Select(n => new SourceVersion
    {
        SourceId = source,
        Number = n,
        Fingerprint = n == 3 ? "fp-small" : $"fp-{n}",
        FirstSeen = T0.AddDays(n),
        LastSeen = T0.AddDays(n + 1),
        Summary = n == 1 ? null : $"change {n}",
    });

    /// <summary>Source states of every shape: the ids above (keys escaped), fields set and absent, and 500 more plain ones.</summary>
    private static IEnumerable<SourceState> ExpectedStates() =>
        SourceIds.Select((id, i) => new SourceState
        {
            SourceId = id,
            Url = id.StartsWith("https", StringComparison.Ordinal) ? id : $"https://example.com/{i}",
            FinalUrl = i == 0 ? "https://learn.example.com/moved" : null,
            LastOutcome = i == 0 ? CheckOutcome.Moved : CheckOutcome.Unchanged,
            HttpStatus = i == 0 ? 301 : 304,
            Detail = i == 0 ? "moved permanently" : null,
            LastCheckedAt = T0.AddHours(i),
            LastChangedAt = i == 2 ? null : T0.AddDays(-i),
            ConsecutiveFailures = i,
            Fingerprint = $"fp-{i}",
            PreviousFingerprint = i == 1 ? "fp-old" : null,
            LastChangeSummary = i == 1 ? "Intro: reworded" : null,
            HttpETag = $"\"e{i}\"",
            HttpLastModified = i == 2 ? null : "Wed, 01 Jul 2026 09:30:15 GMT",
        }).Concat(Enumerable.Range(0, 500).Select(i => new SourceState { SourceId = $"s{i:D3}", Url = $"https://example.com/s{i}", LastCheckedAt = T0 }));

    /// <summary>Table "sources" as layout 2 wrote it: partition "source", the encoded id as row key, a property per field.</summary>
    private async Task WriteLayoutTwoSourcesAsync(IEnumerable<SourceState> states)
    {
        var sources = Service.GetTableClient(_prefix + "sources");
        await sources.CreateIfNotExistsAsync();
        var rows = new List<TableEntity>();
        foreach (var state in states)
        {
            var row = new TableEntity("source", TableKeys.Encode(state.SourceId)) { ["SourceId"] = state.SourceId, ["Url"] = state.Url, ["ConsecutiveFailures"] = state.ConsecutiveFailures };
            void Set(string name, object? value)
            {
                if (value is not null)
                {
                    row[name] = value;
                }
            }
            Set("FinalUrl", state.FinalUrl);
            Set("LastOutcome", state.LastOutcome?.Name());
            Set("HttpStatus", state.HttpStatus);
            Set("Detail", state.Detail);
            Set("LastCheckedAt", state.LastCheckedAt);
            Set("LastChangedAt", state.LastChangedAt);
            Set("Fingerprint", state.Fingerprint);
            Set("PreviousFingerprint", state.PreviousFingerprint);
            Set("LastChangeSummary", state.LastChangeSummary);
            Set("HttpETag", state.HttpETag);
            Set("HttpLastModified", state.HttpLastModified);
            rows.Add(row);
        }
        foreach (var chunk in rows.Chunk(100))
        {
            await sources.SubmitTransactionAsync(chunk.Select(r => new TableTransactionAction(TableTransactionActionType.UpsertReplace, r)));
        }
    }

    /// <summary>
    /// Tables "citations2" and "runbookcitations2" as layout 2 (and 3) wrote them: a citation per row in the bucket of 16 of
    /// its encoded source, row key source "|" runbook; the by-runbook index (rebuilt from the citations by layout 5).
    /// </summary>
    private async Task WriteLayoutTwoCitationsAsync(IEnumerable<Citation> citations)
    {
        TableClient Table(string name) => Service.GetTableClient(_prefix + name);
        await Table("citations2").CreateIfNotExistsAsync();
        await Table("runbookcitations2").CreateIfNotExistsAsync();
        foreach (var citation in citations)
        {
            var (source, runbook) = (TableKeys.Encode(citation.SourceId), TableKeys.Encode(citation.RunbookId));
            var row = CitationRow(citation, TableKeys.Bucket(source, 16), TableKeys.Composite(source, runbook));
            await Table("citations2").UpsertEntityAsync(row, TableUpdateMode.Replace);
            await Table("runbookcitations2").UpsertEntityAsync(new TableEntity(TableKeys.Bucket(runbook, 16), TableKeys.Composite(runbook, source))
            {
                ["SourceId"] = citation.SourceId,
            }, TableUpdateMode.Replace);
        }
    }

    /// <summary>A citation as layouts 1 and 2 kept it: one row, a property per field (only the keys differ).</summary>
    private static TableEntity CitationRow(Citation citation, string partitionKey, string rowKey)
    {
        var row = new TableEntity(partitionKey, rowKey)
        {
            ["SourceId"] = citation.SourceId,
            ["RunbookId"] = citation.RunbookId,
            ["BaselineFingerprint"] = citation.BaselineFingerprint,
        };
        if (citation.BaselineUrl is { } url)
        {
            row["BaselineUrl"] = url;
        }
        if (citation.Finding is { } finding)
        {
            row["Finding"] = finding.Name();
            row["DetectedAt"] = citation.DetectedAt;
            row["FindingDetail"] = citation.FindingDetail;
        }
        return row;
    }

    /// <summary>The four layout-1 tables, as the code before layout 2 wrote them (keys: encoded ids).</summary>
    private async Task WriteLayoutOneAsync()
    {
        TableClient Table(string name) => Service.GetTableClient(_prefix + name);
        foreach (var name in LayoutOneTables)
        {
            await Table(name).CreateIfNotExistsAsync();
        }
        foreach (var citation in ExpectedCitations())
        {
            var row = CitationRow(citation, TableKeys.Encode(citation.SourceId), TableKeys.Encode(citation.RunbookId));
            await Table("citations").UpsertEntityAsync(row, TableUpdateMode.Replace);
            await Table("runbookcitations").UpsertEntityAsync(new TableEntity(TableKeys.Encode(citation.RunbookId), TableKeys.Encode(citation.SourceId))
            {
                ["SourceId"] = citation.SourceId,
                ["RunbookId"] = citation.RunbookId,
            }, TableUpdateMode.Replace);
        }
        foreach (var source in SourceIds)
        {
            foreach (var v in ExpectedVersions(source))
            {
                var row = new TableEntity(TableKeys.Encode(source), v.Number.ToString("D10", CultureInfo.InvariantCulture))
                {
                    ["SourceId"] = source,
                    ["Number"] = v.Number,
                    ["Fingerprint"] = v.Fingerprint,
                    ["FirstSeen"] = v.FirstSeen,
                    ["FirstSeenTicks"] = v.FirstSeen.UtcTicks,
                    ["LastSeenTicks"] = v.LastSeen.UtcTicks,
                };
                if (v.Summary is { } summary)
                {
                    row["Summary"] = summary;
                }
                await Table("sourceversions").UpsertEntityAsync(row, TableUpdateMode.Replace);
            }
            await WriteLayoutOneSnapshotAsync(Table("snapshots"), source, "fp-small", $"small text of {source}");
        }
        await WriteLayoutOneSnapshotAsync(Table("snapshots"), SourceIds[0], "fp-big", BigText);
    }

    private static async Task WriteLayoutOneSnapshotAsync(TableClient snapshots, string sourceId, string fingerprint, string text)
    {
        const int chunkBytes = 64_000;
        var compressed = SnapshotCompression.Compress(text);
        var chunks = Math.Max(1, (compressed.Length + chunkBytes - 1) / chunkBytes);
        var (partition, head) = (TableKeys.Encode(sourceId), TableKeys.Encode(fingerprint));
        for (var index = chunks - 1; index >= 0; index--)
        {
            var data = compressed.AsSpan(index * chunkBytes, Math.Min(chunkBytes, compressed.Length - index * chunkBytes)).ToArray();
            var row = index == 0
                ? new TableEntity(partition, head) { ["Data"] = data, ["SourceId"] = sourceId, ["Fingerprint"] = fingerprint, ["ChunkCount"] = chunks, ["CompressedLength"] = compressed.Length }
                : new TableEntity(partition, $"{head}|{index:D5}") { ["Data"] = data };
            await snapshots.UpsertEntityAsync(row, TableUpdateMode.Replace);
        }
    }

    private static string RandomText(int length, int seed)
    {
        const string alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 \né";
        var random = new Random(seed);
        return string.Create(length, random, (span, r) =>
        {
            for (var i = 0; i < span.Length; i++)
            {
                span[i] = alphabet[r.Next(alphabet.Length)];
            }
        });
    }
}
