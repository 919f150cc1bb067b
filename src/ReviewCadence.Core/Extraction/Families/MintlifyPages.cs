using AngleSharp.Dom;

namespace ReviewCadence.Extraction.Families;

/// <summary>
/// Mintlify documentation (Next.js). Stable ids: <c>#navbar</c>, <c>#sidebar</c>, <c>#content-side-layout</c>,
/// <c>#content-area</c>, <c>#header</c>, <c>#table-of-contents</c>, <c>#pagination</c>, <c>#footer</c>,
/// <c>#chat-assistant-sheet</c>; the page body is <c>.mdx-content</c>.
/// </summary>
public sealed class MintlifyPages : IPageFamilyRule
{
    public string Name => "mintlify";

    public bool Matches(IDocument page) =>
        page.QuerySelector("#content-area, .mdx-content, script[src*='/mintlify-assets/'], link[href*='/mintlify-assets/']") is not null;

    // The side layout also holds API pages' request and response examples, which are content; its table of
    // contents is removed below.
    public IReadOnlyList<string> ContentSelectors { get; } = ["#content-side-layout", "#content-area", ".mdx-content"];

    public IReadOnlyList<string> BoilerplateSelectors { get; } =
    [
        "#navbar", "#sidebar", "#sidebar-content", "#banner", "#topbar-cta-button", "#search-bar-entry",
        "#table-of-contents", "#table-of-contents-content", "#table-of-contents-layout",
        ".eyebrow", "#page-context-menu", "#pagination", ".feedback-toolbar", "#feedback-form", "[id^='feedback-']",
        ".last-modified", "#last-modified", "#footer", "#chat-assistant-sheet", "#assistant-entry", "#assistant-entry-mobile",
    ];
}
