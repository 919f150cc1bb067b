using ReviewCadence.Catalog;
using ReviewCadence.Tests.EndToEnd;

namespace ReviewCadence.Tests.Catalog;

/// <summary>
/// The catalog loader against inputs nobody wrote by hand: mutants of valid catalogs and generated YAML, from a fixed
/// seed and a fixed count (so a failure can be made again). Each input either loads into a consistent catalog or fails
/// with a <see cref="CatalogException"/> whose every error names the file, a line inside it, and a one-line message;
/// never another exception, a crash or a hang. A sample goes through the real CLI too.
/// </summary>
public sealed class CatalogLoaderFuzzTests : IDisposable
{
    private const string FileName = "fuzz-catalog.yaml";
    private const int Seed = 18_18;
    private const int MutantsPerSeedCatalog = 1_500;
    private const int GeneratedCatalogs = 1_000;

    /// <summary>Far beyond what any catalog takes to load (milliseconds): only a loader that never returns reaches it.</summary>
    private static readonly TimeSpan Hang = TimeSpan.FromSeconds(30);

    /// <summary>The messages about the file as a whole, which have no line to point at.</summary>
    private static readonly string[] WholeFileMessages = ["the catalog is empty"];

    private readonly string _dir = Directory.CreateTempSubdirectory("rc-fuzz-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static string RepositoryCatalog() => File.ReadAllText(Path.Combine(RepositoryRoot.Find(), "catalog.yaml"));

    [Fact]
    public void The_seed_catalogs_load()
    {
        Assert.NotEmpty(CatalogLoader.Parse(CatalogFuzzInputs.Everything, FileName).Runbooks);
        Assert.NotEmpty(CatalogLoader.Parse(RepositoryCatalog(), FileName).Runbooks);
    }

    [Fact]
    public async Task Mutated_catalogs_load_or_fail_with_file_and_line()
    {
        var inputs = new CatalogFuzzInputs(Seed);
        var seeds = new[] { CatalogFuzzInputs.Everything, RepositoryCatalog() };
        var outcomes = await RunAsync(seeds.SelectMany(seed => Enumerable.Range(0, MutantsPerSeedCatalog).Select(_ => inputs.Mutate(seed))));

        // The mutants must reach both ends, or they test nothing: some still load, most fail.
        Assert.True(outcomes.Loaded > 100, $"only {outcomes.Loaded} of {outcomes.Total} mutants loaded");
        Assert.True(outcomes.Failed > 1_000, $"only {outcomes.Failed} of {outcomes.Total} mutants failed");
    }

    [Fact]
    public async Task Generated_yaml_loads_or_fails_with_file_and_line()
    {
        var inputs = new CatalogFuzzInputs(Seed + 1);
        var outcomes = await RunAsync(Enumerable.Range(0, GeneratedCatalogs).Select(_ => inputs.Generate()));
        Assert.True(outcomes.Failed > 0, "no generated catalog failed");
    }

    [Fact]
    public async Task Mutants_through_the_cli_are_a_status_or_one_line_per_problem_and_a_failure_touches_no_store()
    {
        var inputs = new CatalogFuzzInputs(Seed + 2);
        for (var i = 0; i < 40; i++)
        {
            var yaml = inputs.Mutate(CatalogFuzzInputs.Everything);
            var catalog = Path.Combine(_dir, $"mutant-{i}.yaml");
            var store = Path.Combine(_dir, $"mutant-{i}.db");
            await File.WriteAllTextAsync(catalog, yaml);

            var result = await CliRunner.RunAsync("status", "--catalog", catalog, "--store", store, "--json", "--now", "2026-11-01T00:00:00Z");

            if (result.ExitCode == 0)
            {
                Assert.True(result.Json.GetProperty("runbooks").GetArrayLength() > 0, $"mutant {i}: {result}");
                continue;
            }
            Assert.True(result.ExitCode == 1 && result.Stdout.Length == 0, $"mutant {i}:\n{yaml}\n{result}");
            var lines = result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.All(lines, line => Assert.StartsWith($"error: {catalog}", line));
            Assert.False(File.Exists(store), $"mutant {i} failed but created the store:\n{yaml}");
        }
    }

    private sealed record Outcomes(int Total, int Loaded, int Failed);

    private static async Task<Outcomes> RunAsync(IEnumerable<string> inputs)
    {
        var (total, loaded, failed) = (0, 0, 0);
        var problems = new List<(string Kind, string Report)>();
        foreach (var yaml in inputs)
        {
            total++;
            var parse = Task.Run(() => Judge(yaml));
            if (await Task.WhenAny(parse, Task.Delay(Hang)) != parse)
            {
                Assert.Fail($"input {total} did not load or fail within {Hang.TotalSeconds} s:\n{yaml}");
            }
            var (ok, problem) = await parse;
            if (problem is not null)
            {
                problems.Add((problem.Split('\n')[0], $"input {total}: {problem}\n--- input ---\n{Excerpt(yaml)}\n-------------"));
            }
            else if (ok)
            {
                loaded++;
            }
            else
            {
                failed++;
            }
        }
        // One example of each kind of problem (its first line), the shortest input first.
        var examples = problems.GroupBy(p => p.Kind).Select(g => $"[{g.Count()}x] " + g.MinBy(p => p.Report.Length).Report);
        Assert.True(problems.Count == 0, $"{problems.Count} of {total} inputs broke the contract:\n{string.Join("\n", examples.Take(8))}");
        return new Outcomes(total, loaded, failed);
    }

    /// <summary>(true, null) for a consistent catalog, (false, null) for a clean error, or what broke the contract.</summary>
    private static (bool Loaded, string? Problem) Judge(string yaml)
    {
        try
        {
            return (true, Inconsistency(CatalogLoader.Parse(yaml, FileName)));
        }
        catch (CatalogException ex)
        {
            var lineCount = yaml.Split('\n').Length;
            if (ex.Errors.Count == 0)
            {
                return (false, "a CatalogException with no errors");
            }
            foreach (var error in ex.Errors)
            {
                if (error.File != FileName)
                {
                    return (false, $"an error naming '{error.File}': {error}");
                }
                if (error.Line < 0 || error.Line > lineCount + 1 || (error.Line == 0 && !WholeFileMessages.Any(m => error.Message.StartsWith(m, StringComparison.Ordinal))))
                {
                    return (false, $"an error at line {error.Line} of {lineCount}: {error}");
                }
                if (string.IsNullOrWhiteSpace(error.Message) || error.Message.Any(c => char.IsControl(c) || c is '\u2028' or '\u2029' or '\u0085'))
                {
                    return (false, $"an error whose message is empty or not one printable line: {Printable.OneLine(error.Message)}");
                }
                if (error.Message.Length > 1_000)
                {
                    return (false, $"an error message of {error.Message.Length} characters: {Printable.Clip(error.Message)}");
                }
            }
            return (false, null);
        }
        catch (Exception ex)
        {
            return (false, $"{ex.GetType().FullName}: {Printable.Clip(ex.Message)}\n{ex.StackTrace?.Split('\n').Take(6).Aggregate((a, b) => a + "\n" + b)}");
        }
    }

    /// <summary>What a loaded catalog promises the rest of the app: unique ids, and references that resolve.</summary>
    private static string? Inconsistency(ReviewCatalog catalog)
    {
        if (catalog.Runbooks.Count == 0)
        {
            return "loaded with no runbooks";
        }
        foreach (var (kind, ids) in new[] { ("source", catalog.Sources.Select(s => s.Id)), ("owner", catalog.Owners.Select(o => o.Id)), ("runbook", catalog.Runbooks.Select(r => r.Id)) })
        {
            if (ids.GroupBy(id => id).FirstOrDefault(g => g.Count() > 1) is { } duplicate)
            {
                return $"loaded with the {kind} id '{duplicate.Key}' twice";
            }
        }
        foreach (var runbook in catalog.Runbooks)
        {
            if (catalog.FindOwner(runbook.Owner) is null)
            {
                return $"loaded with runbook '{runbook.Id}' owned by unknown '{runbook.Owner}'";
            }
            if (runbook.SourceIds.FirstOrDefault(id => catalog.FindSource(id) is null) is { } missing)
            {
                return $"loaded with runbook '{runbook.Id}' citing unknown source '{missing}'";
            }
            if (runbook.CadenceDays <= 0 || runbook.LastReviewed is { Year: < 2000 or > 2200 })
            {
                return $"loaded with runbook '{runbook.Id}' cadence {runbook.CadenceDays}, last reviewed {runbook.LastReviewed}";
            }
        }
        if (catalog.Sources.FirstOrDefault(s => !s.Url.IsAbsoluteUri || s.Url.Scheme is not ("http" or "https")) is { } badUrl)
        {
            return $"loaded with source '{badUrl.Id}' at {badUrl.Url}";
        }
        return null;
    }

    private static string Excerpt(string yaml) => yaml.Length <= 3_000 ? yaml : yaml[..3_000] + $"\n… ({yaml.Length:N0} characters)";
}
