using System.Text.Json;
using ReviewCadence.Catalog;
using ReviewCadence.Tests.Infrastructure;

namespace ReviewCadence.Tests.EndToEnd;

/// <summary>
/// The CLI keeps the parsed catalog beside its SQLite store (<c>STORE.catalog-cache</c>): commands after the first read
/// it instead of the YAML while the file is unchanged, and an edited catalog, valid or not, is read and reported as if
/// there were no copy.
/// </summary>
public sealed class CatalogCacheEndToEndTests : IAsyncLifetime
{
    private const string Now = "--now=2026-11-23T06:00:00Z";
    /// <summary>
    /// Sets <paramref name="file"/>'s write time to a fixed past one and returns it as the file system reports it (under
    /// faketime, shifted): a rewrite, even of the same bytes, would move it.
    /// </summary>
    internal static DateTime KeepWriteTime(string file)
    {
        File.SetLastWriteTimeUtc(file, new DateTime(2020, 1, 1, 0, 0, 0, DateTimeKind.Utc));
        return File.GetLastWriteTimeUtc(file);
    }
    private readonly string _dir = Directory.CreateTempSubdirectory("rc-e2e-cache-").FullName;
    private TestSite _site = null!;

    private string CatalogPath => Path.Combine(_dir, "catalog.yaml");

    private string StorePath => Path.Combine(_dir, "state", "state.db");

    private string CachePath => StorePath + ".catalog-cache";

    public async Task InitializeAsync()
    {
        _site = await StartSiteAsync();
        await File.WriteAllTextAsync(CatalogPath, Catalog(_site, withHelp: false));
    }

    public async Task DisposeAsync()
    {
        await _site.DisposeAsync();
        TempFolder.Delete(_dir);
    }

    /// <summary>The site both tests check: a pricing page and a help page.</summary>
    internal static async Task<TestSite> StartSiteAsync()
    {
        var site = await TestSite.StartAsync();
        site.Page("/docs/pricing", TestPages.Doc("Pricing", "Token-based billing applies to models with unified official pricing.", "Per-call billing applies to models without official APIs."));
        site.Page("/docs/help", TestPages.Doc("Help center", "Contact support for abnormal charges and recharge questions.", "Maintenance notes are posted here."));
        return site;
    }

    internal static string Catalog(TestSite site, bool withHelp, string cadence = "30") => $"""
        settings:
          allowPrivateNetworks: true
          retries: 0
          timeoutSeconds: 5
        sources:
          - id: pricing
            url: {site.Url("/docs/pricing")}
        {(withHelp ? $"  - id: help\n    url: {site.Url("/docs/help")}\n" : "")}owners:
          - id: ops
        runbooks:
          - id: budget-gate
            title: Token budget quality gate
            owner: ops
            cadenceDays: {cadence}
            lastReviewed: 2026-11-01
            sources: [{(withHelp ? "pricing, help" : "pricing")}]
        """;

    private Task<CliRunner.Result> Cli(string store, params string[] args) =>
        CliRunner.RunAsync([.. args, "--catalog", CatalogPath, "--store", store]);

    private static Dictionary<string, string> Outcomes(JsonElement report) =>
        report.GetProperty("sources").EnumerateArray().ToDictionary(s => s.GetProperty("id").GetString()!, s => s.GetProperty("outcome").GetString()!);

    [Fact]
    public async Task Checks_read_the_kept_catalog_until_it_is_edited_and_an_edit_is_read_as_without_a_copy()
    {
        // Before the store exists, nothing is kept: the first command creates the store's folder.
        var first = await Cli(StorePath, "check", "--json", Now);
        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.False(File.Exists(CachePath));

        var second = await Cli(StorePath, "check", "--json", Now);
        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.True(File.Exists(CachePath));
        var kept = await File.ReadAllBytesAsync(CachePath);
        var keptAt = KeepWriteTime(CachePath);

        var third = await Cli(StorePath, "check", "--json", Now);
        Assert.True(third.ExitCode == 0, third.ToString());
        Assert.Equal(["unchanged"], Outcomes(third.Json).Values);
        Assert.Equal(keptAt, File.GetLastWriteTimeUtc(CachePath)); // read, not written again

        // A broken edit: the same one-line error as with no copy at all (another store, never cached), nothing kept.
        await File.WriteAllTextAsync(CatalogPath, Catalog(_site, withHelp: true, cadence: "monthly"));
        var broken = await Cli(StorePath, "check", "--json", Now);
        var brokenWithoutCopy = await Cli(Path.Combine(_dir, "other.db"), "check", "--json", Now);
        CliRunner.AssertOneLineError(broken, "cadenceDays");
        Assert.Equal(brokenWithoutCopy.Stderr, broken.Stderr);
        Assert.Equal(kept, await File.ReadAllBytesAsync(CachePath));

        // A valid edit is read from the YAML: the new source is checked, and the copy replaced.
        await File.WriteAllTextAsync(CatalogPath, Catalog(_site, withHelp: true));
        var edited = await Cli(StorePath, "check", "--json", Now);
        Assert.True(edited.ExitCode == 0, edited.ToString());
        Assert.Equal("new", Outcomes(edited.Json)["help"]);
        Assert.Equal("unchanged", Outcomes(edited.Json)["pricing"]);
        Assert.NotEqual(kept, await File.ReadAllBytesAsync(CachePath));

        var status = await Cli(StorePath, "status", "--json", Now);
        Assert.True(status.ExitCode == 0, status.ToString());
    }
}

/// <summary>A Table store has no folder of its own: the CLI keeps its parsed catalog in the user's cache folder instead.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class TableStoreCatalogCacheEndToEndTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private const string Now = "--now=2026-11-23T06:00:00Z";
    private readonly string _dir = Directory.CreateTempSubdirectory("rc-e2e-tables-cache-").FullName;
    private TestSite _site = null!;

    private string CatalogPath => Path.Combine(_dir, "catalog.yaml");

    public async Task InitializeAsync()
    {
        await AzuriteTables.DeleteCliTablesAsync(azurite.ConnectionString);
        _site = await CatalogCacheEndToEndTests.StartSiteAsync();
        await File.WriteAllTextAsync(CatalogPath, CatalogCacheEndToEndTests.Catalog(_site, withHelp: false));
    }

    public async Task DisposeAsync()
    {
        await _site.DisposeAsync();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task Checks_keep_the_parsed_catalog_in_the_user_cache_folder_and_read_it_back()
    {
        // The test process's cache folder (TestCacheFolder), where the CLI would put it for a user.
        var cache = CatalogCache.InUserCacheFolder(CatalogPath)!;
        Assert.StartsWith(TestCacheFolder.Path, cache.File, StringComparison.Ordinal);

        var first = await CliRunner.RunAsync("check", "--json", Now, "--catalog", CatalogPath, "--store", azurite.ConnectionString);
        Assert.True(first.ExitCode == 0, first.ToString());
        var keptAt = CatalogCacheEndToEndTests.KeepWriteTime(cache.File);

        var second = await CliRunner.RunAsync("check", "--json", Now, "--catalog", CatalogPath, "--store", azurite.ConnectionString);
        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.Equal("unchanged", second.Json.GetProperty("sources")[0].GetProperty("outcome").GetString());
        Assert.Equal(keptAt, File.GetLastWriteTimeUtc(cache.File)); // read, not written again
    }
}
