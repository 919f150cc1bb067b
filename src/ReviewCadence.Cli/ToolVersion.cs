using System.CommandLine;
using System.CommandLine.Invocation;
using System.Reflection;

namespace ReviewCadence.Cli;

/// <summary>
/// <c>reviewcadence --version</c>: <c>reviewcadence 1.2.3</c>, the package version (the csproj's <c>Version</c>), without
/// the source-revision suffix the SDK appends to the informational version, so scripts can compare it.
/// </summary>
internal static class ToolVersion
{
    public static string Text => $"reviewcadence {Number}";

    public static string Number
    {
        get
        {
            var informational = typeof(ToolVersion).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
                ?? typeof(ToolVersion).Assembly.GetName().Version?.ToString(3)
                ?? "0.0.0";
            var plus = informational.IndexOf('+', StringComparison.Ordinal);
            return plus < 0 ? informational : informational[..plus];
        }
    }

    /// <summary>Replaces System.CommandLine's own <c>--version</c> action (which prints the bare informational version).</summary>
    public static void Install(RootCommand root)
    {
        foreach (var option in root.Options.OfType<VersionOption>())
        {
            option.Action = new PrintVersion();
        }
    }

    private sealed class PrintVersion : SynchronousCommandLineAction
    {
        public override int Invoke(ParseResult parseResult)
        {
            parseResult.InvocationConfiguration.Output.WriteLine(Text);
            return ExitCodes.Ok;
        }
    }
}
