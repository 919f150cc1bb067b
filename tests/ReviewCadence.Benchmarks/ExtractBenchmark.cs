using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using ReviewCadence.Extraction;

namespace ReviewCadence.Benchmarks;

/// <summary>
/// Throughput of <see cref="ContentExtractor"/> (parse, extract, normalise, fingerprint) on every page of the change
/// corpora and on a generated ~100 KB documentation page: first on one thread, then on all cores.
/// </summary>
public static class ExtractBenchmark
{
    private sealed record Page(string Name, string Group, byte[] Body, string ContentType, Uri Url);

    public static Task<int> RunAsync(string[] args)
    {
        var seconds = 10.0;
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] == "--seconds" && i + 1 < args.Length
                && double.TryParse(args[i + 1], NumberStyles.Float, CultureInfo.InvariantCulture, out var s) && s > 0)
            {
                seconds = s;
                i++;
            }
            else
            {
                Console.Error.WriteLine($"extract: unknown or invalid option '{args[i]}' (expected --seconds N)");
                return Task.FromResult(1);
            }
        }

        var pages = LoadCorpusPages();
        var large = LargeDocsPage.Generate(targetBytes: 100_000);
        pages.Add(new Page("generated-docs-page", "large page", Encoding.UTF8.GetBytes(large), "text/html; charset=utf-8",
            new Uri("https://docs.example.com/reference/large")));

        var extractor = new ContentExtractor();
        var expected = pages.Select(p => extractor.Extract(p.Body, p.ContentType, p.Url, ExtractionRules.None).Fingerprint).ToArray();
        Warmup(extractor, pages, TimeSpan.FromSeconds(Math.Min(2, seconds / 5)));

        var cores = Environment.ProcessorCount;
        Console.WriteLine($"Extraction benchmark: {pages.Count - 1} corpus pages ({pages.Where(p => p.Group != "large page").Sum(p => p.Body.Length) / 1024.0:F0} KB) "
            + $"+ 1 generated docs page ({pages[^1].Body.Length / 1024.0:F0} KB); {seconds:0.#} s per run; {cores} logical cores; "
            + $"{(System.Runtime.GCSettings.IsServerGC ? "server" : "workstation")} GC");
        Console.WriteLine();

        var single = Measure(extractor, pages, expected, threads: 1, TimeSpan.FromSeconds(seconds));
        var parallel = Measure(extractor, pages, expected, threads: cores, TimeSpan.FromSeconds(seconds));

        Console.WriteLine($"{"run",-10} {"pages",-12} {"threads",7} {"pages/s",10} {"MB/s",8} {"pages/s/core",13} {"MB/s/core",10} {"ms/page",8}");
        foreach (var (label, result) in new[] { ("1 thread", single), ("all cores", parallel) })
        {
            foreach (var group in new[] { "corpus", "large page", "all" })
            {
                var (count, bytes, busy) = result.For(group);
                var pagesPerSecond = count / result.Elapsed.TotalSeconds;
                var megabytesPerSecond = bytes / 1_000_000.0 / result.Elapsed.TotalSeconds;
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{label,-10} {group,-12} {result.Threads,7} {pagesPerSecond,10:F0} {megabytesPerSecond,8:F1} {pagesPerSecond / result.Threads,13:F0} {megabytesPerSecond / result.Threads,10:F1} {busy.TotalMilliseconds / Math.Max(1, count),8:F3}"));
            }
        }
        Console.WriteLine();
        Console.WriteLine("pages/s and MB/s per group are that group's share of the mixed run; ms/page is time spent per page of the group.");
        return Task.FromResult(0);
    }

    private sealed record RunResult(int Threads, TimeSpan Elapsed, Dictionary<string, (long Count, long Bytes, TimeSpan Busy)> Groups)
    {
        public (long Count, long Bytes, TimeSpan Busy) For(string group) => group == "all"
            ? (Groups.Values.Sum(g => g.Count), Groups.Values.Sum(g => g.Bytes), TimeSpan.FromTicks(Groups.Values.Sum(g => g.Busy.Ticks)))
            : Groups.GetValueOrDefault(group);
    }

    private static RunResult Measure(ContentExtractor extractor, IReadOnlyList<Page> pages, string[] expected, int threads, TimeSpan duration)
    {
        var perThread = new Dictionary<string, (long Count, long Bytes, long Ticks)>[threads];
        var stopwatch = Stopwatch.StartNew();
        var deadline = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        Parallel.For(0, threads, new ParallelOptions { MaxDegreeOfParallelism = threads }, worker =>
        {
            var groups = new Dictionary<string, (long Count, long Bytes, long Ticks)>();
            // Workers start at different pages so they do not all parse the large page at once.
            var i = worker * pages.Count / threads;
            while (Stopwatch.GetTimestamp() < deadline)
            {
                var index = i++ % pages.Count;
                var page = pages[index];
                var start = Stopwatch.GetTimestamp();
                var result = extractor.Extract(page.Body, page.ContentType, page.Url, ExtractionRules.None);
                var ticks = Stopwatch.GetTimestamp() - start;
                if (result.Fingerprint != expected[index])
                    throw new InvalidOperationException($"{page.Name}: fingerprint differs between runs");
                var g = groups.GetValueOrDefault(page.Group);
                groups[page.Group] = (g.Count + 1, g.Bytes + page.Body.Length, g.Ticks + ticks);
            }
            perThread[worker] = groups;
        });
        stopwatch.Stop();

        var merged = perThread.SelectMany(d => d).GroupBy(kv => kv.Key).ToDictionary(
            g => g.Key,
            g => (g.Sum(kv => kv.Value.Count), g.Sum(kv => kv.Value.Bytes), TimeSpan.FromSeconds(g.Sum(kv => kv.Value.Ticks) / (double)Stopwatch.Frequency)));
        return new RunResult(threads, stopwatch.Elapsed, merged);
    }

    private static void Warmup(ContentExtractor extractor, IReadOnlyList<Page> pages, TimeSpan duration)
    {
        var stopwatch = Stopwatch.StartNew();
        while (stopwatch.Elapsed < duration)
        {
            foreach (var page in pages)
                extractor.Extract(page.Body, page.ContentType, page.Url, ExtractionRules.None);
        }
    }

    private static List<Page> LoadCorpusPages()
    {
        var pages = new List<Page>();
        foreach (var corpus in new[] { "change-corpus", "change-corpus-extra" })
        {
            var root = Path.Combine(RepositoryRoot.Find(), "tests", "ReviewCadence.Tests", "Fixtures", corpus);
            using var cases = JsonDocument.Parse(File.ReadAllText(Path.Combine(root, "cases.json")));
            foreach (var entry in cases.RootElement.EnumerateArray())
            {
                var name = entry.GetProperty("case").GetString()!;
                var contentType = entry.TryGetProperty("contentType", out var type) ? type.GetString() : null;
                var url = new Uri(entry.TryGetProperty("url", out var u) ? u.GetString()! : $"https://docs.example.com/{name}");
                foreach (var file in Directory.GetFiles(Path.Combine(root, name)).Order())
                {
                    pages.Add(new Page($"{name}/{Path.GetFileName(file)}", "corpus", File.ReadAllBytes(file),
                        contentType ?? ContentTypeOf(file), url));
                }
            }
        }
        return pages;
    }

    private static string ContentTypeOf(string path) => Path.GetExtension(path) switch
    {
        ".html" => "text/html; charset=utf-8",
        ".md" => "text/markdown; charset=utf-8",
        ".json" => "application/json",
        _ => "text/plain; charset=utf-8",
    };
}
