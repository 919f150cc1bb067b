namespace ReviewCadence;

/// <summary>Host configuration (section <c>ReviewCadence</c>): where the catalog and the state live.</summary>
internal sealed class ReviewCadenceOptions
{
    public const string SectionName = "ReviewCadence";

    /// <summary>Path of <c>catalog.yaml</c>; relative paths are resolved against the working directory.</summary>
    public string CatalogPath { get; set; } = "catalog.yaml";

    /// <summary>A SQLite file path, an Azure Storage connection string, or a table endpoint URI. A secret: never log it.</summary>
    public string Store { get; set; } = Path.Combine(".reviewcadence", "state.db");

    /// <summary>
    /// Keeps the last catalog that validated beside a SQLite <see cref="Store"/> (<c>STORE.catalog-cache</c>, see
    /// <see cref="Catalog.CatalogCache"/>), or for a Table store in the user's cache folder, and reads it instead of the
    /// YAML while the file's bytes are the same. The CLI
    /// turns it on: each of its commands is a new process that would parse the catalog again.
    /// </summary>
    public bool CatalogCache { get; set; }
}
