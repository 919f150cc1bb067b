using System.Text;
using System.Text.RegularExpressions;
using ReviewCadence.Catalog.Loading;
using YamlDotNet.RepresentationModel;

namespace ReviewCadence.Catalog;

/// <summary>
/// Reads <c>catalog.yaml</c> and validates all of it (schema, ids, references, URLs, regexes, CSS
/// selectors) before anything is fetched. Every problem is reported with file and line.
/// </summary>
public static partial class CatalogLoader
{
    private static readonly string[] TopLevelKeys = ["settings", "reminders", "history", "sources", "owners", "runbooks"];

    /// <summary>
    /// The <c>notify</c> types and the keys each takes (the first key listed is required), as each channel class
    /// declares them with <see cref="NotifyTypeAttribute"/>.
    /// </summary>
    public static IReadOnlyDictionary<string, string[]> ChannelKeys { get; } = NotifyTypeAttribute.Find(typeof(CatalogLoader).Assembly);

    /// <summary>Reads and validates the catalog file at <paramref name="path"/>; a <see cref="CatalogException"/> lists every problem.</summary>
    public static ReviewCatalog Load(string path) => Load(path, cache: null);

    /// <summary>
    /// Reads and validates the catalog file at <paramref name="path"/>, taking it from <paramref name="cache"/> when the
    /// cache holds these very bytes, and keeping it there when it was parsed; a <see cref="CatalogException"/> lists every problem.
    /// </summary>
    internal static ReviewCatalog Load(string path, CatalogCache? cache)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new CatalogException([new CatalogError(path, 0, $"cannot read the catalog: {ex.Message}")]);
        }
        if (cache?.TryRead(bytes, path) is { } kept)
        {
            return kept;
        }
        var catalog = Parse(Decode(bytes), path);
        cache?.Write(bytes, catalog);
        return catalog;
    }

    /// <summary>The file's text as <see cref="File.ReadAllText(string)"/> reads it: UTF-8 unless a byte order mark says otherwise.</summary>
    private static string Decode(byte[] bytes)
    {
        using var reader = new StreamReader(new MemoryStream(bytes), Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        return reader.ReadToEnd();
    }

    /// <summary>Validates catalog text; <paramref name="fileName"/> names it in errors and in <see cref="ReviewCatalog.FilePath"/>.</summary>
    public static ReviewCatalog Parse(string yaml, string fileName)
    {
        var reader = new YamlNodeReader(fileName);
        var catalog = Read(reader, yaml);
        if (reader.Errors.Count > 0 || catalog is null)
        {
            throw new CatalogException(reader.Errors.Count > 0 ? reader.Errors : [new CatalogError(fileName, 0, "the catalog is empty")]);
        }
        return catalog;
    }

    /// <summary>The whole document, one section reader after another: every section is read (and its errors collected) even after an error.</summary>
    private static ReviewCatalog? Read(YamlNodeReader yaml, string text)
    {
        var document = yaml.Load(text, "the catalog is empty; it needs at least 'sources' and 'runbooks'");
        if (document is null)
        {
            return null;
        }
        if (document is not YamlMappingNode root)
        {
            yaml.Error(document, "the catalog must be a mapping with 'settings', 'reminders', 'sources', 'owners' and 'runbooks'");
            return null;
        }

        yaml.CheckKeys(root, TopLevelKeys, "the catalog");
        var settings = CatalogSettingsReader.Read(yaml, YamlNodeReader.Child(root, "settings"));
        var reminders = ReminderPolicyReader.Read(yaml, YamlNodeReader.Child(root, "reminders"));
        var history = HistoryPolicyReader.Read(yaml, YamlNodeReader.Child(root, "history"));
        var sources = SourcesReader.Read(yaml, YamlNodeReader.Child(root, "sources"), settings);
        var owners = OwnersReader.Read(yaml, YamlNodeReader.Child(root, "owners"));
        var runbooks = RunbooksReader.Read(yaml, YamlNodeReader.Child(root, "runbooks"), sources, owners);
        switch (YamlNodeReader.Child(root, "runbooks"))
        {
            case null:
                yaml.Error(root, "the catalog has no 'runbooks' list");
                break;
            case var list when runbooks.Count == 0 && yaml.Errors.Count == 0:
                // Most often a file cut short: loading it would silently check and remind nothing.
                yaml.Error(list, "'runbooks' lists no runbook; a catalog needs at least one");
                break;
        }

        return new ReviewCatalog
        {
            FilePath = yaml.File,
            Settings = settings,
            Reminders = reminders,
            History = history,
            Sources = sources,
            Owners = owners.Select(o => o.Owner).ToList(),
            Runbooks = runbooks,
        };
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9-]*$")]
    internal static partial Regex IdPattern();

    /// <summary>The implicit source id of a URL cited directly by a runbook: a readable slug of host and path.</summary>
    public static string ImplicitSourceId(Uri url)
    {
        var raw = (url.Host + url.AbsolutePath).ToLowerInvariant();
        var slug = NonSlug().Replace(raw, "-").Trim('-');
        if (slug.Length > 60)
        {
            slug = slug[..60].TrimEnd('-');
        }
        return "url-" + slug;
    }

    [GeneratedRegex("[^a-z0-9]+")]
    private static partial Regex NonSlug();
}
