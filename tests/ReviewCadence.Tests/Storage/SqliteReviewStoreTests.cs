using Microsoft.Data.Sqlite;
using ReviewCadence.Storage;
using ReviewCadence.Storage.Sqlite;

namespace ReviewCadence.Tests.Storage;

public sealed class SqliteReviewStoreTests : ReviewStoreContractTests
{
    private readonly string _directory = Directory.CreateTempSubdirectory("reviewcadence-sqlite-").FullName;

    // A nested path: the store creates the folders it needs.
    private string DatabasePath => Path.Combine(_directory, ".reviewcadence", "state.db");

    protected override IReviewStore OpenStore() => new SqliteReviewStore(DatabasePath);

    protected override Task CleanupAsync()
    {
        Directory.Delete(_directory, recursive: true);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task The_database_file_is_created_in_wal_mode()
    {
        Assert.True(File.Exists(DatabasePath));
        await using var connection = new SqliteConnection($"Data Source={DatabasePath};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode;";

        Assert.Equal("wal", (string?)await command.ExecuteScalarAsync());
    }

    [Fact]
    public async Task A_file_that_is_not_a_database_is_reported_as_unavailable()
    {
        var path = Path.Combine(_directory, "not-a-db.db");
        await File.WriteAllTextAsync(path, new string('x', 4096));
        await using var store = new SqliteReviewStore(path);

        var error = await Assert.ThrowsAsync<StoreUnavailableException>(() => store.InitializeAsync(Ct));

        Assert.Contains("SQLite store", error.Message);
        Assert.Contains(path, error.Message);
        Assert.Contains("not a SQLite database", error.Message);
    }

    [Fact]
    public async Task A_database_from_a_newer_schema_is_refused()
    {
        await using (var connection = new SqliteConnection($"Data Source={DatabasePath};Pooling=False"))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA user_version = 99;";
            await command.ExecuteNonQueryAsync();
        }
        await using var store = new SqliteReviewStore(DatabasePath);

        var error = await Assert.ThrowsAsync<StoreUnavailableException>(() => store.InitializeAsync(Ct));

        Assert.Contains("newer", error.Message);
    }

    [Fact]
    public async Task The_file_can_be_deleted_once_the_store_is_disposed()
    {
        var path = Path.Combine(_directory, "other", "state.db");
        var store = new SqliteReviewStore(path);
        await store.SaveSourceAsync(Source("a"), Ct);

        await store.DisposeAsync();
        File.Delete(path);
        await using var reopened = new SqliteReviewStore(path);

        Assert.Null(await reopened.GetSourceAsync("a", Ct));
    }

    // Every kind of text must come back from a batch as it went in (histories are read through a JSON array of ids).
    private const string AwkwardText = "quote \" backslash \\ newline \n tab \t bell \u0007 <b>&amp;</b> é ü 日本 😀 end";

    [Fact]
    public async Task Text_of_every_kind_comes_back_from_a_batch_save_as_it_went_in()
    {
        var state = Source("awkward") with { Detail = AwkwardText, LastChangeSummary = "", HttpETag = "\"etag\"" };
        await Store.SaveSourcesAsync([state, Source("plain")], Ct);
        await Store.SaveCitationsAsync([Cite("awkward", "r1") with { FindingDetail = AwkwardText, BaselineUrl = "https://example.com/ü?q=\"x\"" }], Ct);
        await Store.SaveSourceVersionsAsync([new SourceVersion { SourceId = "awkward", Number = 1, Fingerprint = "fp", FirstSeen = DateTimeOffset.UnixEpoch, LastSeen = DateTimeOffset.UnixEpoch, Summary = AwkwardText }], Ct);

        var stored = await Store.GetSourceAsync("awkward", Ct);
        Assert.Equal(state with { Version = stored!.Version }, stored);
        var citation = Assert.Single(await Store.GetCitationsForSourceAsync("awkward", Ct));
        Assert.Equal(AwkwardText, citation.FindingDetail);
        Assert.Equal("https://example.com/ü?q=\"x\"", citation.BaselineUrl);
        Assert.Equal(AwkwardText, Assert.Single((await Store.GetSourceHistoriesAsync(["awkward"], Ct))["awkward"]).Summary);
    }

    [Fact]
    public async Task A_lone_surrogate_is_stored_as_the_replacement_character()
    {
        await Store.SaveSourcesAsync([Source("s") with { Detail = "a\uD800b" }], Ct);

        Assert.Equal("a\uFFFDb", (await Store.GetSourceAsync("s", Ct))!.Detail);
    }

    [Fact]
    public async Task A_stale_row_in_a_batch_is_named_in_the_conflict()
    {
        var read = await Store.SaveSourcesAsync([.. Enumerable.Range(0, 40).Select(i => Source($"s{i:D2}"))], Ct);
        await Store.SaveSourceAsync(read[17] with { Detail = "winner" }, Ct);
        await Store.SaveCitationsAsync([Cite("s01", "r1"), Cite("s01", "r2"), Cite("s02", "r1")], Ct);
        var citations = await Store.GetAllCitationsAsync(Ct);
        await Store.SaveCitationsAsync([citations[1] with { FindingDetail = "winner" }], Ct);

        var source = await Assert.ThrowsAsync<StoreConflictException>(() => Store.SaveSourcesAsync([.. read.Select(s => s with { Detail = "loser" })], Ct));
        var citation = await Assert.ThrowsAsync<StoreConflictException>(() => Store.SaveCitationsAsync([.. citations.Select(c => c with { FindingDetail = "loser" })], Ct));

        Assert.Contains("source s17", source.Message);
        Assert.Contains("citation of source s01 by runbook r2", citation.Message);
    }

    [Fact]
    public async Task Long_batches_are_saved_and_read_whole_and_a_stale_row_deep_in_one_is_named()
    {
        const int count = 1017;
        var read = await Store.SaveSourcesAsync([.. Enumerable.Range(0, count).Select(i => Source($"s{i:D4}"))], Ct);
        await Store.SaveCitationsAsync([.. read.Select(s => Cite(s.SourceId, "r1"))], Ct);
        await Store.SaveSourceVersionsAsync([.. read.Select(s => new SourceVersion { SourceId = s.SourceId, Number = 1, Fingerprint = $"fp-{s.SourceId}", FirstSeen = DateTimeOffset.UnixEpoch, LastSeen = DateTimeOffset.UnixEpoch })], Ct);
        const int stale = 503;
        await Store.SaveSourceAsync(read[stale] with { Detail = "winner" }, Ct);
        var citations = await Store.GetAllCitationsAsync(Ct);
        await Store.SaveCitationsAsync([citations[stale] with { FindingDetail = "winner" }], Ct);

        var histories = await Store.GetSourceHistoriesAsync([.. read.Select(s => s.SourceId)], Ct);
        var source = await Assert.ThrowsAsync<StoreConflictException>(() => Store.SaveSourcesAsync([.. read.Select(s => s with { Detail = "loser" })], Ct));
        var citation = await Assert.ThrowsAsync<StoreConflictException>(() => Store.SaveCitationsAsync([.. citations.Select(c => c with { FindingDetail = "loser" })], Ct));

        Assert.Equal(count, (await Store.GetSourcesAsync(Ct)).Count);
        Assert.Equal(count, citations.Count);
        Assert.All(read, s => Assert.Equal($"fp-{s.SourceId}", Assert.Single(histories[s.SourceId]).Fingerprint));
        Assert.Contains($"source s{stale:D4}", source.Message);
        Assert.Contains($"citation of source s{stale:D4} by runbook r1", citation.Message);
        Assert.DoesNotContain(await Store.GetSourcesAsync(Ct), s => s.Detail == "loser");
    }

}

/// <summary>A file written by schema 1 (before section findings) opens, keeps its citations and gains the new column.</summary>
public sealed class SqliteSchemaMigrationTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("reviewcadence-migrate-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task A_schema_1_file_is_upgraded_in_place()
    {
        var path = Path.Combine(_directory, "state.db");
        await using (var connection = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = """
                CREATE TABLE citations (
                    source_id TEXT NOT NULL, runbook_id TEXT NOT NULL, baseline_fingerprint TEXT, baseline_url TEXT,
                    finding TEXT, detected_at TEXT, finding_detail TEXT, finding_url TEXT, version INTEGER NOT NULL,
                    PRIMARY KEY (source_id, runbook_id));
                INSERT INTO citations VALUES ('s1', 'r1', 'fp', 'https://example.com/', 'changed', NULL, 'content changed', NULL, 1);
                PRAGMA user_version = 1;
                """;
            await command.ExecuteNonQueryAsync();
        }

        await using var store = new SqliteReviewStore(path);
        await store.InitializeAsync(CancellationToken.None);

        var citation = Assert.Single(await store.GetAllCitationsAsync(CancellationToken.None));
        Assert.Equal(("s1", "r1", "content changed"), (citation.SourceId, citation.RunbookId, citation.FindingDetail));
        Assert.Null(citation.FindingSection);
        await store.SaveCitationsAsync([citation with { FindingSection = new SectionFinding { Section = "FAQ" } }], CancellationToken.None);
        Assert.Equal("FAQ", Assert.Single(await store.GetAllCitationsAsync(CancellationToken.None)).FindingSection!.Section);
    }

    [Fact]
    public async Task A_current_file_opens_without_a_write()
    {
        var path = Path.Combine(_directory, "state.db");
        await using (var created = new SqliteReviewStore(path))
        {
            await created.InitializeAsync(CancellationToken.None);
        }
        // data_version, read on one connection, moves whenever another connection commits to the file.
        await using var watcher = new SqliteConnection($"Data Source={path};Pooling=False");
        await watcher.OpenAsync();
        var versionBefore = await DataVersionAsync(watcher);

        await using (var reopened = new SqliteReviewStore(path))
        {
            await reopened.InitializeAsync(CancellationToken.None);
            Assert.Null(await reopened.GetSourceAsync("a", CancellationToken.None));
        }

        Assert.Equal(versionBefore, await DataVersionAsync(watcher));
    }

    [Fact]
    public async Task A_current_file_missing_a_table_gets_it_back()
    {
        var path = Path.Combine(_directory, "state.db");
        await using (var created = new SqliteReviewStore(path))
        {
            await created.InitializeAsync(CancellationToken.None);
        }
        SqliteConnection.ClearAllPools();
        await using (var connection = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "DROP TABLE citations;";
            await command.ExecuteNonQueryAsync();
        }

        await using var store = new SqliteReviewStore(path);
        await store.InitializeAsync(CancellationToken.None);

        Assert.Empty(await store.GetAllCitationsAsync(CancellationToken.None));
    }

    private static async Task<long> DataVersionAsync(SqliteConnection connection)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA data_version;";
        return (long)(await command.ExecuteScalarAsync())!;
    }

}
