namespace ReviewCadence.Storage;

/// <summary>Argument checks and orderings both stores share, so they behave alike.</summary>
internal static class StoreInput
{
    /// <summary>One call may not name the same entity twice: a Table transaction rejects it, and the intent is ambiguous.</summary>
    public static void RequireDistinct<T>(IEnumerable<T> items, Func<T, (string, string)> key, string what)
    {
        // A set of a class, not of the tuple: HashSet<(string, string)> is generic code over a value type that the
        // published CLI's precompiled code cannot hold, so every check ran it unoptimised over thousands of items.
        var seen = new HashSet<IdPair>();
        foreach (var item in items)
        {
            var k = key(item);
            ArgumentException.ThrowIfNullOrEmpty(k.Item1);
            ArgumentException.ThrowIfNullOrEmpty(k.Item2);
            if (!seen.Add(new IdPair(k.Item1, k.Item2)))
            {
                throw new ArgumentException($"The same {what} ({k.Item1}, {k.Item2}) appears more than once in one call.");
            }
        }
    }

    /// <summary>
    /// Reviews newest first: by time, then (one instant) the later inserted first, by its insertion number in the
    /// store; reviews without one (stored before it was kept, number 0) by id.
    /// </summary>
    public static IReadOnlyList<ReviewRecord> NewestFirst(IEnumerable<(ReviewRecord Review, long Sequence)> reviews) =>
        [.. reviews.OrderByDescending(r => r.Review.ReviewedAt.UtcTicks).ThenByDescending(r => r.Sequence)
            .ThenBy(r => r.Review.Id, StringComparer.Ordinal).Select(r => r.Review)];

    public static IReadOnlyList<DeliveryRecord> NewestFirst(IEnumerable<DeliveryRecord> deliveries) =>
        [.. deliveries.OrderByDescending(d => d.SentAt.UtcTicks).ThenBy(d => d.Id, StringComparer.Ordinal)];

    /// <summary>True when <paramref name="candidate"/> comes before <paramref name="current"/> in newest-first order.</summary>
    public static bool IsNewer((ReviewRecord Review, long Sequence) candidate, (ReviewRecord Review, long Sequence) current) =>
        candidate.Review.ReviewedAt.UtcTicks != current.Review.ReviewedAt.UtcTicks
            ? candidate.Review.ReviewedAt.UtcTicks > current.Review.ReviewedAt.UtcTicks
            : candidate.Sequence != current.Sequence
                ? candidate.Sequence > current.Sequence
                : string.CompareOrdinal(candidate.Review.Id, current.Review.Id) < 0;
}
