using ReviewCadence.Storage;

namespace ReviewCadence.Tests.Storage;

/// <summary>The contract of fanned-out check runs: a run record updated under its version, and per-source verdicts.</summary>
public abstract partial class ReviewStoreContractTests
{
    private static CheckRunRecord Run(string id) => new()
    {
        RunId = id,
        StartedAt = T0,
        Lease = new RunLease("check", id, T0.AddHours(2), "lease-version-1"),
        BatchCount = 3,
    };

    [Fact]
    public async Task A_check_run_reads_back_and_moves_on_only_from_its_current_version()
    {
        var created = await Store.SaveCheckRunAsync(Run("run/1"), Ct);
        Assert.NotNull(created.Version);
        var read = await Store.GetCheckRunAsync("run/1", Ct);
        Assert.Equal(created with { CompletedBatches = [] }, read! with { CompletedBatches = [] });
        Assert.Equal(T0.UtcTicks, read.StartedAt.UtcTicks);
        Assert.Equal(T0.AddHours(2).UtcTicks, read.Lease.ExpiresAt.UtcTicks);
        Assert.Empty(read.CompletedBatches);

        var first = await Store.SaveCheckRunAsync(read with { CompletedBatches = [2] }, Ct);
        await Assert.ThrowsAsync<StoreConflictException>(() => Store.SaveCheckRunAsync(read with { CompletedBatches = [0] }, Ct));
        var second = await Store.SaveCheckRunAsync(first with { CompletedBatches = [2, 0] }, Ct);

        var after = await Store.GetCheckRunAsync("run/1", Ct);
        Assert.Equal([0, 2], after!.CompletedBatches);
        Assert.Equal(second.Version, after.Version);
        Assert.False(after.AllBatchesDone);
    }

    [Fact]
    public async Task Creating_a_check_run_that_exists_conflicts()
    {
        await Store.SaveCheckRunAsync(Run("r1"), Ct);

        await Assert.ThrowsAsync<StoreConflictException>(() => Store.SaveCheckRunAsync(Run("r1"), Ct));
        Assert.Null(await Store.GetCheckRunAsync("r2", Ct));
    }

    [Fact]
    public async Task Verdicts_are_kept_per_run_replaced_when_saved_again_and_deleted_with_their_run()
    {
        await Store.SaveCheckRunAsync(Run("r1"), Ct);
        await Store.SaveCheckRunAsync(Run("r2"), Ct);
        var many = Enumerable.Range(0, 230).Select(i => new CheckRunVerdict($"https://example.com/s{i:D3}", $"{{\"n\":{i}}}")).ToList();
        await Store.SaveCheckRunVerdictsAsync("r1", many, Ct);
        await Store.SaveCheckRunVerdictsAsync("r1", [new CheckRunVerdict("https://example.com/s007", "{\"n\":\"again\"}")], Ct);
        await Store.SaveCheckRunVerdictsAsync("r2", [new CheckRunVerdict("other", "{}")], Ct);

        var verdicts = await Store.GetCheckRunVerdictsAsync("r1", Ct);
        Assert.Equal(230, verdicts.Count);
        Assert.Equal("{\"n\":\"again\"}", verdicts.Single(v => v.SourceId == "https://example.com/s007").Verdict);

        await Store.DeleteCheckRunAsync("r1", Ct);
        await Store.DeleteCheckRunAsync("r1", Ct);

        Assert.Null(await Store.GetCheckRunAsync("r1", Ct));
        Assert.Empty(await Store.GetCheckRunVerdictsAsync("r1", Ct));
        Assert.Single(await Store.GetCheckRunVerdictsAsync("r2", Ct));
        Assert.NotNull(await Store.GetCheckRunAsync("r2", Ct));
    }
}
