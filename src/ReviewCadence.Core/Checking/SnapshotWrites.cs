using System.Runtime.ExceptionServices;

namespace ReviewCadence.Checking;

/// <summary>
/// The snapshot writes of one check (or one batch) still under way. A source gives up its fetch slot once its snapshot
/// is handed to the store, not once the snapshot is written: the stores write snapshots in groups (group commit), and
/// sources that held their slots while waiting left few snapshots to share a transaction (on Azurite, a first check of
/// 2,000 pages took ~800 transactions, now 250-380). The run waits for every write (<see cref="WhenAllAsync"/>) before it applies anything, so no
/// state it saves names a snapshot that is not stored; a write that failed fails the run there, or sooner
/// (<see cref="ThrowIfFaulted"/>), as it did when each source waited for its own.
/// </summary>
internal sealed class SnapshotWrites
{
    // Writes under way at once: a store slower than the fetches holds the next snapshot back (its source keeps its slot
    // meanwhile), so what waits in memory is bounded, a few MB of compressed pages, whatever the catalog's size.
    internal const int MaxUnderWay = 256;

    private readonly SemaphoreSlim _room = new(MaxUnderWay);
    private readonly Lock _gate = new();
    private int _underWay;
    private TaskCompletionSource? _drained;
    private ExceptionDispatchInfo? _fault;

    /// <summary>
    /// Starts <paramref name="write"/> once fewer than <see cref="MaxUnderWay"/> are under way, and returns without
    /// waiting for it to finish.
    /// </summary>
    public async Task StartAsync(Func<Task> write, CancellationToken cancellationToken)
    {
        ThrowIfFaulted();
        await _room.WaitAsync(cancellationToken);
        lock (_gate)
        {
            _underWay++;
        }
        _ = TrackAsync(write);
    }

    /// <summary>Throws the first write's failure, if one has failed.</summary>
    public void ThrowIfFaulted() => Volatile.Read(ref _fault)?.Throw();

    /// <summary>Waits for every write started; throws the first failure.</summary>
    public async Task WhenAllAsync(CancellationToken cancellationToken)
    {
        Task drained;
        lock (_gate)
        {
            drained = _underWay == 0 ? Task.CompletedTask : (_drained ??= new(TaskCreationOptions.RunContinuationsAsynchronously)).Task;
        }
        await drained.WaitAsync(cancellationToken);
        ThrowIfFaulted();
    }

    private async Task TrackAsync(Func<Task> write)
    {
        try
        {
            await write();
        }
        catch (Exception e)
        {
            Interlocked.CompareExchange(ref _fault, ExceptionDispatchInfo.Capture(e), null);
        }
        finally
        {
            _room.Release();
            TaskCompletionSource? drained = null;
            lock (_gate)
            {
                if (--_underWay == 0)
                {
                    (drained, _drained) = (_drained, null);
                }
            }
            drained?.TrySetResult();
        }
    }
}
