namespace ReviewCadence.Cli;

/// <summary>Writes a unified diff: added lines green, removed red, hunk headers cyan, on a colour terminal only.</summary>
internal static class DiffPrinter
{
    private const string Green = "\e[32m", Red = "\e[31m", Cyan = "\e[36m", Reset = "\e[0m";

    public static void Write(TextWriter stdout, string diff)
    {
        if (!CliConsole.UsesColour(stdout))
        {
            stdout.Write(diff);
            return;
        }
        foreach (var line in diff.Split('\n'))
        {
            var colour = line.StartsWith("+++", StringComparison.Ordinal) || line.StartsWith("---", StringComparison.Ordinal) ? null
                : line.StartsWith('+') ? Green
                : line.StartsWith('-') ? Red
                : line.StartsWith("@@", StringComparison.Ordinal) ? Cyan
                : null;
            stdout.Write(colour is null ? line : colour + line + Reset);
            stdout.Write('\n');
        }
    }
}
