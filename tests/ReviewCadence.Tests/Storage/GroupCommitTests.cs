using ReviewCadence.Storage;

namespace ReviewCadence.Tests.Storage;

/// <summary>
/// The group commit both stores write snapshots through, on its own: what waits during a write goes in the next one,
/// a failed write fails only its own group, and a writer may settle parts of its group itself. The stores' own group
/// writes are covered by the contract suite (ReviewStoreContractTests.SnapshotGroups) on SQLite and Azurite.
/// </summary>
public sealed class GroupCommitTests
{
    private static readonly CancellationToken Ct = CancellationToken.None;
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Items_saved_while_a_write_is_under_way_go_together_in_the_next()
    {
        var groups = new List<int[]>();
        var firstWrite = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var writing = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var commit = new GroupCommit<int>(async group =>
        {
            lock (groups)
            {
                groups.Add([.. group.Select(e => e.Item)]);
            }
            if (group[0].Item == 0)
            {
                writing.SetResult();
                await firstWrite.Task;
            }
        });

        var first = commit.AddAsync(0, Ct);
        await writing.Task.WaitAsync(Patience);
        var waiting = Enumerable.Range(1, 5).Select(i => commit.AddAsync(i, Ct)).ToList();
        Assert.All(waiting, w => Assert.False(w.IsCompleted));
        firstWrite.SetResult();
        await Task.WhenAll(waiting.Append(first)).WaitAsync(Patience);

        Assert.Equal([[0], [1, 2, 3, 4, 5]], groups);
    }

    [Fact]
    public async Task A_failed_write_fails_its_group_only_and_a_writer_may_settle_entries_itself()
    {
        var commit = new GroupCommit<string>(group =>
        {
            foreach (var entry in group.Where(e => e.Item.StartsWith("own-", StringComparison.Ordinal)))
            {
                entry.Written.TrySetException(new InvalidDataException($"{entry.Item} refused on its own"));
            }
            return group.Any(e => e.Item == "bad") ? throw new IOException("the group's write failed") : Task.CompletedTask;
        });

        var bad = await Assert.ThrowsAsync<IOException>(() => commit.AddAsync("bad", Ct).WaitAsync(Patience));
        Assert.Equal("the group's write failed", bad.Message);
        await commit.AddAsync("good", Ct).WaitAsync(Patience);
        var own = await Assert.ThrowsAsync<InvalidDataException>(() => commit.AddAsync("own-1", Ct).WaitAsync(Patience));
        Assert.Equal("own-1 refused on its own", own.Message);
    }
}
