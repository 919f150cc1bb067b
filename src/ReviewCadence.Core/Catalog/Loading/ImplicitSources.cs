namespace ReviewCadence.Catalog.Loading;

/// <summary>
/// The sources runbooks cite by URL: the first source with that URL, else a new implicit one added to the
/// list. Indexed by URL and id, not scanned per citation: catalogs may cite tens of thousands of sources.
/// </summary>
internal sealed class ImplicitSources(List<SourceDefinition> sources)
{
    private readonly Dictionary<string, SourceDefinition> _byUrl = Index(sources);
    private readonly HashSet<string> _ids = sources.Select(s => s.Id).ToHashSet(StringComparer.Ordinal);

    public SourceDefinition For(Uri url)
    {
        if (_byUrl.TryGetValue(Key(url), out var existing))
        {
            return existing;
        }
        var id = CatalogLoader.ImplicitSourceId(url);
        for (var n = 2; _ids.Contains(id); n++)
        {
            id = $"{CatalogLoader.ImplicitSourceId(url)}-{n}";
        }
        var source = new SourceDefinition { Id = id, Url = url, Implicit = true };
        sources.Add(source);
        _byUrl.Add(Key(url), source);
        _ids.Add(id);
        return source;
    }

    private static Dictionary<string, SourceDefinition> Index(List<SourceDefinition> sources)
    {
        var byUrl = new Dictionary<string, SourceDefinition>(StringComparer.Ordinal);
        foreach (var source in sources)
        {
            byUrl.TryAdd(Key(source.Url), source); // the first with a URL wins, as a scan would find it
        }
        return byUrl;
    }

    /// <summary>
    /// What <see cref="Uri.Equals(object?)"/> compares (all but user info and fragment), as a string: a Uri used as a
    /// key computes and keeps those parts on itself, and the catalog's are held for the whole check.
    /// </summary>
    private static string Key(Uri url) => url.GetComponents(UriComponents.HttpRequestUrl, UriFormat.SafeUnescaped);
}
