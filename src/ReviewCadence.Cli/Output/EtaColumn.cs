using System.Globalization;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace ReviewCadence.Cli.Output;

/// <summary>"ETA 1:05" from the pace so far; blank until there is a pace to go by.</summary>
internal sealed class EtaColumn : ProgressColumn
{
    public override IRenderable Render(RenderOptions options, ProgressTask task, TimeSpan deltaTime)
    {
        if (task.IsFinished)
        {
            return new Text("done");
        }
        if (task.RemainingTime is not { } remaining || task.Value <= 0)
        {
            return new Text("ETA …");
        }
        var text = remaining.TotalHours >= 1 ? remaining.ToString(@"h\:mm\:ss", CultureInfo.InvariantCulture) : remaining.ToString(@"m\:ss", CultureInfo.InvariantCulture);
        return new Text($"ETA {text}");
    }
}
