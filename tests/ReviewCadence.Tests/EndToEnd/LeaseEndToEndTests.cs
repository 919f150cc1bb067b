using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using ReviewCadence.Storage;
using ReviewCadence.Storage.Sqlite;
using ReviewCadence.Tests.Infrastructure;

namespace ReviewCadence.Tests.EndToEnd;

/// <summary>
/// Run leases as users meet them: a run killed with SIGKILL (here: a child process) does not block the next one, a
/// run with a far <c>--now</c> neither shares the lease clock nor leaves a lease until that date, a refusal names the
/// holder, and <c>unlock</c> clears a lease another machine left.
/// </summary>
public sealed class LeaseEndToEndTests : IAsyncLifetime
{
    private readonly string _dir = Directory.CreateTempSubdirectory("rc-lease-e2e-").FullName;
    private readonly ConcurrentQueue<(string? Header, string? InBody)> _deliveries = new();
    private readonly TaskCompletionSource _firstDelivery = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private WebApplication _receiver = null!;
    private TestSite _site = null!;

    private string Store => Path.Combine(_dir, "state.db");
    private string CatalogPath => Path.Combine(_dir, "catalog.yaml");

    public async Task InitializeAsync()
    {
        var calls = 0;
        _receiver = await LoopbackHost.StartAsync(async context =>
        {
            using var body = await System.Text.Json.JsonDocument.ParseAsync(context.Request.Body);
            _deliveries.Enqueue((context.Request.Headers["X-ReviewCadence-Delivery"].FirstOrDefault(), body.RootElement.GetProperty("deliveryId").GetString()));
            if (Interlocked.Increment(ref calls) == 1)
            {
                // The first delivery never answers: its sender is killed while waiting.
                _firstDelivery.TrySetResult();
                await Task.Delay(Timeout.Infinite, context.RequestAborted).ContinueWith(_ => { });
                return;
            }
            context.Response.StatusCode = 204;
        });
        _site = await TestSite.StartAsync();
        await File.WriteAllTextAsync(CatalogPath, $"""
            settings:
              allowPrivateNetworks: true
              retries: 0
              timeoutSeconds: 120
            sources:
              - id: slow
                url: {_site.Url("/slow")}
            owners:
              - id: ops
                notify:
                  - {"{"} type: webhook, url: "{LoopbackHost.BaseUrl(_receiver)}hook" {"}"}
            runbooks:
              - id: r1
                title: Runbook one
                owner: ops
                cadenceDays: 30
                lastReviewed: 2020-01-01
                sources: [slow]
            """);
    }

    public async Task DisposeAsync()
    {
        await _receiver.StopAsync();
        await _receiver.DisposeAsync();
        await _site.DisposeAsync();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task A_killed_reminder_run_with_a_far_now_neither_lets_a_second_run_in_nor_blocks_the_next_one()
    {
        using (var child = CliProcess.Start("remind", "--catalog", CatalogPath, "--store", Store, "--now", "2030-01-01T00:00:00Z"))
        {
            await _firstDelivery.Task.WaitAsync(TimeSpan.FromSeconds(60));

            // While it lives, a run on another --now clock is refused, and the refusal names the holder.
            var second = await CliRunner.RunAsync("remind", "--catalog", CatalogPath, "--store", Store, "--now", "2199-01-01T00:00:00Z");
            CliRunner.AssertOneLineError(second, "a reminder run is already running");
            Assert.Contains($"process {child.Id} on {Environment.MachineName}", second.Stderr);
            Assert.Contains("reviewcadence unlock --reminders", second.Stderr);
            Assert.Single(_deliveries);

            await child.KillAsync();
        }

        // Killed without releasing: the next run on the real clock is not held up until 2030.
        var next = await CliRunner.RunAsync("remind", "--catalog", CatalogPath, "--store", Store, "--json");
        Assert.True(next.ExitCode == 0, next.ToString());
        Assert.Equal(2, _deliveries.Count);

        // The digest the killed run was sending went out again: with the same delivery id, for receivers to de-duplicate.
        var (killed, retried) = (_deliveries.First(), _deliveries.Last());
        Assert.StartsWith("rcd_", killed.Header);
        Assert.Equal(killed.Header, killed.InBody);
        Assert.Equal(killed.Header, retried.Header);
        Assert.Equal(killed.InBody, retried.InBody);
    }

    [Fact]
    public async Task A_killed_check_does_not_block_the_next_check()
    {
        _site.Respond("/slow", new TestResponse { Body = TestPages.Doc("Slow", "A page that takes its time.", "Long enough for a kill."), Delay = TimeSpan.FromMinutes(5) });
        using (var child = CliProcess.Start("check", "--catalog", CatalogPath, "--store", Store, "--json"))
        {
            for (var i = 0; i < 600 && _site.RequestCount("/slow") == 0; i++)
            {
                await Task.Delay(100);
            }
            Assert.Equal(1, _site.RequestCount("/slow"));

            var refused = await CliRunner.RunAsync("check", "--catalog", CatalogPath, "--store", Store, "--json");
            CliRunner.AssertOneLineError(refused, "a check is already running");
            Assert.Contains($"process {child.Id}", refused.Stderr);

            await child.KillAsync();
        }

        _site.Page("/slow", TestPages.Doc("Slow", "A page that takes its time.", "Long enough for a kill."));
        var next = await CliRunner.RunAsync("check", "--catalog", CatalogPath, "--store", Store, "--json");
        Assert.True(next.ExitCode == 0, next.ToString());
        Assert.Equal("new", next.Json.GetProperty("sources")[0].GetProperty("outcome").GetString());
    }

    [Fact]
    public async Task Unlock_clears_a_lease_another_machine_left_and_names_it()
    {
        // A lease left far in the future by a run on another machine (an old --now, or a clock gone wrong).
        var at = new DateTimeOffset(2199, 1, 1, 0, 0, 0, TimeSpan.Zero);
        await using (var store = new SqliteReviewStore(Store))
        {
            await store.InitializeAsync(CancellationToken.None);
            Assert.NotNull(await store.TryAcquireLeaseAsync("check", new LeaseHolder("build-agent-3", 4711, at, "run-x").Format(), at, TimeSpan.FromHours(1), CancellationToken.None));
        }
        _site.Page("/slow", TestPages.Doc("Slow", "A page that answers now.", "Nothing slow any more."));

        var refused = await CliRunner.RunAsync("check", "--catalog", CatalogPath, "--store", Store);
        CliRunner.AssertOneLineError(refused, "held by process 4711 on build-agent-3, started 2199-01-01 00:00:00Z");

        var unlock = await CliRunner.RunAsync("unlock", "--check", "--store", Store, "--catalog", Path.Combine(_dir, "no-such-catalog.yaml"));
        Assert.True(unlock.ExitCode == 0, unlock.ToString());
        Assert.Contains("removed the check lease held by process 4711 on build-agent-3", unlock.Stdout);

        var check = await CliRunner.RunAsync("check", "--catalog", CatalogPath, "--store", Store, "--json");
        Assert.True(check.ExitCode == 0, check.ToString());

        var nothing = await CliRunner.RunAsync("unlock", "--store", Store);
        Assert.Equal(0, nothing.ExitCode);
        Assert.Contains("no check lease is held", nothing.Stdout);
        Assert.Contains("no remind lease is held", nothing.Stdout);
    }
}
