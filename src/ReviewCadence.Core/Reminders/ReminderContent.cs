using System.Globalization;
using ReviewCadence.Catalog;
using ReviewCadence.Networking;
using ReviewCadence.Runbooks;
using ReviewCadence.Vocabulary;

namespace ReviewCadence.Reminders;

/// <summary>
/// The words of a digest, shared by every channel: each channel only lays them out. Text that comes
/// from the watched pages (change details, redirect targets) is raw here; channels escape it for
/// their format.
/// </summary>
internal sealed record ReminderContent
{
    /// <summary>A one-line title: "2 runbooks need re-review" or, for an escalation, whose runbooks.</summary>
    public required string Headline { get; init; }
    /// <summary>A sentence under the headline saying why this recipient is told.</summary>
    public required string Introduction { get; init; }
    public required IReadOnlyList<ReminderContentItem> Items { get; init; }
    /// <summary>"Sent by ReviewCadence ..." with the time.</summary>
    public required string Footer { get; init; }

    public static ReminderContent Build(ReminderDigest digest, ReviewCatalog catalog, Uri? publicBaseUrl)
    {
        var count = digest.Items.Count;
        var runbooks = count == 1 ? "1 runbook" : $"{count} runbooks";
        var headline = digest.OwnerUnreachable
            ? $"Escalation: {digest.OwnerId} could not be reached about {runbooks}"
            : digest.Escalation
                ? $"Escalation: {runbooks} of {digest.OwnerId} still outstanding"
                : $"{runbooks} to re-review";
        var introduction = digest.OwnerUnreachable
            ? UnreachableIntroduction(digest)
            : digest.Escalation
                ? $"You are the escalation contact of {digest.OwnerId}, who has been reminded {catalog.Reminders.EscalateAfter} times or more about these runbooks without a review being recorded."
                : $"These runbooks of {digest.OwnerId} need a re-review: a source they rest on changed, moved or broke, or their review cadence is due.";
        return new ReminderContent
        {
            Headline = headline,
            Introduction = introduction,
            Items = digest.Items.Select(i => BuildItem(i, catalog, publicBaseUrl)).ToList(),
            Footer = $"Sent by ReviewCadence on {Time(digest.SentAt)}.",
        };
    }

    /// <summary>Why the escalation contact hears of an owner who could not be reached, with the channels' failures (safe to show).</summary>
    private static string UnreachableIntroduction(ReminderDigest digest)
    {
        var runs = digest.UnreachableRuns == 1 ? "the last reminder run" : $"the last {digest.UnreachableRuns} reminder runs in a row";
        var why = digest.UnreachableReasons.Count == 0 ? "" : $" ({string.Join("; ", digest.UnreachableReasons)})";
        return $"You are the escalation contact of {digest.OwnerId}, who could not be reached: none of their channels accepted a reminder in {runs}{why}. These runbooks are waiting for a review, and {digest.OwnerId} has not been told.";
    }

    private static ReminderContentItem BuildItem(ReminderItem item, ReviewCatalog catalog, Uri? publicBaseUrl)
    {
        var runbook = item.Runbook;
        var route = $"api/runbooks/{runbook.Id}/reviews";
        return new ReminderContentItem
        {
            RunbookId = runbook.Id,
            Title = runbook.Title,
            Status = runbook.Status,
            OutstandingSince = item.OutstandingSince,
            NextReviewDue = runbook.NextReviewDue,
            ReminderNumber = item.ReminderNumber,
            Why = Why(runbook, catalog),
            Reasons = runbook.Findings.Select(f => BuildReason(f, catalog, publicBaseUrl)).ToList(),
            Document = runbook.Document,
            DocumentUrl = HttpUrls.Parse(runbook.Document),
            RecordCommand = $"reviewcadence review {runbook.Id} --reviewer ROLE --result pass",
            RecordRoute = "POST " + (publicBaseUrl is null ? "/" + route : new Uri(publicBaseUrl, route).ToString()),
            DashboardUrl = DashboardLink(publicBaseUrl, runbook.Id),
        };
    }

    private static string Why(RunbookStatus runbook, ReviewCatalog catalog)
    {
        var cadence = catalog.FindRunbook(runbook.Id)?.CadenceDays;
        var every = cadence is { } days ? $" (every {days} days)" : "";
        return runbook.Status switch
        {
            RunbookStatusKind.NeedsReview when runbook.Findings.Any(f => f.Kind == FindingKind.FailedReview) =>
                "Its last review failed; it stays flagged until a review passes.",
            RunbookStatusKind.NeedsReview => runbook.Findings.Count == 1
                ? "A source it rests on changed since its last review."
                : $"{runbook.Findings.Count} sources it rests on changed since its last review.",
            RunbookStatusKind.Overdue when runbook.NextReviewDue is { } due => $"Its cadence review{every} was due on {Date(due)}.",
            RunbookStatusKind.Overdue => "It has never been reviewed.",
            _ => $"Its cadence review{every} is due on {Date(runbook.NextReviewDue)}.",
        };
    }

