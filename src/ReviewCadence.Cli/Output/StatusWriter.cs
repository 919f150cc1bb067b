using System.Globalization;
using ReviewCadence.Runbooks;
using ReviewCadence.Storage;
using ReviewCadence.Vocabulary;

namespace ReviewCadence.Cli.Output;

/// <summary>Prints runbook statuses (<c>status</c>) as a table, Markdown or JUnit XML; JSON is the contract's and printed by the command.</summary>
internal static class StatusWriter
{
    /// <summary>"needs-review · overdue 47 d", "overdue 3 d", "overdue (never reviewed)", "due-soon", "current".</summary>
    public static string StatusText(RunbookStatus runbook)
    {
        var overdue = runbook.DaysOverdue is { } days ? $"overdue {days} d" : "overdue (never reviewed)";
        if (!runbook.Overdue)
        {
            return runbook.Status.Name();
        }
        return runbook.Status == RunbookStatusKind.Overdue ? overdue : $"{runbook.Status.Name()} · {overdue}";
    }

    /// <summary>"pricing changed (2026-11-03): Pricing: 1 line changed", "failed review (2026-11-05): notes".</summary>
    public static string FindingText(RunbookFinding finding)
    {
        var when = finding.DetectedAt.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var what = finding.Source is null ? $"failed review ({when})" : $"{finding.Source} {finding.Kind.Name()} ({when})";
        return string.IsNullOrWhiteSpace(finding.Detail) ? what : $"{what}: {finding.Detail.Trim()}";
    }

    private static string Date(DateOnly? date, string none) => date?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? none;

    /// <summary>Most urgent first, then the earliest due.</summary>
    private static IEnumerable<RunbookStatus> Ordered(IEnumerable<RunbookStatus> runbooks) =>
        runbooks.OrderByDescending(r => r.Status).ThenByDescending(r => r.Overdue).ThenBy(r => r.NextReviewDue).ThenBy(r => r.Id, StringComparer.Ordinal);

    public static void WriteTable(TextWriter output, IReadOnlyList<RunbookStatus> runbooks, int width, Ansi ansi)
    {
        if (runbooks.Count == 0)
        {
            output.WriteLine("No runbooks in the catalog.");
            return;
        }
        // The widest layout that fits: without the last review date, then with the owner as a line under the row.
        var table = Build(runbooks, ansi, Layout.Full);
        foreach (var narrower in new[] { Layout.WithoutLastReviewed, Layout.OwnerUnderRow })
        {
            if (table.NaturalWidth <= width)
            {
                break;
            }
            table = Build(runbooks, ansi, narrower);
        }
        table.Write(output, width, ansi);
    }

    private enum Layout
    {
        Full,
        WithoutLastReviewed,
        OwnerUnderRow,
    }

    private static TextTable Build(IReadOnlyList<RunbookStatus> runbooks, Ansi ansi, Layout layout)
    {
        var table = layout switch
        {
            Layout.Full => new TextTable("Runbook", "Status", "Last reviewed", "Next due", "Owner"),
            Layout.WithoutLastReviewed => new TextTable("Runbook", "Status", "Next due", "Owner"),
            _ => new TextTable("Runbook", "Status", "Next due"),
        };
        foreach (var r in Ordered(runbooks))
        {
            var status = StatusText(r);
            TextTable.Cell statusCell = new(status, ansi.Status(r.Overdue && r.Status != RunbookStatusKind.NeedsReview ? RunbookStatusKind.Overdue : r.Status, status));
            var due = Date(r.NextReviewDue, "now");
            var details = new List<TextTable.Cell>();
            if (layout == Layout.OwnerUnderRow)
            {
                details.Add($"owner {r.Owner}");
            }
            details.AddRange(r.Findings.Select(f => (TextTable.Cell)("- " + FindingText(f))));
            table.Add(layout switch
            {
                Layout.Full => [r.Id, statusCell, Date(r.LastReviewed, "never"), due, r.Owner],
                Layout.WithoutLastReviewed => [r.Id, statusCell, due, r.Owner],
                _ => [r.Id, statusCell, due],
            }, details);
        }
        return table;
    }

