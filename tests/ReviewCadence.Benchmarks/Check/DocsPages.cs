using System.Globalization;
using System.Text;

namespace ReviewCadence.Benchmarks.Check;

/// <summary>
/// Realistic documentation pages of about 100 KB, rendered on request and never held whole: a Next.js/Mintlify
/// shell (head tags, navbar, a long sidebar, table of contents, footer, several large <c>self.__next_f</c>
/// payload scripts) around real-looking content (headings, prose, tables, code, lists). Large parts are
/// shared byte blocks chosen per page by a seeded generator, so serving a page costs a few small
/// allocations; what differs per page (title, headings, the choice and order of blocks, a revision
/// paragraph) makes every page's content distinct. Deterministic from (seed, page, revision).
/// </summary>
internal sealed class DocsPages
{
    private readonly PageShape _shape;
    private readonly int _seed;
    private readonly byte[] _head;
    private readonly byte[] _shellTop;
    private readonly byte[] _shellBottom;
    private readonly byte[][] _sections;
    private readonly byte[][] _scripts;

    public DocsPages(int seed, PageShape shape)
    {
        _seed = seed;
        _shape = shape;
        var random = new Random(seed);
        _head = Utf8(Head());
        _shellTop = Utf8(ShellTop(random, shape));
        _shellBottom = Utf8(ShellBottom());
        _sections = [.. Enumerable.Range(0, 48).Select(i => Utf8(Section(random, i)))];
        _scripts = [.. Enumerable.Range(0, 16).Select(i => Utf8(NextPayloadScript(random, i, shape.ScriptBytes)))];
    }

    public static string PathOf(int page) => $"/docs/guides/page-{page:D5}";

