namespace ReviewCadence.Extraction.Families;

/// <summary>The page families known out of the box. The first family whose <see cref="IPageFamilyRule.Matches"/> is true applies.</summary>
internal static class PageFamilies
{
    public static IReadOnlyList<IPageFamilyRule> BuiltIn { get; } =
    [
        new MintlifyPages(),
        new DocusaurusPages(),
        new WordPressPages(),
    ];
}
