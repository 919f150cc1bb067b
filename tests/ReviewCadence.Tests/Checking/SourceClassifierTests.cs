using ReviewCadence.Catalog;
using ReviewCadence.Checking;
using ReviewCadence.Extraction;
using ReviewCadence.Storage;
using ReviewCadence.Vocabulary;

namespace ReviewCadence.Tests.Checking;

public class SourceClassifierTests
{
    private static readonly Uri Url = new("https://docs.example.com/pricing");
    private static readonly CatalogSettings Settings = new() { BrokenAfterFailures = 2 };

    private static SourceState State(string? fingerprint, int failures = 0) =>
        new() { SourceId = "s", Url = Url.ToString(), Fingerprint = fingerprint, ConsecutiveFailures = failures };

    private static FetchResult Ok(Uri? movedTo = null) => new() { Status = FetchStatus.Ok, FinalUrl = movedTo ?? Url, HttpStatus = 200, MovedTo = movedTo };

    private static ExtractedContent Content(string fingerprint, string? title = "Pricing", bool thin = false) => new("html", "text", fingerprint, title, thin);

    [Fact]
    public void First_fetch_is_new() =>
        Assert.Equal(CheckOutcome.New, SourceClassifier.Classify(null, Ok(), Content("a"), Settings).Outcome);

    [Fact]
    public void Same_fingerprint_is_unchanged_and_different_is_changed()
    {
        Assert.Equal(CheckOutcome.Unchanged, SourceClassifier.Classify(State("a"), Ok(), Content("a"), Settings).Outcome);
        Assert.Equal(CheckOutcome.Changed, SourceClassifier.Classify(State("a"), Ok(), Content("b"), Settings).Outcome);
    }

    [Fact]
    public void Not_modified_is_unchanged_and_resets_failures()
    {
        var verdict = SourceClassifier.Classify(State("a", failures: 1), new FetchResult { Status = FetchStatus.NotModified, FinalUrl = Url, HttpStatus = 304 }, null, Settings);
        Assert.Equal(CheckOutcome.Unchanged, verdict.Outcome);
        Assert.Equal(0, verdict.ConsecutiveFailures);
    }

    [Fact]
    public void Permanent_redirect_is_moved_with_the_new_url()
    {
        var target = new Uri("https://docs.example.com/billing/pricing");
        var verdict = SourceClassifier.Classify(State("a"), Ok(target), Content("a"), Settings);
        Assert.Equal(CheckOutcome.Moved, verdict.Outcome);
        Assert.Contains(target.ToString(), verdict.Detail);
    }

    [Fact]
    public void Not_found_is_broken_at_once() =>
        Assert.Equal(CheckOutcome.Broken, SourceClassifier.Classify(State("a"), new FetchResult { Status = FetchStatus.NotFound, FinalUrl = Url, HttpStatus = 410 }, null, Settings).Outcome);

    [Fact]
    public void Failures_become_broken_after_the_configured_number_of_runs()
    {
        var failed = new FetchResult { Status = FetchStatus.Failed, FinalUrl = Url, HttpStatus = 503, Detail = "HTTP 503 after 4 attempts" };
        var first = SourceClassifier.Classify(State("a"), failed, null, Settings);
        Assert.Equal(CheckOutcome.Unreachable, first.Outcome);
        Assert.Equal(1, first.ConsecutiveFailures);

        var second = SourceClassifier.Classify(State("a", failures: 1), failed, null, Settings);
        Assert.Equal(CheckOutcome.Broken, second.Outcome);
        Assert.Contains("2 runs in a row", second.Detail);
    }

    [Fact]
    public void A_page_titled_not_found_is_a_soft_404() =>
        Assert.Equal(CheckOutcome.Broken, SourceClassifier.Classify(State("a"), Ok(), Content("z", "Page not found"), Settings).Outcome);

    [Fact]
    public void Thin_content_is_not_fingerprinted()
    {
        var verdict = SourceClassifier.Classify(State("a"), Ok(), Content("z", thin: true), Settings);
        Assert.Equal(CheckOutcome.Unreachable, verdict.Outcome);
        Assert.Null(verdict.Content);
        Assert.Contains("nearly empty", verdict.Detail);
    }

    [Fact]
    public void A_select_matching_nothing_says_to_fix_the_selector_and_breaks_like_any_failure()
    {
        var content = Content("z", thin: true) with { NothingSelected = true };

        var first = SourceClassifier.Classify(State("a"), Ok(), content, Settings);
        var second = SourceClassifier.Classify(State("a", failures: 1), Ok(), content, Settings);

        Assert.Equal(CheckOutcome.Unreachable, first.Outcome);
        Assert.Null(first.Content);
        Assert.Contains("select matches nothing", first.Detail);
        Assert.Contains("fix the selector", first.Detail);
        Assert.Equal(CheckOutcome.Broken, second.Outcome);
        Assert.Contains("select matches nothing", second.Detail);
    }
}
