namespace ReviewCadence.Catalog;

/// <summary>
/// One entry of a runbook's <c>sources</c>: what the runbook relies on in one source. Without a section it is the
/// whole page (any content change flags the runbook); with one, only that section's content, and the claims in it.
/// </summary>
public sealed record SourceCitation
{
    /// <summary>The cited source's id.</summary>
    public required string SourceId { get; init; }
    /// <summary>The section relied on; null for the whole page.</summary>
    public CitedSection? Section { get; init; }
    /// <summary>Statements the runbook relies on, matched in the section's normalised text (only with a section).</summary>
    public IReadOnlyList<string> Claims { get; init; } = [];
    /// <summary>The catalog line of the entry (0 for citations not read from a file).</summary>
    public int Line { get; init; }

    /// <summary>True when the citation is of the whole page (no section).</summary>
    public bool WholePage => Section is null;
}

/// <summary>A section of a page, named by its heading's text or by the id a URL fragment gives.</summary>
public sealed record CitedSection
{
    private CitedSection(string? heading, string? fragment) => (Heading, Fragment) = (heading, fragment);

    /// <summary>The heading's text as written in the catalog (matched case- and whitespace-insensitively).</summary>
    public string? Heading { get; }
    /// <summary>The element id a URL's <c>#fragment</c> names (without the <c>#</c>).</summary>
    public string? Fragment { get; }

    /// <summary>A section named by its heading's text.</summary>
    public static CitedSection ByHeading(string heading) => new(heading.Trim(), null);
    /// <summary>A section named by a URL fragment (with or without the <c>#</c>).</summary>
    public static CitedSection ByFragment(string fragment) => new(null, fragment.TrimStart('#'));

    /// <summary>How findings name the section: the heading's text, or <c>#fragment</c>.</summary>
    public string Label => Heading ?? "#" + Fragment;

    /// <summary>The <see cref="Label"/>.</summary>
    public override string ToString() => Label;
}
