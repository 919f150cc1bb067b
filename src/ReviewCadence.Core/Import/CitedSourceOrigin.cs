namespace ReviewCadence.Import;

/// <summary>Where a cited source's id comes from.</summary>
public enum CitedSourceOrigin
{
    /// <summary>A source declared in the catalog's <c>sources:</c>.</summary>
    Catalog,
    /// <summary>A catalog source that exists only as a URL in some runbook's <c>sources</c>; cite it by URL.</summary>
    CatalogImplicit,
    /// <summary>A URL no catalog source covers: a <see cref="ProposedSource"/> with a generated id.</summary>
    New,
}
