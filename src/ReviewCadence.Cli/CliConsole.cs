using Spectre.Console;

namespace ReviewCadence.Cli;

/// <summary>Spectre console over the command's stdout: colours and live progress only on a real terminal.</summary>
internal static class CliConsole
{
    public static bool IsTerminal(TextWriter writer) => ReferenceEquals(writer, Console.Out) && !Console.IsOutputRedirected;

    /// <summary>Colour only on a terminal, and never when <c>NO_COLOR</c> is set to anything (no-color.org).</summary>
    public static bool UsesColour(TextWriter writer) =>
        IsTerminal(writer) && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("NO_COLOR"));

    /// <summary>The width tables fit: the terminal's, else <c>COLUMNS</c>, else 80.</summary>
    public static int Width(TextWriter writer)
    {
        if (IsTerminal(writer))
        {
            try
            {
                if (Console.WindowWidth is > 20 and var columns)
                {
                    return columns;
                }
            }
            catch (IOException)
            {
            }
        }
        return int.TryParse(Environment.GetEnvironmentVariable("COLUMNS"), out var set) && set > 20 ? set : 80;
    }

    public static Output.Ansi Colours(TextWriter writer) => new(UsesColour(writer));

    public static IAnsiConsole For(TextWriter writer)
    {
        var terminal = IsTerminal(writer);
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(writer),
            Ansi = terminal ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = UsesColour(writer) ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = terminal ? InteractionSupport.Detect : InteractionSupport.No,
        });
        if (!terminal)
        {
            console.Profile.Width = 200;
        }
        return console;
    }
}
