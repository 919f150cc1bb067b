using System.Globalization;
using System.Text;

namespace ReviewCadence.Benchmarks;

/// <summary>
/// A large Mintlify-style documentation page built the way real ones are: navbar, a long sidebar, the content area
/// with headings, prose, tables, lists and highlighted code, a table of contents, and a large Next.js payload script.
/// Deterministic, so runs compare.
/// </summary>
internal static class LargeDocsPage
{
    public static string Generate(int targetBytes)
    {
        var sb = new StringBuilder(targetBytes + 20_000);
        sb.Append("""
            <!DOCTYPE html><html lang="en" class="inter_8e04b30f-module__CYM0aG__variable dark" data-dpl-id="dpl_benchmark">
            <head><meta charset="utf-8"/><title>API reference - Benchmark Docs</title>
            <link rel="stylesheet" href="/mintlify-assets/_next/static/chunks/87fd05a84845c759.css?dpl=dpl_benchmark"/>
            <script src="/mintlify-assets/_next/static/chunks/turbopack-ffb6ed.js?dpl=dpl_benchmark" async=""></script></head>
            <body><header id="navbar"><nav><a href="/docs">Docs</a><a href="/api">API</a><a href="/changelog">Changelog</a></nav></header>
            <div id="sidebar"><div id="sidebar-content"><ul>
            """);
        for (var i = 0; i < 150; i++)
            sb.Append(CultureInfo.InvariantCulture, $"<li><a class=\"group flex items-center\" href=\"/reference/endpoint-{i}\"><span>Endpoint {i}</span></a></li>");
        sb.Append("""</ul></div></div><div id="content-container"><div id="content-side-layout"><div id="content-area"><header id="header"><div class="eyebrow">Reference</div><h1 id="page-title">API reference</h1></header><div class="mdx-content prose">""");

        var section = 0;
        var bodyTarget = targetBytes * 3 / 4;
        while (sb.Length < bodyTarget)
        {
            section++;
            sb.Append(CultureInfo.InvariantCulture, $"""
                <h2 id="_R_{section:x}_" class="group flex"><span class="cursor-pointer">Endpoint group {section}</span></h2>
                <p>Requests to group {section} are billed per token. The <code>model</code> parameter selects the rate; see the <a href="/pricing?utm_source=docs">pricing table</a> for current multipliers and <strong>limits</strong>.</p>
                <table><thead><tr><th>Model</th><th>Input</th><th>Output</th><th>Context</th></tr></thead><tbody>
                """);
            for (var row = 0; row < 6; row++)
                sb.Append(CultureInfo.InvariantCulture, $"<tr><td>model-{section}-{row}</td><td>{row * 0.25 + 0.5:F2}</td><td>{row * 1.5 + 2:F2}</td><td>{128 * (row + 1)}k</td></tr>");
            sb.Append("</tbody></table><ul>");
            for (var item = 0; item < 4; item++)
                sb.Append(CultureInfo.InvariantCulture, $"<li>Rule {item} of group {section}: requests over the limit return <code>429</code> and are not billed.</li>");
            sb.Append(CultureInfo.InvariantCulture, $$"""
                </ul><div class="code-block"><div class="code-block-header"><span>request.sh</span><button aria-label="Copy">Copy</button></div><pre class="shiki"><code class="language-bash"><span class="line"><span style="color:#6F42C1">curl</span> https://api.example.com/v1/group-{{section}} \</span>
                <span class="line">  -H <span style="color:#032F62">"Authorization: Bearer $TOKEN"</span> \</span>
                <span class="line">  -d <span style="color:#032F62">'{"model": "model-{{section}}-0", "max_tokens": 512}'</span></span></code></pre></div>
                <div class="callout" role="note"><p>Group {{section}} is available in every region.</p></div>
                """);
        }
        sb.Append("""</div><div class="last-modified">Last modified on July 13, 2026</div><div class="feedback-toolbar"><span>Was this page helpful?</span><button>Yes</button><button>No</button></div><div id="pagination"><a href="/next">Next</a></div><footer id="footer">Powered by Mintlify</footer></div><div id="table-of-contents"><ul>""");
        for (var i = 1; i <= section; i++)
            sb.Append(CultureInfo.InvariantCulture, $"<li><a href=\"#_R_{i:x}_\">Endpoint group {i}</a></li>");
        sb.Append("</ul></div></div></div><script>self.__next_f.push([1,\"");
        var payload = 0;
        while (sb.Length < targetBytes - 40)
            sb.Append(CultureInfo.InvariantCulture, $"{payload++:x8}");
        sb.Append("\"])</script></body></html>");
        return sb.ToString();
    }
}
