using System.Text.Json;
using ReviewCadence.Tests.Infrastructure;
using ReviewCadence.Tests.Notifications;

namespace ReviewCadence.Tests.EndToEnd;

/// <summary>
/// Section citations end to end through the CLI, on each store: one page with three sections, cited by three runbooks
/// (by heading with a claim, by URL fragment, whole page). An edit in one section flags only the runbooks relying on it;
/// a claim removed and a heading renamed each flag with their own message; the owner's digest names the section.
/// </summary>
public abstract class SectionCitationEndToEndTests : IAsyncLifetime
{
    private readonly string _dir = Directory.CreateTempSubdirectory("rc-sections-").FullName;
    private TestSite _site = null!;
    private RecordingReceiver _hook = null!;

    private string CatalogPath => Path.Combine(_dir, "catalog.yaml");

    /// <summary>The <c>--store</c> value for this implementation.</summary>
    protected abstract string Store { get; }

    internal const string TokenSection = "Models with unified official pricing are billed per token, input and output separately.";
    internal const string PerCallSection = "Models without official APIs are billed per call at a fixed price.";
    internal const string ChargesSection = "Contact support about abnormal charges within 30 days of the invoice.";

    /// <summary>The pricing page: an intro and three sections; heading ids as documentation sites write them.</summary>
    internal static string PricingPage(string token = TokenSection, string perCall = PerCallSection, string charges = ChargesSection, string tokenHeading = "Token-based billing") => $$"""
        <!doctype html>
        <html><head><title>Pricing</title><script>window.__build = "{{Guid.NewGuid()}}";</script></head>
        <body>
          <nav class="navbar"><a href="/">Home</a><a href="/docs">Docs</a></nav>
          <main><article>
            <h1 id="pricing">Pricing</h1>
            <p>CometAPI prices every model in USD; this page explains how each request is billed.</p>
            <h2 id="{{Slug(tokenHeading)}}">{{tokenHeading}}</h2>
            <p>{{token}}</p>
            <section id="per-call"><h2>Per-call billing</h2><p>{{perCall}}</p></section>
            <h2 id="abnormal-charges">Abnormal charges</h2>
            <p>{{charges}}</p>
          </article></main>
          <footer>Example docs</footer>
        </body></html>
        """;

    private static string Slug(string heading) => heading.ToLowerInvariant().Replace(' ', '-');

    public virtual async Task InitializeAsync()
    {
        _site = await TestSite.StartAsync();
        _hook = await RecordingReceiver.StartAsync();
        _site.Page("/docs/pricing", PricingPage());
        await File.WriteAllTextAsync(CatalogPath, $"""
            settings:
              allowPrivateNetworks: true
              retries: 0
              timeoutSeconds: 5
            sources:
              - id: pricing
                url: {_site.Url("/docs/pricing")}
                title: Pricing documentation
            owners:
              - id: ops
                notify:
                  - type: webhook
                    url: {_hook.Url("/hooks/sections")}
            runbooks:
              - id: by-heading
                title: Token budget gate
                owner: ops
                cadenceDays: 90
                lastReviewed: 2026-11-01
                sources:
                  - source: pricing
                    section: "token-based  billing"
                    claims: ["Billed per token"]
              - id: by-fragment
                title: Per-call budget
                owner: ops
                cadenceDays: 90
                lastReviewed: 2026-11-01
                sources: ["{_site.Url("/docs/pricing")}#per-call"]
              - id: whole-page
                title: Pricing watch
                owner: ops
                cadenceDays: 90
                lastReviewed: 2026-11-01
                sources: [pricing]
            """);
    }

    public virtual async Task DisposeAsync()
    {
        await _hook.DisposeAsync();
        await _site.DisposeAsync();
        TempFolder.Delete(_dir);
    }

    private Task<CliRunner.Result> Cli(params string[] args) =>
        CliRunner.RunAsync([.. args, "--catalog", CatalogPath, "--store", Store]);

    private async Task<JsonElement> CheckAsync(string now, int expectedExit)
    {
        var result = await Cli("check", "--json", "--now", now);
        Assert.True(result.ExitCode == expectedExit, result.ToString());
        return result.Json;
    }

    private static Dictionary<string, string> Statuses(JsonElement report) =>
        report.GetProperty("runbooks").EnumerateArray().ToDictionary(r => r.GetProperty("id").GetString()!, r => r.GetProperty("status").GetString()!);

    private static JsonElement Finding(JsonElement report, string runbook) =>
        Assert.Single(report.GetProperty("runbooks").EnumerateArray().Single(r => r.GetProperty("id").GetString() == runbook).GetProperty("findings").EnumerateArray());

