using AngleSharp.Css.Dom;
using AngleSharp.Dom;

namespace ReviewCadence.Extraction.Families;

/// <summary>
/// WordPress sites (classic and block themes, common plugins): the post or page <c>article</c>, or <c>main</c>;
/// mega-menus, event banners, breadcrumbs, "On this page" boxes, sharing, related posts, comments and cookie notices.
/// </summary>
internal sealed class WordPressPages : IPageFamilyRule
{
    public string Name => "wordpress";

    public bool Matches(IDocument page) => CssSelectors.QueryFirst(page, Signature) is not null;

    private static readonly ISelector Signature = CssSelectors.Parse(
        "meta[name='generator'][content^='WordPress' i], link[href*='/wp-content/'], script[src*='/wp-content/'], " +
        "script[src*='/wp-includes/'], link[rel='https://api.w.org/'], body[class*='page-id-'], body[class*='postid-']");

    // post_class() puts id="post-N" on the entry; archive pages have several, all of them content.
    public IReadOnlyList<string> ContentSelectors { get; } =
        ["article[id^='post-']", "main article", "main", "[role='main']", "#content", ".site-content", ".entry-content"];

    public IReadOnlyList<string> BoilerplateSelectors { get; } =
    [
        ".site-header", ".site-footer", ".mega-menu", ".event-banner", ".widget-area", "#secondary",
        ".breadcrumb", ".breadcrumbs", "#breadcrumbs", ".rank-math-breadcrumb", ".yoast-breadcrumbs",
        ".on-this-page", "#ez-toc-container", ".ez-toc-container", ".lwptoc", ".wp-block-rank-math-toc-block",
        ".entry-meta", ".posted-on", ".byline", ".entry-footer",
        ".post-navigation", ".posts-navigation", ".nav-links", ".wp-block-post-navigation-link", ".wp-block-query-pagination",
        ".wp-block-latest-posts", ".wp-block-rss", ".sharedaddy", ".sd-sharing-enabled", ".jp-relatedposts", ".addtoany_share_save_container", ".a2a_kit", ".yarpp-related",
        "#comments", ".comments-area", "#respond", ".comment-respond", ".wp-block-comments", ".wp-block-post-comments",
        "#cookie-notice", "#cookie-law-info-bar", ".cky-consent-container", "#moove_gdpr_cookie_info_bar", ".cmplz-cookiebanner",
        ".screen-reader-text", ".skip-link",
    ];
}
