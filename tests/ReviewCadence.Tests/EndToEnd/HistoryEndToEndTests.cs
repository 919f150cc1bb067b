using System.Text.Json;
using ReviewCadence.Tests.Infrastructure;

namespace ReviewCadence.Tests.EndToEnd;

/// <summary>
/// Source history end to end through the CLI: checks over real HTTP keep each version with when it was first and
/// last seen, prune beyond <c>history.keepVersions</c>, and <c>diff</c> compares any two kept versions. Once per store.
/// </summary>
public abstract class HistoryEndToEndTests : IAsyncLifetime
{
    private readonly string _dir = Directory.CreateTempSubdirectory("rc-history-").FullName;
    private TestSite _site = null!;

    private string CatalogPath => Path.Combine(_dir, "catalog.yaml");

    protected abstract string Store { get; }

    public virtual async Task InitializeAsync()
    {
        _site = await TestSite.StartAsync();
        Edition(1);
        await File.WriteAllTextAsync(CatalogPath, $"""
            settings:
              allowPrivateNetworks: true
              retries: 0
              timeoutSeconds: 5
              brokenAfterFailures: 1
            history:
              keepVersions: 3
            sources:
              - id: pricing
                url: {_site.Url("/docs/pricing")}
            owners:
              - id: ops
            runbooks:
              - id: budget-gate
                title: Token budget quality gate
                owner: ops
                lastReviewed: 2026-11-01
                sources: [pricing]
            """);
    }

