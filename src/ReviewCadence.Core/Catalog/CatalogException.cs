namespace ReviewCadence.Catalog;

/// <summary>One problem in a catalog file, located so the user can fix it.</summary>
public sealed record CatalogError(string File, int Line, string Message)
{
    /// <summary>The error as the CLI prints it: <c>file:line: message</c>.</summary>
    public override string ToString() => Line > 0 ? $"{File}:{Line}: {Message}" : $"{File}: {Message}";
}

/// <summary>The catalog could not be used; <see cref="Errors"/> lists every problem found, not just the first.</summary>
public sealed class CatalogException(IReadOnlyList<CatalogError> errors)
    : Exception(errors.Count == 1 ? errors[0].ToString() : $"{errors.Count} problems in the catalog; first: {errors[0]}")
{
    /// <summary>Every problem found, in file order.</summary>
    public IReadOnlyList<CatalogError> Errors { get; } = errors;
}
