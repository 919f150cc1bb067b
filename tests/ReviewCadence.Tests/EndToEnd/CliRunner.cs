using System.Text.Json;
using ReviewCadence.Cli;

namespace ReviewCadence.Tests.EndToEnd;

/// <summary>Runs the real <c>reviewcadence</c> command tree in-process and captures its streams.</summary>
internal static class CliRunner
{
    public sealed record Result(int ExitCode, string Stdout, string Stderr)
    {
        public JsonElement Json => JsonDocument.Parse(Stdout).RootElement;

        public override string ToString() => $"exit {ExitCode}\nstdout:\n{Stdout}\nstderr:\n{Stderr}";
    }

    public static Task<Result> RunAsync(params string[] args) => RunAsync(CancellationToken.None, args);

    /// <summary>Runs with a token (a command that would keep running, such as <c>serve</c>, stops when it fires).</summary>
    public static async Task<Result> RunAsync(CancellationToken cancellationToken, params string[] args)
    {
        if (PublishedCli.FromEnvironment is { } published)
        {
            return await published.RunAsync(new Dictionary<string, string>(), cancellationToken, args);
        }
        return await RunInProcessAsync(cancellationToken, args);
    }

    /// <summary>In this process whatever <c>REVIEWCADENCE_TEST_CLI</c> says: the reference a published executable's output is compared with.</summary>
    public static async Task<Result> RunInProcessAsync(CancellationToken cancellationToken, params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = await CliApp.RunAsync(args, stdout, stderr, cancellationToken);
        return new Result(code, stdout.ToString(), stderr.ToString());
    }

    /// <summary>Asserts the contract for "cannot run": exit 1, nothing on stdout, exactly one line on stderr.</summary>
    public static void AssertOneLineError(Result result, string? contains = null)
    {
        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.True(result.Stdout.Length == 0, result.ToString());
        var lines = result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(lines.Length == 1, $"expected one line on stderr:\n{result}");
        Assert.StartsWith("error: ", lines[0]);
        if (contains is not null)
        {
            Assert.True(lines[0].Contains(contains, StringComparison.Ordinal), $"expected '{contains}' in:\n{result}");
        }
    }
}

/// <summary>Documentation-like pages for the test sites: enough real content not to count as thin.</summary>
internal static class TestPages
{
    public static string Doc(string title, params string[] paragraphs) => $$"""
        <!doctype html>
        <html><head><title>{{title}}</title><script>window.__build = "{{Guid.NewGuid()}}";</script></head>
        <body>
          <nav class="navbar"><a href="/">Home</a><a href="/docs">Docs</a></nav>
          <main>
            <article>
              <h1>{{title}}</h1>
              {{string.Concat(paragraphs.Select(p => $"<p>{p}</p>"))}}
            </article>
          </main>
          <footer>© 2026 Example</footer>
        </body></html>
        """;
}

public class CliArgumentTests
{
    [Theory]
    [InlineData("check", "--bogus")]
    [InlineData("review")]
    [InlineData("check", "--now", "yesterday-ish")]
    [InlineData("review", "x", "--reviewer", "r", "--result", "maybe")]
    public async Task Bad_arguments_exit_1_with_the_reason_on_stderr_and_nothing_on_stdout(params string[] args)
    {
        var result = await CliRunner.RunAsync(args);

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("", result.Stdout);
        Assert.False(string.IsNullOrWhiteSpace(result.Stderr));
    }
}
