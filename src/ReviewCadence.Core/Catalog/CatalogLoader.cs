using System.Globalization;
using System.Text.RegularExpressions;
using ReviewCadence.Extraction;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace ReviewCadence.Catalog;

/// <summary>
/// Reads <c>catalog.yaml</c> and validates all of it (schema, ids, references, URLs, regexes, CSS
/// selectors) before anything is fetched. Every problem is reported with file and line.
/// </summary>
public static partial class CatalogLoader
{
    private static readonly string[] TopLevelKeys = ["settings", "reminders", "sources", "owners", "runbooks"];
    private static readonly string[] SettingsKeys =
        ["allowPrivateNetworks", "maxConcurrency", "perHostConcurrency", "brokenAfterFailures", "timeoutSeconds", "retries", "maxPageBytes", "userAgent"];
    private static readonly string[] ReminderKeys = ["repeatEveryDays", "dueSoonDays", "escalateAfter"];
    private static readonly string[] SourceKeys = ["id", "url", "title", "select", "exclude", "ignore"];
    private static readonly string[] OwnerKeys = ["id", "notify", "escalateTo"];
    private static readonly string[] RunbookKeys = ["id", "title", "owner", "cadenceDays", "lastReviewed", "document", "sources"];

    /// <summary>The channel types and the keys each takes; the first key listed is required.</summary>
    public static IReadOnlyDictionary<string, string[]> ChannelKeys { get; } = new Dictionary<string, string[]>
    {
        ["teams"] = ["url"],
        ["slack"] = ["url"],
        ["email"] = ["to"],
        ["webhook"] = ["url", "secret"],
    };

