using System.Diagnostics;
using System.Text.RegularExpressions;
using ReviewCadence.Tests.Infrastructure;

namespace ReviewCadence.Tests.EndToEnd;

/// <summary>
/// The built <c>reviewcadence</c> on a real pseudo-terminal (util-linux <c>script</c>): colour for statuses and
/// diffs and a progress display with n/N and an ETA there; none of the colour with <c>NO_COLOR</c> or when redirected.
/// </summary>
public sealed partial class TerminalOutputTests : IAsyncLifetime
{
    private readonly string _dir = Directory.CreateTempSubdirectory("rc-tty-").FullName;
    private TestSite _site = null!;

    private string CatalogPath => Path.Combine(_dir, "catalog.yaml");
    private string StorePath => Path.Combine(_dir, "state.db");

    public async Task InitializeAsync()
    {
        _site = await TestSite.StartAsync();
        _site.Page("/docs/pricing", TestPages.Doc("Pricing", "Token-based billing applies to models with unified official pricing.", "Refunds are handled by support."));
        _site.Page("/docs/help", TestPages.Doc("Help center", "Contact support for abnormal charges and recharge questions.", "Maintenance notes are posted here."));
        await File.WriteAllTextAsync(CatalogPath, $"""
            settings:
              allowPrivateNetworks: true
              retries: 0
            sources:
              - id: pricing
                url: {_site.Url("/docs/pricing")}
              - id: help
                url: {_site.Url("/docs/help")}
            owners:
              - id: ops
            runbooks:
              - id: budget-gate
                title: Token budget quality gate
                owner: ops
                lastReviewed: 2026-11-01
                sources: [pricing, help]
            """);
        Assert.Equal(0, (await CliRunner.RunAsync("check", "--json", "--catalog", CatalogPath, "--store", StorePath, "--now=2026-11-02")).ExitCode);
        _site.Page("/docs/pricing", TestPages.Doc("Pricing", "Token-based billing applies to every model.", "Refunds are handled by support."));
        Assert.Equal(2, (await CliRunner.RunAsync("check", "--json", "--catalog", CatalogPath, "--store", StorePath, "--now=2026-11-03")).ExitCode);
    }

    public async Task DisposeAsync()
    {
        await _site.DisposeAsync();
        Directory.Delete(_dir, recursive: true);
    }

    [GeneratedRegex(@"\e\[(3[0-7]|38;|1m)")]
    private static partial Regex ColourCode();

    /// <summary>Runs the built command on a pseudo-terminal and returns what the terminal received.</summary>
    private async Task<string> OnTerminalAsync(string arguments, bool noColor = false)
    {
        var command = Path.Combine(AppContext.BaseDirectory, "reviewcadence");
        var start = new ProcessStartInfo("script")
        {
            ArgumentList = { "-qfec", $"'{command}' {arguments} --catalog '{CatalogPath}' --store '{StorePath}'", "/dev/null" },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        start.Environment["TERM"] = "xterm-256color";
        start.Environment["COLUMNS"] = "100";
        start.Environment.Remove("NO_COLOR");
        if (noColor)
        {
            start.Environment["NO_COLOR"] = "1";
        }
        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start script(1) from util-linux");
        var output = process.StandardOutput.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        return await output;
    }

    [Fact]
    public async Task Statuses_and_diffs_are_coloured_on_a_terminal_and_not_with_no_color()
    {
        var status = await OnTerminalAsync("status --now=2026-11-04");
        Assert.Contains("\e[31mneeds-review\e[0m", status);

        var diff = await OnTerminalAsync("diff pricing");
        Assert.Contains("\e[32m+Token-based billing applies to every model.\e[0m", diff);
        Assert.Contains("\e[31m-Token-based billing applies to models with unified official pricing.\e[0m", diff);

        Assert.DoesNotMatch(ColourCode(), await OnTerminalAsync("status --now=2026-11-04", noColor: true));
        Assert.DoesNotMatch(ColourCode(), await OnTerminalAsync("diff pricing", noColor: true));

        // Redirected (captured in-process), nothing is coloured either.
        var redirected = await CliRunner.RunAsync("diff", "pricing", "--catalog", CatalogPath, "--store", StorePath);
        Assert.DoesNotContain("\e[", redirected.Stdout);
        Assert.Contains("+Token-based billing applies to every model.", redirected.Stdout);
    }

    [Fact]
    public async Task A_check_on_a_terminal_shows_progress_with_counts_and_an_eta_then_the_table()
    {
        var check = await OnTerminalAsync("check --now=2026-11-04");

        Assert.Matches(@"Checking sources.*[0-2]/2", check);
        Assert.Matches("ETA|done", check);
        Assert.Contains("2 sources checked: 0 changed, 0 moved, 0 broken, 0 unreachable, 2 unchanged; 1 runbook needs review", check);
    }
}
