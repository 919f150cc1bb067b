using System.Text;

namespace ReviewCadence.Cli.Output;

/// <summary>
/// A plain-text table that stays readable in a narrow terminal: cells are never broken (ids and statuses stay
/// whole, the last column takes what room is left and wraps at spaces), and each row may carry detail lines
/// printed under it, indented and wrapped at spaces, instead of a wrapped cell.
/// </summary>
internal sealed class TextTable(params string[] headers)
{
    private readonly List<(Cell[] Cells, IReadOnlyList<Cell> Details)> _rows = [];

    /// <summary>Text with its colour codes; the width is that of the plain text.</summary>
    public readonly record struct Cell(string Plain, string Painted)
    {
        public static implicit operator Cell(string text) => new(text, text);
    }

    public void Add(Cell[] cells, IReadOnlyList<Cell>? details = null)
    {
        if (cells.Length != headers.Length)
        {
            throw new ArgumentException($"a row needs {headers.Length} cells", nameof(cells));
        }
        _rows.Add((cells, details ?? []));
    }

    public int Count => _rows.Count;

    /// <summary>The width of the widest row, cells unwrapped.</summary>
    public int NaturalWidth => headers.Select((h, i) => Math.Max(h.Length, _rows.Count == 0 ? 0 : _rows.Max(r => r.Cells[i].Plain.Length))).Sum() + 2 * (headers.Length - 1);

    public void Write(TextWriter output, int width, Ansi ansi)
    {
        const int gap = 2;
        var widths = headers.Select((h, i) => Math.Max(h.Length, _rows.Count == 0 ? 0 : _rows.Max(r => r.Cells[i].Plain.Length))).ToArray();
        // The last column gets the rest of the line (at least 12), wrapping at spaces when its text is longer.
        var fixedWidth = widths[..^1].Sum() + gap * (widths.Length - 1);
        var lastWidth = Math.Max(12, Math.Min(widths[^1], width - fixedWidth));

        var header = new StringBuilder();
        for (var i = 0; i < headers.Length; i++)
        {
            header.Append(i < headers.Length - 1 ? headers[i].PadRight(widths[i] + gap) : headers[i]);
        }
        output.WriteLine(ansi.Bold(header.ToString().TrimEnd()));

        foreach (var (cells, details) in _rows)
        {
            var lastLines = Wrap(cells[^1].Plain, lastWidth);
            var line = new StringBuilder();
            for (var i = 0; i < cells.Length - 1; i++)
            {
                line.Append(cells[i].Painted).Append(' ', widths[i] - cells[i].Plain.Length + gap);
            }
            // A wrapped last cell loses its colour on the continuation lines; a single line keeps it.
            line.Append(lastLines.Count == 1 ? cells[^1].Painted : lastLines[0]);
            output.WriteLine(line.ToString().TrimEnd());
            foreach (var more in lastLines.Skip(1))
            {
                output.WriteLine((new string(' ', fixedWidth) + more).TrimEnd());
            }
            foreach (var detail in details)
            {
                var wrapped = Wrap(detail.Plain, Math.Max(20, width - 4));
                output.WriteLine("  " + (wrapped.Count == 1 ? detail.Painted : wrapped[0]));
                foreach (var more in wrapped.Skip(1))
                {
                    output.WriteLine("    " + more);
                }
            }
        }
    }

    /// <summary>Lines of at most <paramref name="width"/> characters, broken at spaces; a word longer than that stays whole.</summary>
    internal static List<string> Wrap(string text, int width)
    {
        var lines = new List<string>();
        foreach (var paragraph in text.Replace("\r", "").Split('\n'))
        {
            var line = new StringBuilder();
            foreach (var word in paragraph.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                if (line.Length > 0 && line.Length + 1 + word.Length > width)
                {
                    lines.Add(line.ToString());
                    line.Clear();
                }
                line.Append(line.Length > 0 ? " " : "").Append(word);
            }
            lines.Add(line.ToString());
        }
        return lines;
    }
}
