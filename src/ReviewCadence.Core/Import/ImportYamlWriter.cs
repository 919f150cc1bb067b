using System.Text;
using System.Text.RegularExpressions;

namespace ReviewCadence.Import;

/// <summary>
/// Writes an <see cref="ImportResult"/> as catalog YAML to paste into <c>catalog.yaml</c>: a <c>sources:</c>
/// list of the new sources and a <c>runbooks:</c> list, each runbook preceded by its warnings as
/// <c># warning:</c> comments. A runbook without an owner gets <c>owner: TODO-owner</c>, which the
/// catalog rejects until it is replaced: the catalog requires an owner and guessing one is worse.
/// </summary>
public static partial class ImportYamlWriter
{
    /// <summary>The owner written for a runbook whose document names none (or a placeholder).</summary>
    public const string MissingOwner = "TODO-owner";

    [GeneratedRegex(@"^[A-Za-z0-9_./~(][A-Za-z0-9 _./~:?=&%+@!$*(),;'-]*$")]
    private static partial Regex PlainSafe();

    [GeneratedRegex(@"^(?:[-+]?[\d.][\d._:-]*|true|false|yes|no|on|off|y|n|null|~)$", RegexOptions.IgnoreCase)]
    private static partial Regex ResolvesToNonString();

    /// <summary>The result as catalog YAML, as <c>import</c> prints it.</summary>
    public static string Write(ImportResult result)
    {
        var yaml = new StringBuilder();
        yaml.Append("# Proposed by reviewcadence import: ")
            .Append(Count(result.Runbooks.Count, "runbook")).Append(", ")
            .Append(Count(result.NewSources.Count, "new source")).Append(", ")
            .Append(Count(result.Warnings.Count, "warning")).Append('\n')
            .Append("# Fix what the '# warning:' comments point out, then paste into catalog.yaml.\n");

        if (result.NewSources.Count == 0)
        {
            yaml.Append("# Every cited URL is already a catalog source.\n").Append("sources: []\n");
        }
        else
        {
            yaml.Append("sources:\n");
            foreach (var source in result.NewSources)
            {
                yaml.Append("  - id: ").Append(Scalar(source.Id)).Append('\n')
                    .Append("    url: ").Append(Scalar(source.Url)).Append('\n');
                if (source.Title is not null)
                    yaml.Append("    title: ").Append(Scalar(source.Title)).Append('\n');
            }
        }

        yaml.Append("runbooks:\n");
        foreach (var runbook in result.Runbooks)
        {
            yaml.Append('\n');
            foreach (var warning in result.Warnings.Where(w => w.Runbook == runbook.Id))
                yaml.Append("  # warning: ").Append(Comment(warning.Message)).Append('\n');

            yaml.Append("  - id: ").Append(Scalar(runbook.Id)).Append('\n')
                .Append("    title: ").Append(Scalar(runbook.Title)).Append('\n');
            yaml.Append("    owner: ").Append(runbook.Owner is null ? $"{MissingOwner}  # no follow-up owner in the document: set an owners[] id" : Scalar(runbook.Owner)).Append('\n');
            if (runbook.LastReviewed is { } reviewed)
                yaml.Append("    lastReviewed: ").Append(ReviewDateField.Iso(reviewed)).Append('\n');
            else
                yaml.Append("    # lastReviewed: unknown; add the date of the last review\n");
            yaml.Append("    document: ").Append(Scalar(runbook.Document)).Append('\n');

            if (runbook.Sources.Count == 0)
            {
                yaml.Append("    sources: []\n");
                continue;
            }
            yaml.Append("    sources:\n");
            foreach (var source in runbook.Sources)
            {
                // A catalog source known only as a URL has no declared id to refer to: cite its URL.
                var reference = source.Origin == CitedSourceOrigin.CatalogImplicit ? source.Url : source.Id;
                // A document linking to sections of a page (URL fragments) relies on those sections: cite them.
                for (var i = 0; i < source.Sections.Count - 1; i++)
                    yaml.Append("      - { source: ").Append(Quoted(reference)).Append(", section: ").Append(Quoted("#" + source.Sections[i])).Append(" }\n");
                yaml.Append("      - ").Append(source.Sections.Count == 0
                    ? Scalar(reference)
                    : $"{{ source: {Quoted(reference)}, section: {Quoted("#" + source.Sections[^1])} }}");
                var notes = new List<string>();
                if (source.Accessed is { } accessed)
                    notes.Add($"accessed {ReviewDateField.Iso(accessed)}");
                if (source.NamedAs is not null)
                    notes.Add($"named \"{source.NamedAs}\"");
                if (notes.Count > 0)
                    yaml.Append("  # ").Append(Comment(string.Join(", ", notes)));
                yaml.Append('\n');
            }
        }
        return yaml.ToString();
    }

    /// <summary>A YAML scalar: plain when it cannot be misread, double-quoted otherwise.</summary>
    internal static string Scalar(string value)
    {
        if (PlainSafe().IsMatch(value) && !value.EndsWith(' ') && !value.EndsWith(':')
            && !value.Contains(": ", StringComparison.Ordinal) && !value.Contains(" #", StringComparison.Ordinal)
            && !ResolvesToNonString().IsMatch(value))
            return value;
        return Quoted(value);
    }

    /// <summary>A double-quoted YAML scalar (safe anywhere, flow mappings included).</summary>
    internal static string Quoted(string value)
    {
        var quoted = new StringBuilder("\"");
        foreach (var c in value)
        {
            quoted.Append(c switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                _ when char.IsControl(c) => $"\\u{(int)c:x4}",
                _ => c.ToString(),
            });
        }
        return quoted.Append('"').ToString();
    }

    private static string Comment(string text) => text.ReplaceLineEndings(" ");

    private static string Count(int n, string noun) => n == 1 ? $"1 {noun}" : $"{n} {noun}s";
}
