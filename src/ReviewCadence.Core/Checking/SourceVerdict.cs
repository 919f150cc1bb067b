using ReviewCadence.Extraction;
using ReviewCadence.Vocabulary;

namespace ReviewCadence.Checking;

/// <summary>The verdict on one source in one run, before the outage guard decides whether it counts.</summary>
internal sealed record SourceVerdict(
    CheckOutcome Outcome,
    string? Detail,
    int ConsecutiveFailures,
    ExtractedContent? Content,
    FetchResult Fetch);
