namespace ReviewCadence.Storage;

/// <summary>
/// What a finding says about a cited section: which one, whether it is gone, the claims no longer found in it, and its
/// change quoted (bounded lines removed and added). Kept with the citation's finding.
/// </summary>
public sealed record SectionFinding
{
    /// <summary>The section as the catalog names it: the heading's text, or <c>#fragment</c>.</summary>
    public required string Section { get; init; }
    /// <summary>True when the page no longer has the section (heading renamed or removed, fragment gone).</summary>
    public bool Missing { get; init; }
    /// <summary>The cited claims no longer found in the section.</summary>
    public IReadOnlyList<string> Claims { get; init; } = [];
    /// <summary>Lines of the section as reviewed that are gone (quoted, bounded).</summary>
    public IReadOnlyList<string> Removed { get; init; } = [];
    /// <summary>Lines of the section now that were not there (quoted, bounded).</summary>
    public IReadOnlyList<string> Added { get; init; } = [];
    /// <summary>When the section is missing: the page's headings now (bounded).</summary>
    public IReadOnlyList<string> Headings { get; init; } = [];

    /// <summary>Equal when every part is equal, lists compared item by item (a record compares lists by reference).</summary>
    public bool Equals(SectionFinding? other) =>
        other is not null && Section == other.Section && Missing == other.Missing
        && Claims.SequenceEqual(other.Claims) && Removed.SequenceEqual(other.Removed)
        && Added.SequenceEqual(other.Added) && Headings.SequenceEqual(other.Headings);

    /// <summary>A hash consistent with <see cref="Equals(SectionFinding?)"/>.</summary>
    public override int GetHashCode() => HashCode.Combine(Section, Missing, Claims.Count, Removed.Count, Added.Count);
}
