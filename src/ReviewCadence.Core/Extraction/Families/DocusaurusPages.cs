using AngleSharp.Css.Dom;
using AngleSharp.Dom;

namespace ReviewCadence.Extraction.Families;

/// <summary>
/// Docusaurus sites. Their stable <c>theme-*</c> class names (ThemeClassNames) mark the doc body
/// (<c>.theme-doc-markdown</c>), sidebar, tables of contents, breadcrumbs, edit link, last-updated stamp and pagination.
/// </summary>
internal sealed class DocusaurusPages : IPageFamilyRule
{
    public string Name => "docusaurus";

    public bool Matches(IDocument page) => CssSelectors.QueryFirst(page, Signature) is not null;

    private static readonly ISelector Signature = CssSelectors.Parse(
        "meta[name='generator'][content^='Docusaurus' i], #__docusaurus, .theme-doc-markdown");

    // Docs pages: the markdown body (it holds the title too). Blog posts and plain pages: their article.
    public IReadOnlyList<string> ContentSelectors { get; } = [".theme-doc-markdown", "main article", "main"];

    public IReadOnlyList<string> BoilerplateSelectors { get; } =
    [
        ".theme-layout-navbar", ".navbar", ".theme-layout-footer", ".footer", ".theme-announcement-bar",
        ".theme-doc-sidebar-container", ".theme-doc-breadcrumbs", ".theme-doc-version-badge", ".theme-doc-version-banner",
        ".theme-doc-toc-mobile", ".theme-doc-toc-desktop", ".table-of-contents",
        ".theme-doc-footer-edit-meta-row", ".theme-blog-footer-edit-meta-row", ".theme-pages-footer-edit-meta-row",
        ".theme-edit-this-page", ".theme-last-updated", ".pagination-nav", ".theme-back-to-top-button",
        ".theme-unlisted-banner", ".theme-draft-banner", ".hash-link",
    ];
}
