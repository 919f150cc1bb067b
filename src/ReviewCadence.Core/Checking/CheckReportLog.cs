using Microsoft.Extensions.Logging;
using ReviewCadence.Catalog;
using ReviewCadence.Vocabulary;

namespace ReviewCadence.Checking;

/// <summary>
/// A finished run as structured log entries, for operators reading Application Insights: one per source that
/// changed, moved, broke or stayed unreachable (<c>SourceId</c>, <c>Outcome</c>, <c>Detail</c>), one per runbook
/// the run flagged (<c>RunbookId</c>, <c>Owner</c>), then a summary. They are warnings, so sampling
/// never drops them (Functions: <c>TelemetrySampling</c>); new and unchanged sources are only counted.
/// </summary>
public static class CheckReportLog
{
    /// <summary>Logs the run's entries to <paramref name="logger"/>.</summary>
    public static void Write(ILogger logger, ReviewCatalog catalog, CheckReport report)
    {
        ArgumentNullException.ThrowIfNull(logger);
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(report);
        foreach (var source in report.Sources.Where(s => s.Outcome is CheckOutcome.Changed or CheckOutcome.Moved or CheckOutcome.Broken or CheckOutcome.Unreachable))
        {
            logger.LogWarning("Source {SourceId} {Outcome}: {Detail} (check {RunId})", source.Id, source.Outcome.Name(), source.Detail ?? "", report.RunId);
        }
        // Flagged by this run: a finding on a source this run found changed, moved or broken (older findings were
        // logged by the run that made them).
        var flagging = report.Sources.Where(s => s.Outcome is CheckOutcome.Changed or CheckOutcome.Moved or CheckOutcome.Broken).Select(s => s.Id).ToHashSet(StringComparer.Ordinal);
        foreach (var runbook in report.Runbooks)
        {
            var findings = runbook.Findings.Where(f => f.Source is { } source && flagging.Contains(source)).ToList();
            if (findings.Count > 0)
            {
                logger.LogWarning("Runbook {RunbookId} flagged for review (owner {Owner}): {Findings} (check {RunId})",
                    runbook.Id, catalog.FindRunbook(runbook.Id)?.Owner ?? "", string.Join(", ", findings.Select(f => $"{f.Source} {f.Kind.Name()}")), report.RunId);
            }
        }
        logger.LogInformation("Check {RunId} finished (conclusive: {Conclusive}): {Sources} sources, {Changed} changed, {Moved} moved, {Broken} broken, {Unreachable} unreachable; {NeedsReview} runbooks need review",
            report.RunId, report.Conclusive, report.Sources.Count,
            report.Sources.Count(s => s.Outcome == CheckOutcome.Changed), report.Sources.Count(s => s.Outcome == CheckOutcome.Moved),
            report.Sources.Count(s => s.Outcome == CheckOutcome.Broken), report.Sources.Count(s => s.Outcome == CheckOutcome.Unreachable),
            report.Runbooks.Count(r => r.Status == RunbookStatusKind.NeedsReview));
    }
}
