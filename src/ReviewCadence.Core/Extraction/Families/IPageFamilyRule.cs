using AngleSharp.Dom;

namespace ReviewCadence.Extraction.Families;

/// <summary>
/// What one kind of site generator (a documentation framework, a CMS theme) teaches about its pages: how to recognise
/// them, where their main content is, and which of their elements are furniture. Adding a family is adding one class
/// and listing it in <see cref="PageFamilies.BuiltIn"/>; rules true of every site live in the generic rules instead.
/// </summary>
internal interface IPageFamilyRule
{
    /// <summary>A short lowercase name, e.g. <c>mintlify</c>.</summary>
    string Name { get; }

    /// <summary>True when the page was built by this family (a generator tag, a framework's fixed ids or class names).</summary>
    bool Matches(IDocument page);

    /// <summary>CSS selectors of the main content, most specific first: the first one that matches anything is used (all its matches, in page order).</summary>
    IReadOnlyList<string> ContentSelectors { get; }

    /// <summary>CSS selectors of furniture that can sit inside the content region (table of contents, edit links, feedback, pagination).</summary>
    IReadOnlyList<string> BoilerplateSelectors { get; }
}
