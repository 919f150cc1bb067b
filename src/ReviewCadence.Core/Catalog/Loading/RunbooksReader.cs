using System.Globalization;
using YamlDotNet.RepresentationModel;

namespace ReviewCadence.Catalog.Loading;

/// <summary>
/// Reads the catalog's <c>runbooks:</c> list: each runbook's owner (an owners[] id), cadence, seed review date, and the
/// sources it cites, by id or by URL (a URL no source has becomes an implicit source, added to the catalog's sources).
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
        var ownerIds = owners.Select(o => o.Owner.Id).ToHashSet(StringComparer.Ordinal);
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
            else if (!ownerIds.TryGetValue(owner, out var ownerId))
            {
                yaml.Error(YamlNodeReader.Child(map, "owner"), $"runbook '{id}' names owner '{owner}', which is not in 'owners'");
            }
            else
            {
                owner = ownerId; // the catalog's own string, shared by its runbooks
            }
            var cadence = yaml.Int(map, "cadenceDays", 1, 3650) ?? 30;
            DateOnly? lastReviewed = null;
            if (yaml.Str(map, "lastReviewed") is { } dateText)
            {
                if (!DateOnly.TryParseExact(dateText, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
                {
                    yaml.Error(YamlNodeReader.Child(map, "lastReviewed"), $"'lastReviewed' must be a date like 2026-07-01, not '{Printable.Clip(dateText)}'");
                }
                else if (!DateRange.Contains(date))
                {
                    yaml.Error(YamlNodeReader.Child(map, "lastReviewed"), $"'lastReviewed' must be {DateRange.Description}, not '{Printable.Clip(dateText)}'");
                }
                else
                {
                    lastReviewed = date;
                }
            }
            var citations = ReadCitedSources(yaml, map, id, declared, implicitSources);
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
                    SourceIds = citations.Select(c => c.SourceId).Distinct().ToList(),
                    Citations = citations,
                });
            }
        }
        MarkCitedBySection(sources, result);
        return result;
    }

    /// <summary>Marks the sources some runbook cites a section of (<see cref="SourceDefinition.CitedBySection"/>).</summary>
    private static void MarkCitedBySection(List<SourceDefinition> sources, List<RunbookDefinition> runbooks)
    {
        var bySection = runbooks.SelectMany(r => r.Citations).Where(c => !c.WholePage).Select(c => c.SourceId).ToHashSet(StringComparer.Ordinal);
        for (var i = 0; i < sources.Count && bySection.Count > 0; i++)
        {
            if (bySection.Contains(sources[i].Id))
            {
                sources[i] = sources[i] with { CitedBySection = true };
            }
        }
    }

    /// <summary>The runbook's <c>sources:</c>: ids or URLs (whole pages, a URL's #fragment a section), or {source, section, claims}.</summary>
    private static List<SourceCitation> ReadCitedSources(YamlNodeReader yaml, YamlMappingNode map, string? id, HashSet<string> declared, ImplicitSources implicitSources)
    {
        if (YamlNodeReader.Child(map, "sources") is not { } node)
        {
            yaml.Error(map, $"runbook '{id}' needs 'sources': the source ids or URLs it cites");
            return [];
        }
        return new RunbookSourcesReader(id, cited => declared.TryGetValue(cited, out var sourceId) ? sourceId : null, url => implicitSources.For(url).Id, yaml.Error).Read(node);
    }
}