    private async Task ReviewAsync(string runbook, string now)
    {
        var result = await Cli("review", runbook, "--reviewer", "platform-cost-operator", "--now", now);
        Assert.True(result.ExitCode == 0, result.ToString());
    }

    [Fact]
    public async Task An_edit_in_one_section_flags_only_the_runbooks_relying_on_it()
    {
        var first = await CheckAsync("2026-11-10T06:00:00Z", 0);
        Assert.All(Statuses(first).Values, s => Assert.Equal("current", s));

        // The charges section changes: only the whole-page citation relies on it.
        _site.Page("/docs/pricing", PricingPage(charges: "Contact support about abnormal charges within 14 days of the invoice."));
        var charges = await CheckAsync("2026-11-11T06:00:00Z", 2);
        Assert.Equal("changed", Assert.Single(charges.GetProperty("sources").EnumerateArray()).GetProperty("outcome").GetString());
        Assert.Equal(new Dictionary<string, string> { ["by-heading"] = "current", ["by-fragment"] = "current", ["whole-page"] = "needs-review" }, Statuses(charges));
        Assert.False(Finding(charges, "whole-page").TryGetProperty("section", out _)); // the whole page: no section
        await ReviewAsync("whole-page", "2026-11-11T08:00:00Z");

        // The per-call section changes: the fragment citation and the whole page.
        _site.Page("/docs/pricing", PricingPage(perCall: "Models without official APIs are billed per call at the price listed on each model page.", charges: "Contact support about abnormal charges within 14 days of the invoice."));
        var perCall = await CheckAsync("2026-11-12T06:00:00Z", 2);
        Assert.Equal(new Dictionary<string, string> { ["by-heading"] = "current", ["by-fragment"] = "needs-review", ["whole-page"] = "needs-review" }, Statuses(perCall));
        var finding = Finding(perCall, "by-fragment");
        Assert.Equal("#per-call", finding.GetProperty("section").GetString());
        Assert.False(finding.TryGetProperty("claims", out _));

        var status = await Cli("status", "--json", "--now", "2026-11-12T07:00:00Z");
        var detail = Assert.Single(status.Json.GetProperty("runbooks").EnumerateArray().Single(r => r.GetProperty("id").GetString() == "by-fragment").GetProperty("findings").EnumerateArray());
        Assert.Equal("#per-call", detail.GetProperty("section").GetString());
        Assert.Equal([PerCallSection], detail.GetProperty("removed").EnumerateArray().Select(l => l.GetString()));
        Assert.Equal(["Models without official APIs are billed per call at the price listed on each model page."], detail.GetProperty("added").EnumerateArray().Select(l => l.GetString()));
        Assert.Contains("Section \"#per-call\" changed: removed \"Models without official APIs are billed per call at a fixed price.\"", detail.GetProperty("detail").GetString());

        // The owner's digest names the section and quotes the change.
        var remind = await Cli("remind", "--json", "--now", "2026-11-12T09:00:00Z");
        Assert.True(remind.ExitCode == 0, remind.ToString());
        var digest = JsonDocument.Parse(Assert.Single(_hook.Requests).BodyText).RootElement;
        var digestFinding = Assert.Single(digest.GetProperty("runbooks").EnumerateArray().Single(r => r.GetProperty("id").GetString() == "by-fragment").GetProperty("findings").EnumerateArray());
        Assert.Equal("#per-call", digestFinding.GetProperty("section").GetString());
        Assert.Contains("at the price listed on each model page", digestFinding.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task A_removed_claim_and_a_renamed_heading_each_flag_with_their_own_message()
    {
        await CheckAsync("2026-11-10T06:00:00Z", 0);

        // The claim goes, and other text of the section changes too: the finding says which claim is gone.
        _site.Page("/docs/pricing", PricingPage(token: "Models with unified official pricing are billed per request, whatever their length."));
        var claim = await CheckAsync("2026-11-11T06:00:00Z", 2);
        Assert.Equal(new Dictionary<string, string> { ["by-heading"] = "needs-review", ["by-fragment"] = "current", ["whole-page"] = "needs-review" }, Statuses(claim));
        var claimFinding = Finding(claim, "by-heading");
        Assert.Equal("token-based  billing", claimFinding.GetProperty("section").GetString());
        Assert.Equal(["Billed per token"], claimFinding.GetProperty("claims").EnumerateArray().Select(c => c.GetString()));
        var claimStatus = await Cli("status", "--json", "--now", "2026-11-11T07:00:00Z");
        var claimDetail = claimStatus.Json.GetProperty("runbooks").EnumerateArray().Single(r => r.GetProperty("id").GetString() == "by-heading").GetProperty("findings")[0].GetProperty("detail").GetString();
        Assert.Equal("Claim no longer found in section \"token-based  billing\": \"Billed per token\"", claimDetail);

        await ReviewAsync("by-heading", "2026-11-11T08:00:00Z");
        await ReviewAsync("whole-page", "2026-11-11T08:00:00Z");

        // The heading is renamed (and its id with it): the section is missing, and the finding lists the headings now.
        _site.Page("/docs/pricing", PricingPage(token: "Models with unified official pricing are billed per request, whatever their length.", tokenHeading: "Usage-based billing"));
        var renamed = await CheckAsync("2026-11-12T06:00:00Z", 2);
        Assert.Equal(new Dictionary<string, string> { ["by-heading"] = "needs-review", ["by-fragment"] = "current", ["whole-page"] = "needs-review" }, Statuses(renamed));
        var renamedStatus = await Cli("status", "--json", "--now", "2026-11-12T07:00:00Z");
        var missing = renamedStatus.Json.GetProperty("runbooks").EnumerateArray().Single(r => r.GetProperty("id").GetString() == "by-heading").GetProperty("findings")[0];
        Assert.True(missing.GetProperty("sectionMissing").GetBoolean());
        Assert.Equal(
            "Section \"token-based  billing\" is no longer on the page (heading renamed or removed); its headings now: \"Pricing\", \"Usage-based billing\", \"Per-call billing\", \"Abnormal charges\"",
            missing.GetProperty("detail").GetString());
        Assert.Equal(["Pricing", "Usage-based billing", "Per-call billing", "Abnormal charges"], missing.GetProperty("headings").EnumerateArray().Select(h => h.GetString()));
    }

    [Fact]
    public async Task A_runbook_that_starts_citing_a_section_the_page_lacks_is_flagged_at_once()
    {
        await CheckAsync("2026-11-10T06:00:00Z", 0);
        await File.AppendAllTextAsync(CatalogPath, """

              - id: new-runbook
                title: Volume budget
                owner: ops
                cadenceDays: 90
                lastReviewed: 2026-11-01
                sources:
                  - { source: pricing, section: "Volume discounts" }
                  - { source: pricing, section: "Per-call billing", claims: ["billed per call"] }
            """);

        var report = await CheckAsync("2026-11-11T06:00:00Z", 2);

        Assert.Equal("unchanged", Assert.Single(report.GetProperty("sources").EnumerateArray()).GetProperty("outcome").GetString());
        Assert.Equal("Volume discounts", Finding(report, "new-runbook").GetProperty("section").GetString());
        Assert.Equal("current", Statuses(report)["whole-page"]);
        Assert.Equal("current", Statuses(report)["by-heading"]);
    }
    [Fact]
    public async Task Editing_what_an_existing_citation_relies_on_is_judged_at_the_next_check()
    {
        await CheckAsync("2026-11-10T06:00:00Z", 0);
        var catalog = await File.ReadAllTextAsync(CatalogPath);
        await File.WriteAllTextAsync(CatalogPath, catalog.Replace("claims: [\"Billed per token\"]", "claims: [\"Billed per token\", \"prices include VAT\"]", StringComparison.Ordinal));

        var report = await CheckAsync("2026-11-11T06:00:00Z", 2);

        Assert.Equal("unchanged", Assert.Single(report.GetProperty("sources").EnumerateArray()).GetProperty("outcome").GetString());
        Assert.Equal(["prices include VAT"], Finding(report, "by-heading").GetProperty("claims").EnumerateArray().Select(c => c.GetString()));
        Assert.Equal("current", Statuses(report)["whole-page"]);
    }
}

public sealed class SqliteSectionCitationEndToEndTests : SectionCitationEndToEndTests
{
    private readonly string _db = Path.Combine(Path.GetTempPath(), $"rc-sections-{Guid.NewGuid():n}", "state.db");

    protected override string Store => _db;
}

[Collection(AzuriteCollection.Name)]
public sealed class AzuriteSectionCitationEndToEndTests(AzuriteFixture azurite) : SectionCitationEndToEndTests
{
    protected override string Store => azurite.ConnectionString;

    /// <summary>The CLI uses the unprefixed tables; each test starts from an empty account.</summary>
    public override async Task InitializeAsync()
    {
        await AzuriteTables.DeleteCliTablesAsync(azurite.ConnectionString);
        await base.InitializeAsync();
    }
}
