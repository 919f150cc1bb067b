using System.Globalization;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace ReviewCadence.Catalog.Loading;

/// <summary>
/// Reads typed values out of one YAML file's nodes. A bad value is recorded in <see cref="Errors"/> with its line and
/// read as absent, so one load reports every problem instead of the first; the section readers build on it.
/// </summary>
internal sealed class YamlNodeReader(string file)
{
    public string File => file;

    public List<CatalogError> Errors { get; } = [];

    public void Error(YamlNode? node, string message) => Errors.Add(new CatalogError(file, node is null ? 0 : (int)node.Start.Line, message));

    public void Error(string message) => Errors.Add(new CatalogError(file, 0, message));

    /// <summary>The first document's root node; null (the error recorded) when the text is not YAML or holds nothing.</summary>
    public YamlNode? Load(string yaml, string emptyMessage)
    {
        var stream = new YamlStream();
        var limits = new YamlLimits(yaml, file);
        try
        {
            stream.Load(limits);
        }
        catch (YamlLimitException ex)
        {
            Errors.Add(ex.Error);
            return null;
        }
        catch (YamlException ex)
        {
            var message = ex.InnerException?.Message ?? ex.Message;
            Errors.Add(new CatalogError(file, (int)ex.Start.Line, $"not valid YAML: {StripLocation(message)}"));
            return null;
        }
        catch (Exception ex) when (IsParserFault(ex))
        {
            Errors.Add(Unreadable(file, limits.Position, yaml));
            return null;
        }
        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is YamlScalarNode { Value: null or "" })
        {
            Error(emptyMessage);
            return null;
        }
        return stream.Documents[0].RootNode;
    }

    /// <summary>
    /// YamlDotNet (16.x) fails on some malformed input with an <see cref="InvalidOperationException"/> from its scanner
    /// or an <see cref="ArgumentException"/> from its node loader instead of a <see cref="YamlException"/> (found by
    /// the catalog fuzz test): still not YAML, to be reported with a line, never passed on as a crash.
    /// </summary>
    private static bool IsParserFault(Exception ex) => ex is InvalidOperationException or ArgumentException;

    /// <summary>The error for text the parser gave up on without saying why: where it stopped, and what to look at.</summary>
    /// <remarks>The scanner may stop past the last line (it read to the end): the error then points at the last line.</remarks>
    private static CatalogError Unreadable(string file, Mark at, string yaml) =>
        new(file, Math.Clamp((int)at.Line, 1, Math.Max(1, yaml.TrimEnd('\n', '\r').Split('\n').Length)),
            "not valid YAML: the parser could not read on from here; check the quotes, brackets and indentation on this line and the ones before it");

    private static string StripLocation(string message)
    {
        // YamlDotNet prefixes "(Line: 3, Col: 5, Idx: 20) - (Line: ...): "; we report the line ourselves.
        var index = message.LastIndexOf("): ", StringComparison.Ordinal);
        return index >= 0 && message.StartsWith('(') ? message[(index + 3)..] : message;
    }

    public void CheckKeys(YamlMappingNode map, string[] allowed, string where)
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

    public static YamlNode? Child(YamlMappingNode map, string key) =>
        map.Children.TryGetValue(new YamlScalarNode(key), out var value) ? value : null;

    public YamlMappingNode? Mapping(YamlNode? node, string name)
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

    public IEnumerable<YamlMappingNode> Items(YamlNode? node, string name)
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

    public string? Str(YamlMappingNode map, string key)
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
    public List<(string Value, YamlNode At)> Strings(YamlMappingNode map, string key)
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

    public bool? Bool(YamlMappingNode map, string key)
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
        Error(Child(map, key), $"'{key}' must be true or false, not '{Printable.Clip(text)}'");
        return null;
    }

    public int? Int(YamlMappingNode map, string key, int min, int max) => (int?)Long(map, key, min, max);

    public long? Long(YamlMappingNode map, string key, long min, long max)
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
        Error(Child(map, key), $"'{key}' must be a whole number from {min} to {max}, not '{Printable.Clip(text)}'");
        return null;
    }

    /// <summary>The entry's id when it is valid and not yet <paramref name="taken"/> (it is then added there).</summary>
    public string? Id(YamlMappingNode map, string what, HashSet<string> taken)
    {
        var id = Str(map, "id");
        if (id is null)
        {
            Error(map, $"a {what} needs an 'id'");
            return null;
        }
        if (!CatalogLoader.IdPattern().IsMatch(id))
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

    public Uri? HttpUrl(YamlMappingNode map, string key, bool required)
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

    public static bool IsHttpUrl(string text, out Uri url)
    {
        if (Uri.TryCreate(text, UriKind.Absolute, out var parsed) && (parsed.Scheme == Uri.UriSchemeHttp || parsed.Scheme == Uri.UriSchemeHttps) && parsed.Host.Length > 0)
        {
            url = parsed;
            return true;
        }
        url = null!;
        return false;
    }
}
