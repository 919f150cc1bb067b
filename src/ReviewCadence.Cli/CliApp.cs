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
        ToolVersion.Install(root);
        var config = new InvocationConfiguration { Output = stdout, Error = stderr };
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            // Bad arguments are a one-line reason on stderr (exit 1); help on stdout would break --json readers.
            await stderr.WriteLineAsync($"error: {string.Join("; ", parse.Errors.Select(e => Printable.OneLine(e.Message)))}");
            return ExitCodes.CannotRun;
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
            // One line per problem (each file:line), so every problem is fixed in one pass.
            foreach (var error in ex.Errors)
            {
                await stderr.WriteLineAsync($"error: {Printable.OneLine(error.ToString())}");
            }
            return ExitCodes.CannotRun;
        }
        catch (Exception ex) when (ex is Output.UsageException or StoreUnavailableException or CheckAlreadyRunningException or ReminderRunInProgressException or ReviewRejectedException or KeyNotFoundException or LeaseHeldException)
        {
            await stderr.WriteLineAsync($"error: {Printable.OneLine(ex.Message.Trim('"'))}");
            return ExitCodes.CannotRun;
        }
        catch (OperationCanceledException)
        {
            await stderr.WriteLineAsync("error: cancelled");
            return ExitCodes.CannotRun;
        }
        catch (Exception ex)
        {
            // Whatever a store, a host or a library throws ends as one line too (never a stack trace); its message
            // may name a URL, so anything that looks like a credential in it is masked.
            await stderr.WriteLineAsync($"error: {ex.GetType().Name}: {SecretMask.Apply(Printable.OneLine(ex.Message, 300))}");
            return ExitCodes.CannotRun;
        }
    }
}
