using System.CommandLine;
using ReviewCadence.Catalog;
using ReviewCadence.Checking;
using ReviewCadence.Reminders;
using ReviewCadence.Cli.Commands;
using ReviewCadence.Runbooks;
using ReviewCadence.Storage;

namespace ReviewCadence.Cli;

/// <summary>The <c>reviewcadence</c> command tree. Commands parse, call Core and print; nothing else.</summary>
public static class CliApp
{
    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        var root = new RootCommand("ReviewCadence: re-check the sources runbooks rest on, flag runbooks needing re-review, remind their owners.")
        {
            CheckCommand.Create(),
            StatusCommand.Create(),
            ReviewCommand.Create(),
            RemindCommand.Create(),
            DiffCommand.Create(),
            HistoryCommand.Create(),
            ImportCommand.Create(CatalogLoader.Load),
            ServeCommand.Create(),
            UnlockCommand.Create(),
        };
        var config = new InvocationConfiguration { Output = stdout, Error = stderr };
        var parse = root.Parse(args);
        if (parse.Action is System.CommandLine.Invocation.ParseErrorAction onError)
        {
            // Bad arguments are a one-line reason on stderr (exit 1); help on stdout would break --json readers.
            onError.ShowHelp = false;
            onError.ShowTypoCorrections = false;
        }
        return await parse.InvokeAsync(config, cancellationToken);
    }

    /// <summary>
    /// Runs a command body, turning the failures users can fix into one line on stderr and exit 1.
    /// </summary>
    internal static async Task<int> GuardAsync(ParseResult parse, Func<TextWriter, TextWriter, Task<int>> body)
    {
        var stdout = parse.InvocationConfiguration.Output;
        var stderr = parse.InvocationConfiguration.Error;
        try
        {
            return await body(stdout, stderr);
        }
        catch (CatalogException ex)
        {
            foreach (var error in ex.Errors)
            {
                await stderr.WriteLineAsync($"error: {error}");
            }
            return ExitCodes.CannotRun;
        }
        catch (Exception ex) when (ex is Output.UsageException or StoreUnavailableException or CheckAlreadyRunningException or ReminderRunInProgressException or ReviewRejectedException or KeyNotFoundException or LeaseHeldException)
        {
            await stderr.WriteLineAsync($"error: {ex.Message.Trim('"')}");
            return ExitCodes.CannotRun;
        }
    }
}
