using System.Globalization;
using ReviewCadence.Checking;
using ReviewCadence.Runbooks;
using ReviewCadence.Vocabulary;

namespace ReviewCadence.Cli.Output;

/// <summary>
/// Prints a check (<c>check</c>) as a table, Markdown or JUnit XML. Tables and Markdown list what needs attention
/// (sources not unchanged, runbooks not current) unless <c>--all</c>, and end with the one summary line.
/// </summary>
internal static class CheckReportWriter
{
    /// <summary>"300 sources checked: 3 changed, 0 moved, 1 broken, 0 unreachable, 296 unchanged; 2 runbooks need review".</summary>
    public static string Summary(CheckReport report)
    {
        int Count(CheckOutcome outcome) => report.Sources.Count(s => s.Outcome == outcome);
        var sources = report.Sources.Count == 1 ? "1 source" : $"{report.Sources.Count} sources";
        var fresh = Count(CheckOutcome.New) is > 0 and var n ? $", {n} new" : "";
        var review = report.Runbooks.Count(r => r.Status == RunbookStatusKind.NeedsReview);
        var runbooks = review == 1 ? "1 runbook needs review" : $"{review} runbooks need review";
        return $"{sources} checked: {Count(CheckOutcome.Changed)} changed, {Count(CheckOutcome.Moved)} moved, {Count(CheckOutcome.Broken)} broken, " +
               $"{Count(CheckOutcome.Unreachable)} unreachable, {Count(CheckOutcome.Unchanged)} unchanged{fresh}; {runbooks}";
    }

    private const string InconclusiveText = "Inconclusive: no host could be reached (network outage?). Nothing was flagged and no failure was counted.";

    private static IEnumerable<SourceCheckResult> Listed(CheckReport report, bool all) =>
        all ? report.Sources : report.Sources.Where(s => s.Outcome != CheckOutcome.Unchanged);

    private static IEnumerable<RunbookCheckResult> Listed(IEnumerable<RunbookCheckResult> runbooks, bool all) =>
        (all ? runbooks : runbooks.Where(r => r.Status != RunbookStatusKind.Current)).OrderByDescending(r => r.Status).ThenBy(r => r.Id, StringComparer.Ordinal);

    private static string FindingText(CheckFinding finding) => finding.Source is null ? "failed review" : $"{finding.Source} {finding.Kind.Name()}";

    public static void WriteTable(TextWriter output, CheckReport report, bool all, int width, Ansi ansi)
    {
        output.WriteLine(ansi.Bold($"Check {report.RunId} at {report.StartedAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture)}"));
        var sources = new TextTable("Source", "Outcome", "HTTP");
        foreach (var s in Listed(report, all))
        {
            var outcome = s.Outcome.Name();
            sources.Add([s.Id, new TextTable.Cell(outcome, ansi.Outcome(s.Outcome, outcome)), s.HttpStatus?.ToString(CultureInfo.InvariantCulture) ?? "-"],
                s.Detail is { Length: > 0 } detail ? [(TextTable.Cell)("- " + detail)] : null);
        }
        if (sources.Count > 0)
        {
            output.WriteLine();
            sources.Write(output, width, ansi);
        }

        var runbooks = new TextTable("Runbook", "Status");
        foreach (var r in Listed(report.Runbooks, all))
        {
            var status = r.Status.Name();
            runbooks.Add([r.Id, new TextTable.Cell(status, ansi.Status(r.Status, status))], [.. r.Findings.Select(f => (TextTable.Cell)("- " + FindingText(f)))]);
        }
        if (runbooks.Count > 0)
        {
            output.WriteLine();
            runbooks.Write(output, width, ansi);
        }
        output.WriteLine();
        if (!report.Conclusive)
        {
            output.WriteLine(ansi.Yellow(InconclusiveText));
        }
        var summary = Summary(report);
        output.WriteLine(report.Runbooks.Any(r => r.Status == RunbookStatusKind.NeedsReview) ? ansi.Red(summary) : ansi.Green(summary));
        if (!all && report.Sources.Count > 0)
        {
            output.WriteLine(ansi.Dim("Unchanged sources and current runbooks are not listed; --all lists everything."));
        }
    }

    public static string Markdown(CheckReport report, bool all)
    {
        var text = new System.Text.StringBuilder();
        text.AppendLine($"### ReviewCadence check {report.StartedAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture)}");
        text.AppendLine();
        var sources = Listed(report, all).ToList();
        if (sources.Count > 0)
        {
            text.Append(MarkdownTable.Write(["Source", "Outcome", "HTTP", "Detail"],
                sources.Select(s => (IReadOnlyList<string>)[s.Id, s.Outcome.Name(), s.HttpStatus?.ToString(CultureInfo.InvariantCulture) ?? "-", s.Detail ?? ""])));
            text.AppendLine();
        }
        var runbooks = Listed(report.Runbooks, all).ToList();
        if (runbooks.Count > 0)
        {
            text.Append(MarkdownTable.Write(["Runbook", "Status", "Findings"],
                runbooks.Select(r => (IReadOnlyList<string>)[r.Id, r.Status.Name(), string.Join("\n", r.Findings.Select(FindingText))])));
            text.AppendLine();
        }
        if (!report.Conclusive)
        {
            text.AppendLine($"> {InconclusiveText}").AppendLine();
        }
        text.AppendLine($"**{MarkdownTable.Escape(Summary(report))}**");
        return text.ToString();
    }

    /// <summary>One test case per source: changed, moved and broken fail; unreachable is skipped (it could not be checked).</summary>
    public static string Junit(CheckReport report) =>
        JunitXml.Write("reviewcadence check", report.StartedAt, [.. report.Sources.Select(s =>
        {
            var failing = s.Outcome is CheckOutcome.Changed or CheckOutcome.Moved or CheckOutcome.Broken;
            var message = $"{s.Outcome.Name()}{(s.Detail is { Length: > 0 } d ? ": " + d : "")}";
            var citing = report.Runbooks.Where(r => r.Findings.Any(f => f.Source == s.Id)).Select(r => r.Id).ToList();
            return new JunitXml.TestCase(
                "reviewcadence.sources",
                s.Id,
                failing ? s.Outcome.Name() : null,
                failing ? message : null,
                failing ? $"{s.Url}{(citing.Count > 0 ? "\nrunbooks to review: " + string.Join(", ", citing) : "")}" : null,
                s.Outcome == CheckOutcome.Unreachable ? message : null);
        })]);
}
