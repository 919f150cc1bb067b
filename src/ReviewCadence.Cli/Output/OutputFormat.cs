using System.CommandLine;

namespace ReviewCadence.Cli.Output;

/// <summary>How <c>check</c> and <c>status</c> print: a table for people, JSON for scripts, Markdown for PR comments, JUnit XML for CI.</summary>
internal enum OutputFormat
{
    Table,
    Json,
    Markdown,
    Junit,
}

internal static class OutputFormats
{
    public static Option<OutputFormat?> Option() => new("--format")
    {
        Description = "Output format: table (default), json (same as --json), markdown (for a PR comment or wiki page) or junit (JUnit XML for CI)",
        CustomParser = result =>
        {
            var text = result.Tokens.Single().Value;
            if (Enum.TryParse<OutputFormat>(text, ignoreCase: true, out var format) && Enum.IsDefined(format) && !int.TryParse(text, out _))
            {
                return format;
            }
            result.AddError($"--format must be table, json, markdown or junit, not '{text}'");
            return null;
        },
    };

    /// <summary>The format asked for: <c>--json</c> means <c>--format json</c>; the two disagreeing is a usage error.</summary>
    public static OutputFormat Resolve(ParseResult parse, Option<OutputFormat?> format, Option<bool> json)
    {
        var chosen = parse.GetValue(format);
        if (parse.GetValue(json))
        {
            if (chosen is { } other && other != OutputFormat.Json)
            {
                throw new UsageException($"--json means --format json; it cannot be combined with --format {other.ToString().ToLowerInvariant()}");
            }
            return OutputFormat.Json;
        }
        return chosen ?? OutputFormat.Table;
    }
}

/// <summary>Arguments that parse but do not make sense together: exit 1 with the reason on stderr.</summary>
internal sealed class UsageException(string message) : Exception(message);
