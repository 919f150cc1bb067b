namespace ReviewCadence.Extraction;

/// <summary>
/// How long one extraction may take, and the run's cancellation. The extraction's loops call <see cref="Check"/> once
/// per element, line or row: a page built to be slow to read (hundreds of thousands of elements, deep nesting) stops at
/// the budget with <see cref="ExtractionTimeoutException"/> instead of holding a parsing slot for minutes.
/// </summary>
/// <remarks>Not thread-safe: one deadline serves one extraction (<see cref="None"/> excepted: it keeps no state).</remarks>
public sealed class ExtractionDeadline
{
    // The clock is read once per this many checks: a check is then a counter and a cancellation flag.
    private const int StepsPerClockReading = 256;

    private readonly TimeProvider _time;
    private readonly long _started;
    private readonly CancellationToken _cancellationToken;
    private int _steps;

    /// <param name="time">The clock the budget is measured on.</param>
    /// <param name="budget">The longest the extraction may take.</param>
    /// <param name="cancellationToken">The run's cancellation: extraction stops when the run does.</param>
    public ExtractionDeadline(TimeProvider time, TimeSpan budget, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(time);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(budget, TimeSpan.Zero);
        _time = time;
        Budget = budget;
        _cancellationToken = cancellationToken;
        _started = time.GetTimestamp();
    }

    /// <summary>No budget and no cancellation: callers that extract a page they already hold (tests, benchmarks, tools).</summary>
    public static ExtractionDeadline None { get; } = new(TimeProvider.System, TimeSpan.MaxValue, CancellationToken.None);

    /// <summary>The longest the extraction may take.</summary>
    public TimeSpan Budget { get; }

    /// <summary>Throws when the run was cancelled, or (read every few hundred steps) when the budget is spent.</summary>
    /// <exception cref="OperationCanceledException">The run was cancelled.</exception>
    /// <exception cref="ExtractionTimeoutException">The budget is spent.</exception>
    public void Check()
    {
        if (this == None)
            return; // shared by every caller: it keeps no count
        _cancellationToken.ThrowIfCancellationRequested();
        if (++_steps % StepsPerClockReading == 0)
            CheckClock();
    }

    /// <summary>Reads the clock now: at the end of a step whose own work is not counted (parsing a large text, hashing).</summary>
    public void CheckClock()
    {
        _cancellationToken.ThrowIfCancellationRequested();
        if (this != None && _time.GetElapsedTime(_started) > Budget)
            throw new ExtractionTimeoutException(Budget);
    }
}
