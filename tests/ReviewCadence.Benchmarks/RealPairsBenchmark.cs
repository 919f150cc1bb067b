using System.Globalization;
using System.Text;
using System.Text.Json;
using ReviewCadence.Extraction;

namespace ReviewCadence.Benchmarks;

/// <summary>
/// Detection quality on labelled page pairs kept outside the repository (real sites' committed builds, which must not
/// be committed here): a directory in the change-corpus layout (<c>cases.json</c> plus <c>CASE/before.*</c> and
/// <c>CASE/after.*</c>). Prints false alarms and missed edits per site, and each failure's diff with <c>--verbose</c>.
/// </summary>
public static partial class RealPairsBenchmark
{
    public static Task<int> RunAsync(string[] args)
    {
        string? directory = null;
        var verbose = false;
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] == "--dir" && i + 1 < args.Length)
                directory = args[++i];
            else if (args[i] == "--verbose")
                verbose = true;
            else
            {
                Console.Error.WriteLine($"pairs: unknown option '{args[i]}' (expected --dir DIRECTORY [--verbose])");
                return Task.FromResult(1);
            }
        }
        if (directory is null || !File.Exists(Path.Combine(directory, "cases.json")))
        {
            Console.Error.WriteLine("pairs: --dir must name a directory holding cases.json and one folder per case");
            return Task.FromResult(1);
        }

        using var cases = JsonDocument.Parse(File.ReadAllText(Path.Combine(directory, "cases.json")));
        var extractor = new ContentExtractor();
        var rows = new SortedDictionary<string, (int Noise, int Edits, int FalseAlarms, int Missed, int Unnamed)>(StringComparer.Ordinal);
        var failures = new StringBuilder();
        foreach (var entry in cases.RootElement.EnumerateArray())
        {
            var name = entry.GetProperty("case").GetString()!;
            var changed = entry.GetProperty("expected").GetString() == "changed";
            var site = name.Split('-')[0] + " (" + entry.GetProperty("platform").GetString() + ")";
            var url = new Uri(entry.TryGetProperty("url", out var u) ? u.GetString()! : $"https://pairs.example/{name}");
            var contentType = entry.TryGetProperty("contentType", out var type) ? type.GetString() : null;
            var before = Extract(extractor, Path.Combine(directory, name), "before", url, contentType);
            var after = Extract(extractor, Path.Combine(directory, name), "after", url, contentType);
            var detected = before.Fingerprint != after.Fingerprint;
            var summary = ChangeSummary.Describe(before.Text, after.Text);
            var row = rows.GetValueOrDefault(site);
            row = changed ? row with { Edits = row.Edits + 1 } : row with { Noise = row.Noise + 1 };
            var failed = changed != detected;
            if (failed)
                row = changed ? row with { Missed = row.Missed + 1 } : row with { FalseAlarms = row.FalseAlarms + 1 };
            // A detected change must say where and what (the section, when the page has headings, and a count).
            var unnamed = detected && changed && !UnnamedSummary().IsMatch(summary);
            if (unnamed)
                row = row with { Unnamed = row.Unnamed + 1 };
            rows[site] = row;
            if (failed || unnamed)
            {
                failures.AppendLine(CultureInfo.InvariantCulture, $"== {name}: {(!failed ? "SUMMARY SAYS NOT WHAT CHANGED" : changed ? "MISSED EDIT" : "FALSE ALARM")} — {entry.GetProperty("what").GetString()}");
                failures.AppendLine(CultureInfo.InvariantCulture, $"summary: {summary}");
                if (verbose)
                    failures.AppendLine(UnifiedDiff.Create(before.Text, after.Text, "before", "after"));
            }
        }

        Console.WriteLine($"{"site (generator)",-28} {"noise",6} {"edits",6} {"false alarms",13} {"missed edits",13} {"unnamed",8}");
        foreach (var (site, r) in rows)
            Console.WriteLine($"{site,-28} {r.Noise,6} {r.Edits,6} {r.FalseAlarms,13} {r.Missed,13} {r.Unnamed,8}");
        var total = rows.Values.Aggregate((a, b) => (a.Noise + b.Noise, a.Edits + b.Edits, a.FalseAlarms + b.FalseAlarms, a.Missed + b.Missed, a.Unnamed + b.Unnamed));
        Console.WriteLine($"{"all",-28} {total.Noise,6} {total.Edits,6} {total.FalseAlarms,13} {total.Missed,13} {total.Unnamed,8}");
        if (failures.Length > 0)
        {
            Console.WriteLine();
            Console.Write(failures);
        }
        return Task.FromResult(0);
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"\d+ lines? (?:changed|added|removed)|section (?:added|removed)|renamed to")]
    private static partial System.Text.RegularExpressions.Regex UnnamedSummary();

    private static ExtractedContent Extract(ContentExtractor extractor, string caseDirectory, string side, Uri url, string? contentType)
    {
        var file = Directory.GetFiles(caseDirectory, side + ".*").Single();
        contentType ??= Path.GetExtension(file) switch
        {
            ".html" => "text/html; charset=utf-8",
            ".md" => "text/markdown; charset=utf-8",
            ".json" => "application/json",
            _ => "text/plain; charset=utf-8",
        };
        return extractor.Extract(File.ReadAllBytes(file), contentType, url, ExtractionRules.None);
    }
}
