namespace ReviewCadence.Runbooks;

/// <summary>The results a review records: only a pass restarts the cadence; a fail keeps the runbook flagged.</summary>
public static class ReviewResults
{
    /// <summary>The runbook was found sound: its cadence restarts and its findings clear.</summary>
    public const string Pass = "pass";
    /// <summary>The runbook needs work: it stays flagged until a review passes.</summary>
    public const string Fail = "fail";
}
