using ReviewCadence.Storage;

namespace ReviewCadence.Tests.Storage;

/// <summary>The contract of the last check's record: none before the first run, then the latest run's, replaced whole.</summary>
public abstract partial class ReviewStoreContractTests
{
    [Fact]
    public async Task The_last_check_is_null_before_any_run_then_the_latest_run_replaces_it_whole()
    {
        Assert.Null(await Store.GetLastCheckAsync(Ct));

        await Store.SaveLastCheckAsync(new LastCheckRecord
        {
            RunId = "run-1",
            StartedAt = T0,
            FinishedAt = T0.AddMinutes(3),
            Conclusive = true,
            SourceCount = 300,
            Outcomes = new Dictionary<string, int> { ["changed"] = 3, ["broken"] = 1, ["unchanged"] = 296 },
            NeedsReview = ["budget-gate", "cost-handoff"],
        }, Ct);
        var second = new LastCheckRecord
        {
            RunId = "run-2",
            StartedAt = T0.AddDays(1),
            FinishedAt = T0.AddDays(1).AddSeconds(40),
            Conclusive = false,
            SourceCount = 2,
            Outcomes = new Dictionary<string, int> { ["unreachable"] = 2 },
            NeedsReview = [],
        };
        await Store.SaveLastCheckAsync(second, Ct);

        // Another instance on the same data reads what this one wrote.
        var other = OpenTracked();
        await other.InitializeAsync(Ct);
        var read = await other.GetLastCheckAsync(Ct);
        Assert.NotNull(read);
        Assert.Equal("run-2", read.RunId);
        Assert.Equal(second.StartedAt.UtcTicks, read.StartedAt.UtcTicks);
        Assert.Equal(second.FinishedAt.UtcTicks, read.FinishedAt.UtcTicks);
        Assert.False(read.Conclusive);
        Assert.Equal(2, read.SourceCount);
        Assert.Equal(new Dictionary<string, int> { ["unreachable"] = 2 }, read.Outcomes);
        Assert.Empty(read.NeedsReview);
    }
}
