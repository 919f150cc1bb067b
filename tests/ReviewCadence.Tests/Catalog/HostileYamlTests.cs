using System.Net;
using System.Text;
using ReviewCadence.Catalog;
using ReviewCadence.Cli.Serve;
using ReviewCadence.Tests.EndToEnd;

namespace ReviewCadence.Tests.Catalog;

/// <summary>
/// Catalogs written to hurt: deep nesting, alias bombs, several documents, tags. Each is one <c>file:line</c> error
/// through the real CLI with the store untouched, and a running <c>serve</c> whose catalog turns hostile stays up.
/// </summary>
public sealed class HostileYamlTests : IDisposable
{
    private const string Tail = """
        sources:
          - id: a
            url: https://example.com/a
        owners:
          - id: ops
        runbooks:
          - id: r1
            title: R1
            owner: ops
            sources: [a]
        """;

    private readonly string _dir = Directory.CreateTempSubdirectory("rc-hostile-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>Nine levels of ten aliases each: 10^9 values from a few hundred bytes, used as a mapping key.</summary>
    private static string AliasBomb()
    {
        var yaml = new StringBuilder("l0: &l0 [x, x, x, x, x, x, x, x, x, x]\n");
        for (var level = 1; level <= 9; level++)
        {
            yaml.Append($"l{level}: &l{level} [{string.Join(", ", Enumerable.Repeat($"*l{level - 1}", 10))}]\n");
        }
        yaml.Append("? *l9\n: boom\n");
        return yaml.ToString();
    }

    public static TheoryData<string, string, int, string> Hostile => new()
    {
        { "deep-nesting", new string('[', 50_000) + new string(']', 50_000) + "\n", 1, "nests deeper than 64 levels" },
        { "deep-mapping", string.Concat(Enumerable.Range(0, 100).Select(i => new string(' ', i * 2) + $"k{i}:\n")) + new string(' ', 200) + "v\n", 65, "nests deeper than 64 levels" },
        { "alias-bomb", AliasBomb(), 5, "expand to more than 100,000 values" },
        { "second-document", Tail + "\n---\n" + Tail, 11, "one YAML document" },
        { "python-tag", "settings: !!python/object/apply:os.system ['rm -rf /']\n" + Tail, 1, "tags such as 'tag:yaml.org,2002:python/object/apply:os.system'" },
        { "local-tag", "settings:\n  userAgent: !custom agent\n" + Tail, 2, "tags such as '!custom'" },
        // Found by CatalogLoaderFuzzTests: YamlDotNet threw ArgumentException / InvalidOperationException, not YamlException.
        { "empty-key-in-a-sequence", "- \n  : 1\n  b: 1\n", 3, "not valid YAML: the parser could not read on from here" },
        { "unclosed-flow-in-a-sequence", "x:\n  - claims: [rce: pricing\n    section: \"T\"\n    claims: [\"b\"]\n", 3, "not valid YAML: the parser could not read on from here" },
        { "cut-short-after-runbooks", Tail[..(Tail.IndexOf("runbooks:", StringComparison.Ordinal) + "runbooks:".Length)] + "\n", 6, "'runbooks' lists no runbook" },
    };

    [Theory]
    [MemberData(nameof(Hostile))]
    public async Task A_hostile_catalog_is_one_line_with_file_and_line_and_touches_no_store(string name, string yaml, int line, string message)
    {
        var catalog = Path.Combine(_dir, name + ".yaml");
        await File.WriteAllTextAsync(catalog, yaml);
        var store = Path.Combine(_dir, name + ".db");

        var result = await CliRunner.RunAsync("status", "--catalog", catalog, "--store", store);

        CliRunner.AssertOneLineError(result, $"{catalog}:{line}: ");
        Assert.Contains(message, result.Stderr);
        Assert.False(File.Exists(store));
    }

    [Fact]
    public void A_large_catalog_without_aliases_is_not_an_alias_bomb()
    {
        // 10,000 sources and 5,000 runbooks citing 6 each: ~170,000 values written out, none of them through an alias.
        var yaml = new StringBuilder("sources:\n");
        for (var i = 0; i < 10_000; i++)
        {
            yaml.Append($"  - id: s{i}\n    url: https://example.com/{i}\n");
        }
        yaml.Append("owners:\n  - id: ops\nrunbooks:\n");
        for (var i = 0; i < 5_000; i++)
        {
            yaml.Append($"  - id: r{i}\n    title: R{i}\n    owner: ops\n    sources: [{string.Join(", ", Enumerable.Range(0, 6).Select(k => $"s{(i * 6 + k) % 10_000}"))}]\n");
        }

        var catalog = CatalogLoader.Parse(yaml.ToString(), "catalog.yaml");

        Assert.Equal(10_000, catalog.Sources.Count);
        Assert.Equal(5_000, catalog.Runbooks.Count);
    }

    [Fact]
    public void Anchors_and_aliases_within_the_limits_still_work()
    {
        var catalog = CatalogLoader.Parse("""
            sources:
              - id: a
                url: https://example.com/a
            owners:
              - id: ops
                notify: &channels
                  - { type: email, to: "ops@example.com" }
              - id: lead
                notify: *channels
            runbooks:
              - id: r1
                title: R1
                owner: ops
                sources: [a]
            """, "catalog.yaml");

        Assert.Equal("ops@example.com", Assert.Single(catalog.FindOwner("lead")!.Notify).Settings["to"]);
    }

    [Fact]
    public async Task A_running_serve_whose_catalog_turns_hostile_answers_503_and_stays_up()
    {
        var catalog = Path.Combine(_dir, "catalog.yaml");
        await File.WriteAllTextAsync(catalog, Tail);
        await using var app = ServeApp.Build(new ServeApp.ServeSettings(catalog, Path.Combine(_dir, "serve.db"), "http://127.0.0.1:0", null));
        await app.StartAsync();
        using var http = new HttpClient { BaseAddress = LoopbackHost.BaseUrl(app) };
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/api/runbooks")).StatusCode);

        foreach (var (name, yaml, _, message) in Hostile.Select(row => ((string)row[0], (string)row[1], (int)row[2], (string)row[3])))
        {
            await File.WriteAllTextAsync(catalog, yaml);
            File.SetLastWriteTimeUtc(catalog, File.GetLastWriteTimeUtc(catalog).AddSeconds(1)); // a new version for the cache, whatever the file system's granularity
            using var hostile = await http.GetAsync("/api/runbooks");
            Assert.True(hostile.StatusCode == HttpStatusCode.ServiceUnavailable, name);
            var detail = System.Text.Json.JsonDocument.Parse(await hostile.Content.ReadAsStringAsync()).RootElement.GetProperty("detail").GetString();
            Assert.Contains(message, detail);
            Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/api/health")).StatusCode);
        }

        await File.WriteAllTextAsync(catalog, Tail);
        File.SetLastWriteTimeUtc(catalog, File.GetLastWriteTimeUtc(catalog).AddSeconds(10));
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/api/runbooks")).StatusCode);
        await app.StopAsync();
    }
}
