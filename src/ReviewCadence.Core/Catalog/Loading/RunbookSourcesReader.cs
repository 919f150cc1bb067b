using YamlDotNet.RepresentationModel;

namespace ReviewCadence.Catalog.Loading;

/// <summary>
/// Reads a runbook's <c>sources</c> list: each entry a source id (the whole page), an absolute URL (the whole page, or
/// with a <c>#fragment</c> the section whose heading has that id), or a mapping <c>{source, section, claims}</c>.
/// Problems are reported through <paramref name="error"/> with the entry's node, so they carry its line.
/// </summary>
/// <param name="runbookId">For messages.</param>
/// <param name="resolveId">The id of the declared source with this id (the catalog's own string, which its citations then share), or null.</param>
/// <param name="resolveUrl">The source for a cited URL (an existing one with that URL, or a new implicit one).</param>
/// <param name="error">Reports a problem at a node.</param>
internal sealed class RunbookSourcesReader(
    string? runbookId,
    Func<string, string?> resolveId,
    Func<Uri, string> resolveUrl,
    Action<YamlNode, string> error)
{
    public static readonly string[] CitationKeys = ["source", "section", "claims"];

    public List<SourceCitation> Read(YamlNode node)
    {
        var result = new List<SourceCitation>();
        switch (node)
        {
            case YamlScalarNode { Value: null or "" }:
                return result;
            case YamlScalarNode scalar:
                AddReference(result, scalar.Value!.Trim(), scalar);
                return result;
            case YamlSequenceNode sequence:
                foreach (var item in sequence)
                {
                    switch (item)
                    {
                        case YamlScalarNode { Value: { } value } scalar when !string.IsNullOrWhiteSpace(value):
                            AddReference(result, value.Trim(), scalar);
                            break;
                        case YamlMappingNode map:
                            AddMapping(result, map);
                            break;
                        default:
                            error(item, $"runbook '{runbookId}': each entry of 'sources' must be a source id, a URL, or a mapping of {string.Join(", ", CitationKeys)}");
                            break;
                    }
                }
                return result;
            default:
                error(node, $"runbook '{runbookId}': 'sources' must be a list of source ids, URLs or {{source, section, claims}} mappings");
                return result;
        }
    }

    /// <summary>A plain entry: an id or a URL (a URL's fragment names a section).</summary>
    private void AddReference(List<SourceCitation> result, string reference, YamlNode at)
    {
        if (Resolve(reference, at) is not var (sourceId, fragment))
        {
            return;
        }
        Add(result, new SourceCitation
        {
            SourceId = sourceId,
            Section = fragment is null ? null : CitedSection.ByFragment(fragment),
            Line = Line(at),
        });
    }

    private void AddMapping(List<SourceCitation> result, YamlMappingNode map)
    {
        foreach (var key in map.Children.Keys)
        {
            var name = (key as YamlScalarNode)?.Value ?? "";
            if (!CitationKeys.Contains(name))
            {
                error(key, $"unknown key '{name}' in a citation of runbook '{runbookId}'; allowed: {string.Join(", ", CitationKeys)}");
            }
        }

        var sourceNode = Child(map, "source");
        if (sourceNode is not YamlScalarNode { Value: { } sourceText } sourceScalar || string.IsNullOrWhiteSpace(sourceText))
        {
            error(sourceNode ?? map, $"a citation of runbook '{runbookId}' needs 'source': a source id or an absolute URL");
            return;
        }

        CitedSection? section = null;
        var sectionNode = Child(map, "section");
        switch (sectionNode)
        {
            case null:
                break;
            case YamlScalarNode { Value: var value } when string.IsNullOrWhiteSpace(value) || value.Trim() == "#":
                error(sectionNode, $"the 'section' of a citation of runbook '{runbookId}' is empty; give the heading's text (or #id), or leave 'section' out to cite the whole page");
                break;
            case YamlScalarNode { Value: { } value }:
                var trimmed = value.Trim();
                section = trimmed.StartsWith('#') ? CitedSection.ByFragment(trimmed) : CitedSection.ByHeading(trimmed);
                break;
            default:
                error(sectionNode, $"the 'section' of a citation of runbook '{runbookId}' must be one heading text, not a list or mapping");
                break;
        }

        var claims = new List<string>();
        var claimsNode = Child(map, "claims");
        foreach (var (claim, at) in Values(claimsNode, "claims"))
        {
            if (!claim.Any(char.IsLetterOrDigit))
            {
                error(at, $"a claim of runbook '{runbookId}' is empty; write the statement the runbook relies on, or remove it");
            }
            else
            {
                claims.Add(claim.Trim());
            }
        }

        if (Resolve(sourceText.Trim(), sourceScalar) is not var (sourceId, fragment))
        {
            return;
        }
        if (fragment is not null)
        {
            if (section is not null)
            {
                error(sectionNode!, $"a citation of runbook '{runbookId}' names its section twice (the URL's #{fragment} and 'section'); keep one");
                return;
            }
            section = CitedSection.ByFragment(fragment);
        }
        if (claimsNode is not null && section is null && sectionNode is null)
        {
            error(claimsNode, $"the claims of a citation of runbook '{runbookId}' need a 'section' (or a URL #fragment) to be looked for in");
            return;
        }
        if (sectionNode is not null && section is null)
        {
            return; // reported above
        }
        Add(result, new SourceCitation { SourceId = sourceId, Section = section, Claims = claims.Count == 0 ? Array.Empty<string>() : claims, Line = Line(map) });
    }

    /// <summary>The cited source's id and the URL's fragment, if any; null (reported) when it cannot be resolved.</summary>
    private (string SourceId, string? Fragment)? Resolve(string reference, YamlNode at)
    {
        if (reference.Contains("://", StringComparison.Ordinal))
        {
            if (!Uri.TryCreate(reference, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps) || url.Host.Length == 0)
            {
                error(at, $"runbook '{runbookId}' cites '{reference}', which is not an absolute http(s) URL");
                return null;
            }
            var fragment = url.Fragment.Length > 1 ? Uri.UnescapeDataString(url.Fragment[1..]) : null;
            var page = new UriBuilder(url) { Fragment = "" }.Uri;
            return (resolveUrl(page), fragment);
        }
        if (resolveId(reference) is { } sourceId)
        {
            return (sourceId, null);
        }
        error(at, $"runbook '{runbookId}' cites source '{reference}', which is not in 'sources' (give a source id or an absolute URL)");
        return null;
    }

    /// <summary>Adds a citation unless the runbook already cites the same thing.</summary>
    private static void Add(List<SourceCitation> result, SourceCitation citation)
    {
        var duplicate = result.FindIndex(c => c.SourceId == citation.SourceId && c.Section == citation.Section);
        if (duplicate < 0)
        {
            result.Add(citation);
        }
        else if (citation.Claims.Count > 0)
        {
            result[duplicate] = result[duplicate] with { Claims = [.. result[duplicate].Claims.Union(citation.Claims)] };
        }
    }

    private IEnumerable<(string Value, YamlNode At)> Values(YamlNode? node, string key)
    {
        switch (node)
        {
            case null:
                yield break;
            case YamlScalarNode scalar:
                yield return (scalar.Value ?? "", scalar);
                break;
            case YamlSequenceNode sequence:
                foreach (var item in sequence)
                {
                    if (item is YamlScalarNode itemScalar)
                    {
                        yield return (itemScalar.Value ?? "", itemScalar);
                    }
                    else
                    {
                        error(item, $"each entry of '{key}' must be a single value");
                    }
                }
                break;
            default:
                error(node, $"'{key}' must be a value or a list of values");
                break;
        }
    }

    private static YamlNode? Child(YamlMappingNode map, string key) =>
        map.Children.TryGetValue(new YamlScalarNode(key), out var value) ? value : null;

    private static int Line(YamlNode node) => (int)node.Start.Line;
}
