using System.Text.RegularExpressions;

namespace ReviewCadence.Extraction;

/// <summary>
/// One short sentence saying where a source changed, for findings and reminders: the sections touched (by their
/// nearest preceding heading) and what happened in each, e.g.
/// <c>Volume pricing: section removed; Token-based billing: 1 line changed</c>.
/// </summary>
internal static partial class ChangeSummary
{
    /// <summary>At most this many sections are named; the rest are counted.</summary>
    public const int MaxSections = 3;

    public static string Describe(string beforeText, string afterText)
    {
        var diff = LineDiff.Compute(beforeText, afterText);
        if (diff.Blocks.Count == 0)
            return "No content changes";

        var before = Outline.Of(diff.Before);
        var after = Outline.Of(diff.After);
        var sections = new List<SectionChange>();

        foreach (var block in diff.Blocks)
        {
            var deletedHeadings = Enumerable.Range(block.DeleteStartA, block.DeleteCountA).Where(i => before.IsHeading[i]).ToList();
            var insertedHeadings = Enumerable.Range(block.InsertStartB, block.InsertCountB).Where(i => after.IsHeading[i]).ToList();

            if (deletedHeadings.Count == 1 && insertedHeadings.Count == 1)
            {
                // One heading replaced by another in place: the section was renamed.
                var renamed = Section(sections, before.Section[deletedHeadings[0]]);
                renamed.RenamedTo = after.Section[insertedHeadings[0]];
                Section(sections, renamed.RenamedTo).IsRenameTarget = true;
            }
            else
            {
                foreach (var i in deletedHeadings.Where(i => !after.HeadingNames.Contains(before.Section[i]!)))
                    Section(sections, before.Section[i]).Removed = true;
                foreach (var i in insertedHeadings.Where(i => !before.HeadingNames.Contains(after.Section[i]!)))
                    Section(sections, after.Section[i]).Added = true;
            }

            // Lines are counted per section; a removed line and an added one in the same section are one changed line.
            var removedPerSection = Enumerable.Range(block.DeleteStartA, block.DeleteCountA)
                .Where(i => !before.IsHeading[i]).GroupBy(i => before.Section[i] ?? string.Empty);
            var addedPerSection = Enumerable.Range(block.InsertStartB, block.InsertCountB)
                .Where(i => !after.IsHeading[i]).GroupBy(i => after.Section[i] ?? string.Empty)
                .ToDictionary(g => g.Key, g => g.Count());
            foreach (var group in removedPerSection)
            {
                var section = Section(sections, NullIfEmpty(group.Key));
                var removed = group.Count();
                addedPerSection.TryGetValue(group.Key, out var added);
                var changed = Math.Min(removed, added);
                section.LinesChanged += changed;
                section.LinesRemoved += removed - changed;
                addedPerSection[group.Key] = added - changed;
            }
            foreach (var (name, added) in addedPerSection)
            {
                if (added > 0)
                    Section(sections, NullIfEmpty(name)).LinesAdded += added;
            }
        }

        var described = sections.Where(s => !s.IsRenameTarget || s.LinesTouched > 0).Select(s => s.Describe()).Where(d => d.Length > 0).ToList();
        if (described.Count == 0)
            return "No content changes";
        var sentence = string.Join("; ", described.Take(MaxSections));
        var more = described.Count - MaxSections;
        return more <= 0 ? sentence : $"{sentence}; and {more} more section{(more == 1 ? "" : "s")}";
    }

    private static string? NullIfEmpty(string name) => name.Length == 0 ? null : name;

    private static SectionChange Section(List<SectionChange> sections, string? name)
    {
        var existing = sections.Find(s => s.Name == name);
        if (existing is not null)
            return existing;
        var created = new SectionChange(name);
        sections.Add(created);
        return created;
    }

    private sealed class SectionChange(string? name)
    {
        public string? Name { get; } = name;
        public bool Added { get; set; }
        public bool Removed { get; set; }
        public string? RenamedTo { get; set; }
        public bool IsRenameTarget { get; set; }
        public int LinesAdded { get; set; }
        public int LinesRemoved { get; set; }
        public int LinesChanged { get; set; }
        public int LinesTouched => LinesAdded + LinesRemoved + LinesChanged;

        public string Describe()
        {
            var parts = new List<string>();
            if (Removed)
                parts.Add("section removed");
            else if (Added)
                parts.Add("section added");
            else
            {
                if (RenamedTo is not null)
                    parts.Add($"renamed to \"{RenamedTo}\"");
                if (LinesChanged > 0)
                    parts.Add(Lines(LinesChanged, "changed"));
                if (LinesAdded > 0)
                    parts.Add(Lines(LinesAdded, "added"));
                if (LinesRemoved > 0)
                    parts.Add(Lines(LinesRemoved, "removed"));
            }
            if (parts.Count == 0)
                return string.Empty;
            var what = string.Join(", ", parts);
            return Name is null ? Capitalise(what) : $"{Name}: {what}";
        }

        private static string Lines(int n, string verb) => $"{n} line{(n == 1 ? "" : "s")} {verb}";

        private static string Capitalise(string text) => char.ToUpperInvariant(text[0]) + text[1..];
    }

    /// <summary>For each line of a text: whether it is a heading, and the name of the section it belongs to.</summary>
    private sealed class Outline
    {
        public required bool[] IsHeading { get; init; }
        public required string?[] Section { get; init; }
        public required HashSet<string> HeadingNames { get; init; }

        public static Outline Of(IReadOnlyList<string> lines)
        {
            var isHeading = new bool[lines.Count];
            var section = new string?[lines.Count];
            var names = new HashSet<string>(StringComparer.Ordinal);
            string? current = null;
            var inCode = false;
            for (var i = 0; i < lines.Count; i++)
            {
                var line = lines[i];
                if (Fence().IsMatch(line))
                    inCode = !inCode;
                else if (!inCode && Heading().Match(line) is { Success: true } heading)
                {
                    current = heading.Groups[1].Value.Trim();
                    isHeading[i] = true;
                    names.Add(current);
                }
                section[i] = current;
            }
            return new Outline { IsHeading = isHeading, Section = section, HeadingNames = names };
        }
    }

    // Headings and fences as the extractor writes them (list and quote prefixes allowed before them).
    [GeneratedRegex(@"^[\s>:\-]*#{1,6} (.+)$", RegexOptions.CultureInvariant)]
    private static partial Regex Heading();

    [GeneratedRegex(@"^[\s>:\-]*(?:```|~~~)", RegexOptions.CultureInvariant)]
    private static partial Regex Fence();
}