    /// <summary><c>status RUNBOOK-ID</c>: one runbook in full, with its review history.</summary>
    public static void WriteDetail(TextWriter output, RunbookStatus runbook, IReadOnlyList<ReviewRecord> reviews, int width, Ansi ansi)
    {
        output.WriteLine(ansi.Bold($"{runbook.Id}: {runbook.Title}"));
        var status = StatusText(runbook);
        output.WriteLine($"  status          {ansi.Status(runbook.Overdue ? RunbookStatusKind.Overdue : runbook.Status, status)}");
        output.WriteLine($"  owner           {runbook.Owner}");
        output.WriteLine($"  last reviewed   {Date(runbook.LastReviewed, "never")}");
        output.WriteLine($"  next review due {Date(runbook.NextReviewDue, "now (never reviewed)")}");
        if (runbook.Document is { } document)
        {
            output.WriteLine($"  document        {document}");
        }
        output.WriteLine(runbook.Findings.Count == 0 ? "Findings: none" : $"Findings ({runbook.Findings.Count}):");
        foreach (var finding in runbook.Findings)
        {
            WriteWrapped(output, "  - ", FindingText(finding), width);
            if (finding.Url is { } url)
            {
                WriteWrapped(output, "    ", url, width);
            }
        }
        output.WriteLine(reviews.Count == 0 ? "Reviews: none recorded" : $"Reviews ({reviews.Count}, newest first):");
        foreach (var review in reviews)
        {
            var result = review.Result == ReviewResults.Pass ? ansi.Green(review.Result) : ansi.Red(review.Result);
            var line = $"{review.ReviewedAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)} {review.Result} by {review.Reviewer}";
            output.WriteLine("  - " + line.Replace($" {review.Result} ", $" {result} ", StringComparison.Ordinal));
            if (review.Notes is { } notes)
            {
                WriteWrapped(output, "    ", notes, width);
            }
        }
        output.WriteLine($"Record a review: reviewcadence review {runbook.Id} --reviewer ROLE --result pass|fail --notes TEXT");
    }

    private static void WriteWrapped(TextWriter output, string indent, string text, int width)
    {
        foreach (var line in TextTable.Wrap(text, Math.Max(20, width - indent.Length)))
        {
            output.WriteLine(indent + line);
            indent = new string(' ', indent.Length);
        }
    }

    public static string Markdown(IReadOnlyList<RunbookStatus> runbooks) =>
        MarkdownTable.Write(
            ["Runbook", "Status", "Owner", "Last reviewed", "Next review due", "Findings"],
            Ordered(runbooks).Select(r => (IReadOnlyList<string>)
            [
                r.Id, StatusText(r), r.Owner, Date(r.LastReviewed, "never"), Date(r.NextReviewDue, "now"),
                string.Join("\n", r.Findings.Select(FindingText)),
            ]));

    /// <summary>One test case per runbook; needs-review or overdue is a failure.</summary>
    public static string Junit(IReadOnlyList<RunbookStatus> runbooks, DateTimeOffset now) =>
        JunitXml.Write("reviewcadence status", now, [.. runbooks.Select(r =>
        {
            var failing = r.Status == RunbookStatusKind.NeedsReview || r.Overdue;
            return new JunitXml.TestCase(
                "reviewcadence.runbooks",
                r.Id,
                failing ? (r.Status == RunbookStatusKind.NeedsReview ? "needs-review" : "overdue") : null,
                failing ? $"{r.Title}: {StatusText(r)}" : null,
                failing && r.Findings.Count > 0 ? string.Join("\n", r.Findings.Select(FindingText)) : null);
        })]);
}
