using ReviewCadence.Catalog;

namespace ReviewCadence.Import;

/// <summary>
/// Proposes catalog entries from runbook documents (plain text, Markdown, HTML): one runbook per
/// document, with its last review date, follow-up owner and cited sources; URLs the catalog already
/// has reuse its source ids, new URLs become proposed sources. The same documents and catalog give
/// the same result, in the same order, every time.
/// </summary>
public sealed class RunbookImporter(RunbookImportOptions? options = null)
{
    private readonly RunbookImportOptions _options = options ?? new RunbookImportOptions();

    /// <param name="paths">Files (any extension, read by their extension's format, else as plain text) and folders (searched recursively for .txt .md .markdown .html .htm).</param>
    /// <param name="catalog">The catalog to match sources and owners against; null to propose everything as new.</param>
    /// <param name="cancellationToken">Cancels the import.</param>
    public async Task<ImportResult> ImportAsync(IEnumerable<string> paths, ReviewCatalog? catalog, CancellationToken cancellationToken)
    {
        var (files, collectErrors) = DocumentFileCollector.Collect(paths);
        var errors = collectErrors.ToList();
        var proposal = new Proposal(catalog);

        foreach (var file in files)
        {
            cancellationToken.ThrowIfCancellationRequested();
            DocumentContent content;
            try
            {
                content = await DocumentFileReader.ReadAsync(file.FullPath, _options.MaxDocumentBytes, cancellationToken);
            }
            catch (DocumentReadException ex)
            {
                errors.Add(new ImportFileError(file.DisplayPath, ex.Message));
                continue;
            }

            var parsed = RunbookDocumentParser.Parse(content.Text, DocumentFormats.ForPath(file.FullPath));
            proposal.Add(file, parsed, content.DecodingNote);
        }

        return new ImportResult
        {
            Runbooks = proposal.Runbooks,
            NewSources = proposal.NewSources,
            Warnings = proposal.Warnings,
            Errors = errors,
        };
    }

    /// <summary>The result being built: ids handed out so far, so that ids stay unique across documents.</summary>
    private sealed class Proposal(ReviewCatalog? catalog)
    {
        private readonly Dictionary<string, SourceDefinition> _catalogByKey = IndexByKey(catalog);
        private readonly HashSet<string> _sourceIds = new(catalog?.Sources.Select(s => s.Id) ?? [], StringComparer.Ordinal);
        private readonly Dictionary<string, ProposedSource> _newByKey = new(StringComparer.Ordinal);
        private readonly HashSet<string> _runbookIds = new(StringComparer.Ordinal);

        public List<ImportedRunbook> Runbooks { get; } = [];
        public List<ProposedSource> NewSources { get; } = [];
        public List<ImportWarning> Warnings { get; } = [];

        public void Add(DocumentFile file, ParsedRunbook parsed, string? decodingNote)
        {
            var notes = new List<string>();
            if (decodingNote is not null)
                notes.Add(decodingNote);

            var stem = Path.GetFileNameWithoutExtension(file.FullPath);
            var id = RunbookId(stem, notes);
            var title = parsed.Title;
            if (title is null)
            {
                title = FromFileName(stem);
                notes.Add($"no title found (the document has no text); title made from the file name: \"{title}\".");
            }
            notes.AddRange(parsed.Notes);

            if (parsed.Owner is { } owner && catalog is not null && catalog.FindOwner(owner) is null)
                notes.Add($"owner '{owner}' is not in the catalog's owners; add it there.");

            var cited = new List<CitedSource>();
            foreach (var citation in parsed.Urls)
                Cite(cited, FromUrl(citation));
            foreach (var named in parsed.NamedSources)
            {
                if (FromName(named, notes) is { } source)
                    Cite(cited, source);
            }

            Runbooks.Add(new ImportedRunbook
            {
                Id = id,
                Title = title,
                TitleFromFileName = parsed.Title is null,
                LastReviewed = parsed.LastReviewed,
                Owner = parsed.Owner,
                Document = file.DisplayPath,
                Sources = cited,
            });
            Warnings.AddRange(notes.Select(n => new ImportWarning(id, file.DisplayPath, n)));
        }

