namespace ReviewCadence.Catalog;

/// <summary>One problem in a catalog file, located so the user can fix it.</summary>
public sealed record CatalogError(string File, int Line, string Message)
{
    public override string ToString() => Line > 0 ? $"{File}:{Line}: {Message}" : $"{File}: {Message}";
}

/// <summary>The catalog could not be used; <see cref="Errors"/> lists every problem found, not just the first.</summary>
public sealed class CatalogException(IReadOnlyList<CatalogError> errors)
    : Exception(errors.Count == 1 ? errors[0].ToString() : $"{errors.Count} problems in the catalog; first: {errors[0]}")
{
    public IReadOnlyList<CatalogError> Errors { get; } = errors;
}
