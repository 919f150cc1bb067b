using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using ReviewCadence.Extraction;
using YamlDotNet.RepresentationModel;

namespace ReviewCadence.Catalog.Loading;

/// <summary>Reads the catalog's <c>sources:</c> list: ids, URLs, and the extraction rules (selectors, ignore patterns) checked now, not at fetch time.</summary>
internal static class SourcesReader
{
    private static readonly string[] Keys = ["id", "url", "title", "select", "exclude", "ignore", "render"];

    public static List<SourceDefinition> Read(YamlNodeReader yaml, YamlNode? node, CatalogSettings settings)
    {
        var result = new List<SourceDefinition>();
        var taken = new HashSet<string>(StringComparer.Ordinal);
        foreach (var map in yaml.Items(node, "sources"))
        {
            yaml.CheckKeys(map, Keys, "a source");
            var id = yaml.Id(map, "source", taken);
            var url = yaml.HttpUrl(map, "url", required: true);
            var select = yaml.Strings(map, "select");
            var exclude = yaml.Strings(map, "exclude");
            foreach (var (selector, at) in select.Concat(exclude))
            {
                CheckSelector(yaml, selector, at);
            }
            var ignore = new List<Regex>();
            foreach (var (pattern, at) in yaml.Strings(map, "ignore"))
            {
                try
                {
                    ignore.Add(new Regex(pattern, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1)));
                }
                catch (ArgumentException ex)
                {
                    yaml.Error(at, $"'ignore' pattern '{pattern}' is not a valid regular expression: {ex.Message}");
                }
            }
            var render = ReadRender(yaml, map, settings);
            if (id is not null && url is not null)
            {
                result.Add(new SourceDefinition
                {
                    Id = id,
                    Url = url,
                    Title = yaml.Str(map, "title"),
                    // Most sources select, exclude and ignore nothing: no empty list of their own (a run holds the catalog whole).
                    Select = select.Count == 0 ? Array.Empty<string>() : select.Select(s => s.Value).ToList(),
                    Exclude = exclude.Count == 0 ? Array.Empty<string>() : exclude.Select(s => s.Value).ToList(),
                    Ignore = ignore.Count == 0 ? Array.Empty<Regex>() : ignore,
                    Render = render,
                });
            }
        }
        return result;
    }

    private static SourceRender ReadRender(YamlNodeReader yaml, YamlMappingNode map, CatalogSettings settings)
    {
        switch (yaml.Str(map, "render"))
        {
            case null or "http":
                return SourceRender.Http;
            case "browser":
                if (!RuntimeFeature.IsDynamicCodeSupported)
                {
                    // The published CLI is compiled ahead of time (Native AOT); Playwright walks its callers' stack
                    // through reflection metadata such a build does not keep, so it cannot drive a browser there.
                    yaml.Error(YamlNodeReader.Child(map, "render"),
                        "'render: browser' is not available in this reviewcadence (a natively compiled build): run the .NET tool (dotnet tool install reviewcadence), or publish with -p:PublishAot=false");
                }
                else if (!settings.Browser.IsConfigured)
                {
                    yaml.Error(YamlNodeReader.Child(map, "render"),
                        "'render: browser' needs a browser: set 'settings.browser.executablePath' (e.g. /usr/bin/chromium) or 'settings.browser.endpoint'");
                }
                return SourceRender.Browser;
            case var other:
                yaml.Error(YamlNodeReader.Child(map, "render"), $"'render' must be 'http' or 'browser', not '{other}'");
                return SourceRender.Http;
        }
    }

    /// <summary>Validated by the extractor's own parser, so what loads is what extraction can use.</summary>
    private static void CheckSelector(YamlNodeReader yaml, string selector, YamlNode at)
    {
        if (!CssSelectors.TryValidate(selector, out var error))
        {
            yaml.Error(at, error!);
        }
    }
}
