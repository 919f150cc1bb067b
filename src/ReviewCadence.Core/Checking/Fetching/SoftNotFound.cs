using System.Text;
using System.Text.RegularExpressions;

namespace ReviewCadence.Checking.Fetching;

/// <summary>
/// Recognises "not found" pages served with a success status: by their title or first heading
/// (called by the check pipeline after extraction) and by where a deep link was redirected.
/// </summary>
internal static partial class SoftNotFound
{
    /// <summary>
    /// True when the title (one of its " | "/" - " separated parts) or the first heading says little
    /// more than "not found": "404 Not Found", "Page not found | Docs", "Oops! That page can't be found.".
    /// A page about not-found errors ("Handling 404 errors in the API") is not one.
    /// </summary>
    public static bool LooksLikeNotFound(string? title, string? firstHeading) =>
        TitleSegments(title).Any(IsDominatedByNotFound) || IsDominatedByNotFound(firstHeading ?? "");

    /// <summary>
    /// A page whose title says "not found" (<see cref="LooksLikeNotFound"/>) and that has little else to say. A
    /// reference page about the status code ("404 Not Found - HTTP | MDN") has the same title and pages of text; a
    /// not-found page has a sentence and some links.
    /// </summary>
    public static bool LooksLikeNotFoundPage(string? title, string text) =>
        LooksLikeNotFound(title, null) && CountLetters(text, stopAt: NotFoundPageMaxLetters) < NotFoundPageMaxLetters;

    // Several paragraphs: more than the longest not-found page (message, search box, suggested links) says.
    private const int NotFoundPageMaxLetters = 2_500;

    private static int CountLetters(string text, int stopAt)
    {
        var letters = 0;
        foreach (var c in text)
        {
            if (char.IsLetterOrDigit(c) && ++letters >= stopAt)
                break;
        }
        return letters;
    }

    /// <summary>True for a deep path (at least one segment that is not a locale).</summary>
    internal static bool IsDeepLink(Uri url) => !IsHomePath(url.AbsolutePath);

    /// <summary>True when <paramref name="target"/> is the home page of <paramref name="source"/>'s site ("/", "/en/", "/index.html").</summary>
    internal static bool IsSiteHome(Uri target, Uri source) =>
        SameSite(target, source) && IsHomePath(target.AbsolutePath);

    /// <summary>True when <paramref name="target"/> looks like a sign-in page, by its address or its form.</summary>
    internal static bool IsLoginPage(Uri target, ReadOnlySpan<byte> body) =>
        LoginPath().IsMatch(target.AbsolutePath)
        || LoginHostLabels.Contains(target.IdnHost.Split('.')[0])
        || PasswordInput().IsMatch(Encoding.Latin1.GetString(body[..Math.Min(body.Length, 256 * 1024)]));

    private static readonly HashSet<string> LoginHostLabels = new(StringComparer.OrdinalIgnoreCase) { "login", "signin", "auth", "sso" };

    private static readonly HashSet<string> Filler = new(StringComparer.Ordinal)
    {
        "a", "an", "the", "this", "that", "it", "is", "was", "has", "been", "be", "we", "you", "you're", "youre",
        "are", "looking", "for", "sorry", "oops", "whoops", "uh", "oh", "hmm", "error", "page", "requested",
        "here", "anymore", "any", "more", "longer", "seems", "looks", "like", "to", "of",
    };

    private static IEnumerable<string> TitleSegments(string? title) =>
        string.IsNullOrWhiteSpace(title) ? [] : TitleSeparator().Split(title);

    private static bool IsDominatedByNotFound(string text)
    {
        var lower = text.Trim().ToLowerInvariant().Replace('’', '\'');
        if (!NotFoundPhrase().IsMatch(lower))
            return false;
        var rest = NotFoundPhrase().Replace(lower, " ");
        // Left-over numbers ("Error 404 (Not Found)!!1") and filler words do not make it a page about something else.
        return Words().Matches(rest).All(word => Filler.Contains(word.Value) || word.Value.All(char.IsAsciiDigit));
    }

    private static bool IsHomePath(string path)
    {
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        return segments.Length == 0
            || (segments.Length == 1 && (Locale().IsMatch(segments[0]) || IndexPage().IsMatch(segments[0])))
            || (segments.Length == 2 && Locale().IsMatch(segments[0]) && IndexPage().IsMatch(segments[1]));
    }

    private static bool SameSite(Uri a, Uri b) =>
        string.Equals(UrlComparer.WithoutWww(a.IdnHost), UrlComparer.WithoutWww(b.IdnHost), StringComparison.OrdinalIgnoreCase);

    [GeneratedRegex(@"\s+(?:\||-|–|—|·|::|»)\s+")]
    private static partial Regex TitleSeparator();

    [GeneratedRegex(@"\b404\b|\bnot found\b|\b(?:does not|doesn't) exist\b|\bno longer available\b|\b(?:can't|cannot|could not|couldn't) (?:be found|find)\b")]
    private static partial Regex NotFoundPhrase();

    [GeneratedRegex(@"[\p{L}\p{N}]+(?:'\p{L}+)?")]
    private static partial Regex Words();

    [GeneratedRegex(@"^[a-z]{2}(?:[-_][a-z]{2,4})?$", RegexOptions.IgnoreCase)]
    private static partial Regex Locale();

    [GeneratedRegex(@"^(?:index|default|home)\.(?:html?|php|aspx?)$", RegexOptions.IgnoreCase)]
    private static partial Regex IndexPage();

    [GeneratedRegex(@"(?:^|/)(?:log-?in|sign-?in|sign_in|auth|oauth2?|sso|authorize|authenticate)(?:/|\.|$)", RegexOptions.IgnoreCase)]
    private static partial Regex LoginPath();

    [GeneratedRegex(@"<input\b[^>]*\btype\s*=\s*[""']?password\b", RegexOptions.IgnoreCase)]
    private static partial Regex PasswordInput();
}
