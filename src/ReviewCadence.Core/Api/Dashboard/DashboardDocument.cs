using System.Reflection;
using System.Security.Cryptography;
using System.Text;

namespace ReviewCadence.Api.Dashboard;

/// <summary>
/// The dashboard page as one self-contained response: <c>dashboard.html</c> with <c>dashboard.css</c> and
/// <c>dashboard.js</c> (embedded resources) inlined, so it works wherever a host serves it (<c>/</c> in
/// <c>serve</c>, <c>/api/dashboard</c> in Functions). Its Content-Security-Policy allows exactly those two inline
/// blocks, by their SHA-256 hashes, and nothing from elsewhere.
/// </summary>
internal static class DashboardDocument
{
    private const string StyleMarker = "/*inline:dashboard.css*/";
    private const string ScriptMarker = "/*inline:dashboard.js*/";

    private static readonly Lazy<ApiResponse> Page = new(Build);

    public static ApiResponse Response => Page.Value;

    private static ApiResponse Build()
    {
        var template = ReadResource("dashboard.html");
        var style = ReadResource("dashboard.css");
        var script = ReadResource("dashboard.js");
        // A closing tag inside an inlined block would end it early and turn the rest into markup.
        if (style.Contains("</style", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException("dashboard.css must not contain '</style'");
        }
        if (script.Contains("</script", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException("dashboard.js must not contain '</script'");
        }

        var html = Inline(Inline(template, StyleMarker, style), ScriptMarker, script);
        var policy = string.Join("; ",
            "default-src 'none'",
            $"script-src 'self' '{Sha256(script)}'",
            $"style-src 'self' '{Sha256(style)}'",
            "connect-src 'self'",
            "img-src 'self' data:",
            "base-uri 'none'",
            "form-action 'none'",
            "frame-ancestors 'none'");
        var headers = new Dictionary<string, string>
        {
            ["Content-Security-Policy"] = policy,
            ["X-Content-Type-Options"] = "nosniff",
            ["Referrer-Policy"] = "no-referrer",
            // The page carries no data (that comes from the API); revalidating keeps a deployed fix visible.
            ["Cache-Control"] = "no-cache",
        };
        return new ApiResponse(200, "text/html; charset=utf-8", html) { Headers = headers.AsReadOnly() };
    }

    private static string Inline(string template, string marker, string content)
    {
        var at = template.IndexOf(marker, StringComparison.Ordinal);
        if (at < 0 || template.IndexOf(marker, at + marker.Length, StringComparison.Ordinal) >= 0)
        {
            throw new InvalidOperationException($"dashboard.html must contain '{marker}' exactly once");
        }
        return string.Concat(template.AsSpan(0, at), content, template.AsSpan(at + marker.Length));
    }

    /// <summary>A CSP hash source: <c>sha256-</c> and the base64 SHA-256 of the block's UTF-8 text.</summary>
    private static string Sha256(string content) => "sha256-" + Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(content)));

    private static string ReadResource(string fileName)
    {
        var name = $"ReviewCadence.Api.Dashboard.{fileName}";
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"the dashboard asset {name} is not embedded in {Assembly.GetExecutingAssembly().GetName().Name}");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    }
}
