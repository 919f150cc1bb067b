using ReviewCadence.Storage;

namespace ReviewCadence.Tests.Storage;

/// <summary>The lease holder, renewal and look-up every store must offer (for renewed leases and <c>unlock</c>).</summary>
public abstract partial class ReviewStoreContractTests
{
    private static readonly DateTimeOffset LeaseT0 = new(2026, 12, 1, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task A_lease_reads_back_with_its_holder_and_expiry()
    {
        var holder = new LeaseHolder("build-7", 4242, LeaseT0, "run-1").Format();
        var lease = await Store.TryAcquireLeaseAsync("check", holder, LeaseT0, TimeSpan.FromMinutes(1), Ct);

        var read = await OpenTracked().GetLeaseAsync("check", Ct);

        Assert.Equal(lease, read);
        Assert.Equal(new LeaseHolder("build-7", 4242, LeaseT0, "run-1"), LeaseHolder.Parse(read!.Holder));
        Assert.Null(await Store.GetLeaseAsync("remind", Ct));
    }

    [Fact]
    public async Task A_renewed_lease_keeps_others_out_past_its_first_expiry()
    {
        var lease = await Store.TryAcquireLeaseAsync("check", "a", LeaseT0, TimeSpan.FromMinutes(1), Ct);
        var renewed = await Store.RenewLeaseAsync(lease!, LeaseT0.AddSeconds(50), TimeSpan.FromMinutes(1), Ct);

        Assert.NotNull(renewed);
        Assert.NotEqual(lease!.Version, renewed.Version);
        Assert.Equal(LeaseT0.AddSeconds(110), renewed.ExpiresAt);
        Assert.Null(await Store.TryAcquireLeaseAsync("check", "b", LeaseT0.AddSeconds(100), TimeSpan.FromMinutes(1), Ct));
        Assert.Equal(renewed, await Store.GetLeaseAsync("check", Ct));

        // Released by its latest version only: the version held before the renewal removes nothing.
        await Store.ReleaseLeaseAsync(lease, Ct);
        Assert.NotNull(await Store.GetLeaseAsync("check", Ct));
        await Store.ReleaseLeaseAsync(renewed, Ct);
        Assert.Null(await Store.GetLeaseAsync("check", Ct));
    }

    [Fact]
    public async Task A_lease_taken_over_or_removed_cannot_be_renewed()
    {
        var lease = await Store.TryAcquireLeaseAsync("check", "a", LeaseT0, TimeSpan.FromMinutes(1), Ct);
        var taken = await OpenTracked().TryAcquireLeaseAsync("check", "b", LeaseT0.AddMinutes(2), TimeSpan.FromMinutes(1), Ct);
        Assert.NotNull(taken);

        Assert.Null(await Store.RenewLeaseAsync(lease!, LeaseT0.AddMinutes(2), TimeSpan.FromMinutes(1), Ct));
        Assert.Equal("b", (await Store.GetLeaseAsync("check", Ct))!.Holder);

        await Store.ReleaseLeaseAsync(taken, Ct);
        Assert.Null(await Store.RenewLeaseAsync(taken, LeaseT0.AddMinutes(2), TimeSpan.FromMinutes(1), Ct));
        Assert.Null(await Store.GetLeaseAsync("check", Ct));
    }
}
