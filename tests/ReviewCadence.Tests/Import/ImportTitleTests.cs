using ReviewCadence.Tests.EndToEnd;
using static ReviewCadence.Tests.Import.ImportTestData;

namespace ReviewCadence.Tests.Import;

/// <summary>
/// <c>reviewcadence import</c> through the real command tree: each runbook's title comes from the document (its first
/// heading, front matter <c>title:</c>, title line or first sentence), never from its file name, for the product's two
/// real runbooks and for Markdown, plain-text and HTML documents named by opaque ids.
/// </summary>
public class ImportTitleTests
{
    private static string Titles => Fixture("import", "titles");

    [Fact]
    public async Task Titles_come_from_each_documents_heading_title_line_or_first_sentence()
    {
        var result = await CliRunner.RunAsync("import", Titles, Runbook000, Runbook003, "--json");

        Assert.True(result.ExitCode == 0, result.ToString());
        var titles = result.Json.GetProperty("runbooks").EnumerateArray()
            .ToDictionary(r => r.GetProperty("id").GetString()!, r => r.GetProperty("title").GetString()!);
        Assert.Equal(
            new Dictionary<string, string>
            {
                ["7f3a-heading"] = "Shared GPU cost allocation runbook",
                ["8c21-front-matter"] = "Token budget exception handling",
                ["91be-title-line"] = "Monthly unit-cost scorecard review",
                ["a4d0-no-h1"] = "Route abnormal charges to the help center before changing a budget",
                ["000-c5f7f6b9d7f92177"] = "An AI API token budget runbook should pass a quality gate before it is used for cost decisions",
                ["003-db73f8bc31f01a96"] = "Before changing token budget rules, review CometAPI error handling, pricing assumptions…",
            },
            titles);
        var warnings = result.Json.GetProperty("warnings").EnumerateArray().Select(w => w.GetProperty("message").GetString()!).ToList();
        Assert.DoesNotContain(warnings, w => w.Contains("file name", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_yaml_proposal_carries_the_documents_titles_and_says_which_came_from_a_sentence()
    {
        var result = await CliRunner.RunAsync("import", Runbook000, Path.Combine(Titles, "91be-title-line.txt"));

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("    title: Monthly unit-cost scorecard review\n", result.Stdout.ReplaceLineEndings("\n"));
        Assert.Contains("    title: An AI API token budget runbook should pass a quality gate before it is used for cost decisions\n", result.Stdout.ReplaceLineEndings("\n"));
        Assert.Contains("title taken from the first sentence", result.Stdout);
        Assert.DoesNotContain("000 c5f7f6b9d7f92177", result.Stdout);
    }
}
