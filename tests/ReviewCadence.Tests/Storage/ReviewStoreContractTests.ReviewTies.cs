using ReviewCadence.Storage;

namespace ReviewCadence.Tests.Storage;

/// <summary>Reviews of one runbook recorded at the same instant: the later inserted is the newer, whatever their ids.</summary>
public abstract partial class ReviewStoreContractTests
{
    [Fact]
    public async Task Reviews_at_the_same_instant_are_ordered_by_insertion_and_the_later_one_is_the_latest()
    {
        // Ids in both orders relative to insertion, so neither id order can pass for insertion order.
        await Store.AddReviewAsync(Review("a-first", "r1", T0) with { Result = "pass" }, Ct);
        await Store.AddReviewAsync(Review("z-second", "r1", T0) with { Result = "fail" }, Ct);
        await Store.AddReviewAsync(Review("z-first", "r2", T0) with { Result = "fail" }, Ct);
        await Store.AddReviewAsync(Review("a-second", "r2", T0) with { Result = "pass" }, Ct);
        await Store.AddReviewAsync(Review("m-third", "r2", T0) with { Result = "fail" }, Ct);

        Assert.Equal(["z-second", "a-first"], (await Store.GetReviewsAsync("r1", Ct)).Select(r => r.Id));
        Assert.Equal(["m-third", "a-second", "z-first"], (await Store.GetReviewsAsync("r2", Ct)).Select(r => r.Id));
        var latest = await Store.GetLatestReviewsAsync(Ct);
        Assert.Equal(("z-second", "fail"), (latest["r1"].Id, latest["r1"].Result));
        Assert.Equal(("m-third", "fail"), (latest["r2"].Id, latest["r2"].Result));
        // Also as another instance reads them.
        var other = OpenTracked();
        await other.InitializeAsync(Ct);
        Assert.Equal("m-third", (await other.GetLatestReviewsAsync(Ct))["r2"].Id);
    }

    [Fact]
    public async Task Adding_an_earlier_review_of_the_same_instant_again_does_not_make_it_the_latest()
    {
        var first = Review("z-first", "r1", T0);
        await Store.AddReviewAsync(first, Ct);
        await Store.AddReviewAsync(Review("a-second", "r1", T0), Ct);

        await Store.AddReviewAsync(first, Ct);

        Assert.Equal(["a-second", "z-first"], (await Store.GetReviewsAsync("r1", Ct)).Select(r => r.Id));
        Assert.Equal("a-second", (await Store.GetLatestReviewsAsync(Ct))["r1"].Id);
    }

    [Fact]
    public async Task A_later_instant_still_wins_over_a_later_insertion()
    {
        await Store.AddReviewAsync(Review("newer", "r1", T0.AddTicks(1)), Ct);
        await Store.AddReviewAsync(Review("older-added-later", "r1", T0), Ct);

        Assert.Equal(["newer", "older-added-later"], (await Store.GetReviewsAsync("r1", Ct)).Select(r => r.Id));
        Assert.Equal("newer", (await Store.GetLatestReviewsAsync(Ct))["r1"].Id);
    }
}
