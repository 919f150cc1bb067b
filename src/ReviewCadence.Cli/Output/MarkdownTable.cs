using System.Text;

namespace ReviewCadence.Cli.Output;

/// <summary>A GitHub-flavoured Markdown table; cell text is escaped so a page's words cannot break the table.</summary>
internal static class MarkdownTable
{
    public static string Write(IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<string>> rows)
    {
        var text = new StringBuilder();
        text.Append("| ").AppendJoin(" | ", headers.Select(Escape)).AppendLine(" |");
        text.Append('|').AppendJoin('|', headers.Select(_ => " --- ")).AppendLine("|");
        foreach (var row in rows)
        {
            text.Append("| ").AppendJoin(" | ", row.Select(Escape)).AppendLine(" |");
        }
        return text.ToString();
    }

    /// <summary>Pipes and markup characters escaped, line breaks as <c>&lt;br&gt;</c> (the one tag written on purpose).</summary>
    public static string Escape(string text)
    {
        var escaped = new StringBuilder(text.Length);
        foreach (var c in text.Replace("\r", ""))
        {
            escaped.Append(c switch
            {
                '|' => "\\|",
                '<' => "&lt;",
                '>' => "&gt;",
                '&' => "&amp;",
                '*' or '_' or '`' or '[' or ']' or '\\' => "\\" + c,
                '\n' => "<br>",
                _ => c.ToString(),
            });
        }
        return escaped.ToString();
    }
}
