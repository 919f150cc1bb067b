using System.Diagnostics;
using System.IO.Compression;
using System.Reflection;
using System.Text.Json;
using System.Xml.Linq;
using ReviewCadence.Cli;
using ReviewCadence.Tests.Infrastructure;

namespace ReviewCadence.Tests.EndToEnd;

/// <summary>
/// The CLI as users install it: <c>dotnet pack</c> makes a .NET tool package, <c>dotnet tool install --tool-path DIR
/// --add-source PKGDIR reviewcadence</c> installs it offline (a NuGet config whose only source is PKGDIR, an empty
/// package cache), and the installed <c>reviewcadence</c> command runs a real check over loopback HTTP.
/// One test on purpose: packing and installing the ~75 MB package takes tens of seconds.
/// </summary>
public class ToolPackageEndToEndTests
{
    [Fact]
    public async Task Packed_tool_installs_offline_from_a_local_folder_and_runs_version_and_a_check()
    {
        var work = Directory.CreateTempSubdirectory("rc-tool-").FullName;
        try
        {
            var packages = Path.Combine(work, "packages");
            var toolPath = Path.Combine(work, "tools");
            var config = Path.Combine(work, "nuget.config");
            // Only the local folder: nothing may come from a remote feed, and no cached copy from an earlier run.
            await File.WriteAllTextAsync(config, """
                <?xml version="1.0" encoding="utf-8"?>
                <configuration>
                  <packageSources><clear /></packageSources>
                </configuration>
                """);
            var cache = Path.Combine(work, "nuget-cache");

            // The build under test already compiled the CLI in this configuration; pack (which publishes) reuses it.
            var pack = await RunAsync(Dotnet, cache, work, "pack", Path.Combine(RepositoryRoot.Find(), "src", "ReviewCadence.Cli"),
                "-c", BuildConfiguration, "--no-build", "-o", packages);
            Assert.True(pack.ExitCode == 0, pack.ToString());
            var package = Assert.Single(Directory.GetFiles(packages, "reviewcadence.*.nupkg"));
            AssertIsSelfContainedToolPackage(package);

            var install = await RunAsync(Dotnet, cache, work, "tool", "install", "--tool-path", toolPath, "--add-source", packages,
                "--configfile", config, "reviewcadence");
            Assert.True(install.ExitCode == 0, install.ToString());
            var command = Path.Combine(toolPath, OperatingSystem.IsWindows() ? "reviewcadence.exe" : "reviewcadence");
            Assert.True(File.Exists(command), install.ToString());

            var version = await RunAsync(command, cache, work, "--version");
            Assert.True(version.ExitCode == 0, version.ToString());
            Assert.Equal($"reviewcadence {ToolVersion.Number}", version.Stdout.Trim());
            Assert.Matches(@"^reviewcadence \d+\.\d+\.\d+", version.Stdout);

            await using var site = await TestSite.StartAsync();
            site.Page("/docs/pricing", TestPages.Doc("Pricing", "Token-based billing applies to models with unified official pricing.", "Per-call billing applies to models without official APIs."));
            var catalog = Path.Combine(work, "catalog.yaml");
            await File.WriteAllTextAsync(catalog, $"""
                settings:
                  allowPrivateNetworks: true
                  retries: 0
                sources:
                  - id: pricing
                    url: {site.Url("/docs/pricing")}
                owners:
                  - id: ops
                runbooks:
                  - id: budget-gate
                    title: Token budget quality gate
                    owner: ops
                    cadenceDays: 30
                    lastReviewed: 2026-11-01
                    sources: [pricing]
                """);
            var store = Path.Combine(work, "state.db");
            var check = await RunAsync(command, cache, work, "check", "--catalog", catalog, "--store", store, "--json", "--now", "2026-11-10T09:00:00Z");
            Assert.True(check.ExitCode == 0, check.ToString());
            var source = Assert.Single(JsonDocument.Parse(check.Stdout).RootElement.GetProperty("sources").EnumerateArray());
            Assert.Equal("new", source.GetProperty("outcome").GetString());
            Assert.Equal(1, site.RequestCount("/docs/pricing"));

            var status = await RunAsync(command, cache, work, "status", "--catalog", catalog, "--store", store, "--now", "2026-11-10T09:00:00Z");
            Assert.True(status.ExitCode == 0, status.ToString());
            Assert.Contains("budget-gate", status.Stdout);
            Assert.Contains("current", status.Stdout);
        }
        finally
        {
            try
            {
                Directory.Delete(work, recursive: true);
            }
            catch (IOException)
            {
                // A temp folder; a file still held open is the OS's to clean.
            }
        }
    }

