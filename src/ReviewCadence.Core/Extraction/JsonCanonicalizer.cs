using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace ReviewCadence.Extraction;

/// <summary>
/// JSON written canonically: object keys sorted (ordinal), indented one value per line, strings unescaped where
/// JSON allows, so key order, whitespace and escaping never make two equal documents differ, and diffs read well.
/// </summary>
internal static class JsonCanonicalizer
{
    private static readonly JsonDocumentOptions ReadOptions = new()
    {
        AllowTrailingCommas = true,
        CommentHandling = JsonCommentHandling.Skip,
        MaxDepth = 256,
    };

    private static readonly JsonWriterOptions WriteOptions = new()
    {
        Indented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        MaxDepth = 256,
        NewLine = "\n",
    };

    /// <summary>The canonical text, or null when the body is not JSON.</summary>
    public static string? TryCanonicalize(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json, ReadOptions);
            using var buffer = new MemoryStream();
            using (var writer = new Utf8JsonWriter(buffer, WriteOptions))
                Write(document.RootElement, writer);
            return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static void Write(JsonElement element, Utf8JsonWriter writer)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                writer.WriteStartObject();
                // Stable sort: duplicate keys keep their order.
                foreach (var property in element.EnumerateObject().OrderBy(p => p.Name, StringComparer.Ordinal))
                {
                    writer.WritePropertyName(property.Name);
                    Write(property.Value, writer);
                }
                writer.WriteEndObject();
                break;
            case JsonValueKind.Array:
                writer.WriteStartArray();
                foreach (var item in element.EnumerateArray())
                    Write(item, writer);
                writer.WriteEndArray();
                break;
            default:
                element.WriteTo(writer);
                break;
        }
    }
}