    public virtual async Task DisposeAsync()
    {
        await _site.DisposeAsync();
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private void Edition(int n) => _site.Page("/docs/pricing", TestPages.Doc("Pricing",
        "Token-based billing applies to models with unified official pricing.",
        $"Edition {n}: per-call billing costs {n * 10} credits.",
        "Refunds are handled by support."));

    private Task<CliRunner.Result> Cli(params string[] args) => CliRunner.RunAsync([.. args, "--catalog", CatalogPath, "--store", Store]);

    private async Task CheckAt(string now)
    {
        var result = await Cli("check", "--json", $"--now={now}");
        Assert.True(result.ExitCode is 0 or 2, result.ToString());
    }

    private static List<JsonElement> Versions(CliRunner.Result history) => [.. history.Json.GetProperty("versions").EnumerateArray()];

    private static DateTimeOffset Time(JsonElement version, string name) => version.GetProperty(name).GetDateTimeOffset();

    [Fact]
    public async Task Each_version_is_kept_with_first_and_last_seen_the_oldest_pruned_and_any_two_compared()
    {
        await CheckAt("2026-11-01T06:00:00Z");
        await CheckAt("2026-11-02T06:00:00Z");
        var one = await Cli("history", "pricing", "--json");
        Assert.True(one.ExitCode == 0, one.ToString());
        Assert.Equal("pricing", one.Json.GetProperty("source").GetString());
        var only = Assert.Single(Versions(one));
        Assert.Equal(1, only.GetProperty("version").GetInt32());
        Assert.Equal(DateTimeOffset.Parse("2026-11-01T06:00:00Z"), Time(only, "firstSeen"));
        Assert.Equal(DateTimeOffset.Parse("2026-11-02T06:00:00Z"), Time(only, "lastSeen"));
        Assert.Equal(JsonValueKind.Null, only.GetProperty("summary").ValueKind);

        for (var edition = 2; edition <= 4; edition++)
        {
            Edition(edition);
            await CheckAt($"2026-11-{edition + 1:D2}T06:00:00Z");
        }
        await CheckAt("2026-11-09T06:00:00Z");

        var history = await Cli("history", "pricing", "--json");
        var versions = Versions(history);
        Assert.Equal([4, 3, 2], versions.Select(v => v.GetProperty("version").GetInt32()));
        Assert.Equal(DateTimeOffset.Parse("2026-11-05T06:00:00Z"), Time(versions[0], "firstSeen"));
        Assert.Equal(DateTimeOffset.Parse("2026-11-09T06:00:00Z"), Time(versions[0], "lastSeen"));
        Assert.Equal(DateTimeOffset.Parse("2026-11-03T06:00:00Z"), Time(versions[2], "firstSeen"));
        Assert.Equal(DateTimeOffset.Parse("2026-11-03T06:00:00Z"), Time(versions[2], "lastSeen"));
        Assert.Equal("Pricing: 1 line changed", versions[0].GetProperty("summary").GetString());

        // Any two kept versions, either way round.
        var twoToFour = await Cli("diff", "pricing", "--from", "2", "--to", "4", "--json");
        Assert.True(twoToFour.ExitCode == 0, twoToFour.ToString());
        Assert.Equal(2, twoToFour.Json.GetProperty("fromVersion").GetInt32());
        Assert.Equal(4, twoToFour.Json.GetProperty("toVersion").GetInt32());
        Assert.Contains("-Edition 2: per-call billing costs 20 credits.", twoToFour.Json.GetProperty("diff").GetString());
        Assert.Contains("+Edition 4: per-call billing costs 40 credits.", twoToFour.Json.GetProperty("diff").GetString());
        Assert.Equal(JsonValueKind.Null, twoToFour.Json.GetProperty("summary").ValueKind);

        // By default: the last change, with its summary.
        var last = await Cli("diff", "pricing", "--json");
        Assert.Equal(3, last.Json.GetProperty("fromVersion").GetInt32());
        Assert.Equal(4, last.Json.GetProperty("toVersion").GetInt32());
        Assert.Equal(versions[0].GetProperty("summary").GetString(), last.Json.GetProperty("summary").GetString());
        Assert.Contains("-Edition 3: per-call billing costs 30 credits.", last.Json.GetProperty("diff").GetString());

        var pruned = await Cli("diff", "pricing", "--from", "1");
        Assert.Equal(1, pruned.ExitCode);
        Assert.Contains("no version 1 (kept: 2 to 4)", pruned.Stderr);
        Assert.Equal("", pruned.Stdout);

        var readable = await Cli("history", "pricing");
        Assert.True(readable.ExitCode == 0, readable.ToString());
        Assert.Contains("3 versions kept", readable.Stdout);
        Assert.Contains("2026-11-09 06:00", readable.Stdout);
    }

    [Fact]
    public async Task A_source_that_starts_failing_keeps_its_last_successful_sighting()
    {
        await CheckAt("2026-11-01T06:00:00Z");
        await CheckAt("2026-11-02T06:00:00Z");
        _site.Status("/docs/pricing", 404);
        await CheckAt("2026-11-03T06:00:00Z");
        await CheckAt("2026-11-04T06:00:00Z");

        var version = Assert.Single(Versions(await Cli("history", "pricing", "--json")));
        Assert.Equal(DateTimeOffset.Parse("2026-11-02T06:00:00Z"), Time(version, "lastSeen"));

        // Back, with other content: a new version; the old one still ends on its last sighting.
        Edition(2);
        await CheckAt("2026-11-05T06:00:00Z");
        var versions = Versions(await Cli("history", "pricing", "--json"));
        Assert.Equal([2, 1], versions.Select(v => v.GetProperty("version").GetInt32()));
        Assert.Equal(DateTimeOffset.Parse("2026-11-02T06:00:00Z"), Time(versions[1], "lastSeen"));
        Assert.Equal(DateTimeOffset.Parse("2026-11-05T06:00:00Z"), Time(versions[0], "firstSeen"));
    }

    [Fact]
    public async Task Unknown_source_and_bad_versions_exit_1_with_the_reason()
    {
        var unknown = await Cli("history", "nope");
        Assert.Equal(1, unknown.ExitCode);
        Assert.Contains("no source 'nope'", unknown.Stderr);

        var bad = await Cli("diff", "pricing", "--from", "two");
        Assert.Equal(1, bad.ExitCode);
        Assert.Contains("--from must be a version number", bad.Stderr);

        var none = await Cli("history", "pricing", "--json");
        Assert.Empty(Versions(none));
    }
}

public sealed class SqliteHistoryEndToEndTests : HistoryEndToEndTests
{
    protected override string Store { get; } = Path.Combine(Path.GetTempPath(), $"rc-history-{Guid.NewGuid():n}", "state.db");
}

[Collection(AzuriteCollection.Name)]
public sealed class AzuriteHistoryEndToEndTests(AzuriteFixture azurite) : HistoryEndToEndTests
{
    protected override string Store => azurite.ConnectionString;

    /// <summary>The CLI uses the unprefixed tables; each test starts from an empty account.</summary>
    public override async Task InitializeAsync()
    {
        await AzuriteTables.DeleteCliTablesAsync(azurite.ConnectionString);
        await base.InitializeAsync();
    }
}
