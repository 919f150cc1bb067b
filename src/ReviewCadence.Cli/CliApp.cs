using System.CommandLine;
using ReviewCadence.Cli.Commands;

namespace ReviewCadence.Cli;

/// <summary>The <c>reviewcadence</c> command tree. Commands parse, call Core and print; nothing else.</summary>
public static class CliApp
{
    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        var root = new RootCommand("ReviewCadence: re-check the sources runbooks rest on, flag runbooks needing re-review, remind their owners.");
        // Lead: pass CatalogLoader.Load here once it lands; until then --catalog reports that it cannot be loaded.
        root.Subcommands.Add(ImportCommand.Create(path => throw new NotSupportedException("catalog loading is not part of this build yet")));
        var config = new InvocationConfiguration { Output = stdout, Error = stderr };
        return await root.Parse(args).InvokeAsync(config, cancellationToken);
    }
}
