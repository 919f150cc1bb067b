using System.Diagnostics;
using ReviewCadence.Tests.Infrastructure;

namespace ReviewCadence.Tests.EndToEnd;

/// <summary>
/// Publishes the CLI once for <see cref="PublishedCliEndToEndTests"/>, as users publish it
/// (<c>dotnet publish src/ReviewCadence.Cli -c Release -r linux-x64</c>: Native AOT), into a temp folder with its own
/// build artifacts (<c>--artifacts-path</c>), so the publish neither reuses nor disturbs the build under test.
/// Publishing takes one to three minutes: every published-binary test shares this one. With
/// <c>REVIEWCADENCE_TEST_CLI=PATH</c> set, the executable at PATH is used instead (nothing is published).
/// Native AOT links with clang and zlib: on a machine without them (a fresh one with only the .NET SDK), it publishes
/// the ReadyToRun build instead (<c>-p:PublishAot=false</c>, what such a user publishes) and <see cref="IsNative"/> says
/// so; CI installs them (<c>.ci/run</c>), so the native build is what CI tests.
/// </summary>
public sealed class PublishedCliFixture : IAsyncLifetime
{
    private readonly string _work = Directory.CreateTempSubdirectory("rc-published-cli-").FullName;

    internal PublishedCli Cli { get; private set; } = null!;

    /// <summary>Whether the executable is the Native AOT build (else the ReadyToRun one).</summary>
    public bool IsNative { get; private set; }

    /// <summary>Whether this machine has what Native AOT links with (as <c>.ci/run</c> checks).</summary>
    private static bool NativeToolchain =>
        File.Exists("/usr/include/zlib.h") &&
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator).Any(dir => dir.Length > 0 && File.Exists(Path.Combine(dir, "clang")));

    /// <summary>The folder the executable is in (what a user copies).</summary>
    public string Folder => Path.GetDirectoryName(Cli.Executable)!;

    public async Task InitializeAsync()
    {
        if (PublishedCli.FromEnvironment is { } given)
        {
            Cli = given;
            IsNative = !File.Exists(Path.Combine(Folder, "reviewcadence.dll"));
            return;
        }
        var output = Path.Combine(_work, "cli");
        var start = new ProcessStartInfo(Dotnet)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = RepositoryRoot.Find(),
        };
        foreach (var arg in new[]
                 {
                     "publish", Path.Combine(RepositoryRoot.Find(), "src", "ReviewCadence.Cli"), "-c", "Release", "-r", "linux-x64",
                     "-o", output, "--artifacts-path", Path.Combine(_work, "artifacts"), "--nologo", "-v", "q",
                 })
        {
            start.ArgumentList.Add(arg);
        }
        IsNative = NativeToolchain;
        if (!IsNative)
        {
            start.ArgumentList.Add("-p:PublishAot=false");
        }
        // The test host's MSBuild variables would steer the child's build; the child picks its own.
        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("MSBUILD", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            start.Environment.Remove(name);
        }
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        using var process = Process.Start(start) ?? throw new InvalidOperationException("cannot start dotnet publish");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(15));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("dotnet publish of the CLI did not finish in 15 minutes");
        }
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"dotnet publish of the CLI failed (exit {process.ExitCode}):\n{await stdout}\n{await stderr}");
        }
        Cli = new PublishedCli(Path.Combine(output, "reviewcadence"));
    }

    public Task DisposeAsync()
    {
        try
        {
            Directory.Delete(_work, recursive: true);
        }
        catch (IOException)
        {
            // A temp folder; a file still held open is the OS's to clean.
        }
        return Task.CompletedTask;
    }

    private static string Dotnet => Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet";
}