        private string RunbookId(string stem, List<string> notes)
        {
            var baseId = Slug.Of(stem) is { Length: > 0 } slug ? slug : "runbook";
            var id = baseId;
            for (var n = 2; !_runbookIds.Add(id); n++)
                id = $"{baseId}-{n}";
            if (id != baseId)
                notes.Add($"another document already gave the id '{baseId}'; this one is '{id}'.");
            if (catalog?.FindRunbook(id) is not null)
                notes.Add($"the catalog already has a runbook '{id}'; merge this proposal into it rather than adding a second.");
            return id;
        }

        private CitedSource FromUrl(UrlCitation citation)
        {
            if (_catalogByKey.TryGetValue(citation.Url.Key, out var known))
                return new CitedSource { Id = known.Id, Url = CatalogUrl(known), Accessed = citation.Accessed, Origin = Origin(known), Sections = citation.SectionsCited };

            if (!_newByKey.TryGetValue(citation.Url.Key, out var proposed))
            {
                var id = Slug.ForUrl(citation.Url);
                if (!_sourceIds.Add(id))
                {
                    id = $"{id}-{Slug.StableSuffix(citation.Url.Key)}";
                    _sourceIds.Add(id);
                }
                proposed = new ProposedSource { Id = id, Url = citation.Url.Clean, Title = citation.LinkText };
                _newByKey[citation.Url.Key] = proposed;
                NewSources.Add(proposed);
            }
            return new CitedSource { Id = proposed.Id, Url = proposed.Url, Accessed = citation.Accessed, Origin = CitedSourceOrigin.New, Sections = citation.SectionsCited };
        }

        private CitedSource? FromName(NamedSource named, List<string> notes)
        {
            var described = named.Accessed is { } accessed ? $"{named.Name} (accessed {ReviewDateField.Iso(accessed)})" : named.Name;
            var match = catalog is null ? null : SourceTitleMatcher.Match(named.Name, catalog.Sources);
            if (match?.Source is { } source)
            {
                if (!match.Exact)
                    notes.Add($"{described}: matched to catalog source '{source.Id}' ({source.DisplayName}) by similar words; check it.");
                return new CitedSource { Id = source.Id, Url = CatalogUrl(source), Accessed = named.Accessed, Origin = Origin(source), NamedAs = named.Name };
            }

            notes.Add(match is { Candidates.Count: > 0 }
                ? $"{described}: several catalog sources could be meant ({string.Join(", ", match.Candidates.Select(c => c.Id))}); add its URL."
                : $"{described}: no catalog source with that title; add its URL.");
            return null;
        }

        /// <summary>Adds a source once per runbook; a second citation of it only adds what the first lacked.</summary>
        private static void Cite(List<CitedSource> cited, CitedSource source)
        {
            var index = cited.FindIndex(c => c.Id == source.Id);
            if (index < 0)
            {
                cited.Add(source);
                return;
            }
            var first = cited[index];
            cited[index] = first with
            {
                Accessed = DateText.Latest(first.Accessed, source.Accessed),
                NamedAs = first.NamedAs ?? source.NamedAs,
                // Cited whole by either is cited whole; else the sections of both.
                Sections = first.Sections.Count == 0 || source.Sections.Count == 0 ? [] : [.. first.Sections.Union(source.Sections)],
            };
        }

        private static CitedSourceOrigin Origin(SourceDefinition source) =>
            source.Implicit ? CitedSourceOrigin.CatalogImplicit : CitedSourceOrigin.Catalog;

        private static string CatalogUrl(SourceDefinition source) =>
            source.Url.IsAbsoluteUri ? source.Url.OriginalString : source.Url.ToString();

        private static Dictionary<string, SourceDefinition> IndexByKey(ReviewCatalog? catalog)
        {
            var index = new Dictionary<string, SourceDefinition>(StringComparer.Ordinal);
            foreach (var source in catalog?.Sources ?? [])
            {
                // Declared sources win over implicit ones for the same page; otherwise the first in the catalog.
                if (SourceUrls.KeyOf(source.Url) is { } key && (!index.TryGetValue(key, out var existing) || existing.Implicit && !source.Implicit))
                    index[key] = source;
            }
            return index;
        }

        /// <summary><c>token-budget_gate</c> → "Token budget gate".</summary>
        private static string FromFileName(string stem)
        {
            var words = MarkdownInline.CollapseWhitespace(stem.Replace('_', ' ').Replace('-', ' '));
            return words.Length == 0 ? stem : char.ToUpperInvariant(words[0]) + words[1..];
        }
    }
}
