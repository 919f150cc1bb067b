using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace ReviewCadence;

/// <summary>The one JSON shape of the contracts (CLI <c>--json</c>, HTTP API, webhooks): camelCase, ISO dates.</summary>
public static class ReviewCadenceJson
{
    /// <summary>The serializer options of every contract (indented, HTML-safe escaping).</summary>
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        // Page titles and change text come from the internet; the HTML-safe default escaping keeps
        // them inert even if a consumer pastes JSON into a page.
        Encoder = JavaScriptEncoder.Default,
        // Anything not in the compile-time metadata put first (UseCompiledMetadataFirst) is described by reflection.
        TypeInfoResolver = new DefaultJsonTypeInfoResolver(),
    };

    /// <summary>
    /// Puts compile-time metadata ahead of reflection (Api's contract bodies, at module load: the natively compiled CLI
    /// cannot build converters over value types by reflection).
    /// </summary>
    internal static void UseCompiledMetadataFirst(IJsonTypeInfoResolver resolver) => Options.TypeInfoResolverChain.Insert(0, resolver);

    /// <summary><paramref name="value"/> as contract JSON.</summary>
    public static string Serialize<T>(T value) => JsonSerializer.Serialize(value, Options);
}
