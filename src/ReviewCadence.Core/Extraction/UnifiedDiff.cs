using System.Globalization;
using System.Text;

namespace ReviewCadence.Extraction;

/// <summary>Unified diffs of two normalised texts: as the standard text format, or structured for JSON and the dashboard.</summary>
internal static class UnifiedDiff
{
    /// <summary>A standard unified diff (<c>---</c>/<c>+++</c> headers, <c>@@</c> hunks); empty when the texts are equal.</summary>
    public static string Create(string beforeText, string afterText, string fromLabel, string toLabel, int context = 3) =>
        Format(Compute(beforeText, afterText, fromLabel, toLabel, context));

    /// <summary>The same difference as hunks of typed lines.</summary>
    public static DiffResult Compute(string beforeText, string afterText, string fromLabel, string toLabel, int context = 3)
    {
        ArgumentNullException.ThrowIfNull(fromLabel);
        ArgumentNullException.ThrowIfNull(toLabel);
        ArgumentOutOfRangeException.ThrowIfNegative(context);

        var diff = LineDiff.Compute(beforeText, afterText);
        var a = diff.Before;
        var b = diff.After;
        var blocks = diff.Blocks;
        var hunks = new List<DiffHunk>();
        var added = 0;
        var removed = 0;

        var i = 0;
        while (i < blocks.Count)
        {
            // Blocks closer than two contexts apart share a hunk, as in GNU diff.
            var j = i;
            while (j + 1 < blocks.Count && blocks[j + 1].DeleteStartA - (blocks[j].DeleteStartA + blocks[j].DeleteCountA) <= 2 * context)
                j++;

            var first = blocks[i];
            var last = blocks[j];
            var oldStart = Math.Max(0, first.DeleteStartA - context);
            var newStart = first.InsertStartB - (first.DeleteStartA - oldStart);
            var oldEnd = Math.Min(a.Count, last.DeleteStartA + last.DeleteCountA + context);
            var newEnd = last.InsertStartB + last.InsertCountB + (oldEnd - (last.DeleteStartA + last.DeleteCountA));

            var lines = new List<DiffLine>();
            var oldLine = oldStart;
            var newLine = newStart;
            for (var k = i; k <= j; k++)
            {
                var block = blocks[k];
                while (oldLine < block.DeleteStartA)
                    lines.Add(new DiffLine(DiffLineKind.Context, a[oldLine], ++oldLine, ++newLine));
                for (var d = 0; d < block.DeleteCountA; d++)
                    lines.Add(new DiffLine(DiffLineKind.Removed, a[oldLine], ++oldLine, null));
                for (var n = 0; n < block.InsertCountB; n++)
                    lines.Add(new DiffLine(DiffLineKind.Added, b[newLine], null, ++newLine));
                removed += block.DeleteCountA;
                added += block.InsertCountB;
            }
            while (oldLine < oldEnd)
                lines.Add(new DiffLine(DiffLineKind.Context, a[oldLine], ++oldLine, ++newLine));

            var oldCount = oldEnd - oldStart;
            var newCount = newEnd - newStart;
            hunks.Add(new DiffHunk(
                oldCount == 0 ? oldStart : oldStart + 1, oldCount,
                newCount == 0 ? newStart : newStart + 1, newCount,
                lines));
            i = j + 1;
        }

        return new DiffResult(fromLabel, toLabel, added, removed, hunks);
    }

    /// <summary>The unified text of a structured diff; empty when it has no hunks.</summary>
    public static string Format(DiffResult diff)
    {
        ArgumentNullException.ThrowIfNull(diff);
        if (!diff.HasChanges)
            return string.Empty;
        var sb = new StringBuilder();
        sb.Append("--- ").Append(diff.From).Append('\n');
        sb.Append("+++ ").Append(diff.To).Append('\n');
        foreach (var hunk in diff.Hunks)
        {
            sb.Append("@@ -").Append(Range(hunk.OldStart, hunk.OldCount))
                .Append(" +").Append(Range(hunk.NewStart, hunk.NewCount)).Append(" @@\n");
            foreach (var line in hunk.Lines)
            {
                sb.Append(line.Kind switch
                {
                    DiffLineKind.Added => '+',
                    DiffLineKind.Removed => '-',
                    _ => ' ',
                });
                sb.Append(line.Text).Append('\n');
            }
        }
        return sb.ToString();
    }

    // GNU diff leaves out the count when it is 1.
    private static string Range(int start, int count) =>
        count == 1
            ? start.ToString(CultureInfo.InvariantCulture)
            : string.Create(CultureInfo.InvariantCulture, $"{start},{count}");
}