    public static bool TryParsePath(string path, out int page)
    {
        page = -1;
        const string prefix = "/docs/guides/page-";
        return path.StartsWith(prefix, StringComparison.Ordinal)
            && int.TryParse(path.AsSpan(prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out page);
    }

    /// <summary>The page's parts in order; their lengths sum to the body's length.</summary>
    public IEnumerable<ReadOnlyMemory<byte>> Render(int page, int revision)
    {
        var random = new Random(unchecked(_seed * 1_000_003 + page)); // not HashCode: it is seeded per process
        var title = $"Guide {page}: {Words.Title(random)}";
        yield return Utf8($"<!DOCTYPE html><html lang=\"en\" class=\"dark\" data-page=\"{page}\"><head><meta charset=\"utf-8\"/><title>{title} - Benchmark Docs</title>");
        yield return _head;
        yield return _shellTop;
        yield return Utf8($"<div id=\"content-area\"><header id=\"header\"><div class=\"eyebrow\">Guides</div><h1 id=\"page-title\">{title}</h1></header><div class=\"mdx-content prose\">");
        for (var section = 0; section < _shape.Sections; section++)
        {
            yield return Utf8($"<h2 id=\"section-{section}\">{Words.Title(random)} for guide {page}</h2>");
            if (section == 2 && revision > 0)
                yield return Utf8($"<p>Revision {revision}: requests to guide {page} are limited to {100 + revision * 7} per minute from now on.</p>");
            yield return _sections[random.Next(_sections.Length)];
        }
        yield return Utf8($"</div><div class=\"last-modified\">Last modified on {new DateOnly(2026, 1, 1).AddDays(revision):MMMM d, yyyy}</div>");
        yield return _shellBottom;
        for (var script = 0; script < _shape.Scripts; script++)
            yield return _scripts[random.Next(_scripts.Length)];
        yield return "</body></html>"u8.ToArray();
    }

    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    private static string Head()
    {
        var sb = new StringBuilder();
        sb.Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>");
        for (var i = 0; i < 14; i++)
            sb.Append(CultureInfo.InvariantCulture, $"<link rel=\"preload\" as=\"script\" fetchPriority=\"low\" href=\"/mintlify-assets/_next/static/chunks/{i * 7919:x8}-{i * 104729:x6}.js?dpl=dpl_bench\"/>");
        for (var i = 0; i < 4; i++)
            sb.Append(CultureInfo.InvariantCulture, $"<link rel=\"stylesheet\" href=\"/mintlify-assets/_next/static/css/{i * 31337:x8}.css?dpl=dpl_bench\" data-precedence=\"next\"/>");
        sb.Append("<style>:root{--primary:22 163 74;--primary-light:74 222 128;--background-dark:10 13 13}.prose{max-width:none}</style>");
        sb.Append("<script>(function(){try{var t=localStorage.getItem('theme');document.documentElement.classList.toggle('dark',t!=='light')}catch(e){}})()</script>");
        sb.Append("</head><body class=\"antialiased\">");
        return sb.ToString();
    }

    private static string ShellTop(Random random, PageShape shape)
    {
        var sb = new StringBuilder();
        sb.Append("<div id=\"banner\" class=\"cookie-banner\" role=\"dialog\"><p>We use cookies to improve your experience.</p><button>Accept</button><button>Decline</button></div>");
        sb.Append("<header id=\"navbar\" class=\"sticky top-0\"><nav aria-label=\"Main\"><a href=\"/\" class=\"logo\">Benchmark Docs</a>");
        foreach (var item in new[] { "Guides", "API reference", "Pricing", "Changelog", "Status", "Support" })
            sb.Append(CultureInfo.InvariantCulture, $"<a class=\"nav-link\" href=\"/{item.ToLowerInvariant().Replace(' ', '-')}\">{item}</a>");
        sb.Append("<button id=\"search-bar-entry\" aria-label=\"Search\">Search...<kbd>Ctrl K</kbd></button></nav></header>");
        sb.Append("<div id=\"sidebar\"><div id=\"sidebar-content\" class=\"overflow-y-auto\">");
        for (var group = 0; group < shape.SidebarGroups; group++)
        {
            sb.Append(CultureInfo.InvariantCulture, $"<div class=\"sidebar-group\"><h5 class=\"sidebar-group-header\">{Words.Title(random)}</h5><ul>");
            for (var link = 0; link < shape.LinksPerGroup; link++)
                sb.Append(CultureInfo.InvariantCulture, $"<li><a class=\"group flex items-center pl-4 py-1.5 rounded-xl\" href=\"/docs/guides/page-{group * 14 + link:D5}\"><span class=\"truncate\">{Words.Title(random)}</span></a></li>");
            sb.Append("</ul></div>");
        }
        sb.Append("</div></div><div id=\"content-container\"><div id=\"content-side-layout\">");
        return sb.ToString();
    }

    private static string ShellBottom()
    {
        var sb = new StringBuilder();
        sb.Append("<div class=\"feedback-toolbar\"><span>Was this page helpful?</span><button>Yes</button><button>No</button></div>");
        sb.Append("<div id=\"pagination\"><a href=\"#prev\">Previous</a><a href=\"#next\">Next</a></div>");
        sb.Append("<footer id=\"footer\"><div class=\"socials\"><a href=\"https://x.com/bench\">X</a><a href=\"https://github.com/bench\">GitHub</a></div><p>Powered by Mintlify</p></footer></div>");
        sb.Append("<div id=\"table-of-contents\"><p>On this page</p><ul>");
        for (var i = 0; i < 12; i++)
            sb.Append(CultureInfo.InvariantCulture, $"<li><a href=\"#section-{i}\">Section {i + 1}</a></li>");
        sb.Append("</ul></div></div></div>");
        return sb.ToString();
    }

    private static string Section(Random random, int index)
    {
        var sb = new StringBuilder();
        for (var p = 0; p < 3; p++)
            sb.Append("<p>").Append(Words.Sentence(random, 40)).Append(" See <a href=\"/docs/guides/limits\">the limits</a> and <code>max_tokens</code>. ").Append(Words.Sentence(random, 25)).Append("</p>");
        switch (index % 3)
        {
            case 0:
                sb.Append("<table><thead><tr><th>Model</th><th>Input per 1M</th><th>Output per 1M</th><th>Context</th></tr></thead><tbody>");
                for (var row = 0; row < 8; row++)
                    sb.Append(CultureInfo.InvariantCulture, $"<tr><td>model-{index}-{row}</td><td>{random.Next(5, 500) / 100.0:F2}</td><td>{random.Next(20, 2000) / 100.0:F2}</td><td>{32 << random.Next(0, 4)}k</td></tr>");
                sb.Append("</tbody></table>");
                break;
            case 1:
                sb.Append("<div class=\"code-block\"><div class=\"code-block-header\"><span>request.sh</span><button aria-label=\"Copy\">Copy</button></div><pre class=\"shiki\"><code class=\"language-bash\">");
                for (var line = 0; line < 10; line++)
                    sb.Append(CultureInfo.InvariantCulture, $"<span class=\"line\"><span style=\"color:#6F42C1\">curl</span> <span style=\"color:#032F62\">https://api.example.com/v1/{Words.Word(random)}</span> -d <span style=\"color:#032F62\">'{{\"n\": {random.Next(1000)}}}'</span></span>\n");
                sb.Append("</code></pre></div>");
                break;
            default:
                sb.Append("<ul>");
                for (var item = 0; item < 6; item++)
                    sb.Append("<li>").Append(Words.Sentence(random, 14)).Append("</li>");
                sb.Append("</ul><div class=\"callout\" role=\"note\"><p>").Append(Words.Sentence(random, 20)).Append("</p></div>");
                break;
        }
        return sb.ToString();
    }

    /// <summary>A Next.js flight payload chunk: long escaped JSON-in-a-string, as real pages carry (noise to the checker).</summary>
    private static string NextPayloadScript(Random random, int index, int bytes)
    {
        var sb = new StringBuilder("<script>self.__next_f.push([1,\"");
        sb.Append(CultureInfo.InvariantCulture, $"{index:x}:[\\\"$\\\",\\\"$L1\\\",null,{{\\\"children\\\":[");
        while (sb.Length < bytes)
        {
            sb.Append(CultureInfo.InvariantCulture, $"[\\\"$\\\",\\\"p\\\",\\\"{random.Next():x8}\\\",{{\\\"className\\\":\\\"mt-2\\\",\\\"children\\\":\\\"{Words.Sentence(random, 12)}\\\"}}],");
        }
        sb.Append("]}]\\n\"])</script>");
        return sb.ToString();
    }

    private static class Words
    {
        private static readonly string[] Vocabulary =
        [
            "token", "budget", "request", "limit", "model", "pricing", "billing", "account", "usage", "quota", "latency",
            "endpoint", "stream", "retry", "window", "cache", "context", "output", "input", "invoice", "owner", "review",
            "runbook", "allocation", "unit", "economics", "forecast", "threshold", "alert", "dashboard", "policy", "team",
            "the", "a", "for", "with", "per", "each", "when", "before", "after", "every", "applies", "counts", "returns",
            "charges", "exceeds", "resets", "daily", "monthly", "shared", "reserved", "committed", "effective", "rate",
        ];

        public static string Word(Random random) => Vocabulary[random.Next(Vocabulary.Length)];

        public static string Sentence(Random random, int words)
        {
            var sb = new StringBuilder();
            for (var i = 0; i < words; i++)
            {
                var word = Word(random);
                sb.Append(i == 0 ? char.ToUpperInvariant(word[0]) + word[1..] : word).Append(i == words - 1 ? '.' : ' ');
            }
            return sb.ToString();
        }

        public static string Title(Random random)
        {
            var words = Enumerable.Range(0, random.Next(2, 5)).Select(_ => Word(random)).ToArray();
            words[0] = char.ToUpperInvariant(words[0][0]) + words[0][1..];
            return string.Join(' ', words);
        }
    }
}

/// <summary>
/// How big a generated page is: <see cref="Large"/> (~110 KB: 12 sections, a 168-link sidebar, 5 payload scripts of
/// ~9.5 KB) or <see cref="Medium"/>, the shape of issue #19's side-by-side run (~45 KB: 3 sections, a 40-link
/// sidebar and navbar, 3 payload scripts of ~10 KB: a 30 KB script payload).
/// </summary>
internal sealed record PageShape(string Name, int Sections, int SidebarGroups, int LinksPerGroup, int Scripts, int ScriptBytes)
{
    public static readonly PageShape Large = new("large", 12, 12, 14, 5, 9_500);
    public static readonly PageShape Medium = new("medium", 3, 5, 8, 3, 10_000);

    public static PageShape Parse(string name) => name switch
    {
        "large" => Large,
        "medium" => Medium,
        _ => throw new ArgumentException($"unknown page shape '{name}' (large or medium)"),
    };
}
