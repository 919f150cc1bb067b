using Azure.Storage.Queues;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using ReviewCadence.Catalog;
using ReviewCadence.Checking;
using ReviewCadence.Checking.Batching;
using ReviewCadence.Storage;
using ReviewCadence.Storage.Tables;
using ReviewCadence.Tests.EndToEnd;
using ReviewCadence.Tests.Infrastructure;
using ReviewCadence.Vocabulary;

namespace ReviewCadence.Tests.Scale;

/// <summary>
/// A catalog checked by fan-out (batches on Azurite's queue, each checked by <see cref="BatchCheckRunner"/> as the
/// queue trigger does) ends exactly where one <see cref="CheckRunner"/> run ends: outcomes, stored states, baselines
/// and findings; the outage guard judges the whole run, not a batch; the run lease keeps other checks out.
/// Each side has its own Table store (prefix) in the shared Azurite; both read one real site on loopback.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class FanOutTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private static CancellationToken Ct => CancellationToken.None;

    private readonly string _dir = Directory.CreateTempSubdirectory("rc-fanout-").FullName;
    private readonly string _queueName = "batches-" + Guid.NewGuid().ToString("N")[..12];
    private readonly List<ServiceProvider> _providers = [];
    private TestSite _site = null!;

    private string CatalogPath => Path.Combine(_dir, "catalog.yaml");

    public async Task InitializeAsync() => _site = await TestSite.StartAsync();

    public async Task DisposeAsync()
    {
        foreach (var provider in _providers)
            await provider.DisposeAsync();
        await _site.DisposeAsync();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task Fanned_out_runs_give_the_outcomes_states_and_flags_of_single_runs()
    {
        for (var i = 0; i < 12; i++)
            _site.Page($"/p/{i}", TestPages.Doc($"Page {i}", $"Page {i} explains rule {i} of the token budget.", $"Limits for rule {i} are reviewed monthly."), etag: $"\"p{i}\"");
        _site.Page("/p/5-new", TestPages.Doc("Page 5", "Page 5 explains rule 5 of the token budget.", "Limits for rule 5 are reviewed monthly."));
        await WriteCatalogAsync(Enumerable.Range(0, 12).Select(i => ($"s{i:D2}", _site.Url($"/p/{i}"))),
            ("rb-a", ["s00", "s01", "s02"]), ("rb-b", ["s03", "s04", "s05", "s06"]), ("rb-c", ["s07", "s08"]),
            ("rb-d", ["s09", "s10", "s11"]), ("rb-e", ["s00", "s11"]));
        var single = Services(batchSize: 5);
        var fanned = Services(batchSize: 5);

        await AssertSameRunAsync(single, fanned, expectedBatches: 3);

        _site.Page("/p/1", TestPages.Doc("Page 1", "Page 1 explains rule 1 of the token budget.", "Limits for rule 1 are now reviewed weekly."), etag: "\"p1-v2\"");
        _site.Redirect("/p/5", "/p/5-new", 301);
        _site.Status("/p/8", 404);
        _site.Status("/p/10", 500);
        await AssertSameRunAsync(single, fanned, expectedBatches: 3);

        // Unchanged pages answer 304; the failing one fails a second run in a row and becomes broken.
        var (report, _) = await AssertSameRunAsync(single, fanned, expectedBatches: 3);
        var outcomes = report.Sources.ToDictionary(s => s.Id, s => s.Outcome);
        Assert.Equal(CheckOutcome.Broken, outcomes["s10"]);
        Assert.Equal(CheckOutcome.Moved, outcomes["s05"]);
        Assert.Equal(CheckOutcome.Unchanged, outcomes["s01"]);
        var findings = report.Runbooks.ToDictionary(r => r.Id, r => r.Findings.Select(f => (f.Source, f.Kind)).ToHashSet());
        Assert.Equal([("s01", FindingKind.Changed)], findings["rb-a"]);
        Assert.Equal([("s05", FindingKind.Moved)], findings["rb-b"]);
        Assert.Equal([("s08", FindingKind.Broken)], findings["rb-c"]);
        Assert.Equal([("s10", FindingKind.Broken)], findings["rb-d"]);
        Assert.Empty(findings["rb-e"]);
        Assert.True(_site.NotModifiedCount("/p/0") >= 4); // both sides, twice each
    }

    [Fact]
    public async Task The_outage_guard_judges_all_batches_together_when_most_hosts_are_down()
    {
        // Batch 0 reaches its host; batch 1's two hosts refuse connections: 2 of 3 hosts down is an outage,
        // although batch 0 alone looks fine.
        await WriteCatalogAsync([("up-a", Reachable("/a")), ("up-b", Reachable("/b")),
            ("down-v4", TestSite.UnusedPortUrl("/x")), ("down-v6", UnusedIpv6PortUrl("/y"))],
            ("rb", ["up-a", "down-v4"]));
        var single = Services(batchSize: 2);
        var fanned = Services(batchSize: 2);

        var (report, fannedReport) = await AssertSameRunAsync(single, fanned, expectedBatches: 2);

        Assert.False(report.Conclusive);
        Assert.False(fannedReport.Conclusive);
        Assert.Empty(await Store(fanned).GetSourcesAsync(Ct));
        Assert.All(await Store(fanned).GetAllCitationsAsync(Ct), c => Assert.Null(c.BaselineFingerprint));
    }

    [Fact]
    public async Task The_outage_guard_counts_failures_of_a_batch_whose_own_hosts_are_all_down_when_the_run_is_conclusive()
    {
        // Batch 1 alone (its one host down) would be inconclusive; the run (1 of 2 hosts down) is not.
        await WriteCatalogAsync([("up-a", Reachable("/a")), ("up-b", Reachable("/b")),
            ("down-1", TestSite.UnusedPortUrl("/x")), ("down-2", TestSite.UnusedPortUrl("/y"))],
            ("rb", ["up-a", "down-1"]));
        var single = Services(batchSize: 2);
        var fanned = Services(batchSize: 2);

        var (report, _) = await AssertSameRunAsync(single, fanned, expectedBatches: 2);

        Assert.True(report.Conclusive);
        var states = (await Store(fanned).GetSourcesAsync(Ct)).ToDictionary(s => s.SourceId);
        Assert.Equal(1, states["down-1"].ConsecutiveFailures);
        Assert.Equal(CheckOutcome.Unreachable, states["down-2"].LastOutcome);
        Assert.Equal(CheckOutcome.New, states["up-a"].LastOutcome);
    }

    [Fact]
    public async Task A_second_check_is_refused_while_a_fanned_out_run_is_in_progress_and_redeliveries_count_once()
    {
        await WriteCatalogAsync(Enumerable.Range(0, 5).Select(i => ($"s{i}", Reachable($"/p/{i}"))), ("rb", ["s0", "s4"]));
        var fanned = Services(batchSize: 2);
        var fanOut = fanned.GetRequiredService<CheckFanOut>();
        var catalog = fanned.GetRequiredService<CatalogProvider>().Get();

        var started = await fanOut.StartAsync(catalog, Ct);
        Assert.Equal(3, started.Batches);
        await Assert.ThrowsAsync<CheckAlreadyRunningException>(() => fanOut.StartAsync(catalog, Ct));
        await Assert.ThrowsAsync<CheckAlreadyRunningException>(() => fanned.GetRequiredService<CheckRunner>().RunAsync(catalog, CheckScope.All, null, Ct));

        var messages = await ReceiveAllAsync();
        Assert.Equal(3, messages.Count);
        var runner = fanned.GetRequiredService<BatchCheckRunner>();
        var first = await runner.RunAsync(messages[0], Ct);
        var again = await runner.RunAsync(messages[0], Ct); // delivered twice: checked once
        Assert.Equal((2, 0), (first.Checked, again.Checked));
        Assert.Null(again.Report);
        await Assert.ThrowsAsync<CheckAlreadyRunningException>(() => fanOut.StartAsync(catalog, Ct));

        var rest = await Task.WhenAll(messages.Skip(1).Select(m => runner.RunAsync(m, Ct)));
        var report = Assert.Single(rest, r => r.Report is not null).Report!;
        Assert.Equal(5, report.Sources.Count);
        Assert.All(report.Sources, s => Assert.Equal(CheckOutcome.New, s.Outcome));
        Assert.Null(await Store(fanned).GetCheckRunAsync(started.RunId, Ct));
        // The finaliser records how the run ended, as a single run does.
        var last = await Store(fanned).GetLastCheckAsync(Ct);
        Assert.Equal((started.RunId, 5, true), (last!.RunId, last.SourceCount, last.Conclusive));
        Assert.Equal(new Dictionary<string, int> { ["new"] = 5 }, last.Outcomes);

        var late = await runner.RunAsync(messages[1], Ct);
        Assert.True(late.Stale);
        Assert.Equal(0, late.Checked);
        // The lease is free again.
        var next = await fanOut.StartAsync(catalog, Ct);
        Assert.NotEqual(started.RunId, next.RunId);
    }

    [Fact]
    public async Task A_batch_that_failed_every_delivery_abandons_its_run_and_frees_the_lease()
    {
        await WriteCatalogAsync(Enumerable.Range(0, 5).Select(i => ($"s{i}", Reachable($"/p/{i}"))), ("rb", ["s0", "s4"]));
        var fanned = Services(batchSize: 2);
        var fanOut = fanned.GetRequiredService<CheckFanOut>();
        var catalog = fanned.GetRequiredService<CatalogProvider>().Get();
        var started = await fanOut.StartAsync(catalog, Ct);
        var messages = await ReceiveAllAsync();
        var runner = fanned.GetRequiredService<BatchCheckRunner>();
        Assert.Equal(2, (await runner.RunAsync(messages[0], Ct)).Checked);

        // Batch 1 went to the poison queue: the run can never complete.
        Assert.True(await runner.AbandonAsync(messages[1], Ct));

        Assert.Null(await Store(fanned).GetCheckRunAsync(started.RunId, Ct));
        Assert.Empty(await Store(fanned).GetSourcesAsync(Ct)); // nothing of the run was applied
        var late = await runner.RunAsync(messages[2], Ct);
        Assert.True(late.Stale);
        Assert.Equal(0, late.Checked);
        Assert.False(await runner.AbandonAsync(messages[1], Ct));
        // The lease is free: the next check runs at once and checks everything.
        var report = await fanned.GetRequiredService<CheckRunner>().RunAsync(catalog, CheckScope.All, null, Ct);
        Assert.All(report.Sources, s => Assert.Equal(CheckOutcome.New, s.Outcome));
        Assert.Equal(5, (await Store(fanned).GetSourcesAsync(Ct)).Count);
    }

    [Fact]
    public async Task A_batch_whose_run_ended_while_it_was_checked_leaves_no_verdicts_behind()
    {
        await WriteCatalogAsync(Enumerable.Range(0, 4).Select(i => ($"s{i}", Reachable($"/p/{i}"))), ("rb", ["s0", "s3"]));
        var fanned = Services(batchSize: 2);
        var catalog = fanned.GetRequiredService<CatalogProvider>().Get();
        var started = await fanned.GetRequiredService<CheckFanOut>().StartAsync(catalog, Ct);
        var messages = await ReceiveAllAsync();
        var runner = fanned.GetRequiredService<BatchCheckRunner>();
        // The run is abandoned (its other batch was poisoned) just before this batch stores its verdicts.
        var store = StoreHook.Before(Store(fanned), nameof(IReviewStore.SaveCheckRunVerdictsAsync), () => runner.AbandonAsync(messages[1], Ct));
        var racing = InternalActivator.Create<BatchCheckRunner>(fanned, store);

        var result = await racing.RunAsync(messages[0], Ct);

        Assert.True(result.Stale);
        Assert.Equal(2, result.Checked);
        Assert.Empty(await Store(fanned).GetCheckRunVerdictsAsync(started.RunId, Ct));
        Assert.Null(await Store(fanned).GetCheckRunAsync(started.RunId, Ct));
    }

    [Fact]
    public async Task A_batch_stores_its_verdicts_only_once_its_snapshots_are_stored()
    {
        await WriteCatalogAsync(Enumerable.Range(0, 4).Select(i => ($"s{i}", Reachable($"/p/{i}"))), ("rb", ["s0", "s3"]));
        var fanned = Services(batchSize: 4);
        var catalog = fanned.GetRequiredService<CatalogProvider>().Get();
        await fanned.GetRequiredService<CheckFanOut>().StartAsync(catalog, Ct);
        var message = Assert.Single(await ReceiveAllAsync());
        // The first snapshot's write is held back while the batch's other sources finish: the verdicts (which name the
        // snapshots) may be stored only after it was let go.
        var held = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        bool? releasedWhenStored = null;
        var store = StoreHook.Before(
            StoreHook.Before(Store(fanned), nameof(IReviewStore.SaveSnapshotAsync), () => held.Task),
            nameof(IReviewStore.SaveCheckRunVerdictsAsync), () => { releasedWhenStored = held.Task.IsCompleted; return Task.CompletedTask; });
        var runner = InternalActivator.Create<BatchCheckRunner>(fanned, ActivatorUtilities.CreateInstance<SourceChecker>(fanned, store), store);

        var checking = runner.RunAsync(message, Ct);
        await Task.Delay(TimeSpan.FromSeconds(1), Ct); // real clock: the other sources finish meanwhile (and the run would go on, did it not wait)
        held.SetResult();
        var result = await checking;

        Assert.Equal(4, result.Checked);
        Assert.True(releasedWhenStored);
        foreach (var state in await Store(fanned).GetSourcesAsync(Ct))
            Assert.NotNull(await Store(fanned).GetSnapshotAsync(state.SourceId, state.Fingerprint!, Ct));
    }

    [Fact]
    public void Batches_keep_catalog_order_and_stay_within_the_size_and_a_queue_message()
    {
        var ids = Enumerable.Range(0, 1234).Select(i => $"s{i}").ToList();
        var batches = CheckFanOut.Split(ids, 500);
        Assert.Equal([500, 500, 234], batches.Select(b => b.Count));
        Assert.Equal(ids, batches.SelectMany(b => b));

        var longIds = Enumerable.Range(0, 300).Select(i => $"https://docs.example.com/{new string('x', 400)}/{i}").ToList();
        var split = CheckFanOut.Split(longIds, 500);
        Assert.True(split.Count > 1);
        Assert.All(split, b => Assert.True(new CheckBatchMessage(Guid.NewGuid().ToString("n"), 0, b).ToJson().Length < 48_000));
        Assert.Equal(longIds, split.SelectMany(b => b));
    }

    [Theory]
    [InlineData("")]
    [InlineData("not json")]
    [InlineData("{\"runId\":\"r\",\"batch\":-1,\"sourceIds\":[\"a\"]}")]
    [InlineData("{\"batch\":0,\"sourceIds\":[\"a\"]}")]
    public void A_message_that_is_not_a_batch_is_rejected_plainly(string text)
    {
        Assert.Throws<FormatException>(() => CheckBatchMessage.Parse(text));
    }

    // ---------------------------------------------------------------- helpers

    /// <summary>One single run and one fanned-out run (batches through the real queue); asserts they agree and returns both reports.</summary>
    private async Task<(CheckReport Single, CheckReport Fanned)> AssertSameRunAsync(IServiceProvider single, IServiceProvider fanned, int expectedBatches)
    {
        var catalog = single.GetRequiredService<CatalogProvider>().Get();
        var report = await single.GetRequiredService<CheckRunner>().RunAsync(catalog, CheckScope.All, null, Ct);

        var fanOut = fanned.GetRequiredService<CheckFanOut>();
        Assert.True(fanOut.Applies(catalog));
        var started = await fanOut.StartAsync(catalog, Ct);
        Assert.Equal(expectedBatches, started.Batches);
        var runner = fanned.GetRequiredService<BatchCheckRunner>();
        var messages = await ReceiveAllAsync();
        Assert.Equal(expectedBatches, messages.Count);
        // Batches run side by side, as instances of the queue trigger would.
        var results = await Task.WhenAll(messages.Select(m => runner.RunAsync(m, Ct)));
        var fannedReport = Assert.Single(results, r => r.Report is not null).Report!;

        Assert.Equal(catalog.Sources.Count, results.Sum(r => r.Checked));
        Assert.Equal(report.Conclusive, fannedReport.Conclusive);
        Assert.Equal(Describe(report.Sources), Describe(fannedReport.Sources));
        Assert.Equal(Describe(report.Runbooks), Describe(fannedReport.Runbooks));
        Assert.Equal(Describe(await Store(single).GetSourcesAsync(Ct)), Describe(await Store(fanned).GetSourcesAsync(Ct)));
        Assert.Equal(Describe(await Store(single).GetAllCitationsAsync(Ct)), Describe(await Store(fanned).GetAllCitationsAsync(Ct)));
        return (report, fannedReport);
    }

    private static List<string> Describe(IEnumerable<SourceCheckResult> sources) =>
        [.. sources.OrderBy(s => s.Id).Select(s => $"{s.Id} {s.Outcome} {s.HttpStatus} {s.FinalUrl} {s.Detail}")];

    private static List<string> Describe(IEnumerable<RunbookCheckResult> runbooks) =>
        [.. runbooks.OrderBy(r => r.Id).Select(r => $"{r.Id} {r.Status} {string.Join(",", r.Findings.Select(f => $"{f.Source}:{f.Kind}"))}")];

    private static List<string> Describe(IEnumerable<SourceState> states) =>
        [.. states.Select(s => $"{s.SourceId} {s.LastOutcome} {s.HttpStatus} {s.FinalUrl} {s.ConsecutiveFailures} {s.Fingerprint} {s.PreviousFingerprint} {s.HttpETag} {s.Detail} {s.LastChangeSummary}")];

    private static List<string> Describe(IEnumerable<Citation> citations) =>
        [.. citations.Select(c => $"{c.SourceId} {c.RunbookId} {c.BaselineFingerprint} {c.BaselineUrl} {c.Finding} {c.FindingUrl} {c.FindingDetail}")];

    private async Task<List<CheckBatchMessage>> ReceiveAllAsync()
    {
        var queue = new QueueClient(azurite.ConnectionString, _queueName, new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });
        var messages = new List<CheckBatchMessage>();
        while (true)
        {
            var received = (await queue.ReceiveMessagesAsync(32, TimeSpan.FromMinutes(5), Ct)).Value;
            if (received.Length == 0)
                return [.. messages.OrderBy(m => m.Batch)];
            foreach (var message in received)
            {
                messages.Add(CheckBatchMessage.Parse(message.MessageText));
                await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt, Ct);
            }
        }
    }

    private ServiceProvider Services(int batchSize)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ReviewCadence:CatalogPath"] = CatalogPath,
            ["ReviewCadence:Check:QueueBatchSize"] = batchSize.ToString(),
            [StorageCheckBatchQueue.ConnectionSetting] = azurite.ConnectionString,
            [StorageCheckBatchQueue.QueueNameSetting] = _queueName,
        }).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddSingleton<IReviewStore>(new TableReviewStore(azurite.ConnectionString,
            new TableReviewStoreOptions { TablePrefix = "f" + Guid.NewGuid().ToString("N")[..12] }));
        services.AddReviewCadence(configuration);
        var provider = services.BuildServiceProvider();
        _providers.Add(provider);
        return provider;
    }

    private static IReviewStore Store(IServiceProvider services) => services.GetRequiredService<IReviewStore>();

    private Uri Reachable(string path)
    {
        _site.Page(path, TestPages.Doc($"Page {path}", $"The page at {path} documents one budget rule.", "It is reviewed every month."));
        return _site.Url(path, host: "localhost");
    }

    /// <summary>IPv6 loopback (another host name than 127.0.0.1 and localhost) on a port where nothing listens.</summary>
    private static Uri UnusedIpv6PortUrl(string path) => new($"http://[::1]:{TestSite.UnusedPortUrl().Port}{path}");

    private async Task WriteCatalogAsync(IEnumerable<(string Id, Uri Url)> sources, params (string Id, string[] Sources)[] runbooks)
    {
        var yaml = new System.Text.StringBuilder("""
            settings:
              allowPrivateNetworks: true
              retries: 0
              timeoutSeconds: 5
              maxConcurrency: 8
              perHostConcurrency: 8
            owners:
              - id: ops
            sources:

            """);
        foreach (var (id, url) in sources)
            yaml.Append($"  - id: {id}\n    url: {url}\n");
        yaml.Append("runbooks:\n");
        foreach (var (id, cited) in runbooks)
            yaml.Append($"  - id: {id}\n    title: Runbook {id}\n    owner: ops\n    cadenceDays: 30\n    lastReviewed: 2026-11-01\n    sources: [{string.Join(", ", cited)}]\n");
        await File.WriteAllTextAsync(CatalogPath, yaml.ToString());
    }
}
