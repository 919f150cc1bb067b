using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace ReviewCadence.Checking;

/// <summary>Options for check runs (bound from configuration section <c>ReviewCadence:Check</c>).</summary>
internal sealed class CheckOptions
{
    /// <summary>
    /// The Functions timer fans a catalog with more sources than this out over a queue, in batches of
    /// this many sources (see <see cref="Batching.CheckFanOut"/>). 0 (the default) checks every catalog in one run.
    /// </summary>
    public int QueueBatchSize { get; set; }

    /// <summary>
    /// How long a fanned-out run holds the lease: its batches wait in the queue for instances, so it
    /// lasts longer than one run's. The finaliser releases it early; a run that never finishes blocks others this long.
    /// </summary>
    public TimeSpan QueueLeaseDuration { get; set; } = TimeSpan.FromHours(2);
}
