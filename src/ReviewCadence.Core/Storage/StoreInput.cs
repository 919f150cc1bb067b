namespace ReviewCadence.Storage;

/// <summary>Argument checks and orderings both stores share, so they behave alike.</summary>
internal static class StoreInput
{
    /// <summary>One call may not name the same entity twice: a Table transaction rejects it, and the intent is ambiguous.</summary>
    public static void RequireDistinct<T>(IEnumerable<T> items, Func<T, (string, string)> key, string what)
    {
        var seen = new HashSet<(string, string)>();
        foreach (var item in items)
        {
            var k = key(item);
            ArgumentException.ThrowIfNullOrEmpty(k.Item1);
            ArgumentException.ThrowIfNullOrEmpty(k.Item2);
            if (!seen.Add(k))
            {
                throw new ArgumentException($"The same {what} ({k.Item1}, {k.Item2}) appears more than once in one call.");
            }
        }
    }

    public static IReadOnlyList<ReviewRecord> NewestFirst(IEnumerable<ReviewRecord> reviews) =>
        [.. reviews.OrderByDescending(r => r.ReviewedAt.UtcTicks).ThenBy(r => r.Id, StringComparer.Ordinal)];

    public static IReadOnlyList<DeliveryRecord> NewestFirst(IEnumerable<DeliveryRecord> deliveries) =>
        [.. deliveries.OrderByDescending(d => d.SentAt.UtcTicks).ThenBy(d => d.Id, StringComparer.Ordinal)];

    /// <summary>True when <paramref name="candidate"/> comes before <paramref name="current"/> in newest-first order.</summary>
    public static bool IsNewer(ReviewRecord candidate, ReviewRecord current) =>
        candidate.ReviewedAt.UtcTicks != current.ReviewedAt.UtcTicks
            ? candidate.ReviewedAt.UtcTicks > current.ReviewedAt.UtcTicks
            : string.CompareOrdinal(candidate.Id, current.Id) < 0;
}
