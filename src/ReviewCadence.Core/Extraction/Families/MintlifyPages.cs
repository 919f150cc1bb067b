using AngleSharp.Css.Dom;
using AngleSharp.Dom;

namespace ReviewCadence.Extraction.Families;

/// <summary>
/// Mintlify documentation (Next.js). Stable ids: <c>#navbar</c>, <c>#sidebar</c>, <c>#content-area</c> (with
/// <c>#header</c>, the <c>.mdx-content</c> body and <c>#pagination</c>), <c>#content-side-layout</c> (table of contents),
/// <c>#footer</c>, <c>#chat-assistant-sheet</c>.
/// </summary>
internal sealed class MintlifyPages : IPageFamilyRule
{
    public string Name => "mintlify";

    public bool Matches(IDocument page) => CssSelectors.QueryFirst(page, Signature) is not null;

    private static readonly ISelector Signature = CssSelectors.Parse(
        "#content-area, .mdx-content, script[src*='/mintlify-assets/'], link[href*='/mintlify-assets/']");

    // #content-side-layout is the right-hand column beside #content-area: a table of contents (removed below) and, on
    // API pages, the request and response examples, which are content.
    public IReadOnlyList<string> ContentSelectors { get; } = ["#content-area, #content-side-layout", ".mdx-content"];

    public IReadOnlyList<string> BoilerplateSelectors { get; } =
    [
        "#navbar", "#sidebar", "#sidebar-content", "#banner", "#topbar-cta-button", "#search-bar-entry",
        "#table-of-contents", "#table-of-contents-content", "#table-of-contents-layout",
        ".eyebrow", "#page-context-menu", "#pagination", ".feedback-toolbar", "#feedback-form", "[id^='feedback-']",
        ".last-modified", "#last-modified", "#footer", "#chat-assistant-sheet", "#assistant-entry", "#assistant-entry-mobile",
        // Code block toolbars carry UI text ("Report incorrect code" tooltips) that changes with Mintlify, not the page.
        "[data-floating-buttons]", "#code-snippet-feedback-button", "#ask-ai-code-block-button", "#card-link-arrow-icon",
    ];
}
