using System.Diagnostics;

namespace ReviewCadence.Functions.Tests;

/// <summary>
/// How the app is published (the deploy workflow's <c>dotnet publish</c>): for Flex Consumption's Linux x64 instances,
/// framework-dependent and ReadyToRun, so a new instance does not compile the app before its first batch; a build stays
/// portable. Read from MSBuild's evaluation of the project, as <c>dotnet publish</c> and <c>dotnet build</c> see it.
/// </summary>
public sealed class PublishSettingsTests
{
    private static readonly string Project = Path.Combine(RepositoryRoot.Find(), "src", "ReviewCadence.Functions", "ReviewCadence.Functions.csproj");

    [Fact]
    public async Task A_publish_is_ReadyToRun_for_linux_x64_and_framework_dependent()
    {
        var properties = await EvaluateAsync(publishing: true);

        Assert.Equal(["linux-x64", "false", "true"], properties);
    }

    [Fact]
    public async Task A_build_stays_portable()
    {
        var properties = await EvaluateAsync(publishing: false);

        Assert.Equal("", properties[0]);
        Assert.NotEqual("true", properties[2]);
    }

    /// <summary>RuntimeIdentifier, SelfContained and PublishReadyToRun as MSBuild evaluates the project (nothing is built).</summary>
    private static async Task<string[]> EvaluateAsync(bool publishing)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            Environment = { ["DOTNET_NOLOGO"] = "1", ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1" },
        };
        foreach (var argument in new[] { "msbuild", Project, "-nologo", "-nodeReuse:false", "-getProperty:RuntimeIdentifier", "-getProperty:SelfContained", "-getProperty:PublishReadyToRun", "-p:Configuration=Release" })
            start.ArgumentList.Add(argument);
        if (publishing)
            start.ArgumentList.Add("-p:_IsPublishing=true"); // what `dotnet publish` sets
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"dotnet msbuild failed: {await output}{await errors}");
        // The properties as JSON: anything the CLI prints first (a first-run notice) is not part of it.
        var text = await output;
        using var json = System.Text.Json.JsonDocument.Parse(text[text.IndexOf('{', StringComparison.Ordinal)..]);
        var values = json.RootElement.GetProperty("Properties");
        return [.. new[] { "RuntimeIdentifier", "SelfContained", "PublishReadyToRun" }.Select(name => values.GetProperty(name).GetString() ?? "")];
    }
}
