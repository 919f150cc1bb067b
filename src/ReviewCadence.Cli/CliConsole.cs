using System.Text;
using System.Text.Json;
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

    /// <summary>
    /// Writes <paramref name="value"/> as JSON and a line end. To the process's stdout it goes as UTF-8 straight to the
    /// stream, in the serializer's large writes: <see cref="Console.Out"/> writes 256 bytes at a time (a check report of
    /// 2,000 sources was ~2,300 writes). The contracts' JSON escapes every non-ASCII character, so its bytes are the
    /// same in the console's encoding.
    /// </summary>
    public static async Task WriteJsonLineAsync<T>(TextWriter writer, T value, JsonSerializerOptions options, CancellationToken cancellationToken)
    {
        if (!ReferenceEquals(writer, Console.Out))
        {
            await writer.WriteLineAsync(JsonSerializer.Serialize(value, options));
            return;
        }
        await writer.FlushAsync(cancellationToken);
        using var stdout = Console.OpenStandardOutput();
        JsonSerializer.Serialize(stdout, value, options);
        stdout.Write(Encoding.ASCII.GetBytes(writer.NewLine));
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
