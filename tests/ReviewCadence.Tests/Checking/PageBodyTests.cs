using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using ReviewCadence.Catalog;
using ReviewCadence.Checking;
using ReviewCadence.Checking.Fetching;
using ReviewCadence.Tests.EndToEnd;
using ReviewCadence.Tests.Infrastructure;
using ReviewCadence.Vocabulary;

namespace ReviewCadence.Tests.Checking;

/// <summary>Page bodies in pooled buffers: read exactly, capped, and given back once the checker has extracted them.</summary>
public sealed class PageBodyTests
{
    private static readonly CancellationToken Ct = CancellationToken.None;

    private static byte[] Bytes(int count) => [.. Enumerable.Range(0, count).Select(i => (byte)(i * 31 % 251))];

    [Theory]
    [InlineData(0, null)]
    [InlineData(5_000, 5_000L)]        // the declared length sizes the first buffer
    [InlineData(300_000, null)]        // grows past the first 64 KB buffer several times
    [InlineData(300_000, 1_000L)]      // a declared length that was wrong
    public async Task Reads_the_whole_stream_exactly(int length, long? declared)
    {
        var expected = Bytes(length);

        using var body = await PageBody.ReadAsync(new MemoryStream(expected), declared, maxBytes: 1_000_000, Ct);

        Assert.Equal(length, body.Length);
        Assert.Equal(expected, body.Span.ToArray());
    }

    [Fact]
    public async Task More_than_the_cap_is_refused()
    {
        var error = await Assert.ThrowsAsync<PageTooLargeException>(() =>
            PageBody.ReadAsync(new MemoryStream(Bytes(100_001)), null, maxBytes: 100_000, Ct));
        Assert.Equal("larger than 100000 bytes", error.Message);
    }

    [Fact]
    public async Task A_disposed_body_cannot_be_read_and_disposing_twice_is_harmless()
    {
        var body = await PageBody.ReadAsync(new MemoryStream(Bytes(10)), 10, 100, Ct);

        body.Dispose();
        body.Dispose();

        Assert.Throws<ObjectDisposedException>(() => body.Memory);
    }

    [Fact]
    public async Task The_checker_gives_each_body_back_after_extracting_it()
    {
        await using var site = await TestSite.StartAsync();
        site.Page("/doc", TestPages.Doc("Pooled page", "Token budgets are reviewed monthly by the platform team.", "Owners get a digest."));
        var dir = Directory.CreateTempSubdirectory("rc-pagebody-").FullName;
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ReviewCadence:Store"] = Path.Combine(dir, "state.db"),
        }).Build();
        await using var provider = new ServiceCollection().AddReviewCadence(configuration).BuildServiceProvider();
        var fetcher = new RecordingFetcher(provider.GetRequiredService<IPageFetcher>());
        var checker = ActivatorUtilities.CreateInstance<SourceChecker>(provider, (IPageFetcher)fetcher);
        var catalog = CatalogLoader.Parse($"""
            settings:
              allowPrivateNetworks: true
            sources:
              - id: doc
                url: {site.Url("/doc")}
            owners:
              - id: ops
            runbooks:
              - id: rb
                title: Runbook
                owner: ops
                sources: [doc]
            """, "catalog.yaml");
        await provider.GetRequiredService<ReviewCadence.Storage.IReviewStore>().InitializeAsync(Ct);

        var snapshots = new SnapshotWrites();
        var verdict = await checker.CheckAsync(catalog.Settings, catalog.Sources[0], null, snapshots, Ct);
        await snapshots.WhenAllAsync(Ct);

        Assert.Equal(CheckOutcome.New, verdict.Outcome);
        Assert.Null(verdict.Fetch.Body);
        var handedOut = Assert.Single(fetcher.Bodies);
        Assert.Throws<ObjectDisposedException>(() => handedOut.Memory);
        await provider.DisposeAsync();
        Directory.Delete(dir, recursive: true);
    }

    /// <summary>The real fetcher, remembering the bodies it handed out.</summary>
    private sealed class RecordingFetcher(IPageFetcher inner) : IPageFetcher
    {
        public List<PageBody> Bodies { get; } = [];

        public async Task<FetchResult> FetchAsync(FetchRequest request, CancellationToken cancellationToken)
        {
            var result = await inner.FetchAsync(request, cancellationToken);
            if (result.Body is { } body)
                Bodies.Add(body);
            return result;
        }
    }
}
