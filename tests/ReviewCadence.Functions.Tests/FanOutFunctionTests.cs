using Azure.Storage.Queues;
using Microsoft.Extensions.Logging;
using ReviewCadence.Checking.Batching;
using ReviewCadence.Functions.Tests.Infrastructure;
using ReviewCadence.Tests.Infrastructure;
using ReviewCadence.Vocabulary;

namespace ReviewCadence.Functions.Tests;

/// <summary>
/// The fan-out path of the app over real Azurite queues: CheckSources queues a large catalog's batches on
/// <c>%CheckQueueName%</c> through <c>AzureWebJobsStorage</c> (the settings functions.metadata binds the queue
/// triggers to), CheckSourceBatch checks each message's batch as the queue trigger hands it over and the last one
/// applies the run, CheckSourceBatchPoison gives a run up, and the lease is free again after either.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class FanOutFunctionTests(AzuriteFixture azurite) : FunctionsAppTest
{
    private static readonly Microsoft.Azure.Functions.Worker.TimerInfo Tick = new();
    private readonly string _queueName = "batches-" + Guid.NewGuid().ToString("N")[..12];

    private QueueClient Queue => new(azurite.ConnectionString, _queueName, new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        for (var i = 0; i < 5; i++)
        {
            Site.Page($"/p/{i}", Doc($"Page {i}", $"Page {i} explains budget rule {i}.", "It is reviewed every month."), etag: $"\"p{i}\"");
        }
        await WriteCatalogAsync(Enumerable.Range(0, 5).Select(i => ($"s{i}", Site.Url($"/p/{i}"))), [("rb-low", ["s0", "s1"]), ("rb-high", ["s3", "s4"])]);
        await StartAppAsync(new Dictionary<string, string?>
        {
            ["ReviewCadence:Check:QueueBatchSize"] = "2",
            ["AzureWebJobsStorage"] = azurite.ConnectionString,
            ["CheckQueueName"] = _queueName,
        });
    }

    [Fact]
    public async Task The_timer_queues_batches_the_queue_function_checks_them_and_the_last_batch_applies_the_run()
    {
        await Host.Create<CheckSources>().RunAsync(Tick, CancellationToken.None);

        var messages = await ReceiveAllAsync();
        Assert.Equal(3, messages.Count);
        Assert.Equal([0, 1, 2], messages.Select(m => CheckBatchMessage.Parse(m).Batch).Order());
        Assert.Empty(await Host.Store.GetSourcesAsync(CancellationToken.None)); // nothing is checked by the timer itself

        // A second tick while the batches wait: skipped, not failed, and nothing more queued.
        await Host.Create<CheckSources>().RunAsync(Tick, CancellationToken.None);
        Assert.Contains(Host.Logs.Entries, e => e.Level == LogLevel.Warning && e.Message.Contains("skipped", StringComparison.Ordinal));
        Assert.Empty(await ReceiveAllAsync());

        foreach (var message in messages)
        {
            await Host.Create<CheckSourceBatch>().RunAsync(message, CancellationToken.None);
        }

        var states = await Host.Store.GetSourcesAsync(CancellationToken.None);
        Assert.Equal(5, states.Count);
        Assert.All(states, s => Assert.Equal(CheckOutcome.New, s.LastOutcome));
        Assert.Contains(Host.Logs.Entries, e => e.Message.Contains("finished (conclusive: True)", StringComparison.Ordinal));

        // The run released its lease: the next tick fans out a new run, and a change is logged per source.
        Site.Page("/p/4", Doc("Page 4", "Page 4 explains budget rule 4.", "It is now reviewed every week."), etag: "\"p4-v2\"");
        Host.Logs.Clear();
        await Host.Create<CheckSources>().RunAsync(Tick, CancellationToken.None);
        foreach (var message in await ReceiveAllAsync())
        {
            await Host.Create<CheckSourceBatch>().RunAsync(message, CancellationToken.None);
        }
        var changed = Assert.Single(Host.Logs.With("SourceId"));
        Assert.Equal(("s4", "changed"), (changed["SourceId"], changed["Outcome"]));
        Assert.Equal("rb-high", Assert.Single(Host.Logs.With("RunbookId"))["RunbookId"]);
    }

    [Fact]
    public async Task A_poisoned_batch_abandons_its_run_and_frees_the_lease_and_a_message_that_is_no_batch_is_dropped()
    {
        await Host.Create<CheckSources>().RunAsync(Tick, CancellationToken.None);
        var messages = await ReceiveAllAsync();
        Assert.Equal(3, messages.Count);
        await Host.Create<CheckSourceBatch>().RunAsync(messages[0], CancellationToken.None);

        // The queue gave up on another batch and moved it to %CheckQueueName%-poison.
        await Host.Create<CheckSourceBatch>().AbandonAsync(messages[1], CancellationToken.None);

        Assert.Contains(Host.Logs.Entries, e => e.Level == LogLevel.Error && e.Message.Contains("abandoned", StringComparison.Ordinal));
        await Host.Create<CheckSourceBatch>().RunAsync(messages[2], CancellationToken.None); // stale now: does nothing
        Assert.Empty(await Host.Store.GetSourcesAsync(CancellationToken.None));

        await Host.Create<CheckSourceBatch>().RunAsync("{ not a batch", CancellationToken.None);
        Assert.Contains(Host.Logs.Entries, e => e.Level == LogLevel.Error && e.Message.Contains("not a check batch", StringComparison.Ordinal));

        // The lease is free: the next tick queues a whole new run.
        await Host.Create<CheckSources>().RunAsync(Tick, CancellationToken.None);
        var next = await ReceiveAllAsync();
        Assert.Equal(3, next.Count);
        Assert.NotEqual(CheckBatchMessage.Parse(messages[0]).RunId, CheckBatchMessage.Parse(next[0]).RunId);
    }

    [Fact]
    public async Task A_manual_check_of_a_large_catalog_answers_202_with_a_location_that_gives_the_state_then_the_report()
    {
        var accepted = await CallAsync((api, r) => api.StartCheckAsync(r, default), "POST", "/api/checks");

        Assert.True(accepted.Status == 202, accepted.ToString());
        var runId = accepted.Json.GetProperty("runId").GetString()!;
        Assert.Equal($"/api/checks/{runId}", accepted.Headers.Location.ToString());
        Assert.Equal(("running", 3), (accepted.Json.GetProperty("state").GetString(), accepted.Json.GetProperty("batches").GetInt32()));

        var messages = await ReceiveAllAsync();
        await Host.Create<CheckSourceBatch>().RunAsync(messages[0], CancellationToken.None);
        var running = await CallAsync((api, r) => api.GetCheckAsync(r, runId, default), "GET", $"/api/checks/{runId}");
        Assert.True(running.Status == 200, running.ToString());
        Assert.Equal(("running", 3, 1), (running.Json.GetProperty("state").GetString(), running.Json.GetProperty("batches").GetInt32(), running.Json.GetProperty("completedBatches").GetInt32()));

        foreach (var message in messages.Skip(1))
        {
            await Host.Create<CheckSourceBatch>().RunAsync(message, CancellationToken.None);
        }
        var done = await CallAsync((api, r) => api.GetCheckAsync(r, runId, default), "GET", $"/api/checks/{runId}");

        Assert.True(done.Status == 200, done.ToString());
        Assert.Equal("done", done.Json.GetProperty("state").GetString());
        Assert.Equal(runId, done.Json.GetProperty("runId").GetString());
        Assert.True(done.Json.GetProperty("conclusive").GetBoolean());
        Assert.Equal(5, done.Json.GetProperty("sources").GetArrayLength());
        Assert.All(done.Json.GetProperty("sources").EnumerateArray(), s => Assert.Equal("new", s.GetProperty("outcome").GetString()));
        Assert.Equal(2, done.Json.GetProperty("runbooks").GetArrayLength());

        // A scoped check stays in the request (200 with the body); an unknown run is a 404 problem.
        var scoped = await CallAsync((api, r) => api.StartCheckAsync(r, default), "POST", "/api/checks", query: "?source=s1");
        Assert.Equal(200, scoped.Status);
        Assert.Equal(1, scoped.Json.GetProperty("sources").GetArrayLength());
        var unknown = await CallAsync((api, r) => api.GetCheckAsync(r, "no-such-run", default), "GET", "/api/checks/no-such-run");
        Assert.Equal(404, unknown.Status);
        Assert.StartsWith("application/problem+json", unknown.ContentType);
    }

    [Fact]
    public async Task A_large_manual_check_given_up_by_the_poison_queue_says_abandoned()
    {
        var accepted = await CallAsync((api, r) => api.StartCheckAsync(r, default), "POST", "/api/checks");
        var runId = accepted.Json.GetProperty("runId").GetString()!;
        var messages = await ReceiveAllAsync();

        await Host.Create<CheckSourceBatch>().AbandonAsync(messages[0], CancellationToken.None);

        var state = await CallAsync((api, r) => api.GetCheckAsync(r, runId, default), "GET", $"/api/checks/{runId}");
        Assert.Equal(200, state.Status);
        Assert.Equal("abandoned", state.Json.GetProperty("state").GetString());
        Assert.Contains("batch 0", state.Json.GetProperty("detail").GetString());
    }

    /// <summary>Takes every message off the queue, as the queue trigger would hand them to the function (text).</summary>
    private async Task<List<string>> ReceiveAllAsync()
    {
        var queue = Queue;
        await queue.CreateIfNotExistsAsync();
        var messages = new List<string>();
        while (true)
        {
            var received = (await queue.ReceiveMessagesAsync(32, TimeSpan.FromMinutes(5))).Value;
            if (received.Length == 0)
            {
                return [.. messages.OrderBy(m => CheckBatchMessage.Parse(m).Batch)];
            }
            foreach (var message in received)
            {
                messages.Add(message.MessageText);
                await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt);
            }
        }
    }
}
