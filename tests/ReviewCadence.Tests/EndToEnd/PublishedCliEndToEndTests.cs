using ReviewCadence.Cli;
using ReviewCadence.Tests.Infrastructure;

namespace ReviewCadence.Tests.EndToEnd;

/// <summary>
/// The CLI as <c>dotnet publish -r linux-x64</c> builds it (Native AOT: trimmed, no JIT), published once for the whole
/// collection (<see cref="PublishedCliFixture"/>), running the commands users run: the check spine (check, status,
/// diff, review, <c>--json</c> and the tables) on SQLite and on a Table store against Azurite
/// (<see cref="PublishedCliSqliteCheckEndToEndTests"/>, <see cref="PublishedCliAzuriteCheckEndToEndTests"/>), and
/// <c>render: browser</c>, which this build refuses with a clear error; the other commands (remind, serve, import, the
/// machine outputs) in PublishedCliCommandsEndToEndTests.cs. The publish folder holds what users ship and no more. A native build can compile and still fail at
/// run time where a library reflects over code the trimmer removed; these runs are what shows it does not.
/// </summary>
[Collection(PublishedCliCollection.Name)]
public sealed class PublishedCliEndToEndTests(PublishedCliFixture published)
{
    [Fact]
    public async Task The_published_cli_is_one_native_executable_where_the_machine_can_link_it_and_prints_its_version()
    {
        if (published.IsNative)
        {
            // Native AOT: no managed entry assembly or runtime config beside the executable.
            Assert.False(File.Exists(Path.Combine(published.Folder, "reviewcadence.dll")), "the published CLI is not native: reviewcadence.dll is beside it");
            Assert.False(File.Exists(Path.Combine(published.Folder, "reviewcadence.runtimeconfig.json")), "the published CLI is not native: it has a runtime config");
        }
        else
        {
            // No clang or zlib here: the ReadyToRun build (PublishedCliFixture), an apphost beside its assembly.
            Assert.True(File.Exists(Path.Combine(published.Folder, "reviewcadence.dll")), "the ReadyToRun CLI has no reviewcadence.dll beside it");
        }

        var version = await published.Cli.RunAsync(new Dictionary<string, string>(), CancellationToken.None, "--version");

        Assert.True(version.ExitCode == 0, version.ToString());
        Assert.Equal($"reviewcadence {ToolVersion.Number}", version.Stdout.Trim());
    }

    [Fact]
    public void The_native_publish_folder_is_the_executable_and_sqlite_without_playwrights_driver_or_symbols()
    {
        var entries = Directory.GetFileSystemEntries(published.Folder).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList();
        if (!published.IsNative)
        {
            // The ReadyToRun build drives browsers (render: browser): it carries Playwright's driver.
            Assert.True(Directory.Exists(Path.Combine(published.Folder, ".playwright")), $"the ReadyToRun CLI has no .playwright driver: {string.Join(", ", entries)}");
            return;
        }
        Assert.False(Directory.Exists(Path.Combine(published.Folder, ".playwright")), "the native CLI carries Playwright's driver, which it never starts");
        // Symbols (reviewcadence.dbg, the assemblies' .pdb) and XML docs stay in the build's folders, not the one users copy.
        Assert.Equal(["libe_sqlite3.so", "reviewcadence"], entries);
    }

    [Fact]
    public async Task A_render_browser_source_is_refused_by_the_native_build_with_its_file_and_line_and_what_to_run_instead()
    {
        var work = Directory.CreateTempSubdirectory("rc-published-browser-").FullName;
        try
        {
            var catalog = Path.Combine(work, "catalog.yaml");
            await File.WriteAllTextAsync(catalog, """
                settings:
                  browser:
                    executablePath: /usr/bin/chromium
                sources:
                  - id: app
                    url: https://example.com/app
                    render: browser
                owners:
                  - id: ops
                runbooks:
                  - id: rb
                    title: Runbook
                    owner: ops
                    sources: [app]
                """);
            var store = Path.Combine(work, "state.db");
            if (!published.IsNative)
            {
                // The ReadyToRun build (no native toolchain here) drives browsers: it takes the catalog.
                var status = await published.Cli.RunAsync(new Dictionary<string, string>(), CancellationToken.None, "status", "--json", "--catalog", catalog, "--store", store);
                Assert.True(status.ExitCode == 0, status.ToString());
                Assert.Contains("\"id\": \"rb\"", status.Stdout);
                return;
            }

            var result = await published.Cli.RunAsync(new Dictionary<string, string>(), CancellationToken.None, "check", "--json", "--catalog", catalog, "--store", store);

            CliRunner.AssertOneLineError(result, $"{catalog}:7:");
            Assert.Contains("'render: browser' is not available in this reviewcadence", result.Stderr);
            Assert.Contains("dotnet tool install reviewcadence", result.Stderr);
            Assert.False(File.Exists(store), "a refused catalog must leave no store behind");
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }
}

[Collection(PublishedCliCollection.Name)]
public sealed class PublishedCliSqliteCheckEndToEndTests(PublishedCliFixture published) : CheckEndToEndTests
{
    private readonly string _db = Path.Combine(Path.GetTempPath(), $"rc-published-{Guid.NewGuid():n}", "state.db");

    protected override string Store => _db;

    private protected override Task<CliRunner.Result> RunCliAsync(params string[] args) =>
        published.Cli.RunAsync(new Dictionary<string, string>(), CancellationToken.None, args);
}

[Collection(PublishedCliCollection.Name)]
public sealed class PublishedCliAzuriteCheckEndToEndTests(PublishedCliFixture published, AzuriteFixture azurite) : CheckEndToEndTests
{
    protected override string Store => azurite.ConnectionString;

    private protected override Task<CliRunner.Result> RunCliAsync(params string[] args) =>
        published.Cli.RunAsync(new Dictionary<string, string>(), CancellationToken.None, args);

    /// <summary>The CLI uses the unprefixed tables; each test starts from an empty account (this collection's own Azurite).</summary>
    public override async Task InitializeAsync()
    {
        await AzuriteTables.DeleteCliTablesAsync(azurite.ConnectionString);
        await base.InitializeAsync();
    }
}

/// <summary>One publish and one Azurite for every published-CLI test (they run one after another).</summary>
[CollectionDefinition(Name)]
public sealed class PublishedCliCollection : ICollectionFixture<PublishedCliFixture>, ICollectionFixture<AzuriteFixture>
{
    public const string Name = "Published CLI";
}
