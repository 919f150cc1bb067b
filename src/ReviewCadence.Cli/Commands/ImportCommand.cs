using System.CommandLine;
using ReviewCadence.Catalog;
using ReviewCadence.Import;

namespace ReviewCadence.Cli.Commands;

/// <summary>
/// <c>reviewcadence import PATH... [--catalog PATH] [--json]</c>: proposes catalog entries from runbook documents.
/// Exit codes: 0 every document imported (warnings allowed); 2 some paths could not be read, the rest
/// were imported and printed; 1 bad arguments, an unloadable catalog, or nothing could be read.
/// </summary>
internal static class ImportCommand
{
    private const string DefaultCatalog = "catalog.yaml";

    /// <param name="loadCatalog">Loads and validates a catalog file (CatalogLoader.Load), throwing with a message fit for the user.</param>
    public static Command Create(Func<string, ReviewCatalog> loadCatalog)
    {
        var paths = new Argument<string[]>("paths")
        {
            Description = "Runbook documents (.txt, .md, .markdown, .html, .htm) or folders to search recursively",
            Arity = ArgumentArity.OneOrMore,
        };
        var catalogPath = new Option<string?>("--catalog")
        {
            Description = $"Catalog whose sources and owners to match (default: ./{DefaultCatalog} when it exists)",
        };
        var json = new Option<bool>("--json")
        {
            Description = "Print JSON instead of catalog YAML",
        };

        var command = new Command("import", "Propose catalog entries (sources and runbooks) from runbook documents")
        {
            paths, catalogPath, json,
        };
        command.SetAction(async (ParseResult parse, CancellationToken cancellationToken) =>
        {
            var stdout = parse.InvocationConfiguration.Output;
            var stderr = parse.InvocationConfiguration.Error;

            // Like the other commands, ./catalog.yaml is the default; but import also works with no catalog at all.
            var catalogFile = parse.GetValue(catalogPath) ?? (File.Exists(DefaultCatalog) ? DefaultCatalog : null);
            ReviewCatalog? catalog = null;
            if (catalogFile is not null)
            {
                try
                {
                    catalog = loadCatalog(catalogFile);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    // The loader's exceptions carry the file, line and a plain message, never a secret's value.
                    await stderr.WriteLineAsync($"error: cannot load catalog {catalogFile}: {ex.Message}");
                    return ExitCodes.CannotRun;
                }
            }

            var result = await new RunbookImporter().ImportAsync(parse.GetValue(paths) ?? [], catalog, cancellationToken);

            foreach (var error in result.Errors)
                await stderr.WriteLineAsync($"error: {error.Path}: {error.Message}");
            if (result.Runbooks.Count == 0)
            {
                await stderr.WriteLineAsync("error: no runbook document could be read; nothing to import");
                return ExitCodes.CannotRun;
            }

            var asJson = parse.GetValue(json);
            await stdout.WriteAsync(asJson ? ImportJsonWriter.Write(result) + "\n" : ImportYamlWriter.Write(result));
            if (!asJson)
            {
                await stderr.WriteLineAsync(
                    $"imported {result.Runbooks.Count} runbooks, {result.NewSources.Count} new sources, " +
                    $"{result.Warnings.Count} warnings (see the '# warning:' comments)" +
                    (result.Errors.Count > 0 ? $"; {result.Errors.Count} paths not imported" : "") +
                    (catalog is null ? "; no catalog to match" : $"; matched against {catalogFile}"));
            }
            return result.Errors.Count > 0 ? ExitCodes.Attention : ExitCodes.Ok;
        });
        return command;
    }
}
