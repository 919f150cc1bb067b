using System.Text.Json;
using ReviewCadence.Extraction;

namespace ReviewCadence.Tests.Extraction;

public sealed class UnifiedDiffTests
{
    private static readonly string Before = string.Join("\n", Enumerable.Range(1, 20).Select(i => $"line {i}"));

    [Fact]
    public void Equal_texts_give_an_empty_diff()
    {
        Assert.Equal(string.Empty, UnifiedDiff.Create(Before, Before, "a", "b"));
        Assert.False(UnifiedDiff.Compute(Before, Before, "a", "b").HasChanges);
    }

    [Fact]
    public void Changes_are_written_in_standard_unified_format()
    {
        var after = Before.Replace("line 2\n", "").Replace("line 10", "line ten").Replace("line 20", "line 20\nline 21");

        // As GNU "diff -u" writes it for the same files (labels aside).
        Assert.Equal(
            """
            --- snapshot 1
            +++ snapshot 2
            @@ -1,5 +1,4 @@
             line 1
            -line 2
             line 3
             line 4
             line 5
            @@ -7,7 +6,7 @@
             line 7
             line 8
             line 9
            -line 10
            +line ten
             line 11
             line 12
             line 13
            @@ -18,3 +17,4 @@
             line 18
             line 19
             line 20
            +line 21

            """.ReplaceLineEndings("\n"),
            UnifiedDiff.Create(Before, after, "snapshot 1", "snapshot 2"));
    }

    [Fact]
    public void Nearby_changes_share_a_hunk_and_context_is_configurable()
    {
        var after = Before.Replace("line 5", "five").Replace("line 9", "nine");
        Assert.Single(UnifiedDiff.Compute(Before, after, "a", "b").Hunks);
        Assert.Equal(2, UnifiedDiff.Compute(Before, after, "a", "b", context: 1).Hunks.Count);
        Assert.Equal("--- a\n+++ b\n@@ -5 +5 @@\n-line 5\n+five\n@@ -9 +9 @@\n-line 9\n+nine\n", UnifiedDiff.Create(Before, after, "a", "b", context: 0));
    }

    [Fact]
    public void Additions_to_and_removals_from_empty_text_use_empty_ranges()
    {
        Assert.Equal("--- a\n+++ b\n@@ -0,0 +1,2 @@\n+x\n+y\n", UnifiedDiff.Create("", "x\ny", "a", "b"));
        Assert.Equal("--- a\n+++ b\n@@ -1 +0,0 @@\n-x\n", UnifiedDiff.Create("x", "", "a", "b"));
    }

    [Fact]
    public void Structured_diff_carries_line_numbers_and_serialises_kinds_as_words()
    {
        var diff = UnifiedDiff.Compute("a\nb\nc", "a\nB\nc", "old", "new");
        Assert.Equal(1, diff.LinesAdded);
        Assert.Equal(1, diff.LinesRemoved);
        var hunk = Assert.Single(diff.Hunks);
        Assert.Equal((1, 3, 1, 3), (hunk.OldStart, hunk.OldCount, hunk.NewStart, hunk.NewCount));
        Assert.Equal(
            [
                new DiffLine(DiffLineKind.Context, "a", 1, 1),
                new DiffLine(DiffLineKind.Removed, "b", 2, null),
                new DiffLine(DiffLineKind.Added, "B", null, 2),
                new DiffLine(DiffLineKind.Context, "c", 3, 3),
            ],
            hunk.Lines);

        var json = JsonSerializer.Serialize(diff, new JsonSerializerOptions(JsonSerializerDefaults.Web));
        Assert.Contains("\"kind\":\"removed\"", json);
        Assert.Contains("\"kind\":\"added\"", json);
        Assert.Contains("\"kind\":\"context\"", json);
        Assert.DoesNotContain("hasChanges", json);
        Assert.Equal(UnifiedDiff.Create("a\nb\nc", "a\nB\nc", "old", "new"), UnifiedDiff.Format(diff));
    }
}
