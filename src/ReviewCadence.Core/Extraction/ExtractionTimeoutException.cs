namespace ReviewCadence.Extraction;

/// <summary>Extraction ran out of its <see cref="ExtractionDeadline.Budget"/>: the page is not compared this run.</summary>
public sealed class ExtractionTimeoutException(TimeSpan budget)
    : TimeoutException($"extraction took longer than the {budget.TotalSeconds:0.###} s budget")
{
    /// <summary>The budget that ran out.</summary>
    public TimeSpan Budget { get; } = budget;
}
