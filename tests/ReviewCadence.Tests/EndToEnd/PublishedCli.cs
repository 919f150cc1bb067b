using System.Diagnostics;

namespace ReviewCadence.Tests.EndToEnd;

/// <summary>
/// A published <c>reviewcadence</c> executable (the Native AOT build users get from <c>dotnet publish -r RID</c>), run as
/// a child process with its streams captured. <see cref="PublishedCliFixture"/> publishes one for
/// <see cref="PublishedCliEndToEndTests"/>; <c>REVIEWCADENCE_TEST_CLI=PATH</c> makes <see cref="CliRunner"/> and
/// <see cref="CliProcess"/> run every end-to-end test against the executable at PATH instead of in-process.
/// </summary>
internal sealed class PublishedCli(string executable)
{
    public const string Variable = "REVIEWCADENCE_TEST_CLI";

    public static PublishedCli? FromEnvironment { get; } =
        Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } path ? new PublishedCli(path) : null;

    public string Executable { get; } = executable;

    /// <summary>Runs to the end (or until <paramref name="cancellationToken"/> fires: then the process is stopped) with stdin empty.</summary>
    public async Task<CliRunner.Result> RunAsync(IReadOnlyDictionary<string, string> environment, CancellationToken cancellationToken, params string[] args)
    {
        var start = new ProcessStartInfo(Executable)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        start.Environment.Remove("REVIEWCADENCE_API_KEY");
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"cannot start {Executable}");
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
        var stderr = process.StandardError.ReadToEndAsync(CancellationToken.None);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromMinutes(3));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            // serve runs until stopped; a hung command is stopped too (its exit code then says so).
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None);
        }
        return new CliRunner.Result(process.ExitCode, await stdout, await stderr);
    }
}
