using Microsoft.Extensions.Options;

namespace ReviewCadence.Catalog;

/// <summary>
/// Gives the current catalog, re-read when the file changes so a long-running host picks up edits.
/// A catalog that stops validating keeps failing loudly rather than silently using an old copy.
/// </summary>
public sealed class CatalogProvider
{
    private readonly IOptions<ReviewCadenceOptions> options;
    private readonly CatalogCache? cache;

    // Internal: built by AddReviewCadence from the pipeline's internal services (hosts resolve it, never construct it).
    /// <param name="options">The host's options: the catalog's path.</param>
    /// <param name="cache">The parsed copy the host keeps, if it keeps one (<see cref="ReviewCadenceOptions.CatalogCache"/>).</param>
    internal CatalogProvider(
        IOptions<ReviewCadenceOptions> options,
        CatalogCache? cache = null)
    {
        this.options = options;
        this.cache = cache;
    }

    private readonly Lock _gate = new();
    private (DateTime WrittenAt, long Length, ReviewCatalog Catalog)? _cached;

    /// <summary>The catalog file's full path.</summary>
    public string Path => System.IO.Path.GetFullPath(options.Value.CatalogPath);

    /// <summary>The catalog as the file says now: the copy read before while the file is unchanged, else read again (a <see cref="CatalogException"/> when it does not validate).</summary>
    public ReviewCatalog Get()
    {
        var file = new FileInfo(Path);
        if (!file.Exists)
        {
            throw new CatalogException([new CatalogError(options.Value.CatalogPath, 0, "the catalog file does not exist; pass --catalog PATH or create catalog.yaml")]);
        }
        lock (_gate)
        {
            if (_cached is { } cached && cached.WrittenAt == file.LastWriteTimeUtc && cached.Length == file.Length)
            {
                return cached.Catalog;
            }
            var catalog = CatalogLoader.Load(options.Value.CatalogPath, cache);
            _cached = (file.LastWriteTimeUtc, file.Length, catalog);
            return catalog;
        }
    }
}
