using System.Text.Json;
using System.Text.Json.Serialization;

namespace ReviewCadence.Import;

/// <summary>
/// Writes an <see cref="ImportResult"/> as <c>import --json</c>:
/// <c>{"runbooks": [{"id", "title", "lastReviewed", "owner", "document", "sources": [{"id", "url", "accessed", "new"}]}],
/// "warnings": [{"runbook", "file", "message"}], "errors": [{"path", "message"}]}</c>.
/// Beyond the contract: each runbook's <c>document</c>, each source's catalog or proposed <c>id</c> and
/// whether it is <c>new</c> to the catalog, and the per-file <c>errors</c>. Nulls are written, not omitted.
/// </summary>
public static partial class ImportJsonWriter
{
    // Compile-time metadata (ImportJson below): the natively compiled CLI cannot build these records' converters by reflection.
    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
        TypeInfoResolver = ImportJson.Default,
    };

    /// <summary>The result as <c>import --json</c> prints it.</summary>
    public static string Write(ImportResult result)
    {
        var document = new JsonImport(
            result.Runbooks.Select(r => new JsonRunbook(
                r.Id, r.Title, r.LastReviewed, r.Owner, r.Document,
                r.Sources.Select(s => new JsonSource(s.Id, s.Url, s.Accessed, s.Origin == CitedSourceOrigin.New, [.. s.Sections.Select(f => "#" + f)])).ToList())).ToList(),
            result.Warnings.Select(w => new JsonWarning(w.Runbook, w.File, w.Message)).ToList(),
            result.Errors.Select(e => new JsonError(e.Path, e.Message)).ToList());
        return JsonSerializer.Serialize(document, Options);
    }

    private sealed record JsonImport(IReadOnlyList<JsonRunbook> Runbooks, IReadOnlyList<JsonWarning> Warnings, IReadOnlyList<JsonError> Errors);

    private sealed record JsonRunbook(string Id, string Title, DateOnly? LastReviewed, string? Owner, string Document, IReadOnlyList<JsonSource> Sources);

    /// <param name="Sections">The sections cited (<c>#id</c>, from the document's URL fragments); empty: the whole page.</param>
    /// <param name="Id">The catalog or proposed source id.</param>
    /// <param name="Url">The source's URL.</param>
    /// <param name="Accessed">The access date the document gives; null when none.</param>
    /// <param name="New">True when the catalog does not have the source yet.</param>
    private sealed record JsonSource(string Id, string Url, DateOnly? Accessed, bool New, IReadOnlyList<string> Sections);

    private sealed record JsonWarning(string Runbook, string File, string Message);

    private sealed record JsonError(string Path, string Message);

    [JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = true)]
    [JsonSerializable(typeof(JsonImport))]
    private sealed partial class ImportJson : JsonSerializerContext;
}
