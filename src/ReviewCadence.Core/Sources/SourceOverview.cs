
using ReviewCadence.Vocabulary;

namespace ReviewCadence.Sources;

/// <summary>One source as the API and dashboard show it.</summary>
internal sealed record SourceOverview
{
    public required string Id { get; init; }
    public required string Url { get; init; }
    public string? Title { get; init; }
    public CheckOutcome? LastOutcome { get; init; }
    public int? HttpStatus { get; init; }
    public string? FinalUrl { get; init; }
    public string? Detail { get; init; }
    public DateTimeOffset? LastChecked { get; init; }
    public DateTimeOffset? LastChanged { get; init; }
    public int ConsecutiveFailures { get; init; }
    public string? LastChangeSummary { get; init; }
    public required IReadOnlyList<string> CitedBy { get; init; }
}
