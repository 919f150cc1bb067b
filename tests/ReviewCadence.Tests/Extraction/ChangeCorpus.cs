using System.Text.Json;
using System.Text.Json.Serialization;

namespace ReviewCadence.Tests.Extraction;

/// <summary>A labelled before/after pair from <c>Fixtures/change-corpus*/cases.json</c>.</summary>
internal sealed record ChangeCase
{
    [JsonPropertyName("case")]
    public required string Name { get; init; }
    public required string Platform { get; init; }
    public required string Expected { get; init; }
    public required string What { get; init; }
    /// <summary>Text the change summary must contain (extra corpus); the section the change is in.</summary>
    public string? Mentions { get; init; }
    public string? ContentType { get; init; }
    public string? Url { get; init; }

    public string Directory { get; init; } = "";

    public bool ExpectChanged => Expected switch
    {
        "changed" => true,
        "unchanged" => false,
        _ => throw new InvalidDataException($"{Name}: expected must be changed or unchanged, not '{Expected}'"),
    };

    public string FilePath(string side)
    {
        var matches = System.IO.Directory.GetFiles(Directory, side + ".*");
        return matches.Length == 1 ? matches[0] : throw new InvalidDataException($"{Name}: expected one {side}.* file, found {matches.Length}");
    }

    /// <summary>The content type the pair is served with: given, or by file extension.</summary>
    public string ContentTypeFor(string path) => ContentType ?? Path.GetExtension(path) switch
    {
        ".html" => "text/html; charset=utf-8",
        ".md" => "text/markdown; charset=utf-8",
        ".json" => "application/json",
        _ => "text/plain; charset=utf-8",
    };

    public Uri PageUrl => new(Url ?? $"https://{Platform}.example/{Name}");
}

internal static class ChangeCorpus
{
    public static string Root(string corpus) => Path.Combine(AppContext.BaseDirectory, "Fixtures", corpus);

    public static IReadOnlyList<ChangeCase> Load(string corpus)
    {
        var root = Root(corpus);
        var cases = JsonSerializer.Deserialize<List<ChangeCase>>(
            File.ReadAllText(Path.Combine(root, "cases.json")),
            new JsonSerializerOptions { PropertyNameCaseInsensitive = true })
            ?? throw new InvalidDataException($"{corpus}/cases.json is empty");
        return cases.Select(c => c with { Directory = Path.Combine(root, c.Name) }).ToList();
    }

    public static ChangeCase Find(string corpus, string name) => Load(corpus).Single(c => c.Name == name);
}
