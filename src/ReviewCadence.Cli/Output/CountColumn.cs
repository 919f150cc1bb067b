using System.Globalization;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace ReviewCadence.Cli.Output;

/// <summary>"123/300": sources checked of all.</summary>
internal sealed class CountColumn : ProgressColumn
{
    public override IRenderable Render(RenderOptions options, ProgressTask task, TimeSpan deltaTime) =>
        new Text($"{task.Value.ToString("0", CultureInfo.InvariantCulture)}/{task.MaxValue.ToString("0", CultureInfo.InvariantCulture)}");
}
