using ReviewCadence.Vocabulary;
using ReviewCadence.Storage;

namespace ReviewCadence.Checking;

/// <summary>The end of a run as the store keeps it for "last check" (<see cref="LastCheckRecord"/>), for both runners.</summary>
internal static class LastCheck
{
    public static LastCheckRecord From(CheckReport report, DateTimeOffset finishedAt) => new()
    {
        RunId = report.RunId,
        StartedAt = report.StartedAt,
        FinishedAt = finishedAt,
        Conclusive = report.Conclusive,
        SourceCount = report.Sources.Count,
        Outcomes = report.Sources.GroupBy(s => s.Outcome).OrderBy(g => g.Key).ToDictionary(g => g.Key.Name(), g => g.Count()),
        NeedsReview = [.. report.Runbooks.Where(r => r.Status == RunbookStatusKind.NeedsReview).Select(r => r.Id)],
    };
}
