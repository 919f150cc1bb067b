using System.Text.RegularExpressions;

namespace ReviewCadence.Import;

/// <summary>The follow-up owner: a <c>follow_up_owner:</c> field (also <c>Follow-up owner:</c>, a two-cell table row).</summary>
internal static partial class FollowUpOwnerField
{
    [GeneratedRegex(@"^[\s#>*_|+-]*follow[\s_-]*up[\s_-]*owner[*_\s]*[:=|][*_\s]*(?<value>[^|]*)", RegexOptions.IgnoreCase)]
    private static partial Regex Field();

    [GeneratedRegex(@"^[a-z0-9][a-z0-9-]*$")]
    private static partial Regex OwnerId();

    private static readonly HashSet<string> PlaceholderWords = new(StringComparer.OrdinalIgnoreCase)
    {
        "n/a", "na", "none", "null", "nil", "unknown", "unassigned", "owner", "someone", "-", "?", "...", "…",
    };

    private static readonly string[] PlaceholderParts = ["placeholder", "example", "todo", "tbd", "tba", "tbc", "changeme", "your-", "your_"];

    /// <summary>The owner id, or null (with a note) when there is none or only a placeholder.</summary>
    public static string? Find(IReadOnlyList<string> lines, List<string> notes)
    {
        var values = lines.Select(l => Field().Match(l)).Where(m => m.Success)
            .Select(m => Clean(m.Groups["value"].Value)).Where(v => v.Length > 0).ToList();
        if (values.Count == 0)
        {
            notes.Add("no follow_up_owner field: no owner yet.");
            return null;
        }

        var real = values.Where(v => !IsPlaceholder(v)).Distinct(StringComparer.Ordinal).ToList();
        if (real.Count == 0)
        {
            notes.Add($"follow_up_owner is a placeholder ('{values[0]}'): no owner yet.");
            return null;
        }
        if (real.Count > 1)
            notes.Add($"several follow_up_owner values ({string.Join(", ", real)}); used the first.");

        var owner = real[0];
        if (OwnerId().IsMatch(owner))
            return owner;
        var id = Slug.Of(owner);
        if (id.Length == 0)
        {
            notes.Add($"follow_up_owner '{owner}' cannot be made into an owner id: no owner yet.");
            return null;
        }
        notes.Add($"follow_up_owner '{owner}' is not an owner id; proposed '{id}'.");
        return id;
    }

    /// <summary>Values that stand for "someone, later": the seeds' role-placeholder, placeholder_owner, example-owner, &lt;owner&gt;, TBD.</summary>
    internal static bool IsPlaceholder(string value)
    {
        var lower = value.ToLowerInvariant();
        return PlaceholderWords.Contains(lower)
            || PlaceholderParts.Any(p => lower.Contains(p, StringComparison.Ordinal))
            || lower.Trim('x').Length == 0
            || value.Length >= 2 && (value[0], value[^1]) is ('<', '>') or ('{', '}') or ('[', ']') or ('$', '}');
    }

    private static string Clean(string value) =>
        MarkdownInline.CollapseWhitespace(value).Trim('`', '"', '\'', '“', '”', '*').TrimEnd('.', ',', ';').Trim();
}
