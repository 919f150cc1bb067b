namespace ReviewCadence.Runbooks;

/// <summary>The results a review records: only a pass restarts the cadence; a fail keeps the runbook flagged.</summary>
public static class ReviewResults
{
    public const string Pass = "pass";
    public const string Fail = "fail";
}
