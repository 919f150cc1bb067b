using System.CommandLine;
using System.Text.Json;
using ReviewCadence.Catalog;
using ReviewCadence.Cli;
using ReviewCadence.Cli.Commands;
using static ReviewCadence.Tests.Import.ImportTestData;

namespace ReviewCadence.Tests.Import;

/// <summary><c>reviewcadence import</c> end to end, in process: arguments in, stdout, stderr and exit code out.</summary>
public class ImportCommandTests
{
    private sealed record Run(int ExitCode, string Stdout, string Stderr);

    private static async Task<Run> RunCliAsync(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = await CliApp.RunAsync(args, stdout, stderr, CancellationToken.None);
        return new Run(code, stdout.ToString(), stderr.ToString());
    }

    /// <summary>The command as the lead wires it, with the catalog loader seam given a catalog for one path.</summary>
    private static async Task<Run> RunWithCatalogAsync(Func<string, ReviewCatalog> loadCatalog, params string[] args)
    {
        var root = new RootCommand { ImportCommand.Create(loadCatalog) };
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = await root.Parse(args).InvokeAsync(new InvocationConfiguration { Output = stdout, Error = stderr }, CancellationToken.None);
        return new Run(code, stdout.ToString(), stderr.ToString());
    }

    [Fact]
    public async Task Json_output_is_the_contract_document_and_nothing_else()
    {
        var run = await RunCliAsync("import", Runbook000, Runbook003, "--json");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("", run.Stderr);
        using var json = JsonDocument.Parse(run.Stdout);
        var runbooks = json.RootElement.GetProperty("runbooks");
        Assert.Equal(["000-c5f7f6b9d7f92177", "003-db73f8bc31f01a96"], runbooks.EnumerateArray().Select(r => r.GetProperty("id").GetString()));
        Assert.Equal(["2026-07-01", "2026-07-02"], runbooks.EnumerateArray().Select(r => r.GetProperty("lastReviewed").GetString()));
        Assert.Equal(
            [
                ("https://apidoc.cometapi.com/pricing/about-pricing", null),
                ("https://apidoc.cometapi.com/support/help-center", "2026-07-01"),
                ("https://apidoc.cometapi.com/", "2026-07-01"),
                ("https://www.finops.org/framework/capabilities/allocation/", "2026-07-01"),
                ("https://www.finops.org/framework/capabilities/unit-economics/", "2026-07-01"),
            ],
            runbooks[0].GetProperty("sources").EnumerateArray().Select(s => (s.GetProperty("url").GetString(), s.GetProperty("accessed").GetString())));
        Assert.Equal(9, json.RootElement.GetProperty("warnings").GetArrayLength());
        Assert.Equal(0, json.RootElement.GetProperty("errors").GetArrayLength());
    }

    [Fact]
    public async Task Running_twice_gives_byte_identical_output()
    {
        var yamlOnce = await RunCliAsync("import", Messy, Runbook000, Runbook003);
        var yamlTwice = await RunCliAsync("import", Messy, Runbook000, Runbook003);
        var jsonOnce = await RunCliAsync("import", Messy, Runbook000, Runbook003, "--json");
        var jsonTwice = await RunCliAsync("import", Messy, Runbook000, Runbook003, "--json");

        Assert.Equal(yamlOnce, yamlTwice);
        Assert.Equal(jsonOnce, jsonTwice);
        Assert.NotEqual(yamlOnce.Stdout, jsonOnce.Stdout);
    }

    [Fact]
    public async Task Yaml_goes_to_stdout_and_a_summary_to_stderr()
    {
        var run = await RunCliAsync("import", Path.GetDirectoryName(Runbook000)!);

        Assert.Equal(0, run.ExitCode);
        Assert.StartsWith("# Proposed by reviewcadence import: 2 runbooks, 5 new sources, 9 warnings\n", run.Stdout);
        Assert.Contains("\nsources:\n  - id: apidoc-cometapi-com-pricing-about-pricing\n", run.Stdout);
        Assert.Contains("\nrunbooks:\n", run.Stdout);
        Assert.Equal("imported 2 runbooks, 5 new sources, 9 warnings (see the '# warning:' comments); no catalog to match\n", run.Stderr.ReplaceLineEndings("\n"));
    }