    public static ReviewCatalog Load(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new CatalogException([new CatalogError(path, 0, $"cannot read the catalog: {ex.Message}")]);
        }
        return Parse(text, path);
    }

    public static ReviewCatalog Parse(string yaml, string fileName)
    {
        var reader = new Reader(fileName);
        var catalog = reader.Read(yaml);
        if (reader.Errors.Count > 0 || catalog is null)
        {
            throw new CatalogException(reader.Errors.Count > 0 ? reader.Errors : [new CatalogError(fileName, 0, "the catalog is empty")]);
        }
        return catalog;
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9-]*$")]
    internal static partial Regex IdPattern();

    [GeneratedRegex(@"^\$\{[A-Za-z_][A-Za-z0-9_]*\}$")]
    private static partial Regex SettingReference();

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

    private sealed class Reader(string file)
    {
        public List<CatalogError> Errors { get; } = [];

        private void Error(YamlNode? node, string message) => Errors.Add(new CatalogError(file, node is null ? 0 : (int)node.Start.Line, message));

        public ReviewCatalog? Read(string yaml)
        {
            var stream = new YamlStream();
            try
            {
                stream.Load(new StringReader(yaml));
            }
            catch (YamlException ex)
            {
                var message = ex.InnerException?.Message ?? ex.Message;
                Errors.Add(new CatalogError(file, (int)ex.Start.Line, $"not valid YAML: {StripLocation(message)}"));
                return null;
            }
            if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is YamlScalarNode { Value: null or "" })
            {
                Errors.Add(new CatalogError(file, 0, "the catalog is empty; it needs at least 'sources' and 'runbooks'"));
                return null;
            }
            if (stream.Documents[0].RootNode is not YamlMappingNode root)
            {
                Error(stream.Documents[0].RootNode, "the catalog must be a mapping with 'settings', 'reminders', 'sources', 'owners' and 'runbooks'");
                return null;
            }

            CheckKeys(root, TopLevelKeys, "the catalog");
            var settings = ReadSettings(Child(root, "settings"));
            var reminders = ReadReminders(Child(root, "reminders"));
            var sources = ReadSources(Child(root, "sources"));
            var owners = ReadOwners(Child(root, "owners"));
            var runbooks = ReadRunbooks(Child(root, "runbooks"), sources, owners);
            if (Child(root, "runbooks") is null)
            {
                Error(root, "the catalog has no 'runbooks' list");
            }

            return new ReviewCatalog
            {
                FilePath = file,
                Settings = settings,
                Reminders = reminders,
                Sources = sources,
                Owners = owners.Select(o => o.Owner).ToList(),
                Runbooks = runbooks,
            };
        }

        private static string StripLocation(string message)
        {
            // YamlDotNet prefixes "(Line: 3, Col: 5, Idx: 20) - (Line: ...): "; we report the line ourselves.
            var index = message.LastIndexOf("): ", StringComparison.Ordinal);
            return index >= 0 && message.StartsWith('(') ? message[(index + 3)..] : message;
        }

        private CatalogSettings ReadSettings(YamlNode? node)
        {
            var defaults = new CatalogSettings();
            if (Mapping(node, "settings") is not { } map)
            {
                return defaults;
            }
            CheckKeys(map, SettingsKeys, "settings");
            return new CatalogSettings
            {
                AllowPrivateNetworks = Bool(map, "allowPrivateNetworks") ?? defaults.AllowPrivateNetworks,
                MaxConcurrency = Int(map, "maxConcurrency", 1, 1024) ?? defaults.MaxConcurrency,
                PerHostConcurrency = Int(map, "perHostConcurrency", 1, 256) ?? defaults.PerHostConcurrency,
                BrokenAfterFailures = Int(map, "brokenAfterFailures", 1, 1000) ?? defaults.BrokenAfterFailures,
                TimeoutSeconds = Int(map, "timeoutSeconds", 1, 600) ?? defaults.TimeoutSeconds,
                Retries = Int(map, "retries", 0, 10) ?? defaults.Retries,
                MaxPageBytes = Long(map, "maxPageBytes", 1024, 1_000_000_000) ?? defaults.MaxPageBytes,
                UserAgent = Str(map, "userAgent") ?? defaults.UserAgent,
            };
        }

        private ReminderPolicy ReadReminders(YamlNode? node)
        {
            var defaults = new ReminderPolicy();
            if (Mapping(node, "reminders") is not { } map)
            {
                return defaults;
            }
            CheckKeys(map, ReminderKeys, "reminders");
            return new ReminderPolicy
            {
                RepeatEveryDays = Int(map, "repeatEveryDays", 1, 365) ?? defaults.RepeatEveryDays,
                DueSoonDays = Int(map, "dueSoonDays", 0, 365) ?? defaults.DueSoonDays,
                EscalateAfter = Int(map, "escalateAfter", 1, 100) ?? defaults.EscalateAfter,
            };
        }

        private List<SourceDefinition> ReadSources(YamlNode? node)
        {
            var result = new List<SourceDefinition>();
            var taken = new HashSet<string>(StringComparer.Ordinal);
            foreach (var map in Items(node, "sources"))
            {
                CheckKeys(map, SourceKeys, "a source");
                var id = Id(map, "source", taken);
                var url = HttpUrl(map, "url", required: true);
                var select = Strings(map, "select");
                var exclude = Strings(map, "exclude");
                foreach (var (selector, at) in select.Concat(exclude))
                {
                    CheckSelector(selector, at);
                }
                var ignore = new List<Regex>();
                foreach (var (pattern, at) in Strings(map, "ignore"))
                {
                    try
                    {
                        ignore.Add(new Regex(pattern, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1)));
                    }
                    catch (ArgumentException ex)
                    {
                        Error(at, $"'ignore' pattern '{pattern}' is not a valid regular expression: {ex.Message}");
                    }
                }
                if (id is not null && url is not null)
                {
                    result.Add(new SourceDefinition
                    {
                        Id = id,
                        Url = url,
                        Title = Str(map, "title"),
                        Select = select.Select(s => s.Value).ToList(),
                        Exclude = exclude.Select(s => s.Value).ToList(),
                        Ignore = ignore,
                    });
                }
            }
            return result;
        }

        private List<(OwnerDefinition Owner, YamlMappingNode Node)> ReadOwners(YamlNode? node)
        {
            var result = new List<(OwnerDefinition, YamlMappingNode)>();
            var taken = new HashSet<string>(StringComparer.Ordinal);
            foreach (var map in Items(node, "owners"))
            {
                CheckKeys(map, OwnerKeys, "an owner");
                var id = Id(map, "owner", taken);
                var channels = new List<ChannelDefinition>();
                foreach (var channel in Items(Child(map, "notify"), "notify"))
                {
                    if (ReadChannel(channel) is { } definition)
                    {
                        channels.Add(definition);
                    }
                }
                if (id is not null)
                {
                    result.Add((new OwnerDefinition { Id = id, Notify = channels, EscalateTo = Str(map, "escalateTo") }, map));
                }
            }
            foreach (var (owner, map) in result)
            {
                if (owner.EscalateTo is { } target && result.All(o => o.Item1.Id != target))
                {
                    Error(Child(map, "escalateTo"), $"owner '{owner.Id}' escalates to '{target}', which is not an owner in this catalog");
                }
            }
            return result;
        }

        private ChannelDefinition? ReadChannel(YamlMappingNode map)
        {
            var type = Str(map, "type");
            if (type is null)
            {
                Error(map, $"a notify entry needs a 'type': one of {string.Join(", ", ChannelKeys.Keys)}");
                return null;
            }
            if (!ChannelKeys.TryGetValue(type, out var keys))
            {
                Error(Child(map, "type"), $"unknown notify type '{type}'; use one of {string.Join(", ", ChannelKeys.Keys)}");
                return null;
            }
            CheckKeys(map, ["type", .. keys], $"a '{type}' notify entry");
            var settings = new Dictionary<string, string>();
            foreach (var key in keys)
            {
                if (Str(map, key) is { } value)
                {
                    settings[key] = value;
                }
            }
            if (!settings.ContainsKey(keys[0]))
            {
                Error(map, $"a '{type}' notify entry needs '{keys[0]}'");
                return null;
            }
            if (settings.TryGetValue("url", out var url) && !SettingReference().IsMatch(url) && !IsHttpUrl(url, out _))
            {
                // The URL itself may be a secret: never echo it.
                Error(Child(map, "url"), $"the '{type}' url is neither an absolute http(s) URL nor a ${{SETTING}} reference");
            }
            return new ChannelDefinition { Type = type, Settings = settings, Line = (int)map.Start.Line };
        }

        private List<RunbookDefinition> ReadRunbooks(YamlNode? node, List<SourceDefinition> sources, List<(OwnerDefinition Owner, YamlMappingNode Node)> owners)
        {
            var result = new List<RunbookDefinition>();
            var taken = new HashSet<string>(StringComparer.Ordinal);
            // A set, not a scan per citation: catalogs may cite tens of thousands of sources.
            var declared = sources.Where(s => !s.Implicit).Select(s => s.Id).ToHashSet(StringComparer.Ordinal);
            var implicitSources = new ImplicitSources(sources);
            foreach (var map in Items(node, "runbooks"))
            {
                CheckKeys(map, RunbookKeys, "a runbook");
                var id = Id(map, "runbook", taken);
                var title = Str(map, "title");
                if (title is null)
                {
                    Error(map, $"runbook '{id}' needs a 'title'");
                }
                var owner = Str(map, "owner");
                if (owner is null)
                {
                    Error(map, $"runbook '{id}' needs an 'owner' (an owners[] id)");
                }
                else if (owners.All(o => o.Owner.Id != owner))
                {
                    Error(Child(map, "owner"), $"runbook '{id}' names owner '{owner}', which is not in 'owners'");
                }
                var cadence = Int(map, "cadenceDays", 1, 3650) ?? 30;
                DateOnly? lastReviewed = null;
                if (Str(map, "lastReviewed") is { } dateText)
                {
                    if (DateOnly.TryParseExact(dateText, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
                    {
                        lastReviewed = date;
                    }
                    else
                    {
                        Error(Child(map, "lastReviewed"), $"'lastReviewed' must be a date like 2026-07-01, not '{dateText}'");
                    }
                }
                var sourceIds = new List<string>();
                var sourcesNode = Child(map, "sources");
                if (sourcesNode is null)
                {
                    Error(map, $"runbook '{id}' needs 'sources': the source ids or URLs it cites");
                }
                foreach (var (reference, at) in Strings(map, "sources"))
                {
                    if (reference.Contains("://", StringComparison.Ordinal))
                    {
                        if (!IsHttpUrl(reference, out var url))
                        {
                            Error(at, $"runbook '{id}' cites '{reference}', which is not an absolute http(s) URL");
                            continue;
                        }
                        sourceIds.Add(implicitSources.For(url).Id);
                    }
                    else if (declared.Contains(reference))
                    {
                        sourceIds.Add(reference);
                    }
                    else
                    {
                        Error(at, $"runbook '{id}' cites source '{reference}', which is not in 'sources' (give a source id or an absolute URL)");
                    }
                }
                if (id is not null && title is not null && owner is not null)
                {
                    result.Add(new RunbookDefinition
                    {
                        Id = id,
                        Title = title,
                        Owner = owner,
                        CadenceDays = cadence,
                        LastReviewed = lastReviewed,
                        Document = Str(map, "document"),
                        SourceIds = sourceIds.Distinct().ToList(),
                    });
                }
            }
            return result;
        }

        /// <summary>
        /// The sources runbooks cite by URL: the first source with that URL, else a new implicit one added to the
        /// list. Indexed by URL and id, not scanned per citation: catalogs may cite tens of thousands of sources.
        /// </summary>
        private sealed class ImplicitSources(List<SourceDefinition> sources)
        {
            private readonly Dictionary<Uri, SourceDefinition> _byUrl = Index(sources);
            private readonly HashSet<string> _ids = sources.Select(s => s.Id).ToHashSet(StringComparer.Ordinal);

            public SourceDefinition For(Uri url)
            {
                if (_byUrl.TryGetValue(url, out var existing))
                {
                    return existing;
                }
                var id = ImplicitSourceId(url);
                for (var n = 2; _ids.Contains(id); n++)
                {
                    id = $"{ImplicitSourceId(url)}-{n}";
                }
                var source = new SourceDefinition { Id = id, Url = url, Implicit = true };
                sources.Add(source);
                _byUrl.Add(url, source);
                _ids.Add(id);
                return source;
            }

            private static Dictionary<Uri, SourceDefinition> Index(List<SourceDefinition> sources)
            {
                var byUrl = new Dictionary<Uri, SourceDefinition>();
                foreach (var source in sources)
                {
                    byUrl.TryAdd(source.Url, source); // the first with a URL wins, as a scan would find it
                }
                return byUrl;
            }
        }

        /// <summary>Validated by the extractor's own parser, so what loads is what extraction can use.</summary>
        private void CheckSelector(string selector, YamlNode at)
        {
            if (!CssSelectors.TryValidate(selector, out var error))
            {
                Error(at, error!);
            }
        }

        /// <summary>The entry's id when it is valid and not yet <paramref name="taken"/> (it is then added there).</summary>
        private string? Id(YamlMappingNode map, string what, HashSet<string> taken)
        {
            var id = Str(map, "id");
            if (id is null)
            {
                Error(map, $"a {what} needs an 'id'");
                return null;
            }
            if (!IdPattern().IsMatch(id))
            {
                Error(Child(map, "id"), $"{what} id '{id}' must be lowercase letters, digits and dashes, starting with a letter or digit");
                return null;
            }
            if (!taken.Add(id))
            {
                Error(Child(map, "id"), $"duplicate {what} id '{id}'; ids must be unique");
                return null;
            }
            return id;
        }

        private Uri? HttpUrl(YamlMappingNode map, string key, bool required)
        {
            var text = Str(map, key);
            if (text is null)
            {
                if (required)
                {
                    Error(map, $"'{key}' is required");
                }
                return null;
            }
            if (!IsHttpUrl(text, out var url))
            {
                Error(Child(map, key), $"'{text}' is not an absolute http(s) URL");
                return null;
            }
            return url;
        }

        private static bool IsHttpUrl(string text, out Uri url)
        {
            if (Uri.TryCreate(text, UriKind.Absolute, out var parsed) && (parsed.Scheme == Uri.UriSchemeHttp || parsed.Scheme == Uri.UriSchemeHttps) && parsed.Host.Length > 0)
            {
                url = parsed;
                return true;
            }
            url = null!;
            return false;
        }

        private void CheckKeys(YamlMappingNode map, string[] allowed, string where)
        {
            foreach (var key in map.Children.Keys)
            {
                var name = (key as YamlScalarNode)?.Value ?? "";
                if (!allowed.Contains(name))
                {
                    Error(key, $"unknown key '{name}' in {where}; allowed: {string.Join(", ", allowed)}");
                }
            }
        }

        private static YamlNode? Child(YamlMappingNode map, string key) =>
            map.Children.TryGetValue(new YamlScalarNode(key), out var value) ? value : null;

        private YamlMappingNode? Mapping(YamlNode? node, string name)
        {
            switch (node)
            {
                case null:
                case YamlScalarNode { Value: null or "" }:
                    return null;
                case YamlMappingNode map:
                    return map;
                default:
                    Error(node, $"'{name}' must be a mapping of key: value");
                    return null;
            }
        }

        private IEnumerable<YamlMappingNode> Items(YamlNode? node, string name)
        {
            switch (node)
            {
                case null:
                case YamlScalarNode { Value: null or "" }:
                    yield break;
                case YamlSequenceNode sequence:
                    foreach (var item in sequence)
                    {
                        if (item is YamlMappingNode map)
                        {
                            yield return map;
                        }
                        else
                        {
                            Error(item, $"each entry of '{name}' must be a mapping (key: value lines)");
                        }
                    }
                    break;
                default:
                    Error(node, $"'{name}' must be a list");
                    break;
            }
        }

        private string? Str(YamlMappingNode map, string key)
        {
            switch (Child(map, key))
            {
                case null:
                    return null;
                case YamlScalarNode scalar:
                    return string.IsNullOrWhiteSpace(scalar.Value) ? null : scalar.Value.Trim();
                case var other:
                    Error(other, $"'{key}' must be a single value");
                    return null;
            }
        }

        /// <summary>A value that may be written as one string or as a list of strings.</summary>
        private List<(string Value, YamlNode At)> Strings(YamlMappingNode map, string key)
        {
            switch (Child(map, key))
            {
                case null:
                    return [];
                case YamlScalarNode scalar:
                    return string.IsNullOrWhiteSpace(scalar.Value) ? [] : [(scalar.Value.Trim(), scalar)];
                case YamlSequenceNode sequence:
                    var list = new List<(string, YamlNode)>();
                    foreach (var item in sequence)
                    {
                        if (item is YamlScalarNode { Value: { Length: > 0 } value })
                        {
                            list.Add((value.Trim(), item));
                        }
                        else
                        {
                            Error(item, $"each entry of '{key}' must be a single value");
                        }
                    }
                    return list;
                case var other:
                    Error(other, $"'{key}' must be a value or a list of values");
                    return [];
            }
        }

        private bool? Bool(YamlMappingNode map, string key)
        {
            var text = Str(map, key);
            if (text is null)
            {
                return null;
            }
            if (bool.TryParse(text, out var value))
            {
                return value;
            }
            Error(Child(map, key), $"'{key}' must be true or false, not '{text}'");
            return null;
        }

        private int? Int(YamlMappingNode map, string key, int min, int max) => (int?)Long(map, key, min, max);

        private long? Long(YamlMappingNode map, string key, long min, long max)
        {
            var text = Str(map, key);
            if (text is null)
            {
                return null;
            }
            if (long.TryParse(text.Replace("_", ""), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max)
            {
                return value;
            }
            Error(Child(map, key), $"'{key}' must be a whole number from {min} to {max}, not '{text}'");
            return null;
        }
    }
}
