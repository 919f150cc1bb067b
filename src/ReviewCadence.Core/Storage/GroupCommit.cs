namespace ReviewCadence.Storage;

/// <summary>
/// Group commit: items saved while a write is under way wait and go together in the next write, so many concurrent
/// savers (a check's sources, each saving its page's snapshot) share a few transactions instead of queueing one each.
/// One writer runs at a time, started by the first item that finds none running; it takes everything waiting, writes it,
/// and goes again until nothing waits. Both stores' snapshot writes use it.
/// </summary>
/// <param name="writeGroup">
/// Writes one group. It may settle entries itself (<see cref="Entry.Written"/>) as parts of the group commit; the rest are
/// settled when it returns: written, or failed with the exception it threw.
/// </param>
internal sealed class GroupCommit<T>(Func<IReadOnlyList<GroupCommit<T>.Entry>, Task> writeGroup)
{
    private readonly Lock _gate = new();
    private List<Entry> _waiting = [];
    private bool _writing;

    /// <summary>One item waiting for its group's write, and the task that completes when it is written.</summary>
    /// <param name="Item">What is to be written.</param>
    /// <param name="Written">Completed once the write holding it commits (or faulted with its error).</param>
    internal sealed record Entry(T Item, TaskCompletionSource Written);

    /// <summary>Queues <paramref name="item"/> for the next write; completes once it is written.</summary>
    public Task AddAsync(T item, CancellationToken cancellationToken)
    {
        var entry = new Entry(item, new(TaskCreationOptions.RunContinuationsAsynchronously));
        bool startWriter;
        lock (_gate)
        {
            _waiting.Add(entry);
            startWriter = !_writing;
            _writing = true;
        }
        if (startWriter)
        {
            _ = Task.Run(WriteGroupsAsync, CancellationToken.None);
        }
        // The write goes on for the others in its group if this caller stops waiting.
        return entry.Written.Task.WaitAsync(cancellationToken);
    }

    private async Task WriteGroupsAsync()
    {
        while (true)
        {
            List<Entry> group;
            lock (_gate)
            {
                if (_waiting.Count == 0)
                {
                    _writing = false;
                    return;
                }
                (group, _waiting) = (_waiting, []);
            }
            try
            {
                await writeGroup(group);
                foreach (var entry in group)
                {
                    entry.Written.TrySetResult();
                }
            }
            catch (Exception e)
            {
                foreach (var entry in group)
                {
                    entry.Written.TrySetException(e);
                }
            }
        }
    }
}
