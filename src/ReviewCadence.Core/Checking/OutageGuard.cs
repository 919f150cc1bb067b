namespace ReviewCadence.Checking;

/// <summary>
/// Decides whether a run says anything about the sources or only about our own network. When no
/// host answered, or most hosts failed at the network level, the run is inconclusive: counting
/// those failures would mark every source broken after a local outage.
/// </summary>
internal static class OutageGuard
{
    public static bool IsConclusive(IEnumerable<(Uri Url, FetchResult Fetch)> results)
    {
        var hosts = results
            .GroupBy(r => r.Url.IdnHost.ToLowerInvariant())
            .Select(g => (Reached: g.Any(r => !r.Fetch.NetworkFailure), NetworkDown: g.All(r => r.Fetch.NetworkFailure)))
            .ToList();
        if (hosts.Count == 0)
        {
            return true;
        }
        var down = hosts.Count(h => h.NetworkDown);
        return down * 2 <= hosts.Count && hosts.Any(h => h.Reached);
    }
}