    [Fact]
    public async Task Version_prints_the_command_name_and_the_package_version()
    {
        var result = await CliRunner.RunAsync("--version");

        Assert.Equal(0, result.ExitCode);
        var expected = typeof(CliApp).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()!.InformationalVersion.Split('+')[0];
        Assert.Equal($"reviewcadence {expected}\n", result.Stdout.ReplaceLineEndings("\n"));
        Assert.Equal("", result.Stderr);
    }

    /// <summary>A tool package declares no package dependencies (its assemblies travel inside) and names the command.</summary>
    private static void AssertIsSelfContainedToolPackage(string package)
    {
        using var zip = ZipFile.OpenRead(package);
        var nuspecEntry = Assert.Single(zip.Entries, e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal));
        using (var stream = nuspecEntry.Open())
        {
            var nuspec = XDocument.Load(stream);
            Assert.DoesNotContain(nuspec.Descendants(), e => e.Name.LocalName == "dependency");
            Assert.Contains(nuspec.Descendants(), e => e.Name.LocalName == "packageType" && (string?)e.Attribute("name") == "DotnetTool");
        }
        var settings = Assert.Single(zip.Entries, e => e.FullName.EndsWith("DotnetToolSettings.xml", StringComparison.Ordinal));
        using (var stream = settings.Open())
        {
            var command = XDocument.Load(stream).Descendants().Single(e => e.Name.LocalName == "Command");
            Assert.Equal("reviewcadence", (string?)command.Attribute("Name"));
        }
        Assert.Contains(zip.Entries, e => e.FullName.EndsWith("/ReviewCadence.Core.dll", StringComparison.Ordinal));
        Assert.Contains(zip.Entries, e => e.FullName.EndsWith("/YamlDotNet.dll", StringComparison.Ordinal));
    }

    private static string BuildConfiguration =>
        typeof(ToolPackageEndToEndTests).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration is { Length: > 0 } configuration
            ? configuration
            : "Debug";

    private static string Dotnet => Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet";

    private sealed record ProcessResult(int ExitCode, string Stdout, string Stderr)
    {
        public override string ToString() => $"exit {ExitCode}\nstdout:\n{Stdout}\nstderr:\n{Stderr}";
    }

    private static async Task<ProcessResult> RunAsync(string fileName, string nugetCache, string workingDirectory, params string[] args)
    {
        var start = new ProcessStartInfo(fileName)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = workingDirectory,
        };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        // The test host's MSBuild variables would steer the child's build; the child picks its own.
        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("MSBUILD", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            start.Environment.Remove(name);
        }
        start.Environment["NUGET_PACKAGES"] = nugetCache;
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["NO_COLOR"] = "1";
        start.Environment.Remove("REVIEWCADENCE_API_KEY");
        if (Path.GetDirectoryName(Path.GetFullPath(Dotnet)) is { } dotnetRoot && File.Exists(Dotnet))
        {
            // The installed command's apphost finds the runtime that runs these tests.
            start.Environment["DOTNET_ROOT"] = dotnetRoot;
        }
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"cannot start {fileName}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{fileName} {string.Join(' ', args)} did not finish in 5 minutes");
        }
        return new ProcessResult(process.ExitCode, await stdout, await stderr);
    }
}
