using System.Globalization;
using YamlDotNet.RepresentationModel;

namespace ReviewCadence.Catalog.Loading;

/// <summary>
/// Reads the catalog's <c>runbooks:</c> list: each runbook's owner (an owners[] id), cadence, seed review date, and the
/// sources it cites, by id or by URL (a URL no source has becomes an implicit source, added to <paramref name="sources"/>).
/// </summary>
internal static class RunbooksReader
{
    private static readonly string[] Keys = ["id", "title", "owner", "cadenceDays", "lastReviewed", "document", "sources"];

    public static List<RunbookDefinition> Read(YamlNodeReader yaml, YamlNode? node, List<SourceDefinition> sources, List<(OwnerDefinition Owner, YamlMappingNode Node)> owners)
    {
        var result = new List<RunbookDefinition>();
        var taken = new HashSet<string>(StringComparer.Ordinal);
        // A set, not a scan per citation: catalogs may cite tens of thousands of sources.
        var declared = sources.Where(s => !s.Implicit).Select(s => s.Id).ToHashSet(StringComparer.Ordinal);
        var implicitSources = new ImplicitSources(sources);
        foreach (var map in yaml.Items(node, "runbooks"))
        {
            yaml.CheckKeys(map, Keys, "a runbook");
            var id = yaml.Id(map, "runbook", taken);
            var title = yaml.Str(map, "title");
            if (title is null)
            {
                yaml.Error(map, $"runbook '{id}' needs a 'title'");
            }
            var owner = yaml.Str(map, "owner");
            if (owner is null)
            {
                yaml.Error(map, $"runbook '{id}' needs an 'owner' (an owners[] id)");
            }
            else if (owners.All(o => o.Owner.Id != owner))
            {
                yaml.Error(YamlNodeReader.Child(map, "owner"), $"runbook '{id}' names owner '{owner}', which is not in 'owners'");
            }
            var cadence = yaml.Int(map, "cadenceDays", 1, 3650) ?? 30;
            DateOnly? lastReviewed = null;
            if (yaml.Str(map, "lastReviewed") is { } dateText)
            {
                if (DateOnly.TryParseExact(dateText, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
                {
                    lastReviewed = date;
                }
                else
                {
                    yaml.Error(YamlNodeReader.Child(map, "lastReviewed"), $"'lastReviewed' must be a date like 2026-07-01, not '{dateText}'");
                }
            }
            var sourceIds = ReadCitedSources(yaml, map, id, declared, implicitSources);
            if (id is not null && title is not null && owner is not null)
            {
                result.Add(new RunbookDefinition
                {
                    Id = id,
                    Title = title,
                    Owner = owner,
                    CadenceDays = cadence,
                    LastReviewed = lastReviewed,
                    Document = yaml.Str(map, "document"),
                    SourceIds = sourceIds.Distinct().ToList(),
                });
            }
        }
        return result;
    }

    /// <summary>The runbook's <c>sources:</c>: declared source ids, or absolute URLs read as implicit sources.</summary>
    private static List<string> ReadCitedSources(YamlNodeReader yaml, YamlMappingNode map, string? id, HashSet<string> declared, ImplicitSources implicitSources)
    {
        var sourceIds = new List<string>();
        if (YamlNodeReader.Child(map, "sources") is null)
        {
            yaml.Error(map, $"runbook '{id}' needs 'sources': the source ids or URLs it cites");
        }
        foreach (var (reference, at) in yaml.Strings(map, "sources"))
        {
            if (reference.Contains("://", StringComparison.Ordinal))
            {
                if (!YamlNodeReader.IsHttpUrl(reference, out var url))
                {
                    yaml.Error(at, $"runbook '{id}' cites '{reference}', which is not an absolute http(s) URL");
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
                yaml.Error(at, $"runbook '{id}' cites source '{reference}', which is not in 'sources' (give a source id or an absolute URL)");
            }
        }
        return sourceIds;
    }
}