    [Fact]
    public async Task Some_unreadable_paths_exit_2_with_a_line_each_on_stderr_and_the_rest_on_stdout()
    {
        using var folder = new TempFolder();
        var binary = folder.WriteBytes("scan.md", [0x00, 0x01, 0x02]);
        var missing = Path.Combine(folder.Path, "missing.txt");

        var run = await RunCliAsync("import", Runbook000, binary, missing, "--json");

        Assert.Equal(2, run.ExitCode);
        Assert.Equal(
            [$"error: {missing}: no such file or folder", $"error: {binary}: binary file, not a text, Markdown or HTML document"],
            run.Stderr.ReplaceLineEndings("\n").TrimEnd('\n').Split('\n'));
        using var json = JsonDocument.Parse(run.Stdout);
        Assert.Equal(1, json.RootElement.GetProperty("runbooks").GetArrayLength());
        Assert.Equal(
            [missing, binary],
            json.RootElement.GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("path").GetString()));
    }

    [Fact]
    public async Task Nothing_readable_exits_1_with_nothing_on_stdout()
    {
        using var folder = new TempFolder();
        var missing = Path.Combine(folder.Path, "missing.md");

        var run = await RunCliAsync("import", missing, folder.Path);

        Assert.Equal(1, run.ExitCode);
        Assert.Equal("", run.Stdout);
        Assert.Contains($"error: {missing}: no such file or folder", run.Stderr);
        Assert.EndsWith("error: no runbook document could be read; nothing to import\n", run.Stderr.ReplaceLineEndings("\n"));
    }

    [Fact]
    public async Task No_paths_is_a_bad_argument_exit_1()
    {
        var run = await RunCliAsync("import", "--json");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("Required argument missing for command: 'import'", run.Stderr);
    }

    [Fact]
    public async Task A_catalog_gives_known_pages_their_ids()
    {
        var loaded = new List<string>();
        var run = await RunWithCatalogAsync(
            path => { loaded.Add(path); return CometApiCatalog(); },
            "import", Runbook003, "--catalog", "team/catalog.yaml", "--json");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(["team/catalog.yaml"], loaded);
        using var json = JsonDocument.Parse(run.Stdout);
        var sources = json.RootElement.GetProperty("runbooks")[0].GetProperty("sources");
        Assert.Equal(
            ["cometapi-docs", "cometapi-help-center", "finops-allocation", "finops-unit-economics", "cometapi-pricing-docs"],
            sources.EnumerateArray().Select(s => s.GetProperty("id").GetString()));
        Assert.All(sources.EnumerateArray(), s => Assert.False(s.GetProperty("new").GetBoolean()));
    }

    [Fact]
    public async Task A_catalog_that_cannot_be_loaded_exits_1_with_its_reason()
    {
        var run = await RunWithCatalogAsync(
            path => throw new InvalidDataException($"{path}:4: unknown key 'sourcez'"),
            "import", Runbook000, "--catalog", "bad.yaml");

        Assert.Equal(1, run.ExitCode);
        Assert.Equal("", run.Stdout);
        Assert.Equal("error: cannot load catalog bad.yaml: bad.yaml:4: unknown key 'sourcez'\n", run.Stderr.ReplaceLineEndings("\n"));
    }

    [Fact]
    public async Task The_help_lists_the_import_command_and_its_options()
    {
        var run = await RunCliAsync("import", "--help");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("--catalog", run.Stdout);
        Assert.Contains("--json", run.Stdout);
        Assert.Contains("<paths>", run.Stdout);
    }
}
