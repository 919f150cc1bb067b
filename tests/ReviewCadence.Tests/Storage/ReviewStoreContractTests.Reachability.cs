using ReviewCadence.Storage;

namespace ReviewCadence.Tests.Storage;

/// <summary>Each owner's reachability (reminder runs in a row that reached none of their channels), kept per owner.</summary>
public abstract partial class ReviewStoreContractTests
{
    [Fact]
    public async Task Owner_reachability_is_absent_at_first_then_kept_per_owner_with_every_field()
    {
        Assert.Null(await Store.GetOwnerReachabilityAsync("ops", Ct));

        var saved = await Store.SaveOwnerReachabilityAsync(new OwnerReachability { OwnerId = "ops", FailedRuns = 2, LastFailedAt = T0, LastReachedAt = T0.AddDays(-3) }, Ct);
        await Store.SaveOwnerReachabilityAsync(new OwnerReachability { OwnerId = "finops/lead?", FailedRuns = 0, LastReachedAt = T0 }, Ct);

        Assert.NotNull(saved.Version);
        var read = await Store.GetOwnerReachabilityAsync("ops", Ct);
        Assert.Equal(saved, read);
        Assert.Equal((2, T0, T0.AddDays(-3)), (read!.FailedRuns, read.LastFailedAt, read.LastReachedAt));
        var other = await Store.GetOwnerReachabilityAsync("finops/lead?", Ct);
        Assert.Equal((0, (DateTimeOffset?)null, (DateTimeOffset?)T0), (other!.FailedRuns, other.LastFailedAt, other.LastReachedAt));
        Assert.Null(await Store.GetOwnerReachabilityAsync("nobody", Ct));
    }

    [Fact]
    public async Task Owner_reachability_is_written_only_from_its_current_version()
    {
        var first = await Store.SaveOwnerReachabilityAsync(new OwnerReachability { OwnerId = "ops", FailedRuns = 1, LastFailedAt = T0 }, Ct);
        var second = await Store.SaveOwnerReachabilityAsync(first with { FailedRuns = 2, LastFailedAt = T0.AddDays(1) }, Ct);

        Assert.NotEqual(first.Version, second.Version);
        // A run that read the first version lost the race: its write is refused and the winner stays.
        await Assert.ThrowsAsync<StoreConflictException>(() => Store.SaveOwnerReachabilityAsync(first with { FailedRuns = 0, LastReachedAt = T0 }, Ct));
        var read = await Store.GetOwnerReachabilityAsync("ops", Ct);
        Assert.Equal(2, read!.FailedRuns);
        Assert.Equal(second.Version, read.Version);

        // As read by another instance, and written from there.
        var elsewhere = OpenTracked();
        await elsewhere.InitializeAsync(Ct);
        var reset = await elsewhere.SaveOwnerReachabilityAsync(read with { FailedRuns = 0, LastReachedAt = T0.AddDays(2) }, Ct);
        Assert.Equal(reset, await Store.GetOwnerReachabilityAsync("ops", Ct));
    }

    [Fact]
    public async Task Owner_reachability_saved_with_a_version_but_no_longer_stored_conflicts_and_bad_input_is_refused()
    {
        var elsewhere = await Store.SaveOwnerReachabilityAsync(new OwnerReachability { OwnerId = "other", FailedRuns = 1 }, Ct);

        await Assert.ThrowsAsync<StoreConflictException>(() => Store.SaveOwnerReachabilityAsync(new OwnerReachability { OwnerId = "ops", FailedRuns = 1, Version = elsewhere.Version }, Ct));
        Assert.Null(await Store.GetOwnerReachabilityAsync("ops", Ct));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Store.SaveOwnerReachabilityAsync(new OwnerReachability { OwnerId = "ops", FailedRuns = -1 }, Ct));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => Store.SaveOwnerReachabilityAsync(new OwnerReachability { OwnerId = "" }, Ct));
    }
}
