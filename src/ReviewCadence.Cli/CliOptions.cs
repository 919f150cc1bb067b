using System.CommandLine;
using System.Globalization;

namespace ReviewCadence.Cli;

/// <summary>Options shared by several commands, defined once so they read the same everywhere.</summary>
internal static class CliOptions
{
    public static Option<string> Catalog() => new("--catalog")
    {
        Description = "Path of the catalog file",
        DefaultValueFactory = _ => "catalog.yaml",
    };

    public static Option<string> Store()
    {
        var option = new Option<string>("--store")
        {
            Description = "State store: a SQLite file path, an Azure Storage connection string, or https://ACCOUNT.table.core.windows.net (default: .reviewcadence/state.db, or REVIEWCADENCE_STORE)",
        };
        option.Validators.Add(result =>
        {
            // An empty value (an unset variable in a script: --store "$STORE") must not quietly mean the default store.
            if (result.Tokens.Count > 0 && string.IsNullOrWhiteSpace(result.Tokens[^1].Value))
            {
                result.AddError("--store is empty: give a SQLite file path, a connection string or a table endpoint, or leave --store out for the default");
            }
        });
        return option;
    }

    public static Option<bool> Json() => new("--json") { Description = "Machine-readable JSON on stdout, nothing else there" };

    public static Option<DateTimeOffset?> Now()
    {
        var option = new Option<DateTimeOffset?>("--now")
        {
            Description = "The clock for this command, ISO 8601 (e.g. 2026-12-01 or 2026-12-01T09:00:00Z); UTC when no offset is given",
            CustomParser = result =>
            {
                var text = result.Tokens.Single().Value;
                if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var value))
                {
                    if (DateRange.Contains(value))
                    {
                        return value;
                    }
                    result.AddError($"--now must be {DateRange.Description}, not '{Printable.Clip(text)}'");
                    return null;
                }
                result.AddError($"--now must be an ISO 8601 date or time, such as 2026-12-01T09:00:00Z, not '{Printable.Clip(text)}'");
                return null;
            },
        };
        return option;
    }
}