    private static ReminderReason BuildReason(RunbookFinding finding, ReviewCatalog catalog, Uri? publicBaseUrl)
    {
        if (finding.Source is null)
        {
            // A failed review: no source to link, the reviewer's notes say what is wrong.
            return new ReminderReason
            {
                SourceId = null,
                Kind = finding.Kind,
                DetectedAt = finding.DetectedAt,
                Detail = string.IsNullOrWhiteSpace(finding.Detail) ? null : finding.Detail.Trim(),
                Summary = $"The review of {Time(finding.DetectedAt)} failed",
            };
        }
        var source = catalog.FindSource(finding.Source);
        var name = source?.Title is { } title ? $"{title} ({finding.Source})" : finding.Source;
        var what = finding.Kind switch
        {
            FindingKind.Changed when finding.Section is { } section => $"changed in section \"{section}\"",
            FindingKind.Changed => "changed",
            FindingKind.Moved => "moved",
            _ => "broke",
        };
        return new ReminderReason
        {
            SourceId = finding.Source,
            Kind = finding.Kind,
            DetectedAt = finding.DetectedAt,
            Detail = string.IsNullOrWhiteSpace(finding.Detail) ? null : finding.Detail.Trim(),
            Summary = $"{name} {what} (detected {Time(finding.DetectedAt)})",
            Section = finding.Section,
            Claims = finding.Claims ?? [],
            Removed = finding.Removed ?? [],
            Added = finding.Added ?? [],
            SourceUrl = HttpUrls.Parse(finding.Url) ?? source?.Url,
            DiffUrl = finding.Kind == FindingKind.Changed ? SourceDiffLink(publicBaseUrl, finding.Source) : null,
        };
    }

    /// <summary>
    /// Where the dashboard page is on both hosts: the Functions app serves it only at <c>/api/dashboard</c> (its routes
    /// all sit under the <c>api</c> prefix), <c>serve</c> at <c>/</c> and there too, so one link works on either.
    /// </summary>
    public const string DashboardPath = "api/dashboard";

    /// <summary>The dashboard opened on a runbook, ready to record its review: <c>PUBLICBASEURL/api/dashboard#runbook=ID</c> (DESIGN.md).</summary>
    public static Uri? DashboardLink(Uri? publicBaseUrl, string runbookId) =>
        publicBaseUrl is null ? null : new Uri(publicBaseUrl, DashboardPath + "#runbook=" + Uri.EscapeDataString(runbookId));

    /// <summary>
    /// The dashboard showing a source's last change: <c>PUBLICBASEURL/api/dashboard#source=ID&amp;diff=last</c>. Not the
    /// diff route itself, which needs the API key a person following a link does not have.
    /// </summary>
    public static Uri? SourceDiffLink(Uri? publicBaseUrl, string sourceId) =>
        publicBaseUrl is null ? null : new Uri(publicBaseUrl, DashboardPath + "#source=" + Uri.EscapeDataString(sourceId) + "&diff=last");

    public static string Date(DateOnly? date) => date?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "never";

    public static string Time(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);
}

/// <summary>One runbook in a reminder: why it is listed, since when, when it is due, how to record the review.</summary>
internal sealed record ReminderContentItem
{
    public required string RunbookId { get; init; }
    public required string Title { get; init; }
    public required RunbookStatusKind Status { get; init; }
    public DateOnly? OutstandingSince { get; init; }
    public DateOnly? NextReviewDue { get; init; }
    public required int ReminderNumber { get; init; }
    /// <summary>One sentence: why the runbook is listed.</summary>
    public required string Why { get; init; }
    /// <summary>The sources that changed, moved or broke (needs-review only).</summary>
    public required IReadOnlyList<ReminderReason> Reasons { get; init; }
    /// <summary>The catalog's <c>document</c> as written (may be a relative path).</summary>
    public string? Document { get; init; }
    /// <summary>The document as a link, when it is an absolute http(s) URL.</summary>
    public Uri? DocumentUrl { get; init; }
    public required string RecordCommand { get; init; }
    /// <summary>"POST /api/runbooks/ID/reviews", absolute when a public base URL is configured.</summary>
    public required string RecordRoute { get; init; }
    /// <summary>The dashboard opened on this runbook with its review form, when a public base URL is configured.</summary>
    public Uri? DashboardUrl { get; init; }

    public string StatusName => Status.Name();

    /// <summary>"needs-review since 2026-11-03 · review due 2026-12-01 · reminder 2".</summary>
    public string StatusLine
    {
        get
        {
            var parts = new List<string>
            {
                OutstandingSince is { } since ? $"{StatusName} since {ReminderContent.Date(since)}" : StatusName,
                NextReviewDue is { } due ? $"review due {ReminderContent.Date(due)}" : "never reviewed",
            };
            if (ReminderNumber > 1)
            {
                parts.Add($"reminder {ReminderNumber}");
            }
            return string.Join(" · ", parts);
        }
    }
}

/// <summary>One source that changed, moved or broke since the runbook's last review.</summary>
internal sealed record ReminderReason
{
    /// <summary>The source; null for a failed review.</summary>
    public required string? SourceId { get; init; }
    public required FindingKind Kind { get; init; }
    public required DateTimeOffset DetectedAt { get; init; }
    /// <summary>"CometAPI pricing documentation (cometapi-pricing-docs) changed (detected 2026-11-03 06:00 UTC)".</summary>
    public required string Summary { get; init; }
    /// <summary>What changed, from the page: raw text, to be escaped by each channel.</summary>
    public string? Detail { get; init; }
    /// <summary>The source (for a move, its new address), when it is an http(s) URL.</summary>
    public Uri? SourceUrl { get; init; }
    /// <summary>The last change as a diff on this app's API, when a public base URL is configured.</summary>
    public Uri? DiffUrl { get; init; }
    /// <summary>The cited section the finding is about (heading text or <c>#fragment</c>); null for the whole page.</summary>
    public string? Section { get; init; }
    /// <summary>The cited claims no longer found in the section.</summary>
    public IReadOnlyList<string> Claims { get; init; } = [];
    /// <summary>The section's lines removed since the last review (quoted, bounded; raw page text).</summary>
    public IReadOnlyList<string> Removed { get; init; } = [];
    /// <summary>The section's lines added since the last review (quoted, bounded; raw page text).</summary>
    public IReadOnlyList<string> Added { get; init; } = [];
}
