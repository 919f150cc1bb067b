using System.Diagnostics;
using System.Globalization;
using System.Runtime;
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
        var listPages = false;
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] == "--seconds" && i + 1 < args.Length
                && double.TryParse(args[i + 1], NumberStyles.Float, CultureInfo.InvariantCulture, out var s) && s > 0)
            {
                seconds = s;
                i++;
            }
            else if (args[i] == "--pages")
            {
                listPages = true;
            }
            else
            {
                Console.Error.WriteLine($"extract: unknown or invalid option '{args[i]}' (expected --seconds N, --pages)");
                return Task.FromResult(1);
            }
        }

        var pages = LoadCorpusPages();
        var large = LargeDocsPage.Generate(targetBytes: 100_000);
        pages.Add(new Page("generated-docs-page", "large page", Encoding.UTF8.GetBytes(large), "text/html; charset=utf-8",
            new Uri("https://docs.example.com/reference/large")));

        var extractor = new ContentExtractor();
        var expected = pages.Select(p => extractor.Extract(p.Body, p.ContentType, p.Url, ExtractionRules.None).Fingerprint).ToArray();
        var (warmup, settled) = Warmup(extractor, pages, minimum: TimeSpan.FromSeconds(Math.Min(2, seconds / 5)), maximum: TimeSpan.FromSeconds(60));
        if (listPages)
            return Task.FromResult(ListPages(extractor, pages));

        var cores = Environment.ProcessorCount;
        Console.WriteLine($"Extraction benchmark: {pages.Count - 1} corpus pages ({pages.Where(p => p.Group != "large page").Sum(p => p.Body.Length) / 1024.0:F0} KB) "
            + $"+ 1 generated docs page ({pages[^1].Body.Length / 1024.0:F0} KB); {seconds:0.#} s per run; {cores} logical cores; "
            + $"{(System.Runtime.GCSettings.IsServerGC ? "server" : "workstation")} GC; load average {LoadAverage()}");
        Console.WriteLine(settled
            ? $"Warm-up: {warmup.TotalSeconds:F1} s, until the JIT compiled nothing for {QuietJit.TotalSeconds:0.#} s."
            : $"Warm-up: stopped after {warmup.TotalSeconds:F0} s with the JIT still compiling; the figures may be those of unoptimised code.");
        Console.WriteLine();

        var single = Measure(extractor, pages, expected, threads: 1, TimeSpan.FromSeconds(seconds));
        var parallel = Measure(extractor, pages, expected, threads: cores, TimeSpan.FromSeconds(seconds));

        Console.WriteLine($"{"run",-10} {"pages",-12} {"threads",7} {"pages/s",10} {"MB/s",8} {"pages/s/core",13} {"MB/s/core",10} {"ms/page",8} {"CPU ms/page",12} {"KB alloc/page",14}");
        foreach (var (label, result) in new[] { ("1 thread", single), ("all cores", parallel) })
        {
            foreach (var group in new[] { "corpus", "large page", "all" })
            {
                var g = result.For(group);
                var count = Math.Max(1, g.Count);
                var pagesPerSecond = g.Count / result.Elapsed.TotalSeconds;
                var megabytesPerSecond = g.Bytes / 1_000_000.0 / result.Elapsed.TotalSeconds;
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{label,-10} {group,-12} {result.Threads,7} {pagesPerSecond,10:F0} {megabytesPerSecond,8:F1} {pagesPerSecond / result.Threads,13:F0} {megabytesPerSecond / result.Threads,10:F1} "
                    + $"{g.Busy.TotalMilliseconds / count,8:F3} {(g.CpuNanoseconds < 0 ? "n/a" : (g.CpuNanoseconds / 1e6 / count).ToString("F3", CultureInfo.InvariantCulture)),12} {g.Allocated / 1024.0 / count,14:F1}"));
            }
        }
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"1 thread: process CPU {single.ProcessCpu.TotalMilliseconds / Math.Max(1, single.For("all").Count):F3} ms/page (the extracting thread's {single.For("all").CpuNanoseconds / 1e6 / Math.Max(1, single.For("all").Count):F3} ms plus GC and runtime threads); "
            + $"{single.Collections.Gen0} gen0, {single.Collections.Gen1} gen1, {single.Collections.Gen2} gen2 collections; {single.MethodsCompiled} methods compiled during the run"));
        Console.WriteLine();
        Console.WriteLine("pages/s and MB/s per group are that group's share of the mixed run; ms/page is time spent per page of the group;");
        Console.WriteLine("CPU ms/page is the extracting thread's own CPU time (not GC threads'), KB alloc/page what it allocated: both barely move with the machine's load.");
        return Task.FromResult(0);
    }

    /// <param name="Count">Pages extracted.</param>
    /// <param name="Bytes">Their bodies' bytes.</param>
    /// <param name="Busy">Wall-clock time inside the extractor.</param>
    /// <param name="CpuNanoseconds">The extracting threads' CPU time inside the extractor; -1 where the platform does not say.</param>
    /// <param name="Allocated">Bytes the extracting threads allocated inside the extractor.</param>
    private readonly record struct GroupTotals(long Count, long Bytes, TimeSpan Busy, long CpuNanoseconds, long Allocated)
    {
        public static GroupTotals operator +(GroupTotals a, GroupTotals b) => new(a.Count + b.Count, a.Bytes + b.Bytes, a.Busy + b.Busy,
            a.CpuNanoseconds < 0 || b.CpuNanoseconds < 0 ? -1 : a.CpuNanoseconds + b.CpuNanoseconds, a.Allocated + b.Allocated);
    }

    private sealed record RunResult(int Threads, TimeSpan Elapsed, TimeSpan ProcessCpu, (int Gen0, int Gen1, int Gen2) Collections,
        long MethodsCompiled, Dictionary<string, GroupTotals> Groups)
    {
        public GroupTotals For(string group) => group == "all"
            ? Groups.Values.Aggregate(default(GroupTotals), (a, b) => a + b)
            : Groups.GetValueOrDefault(group);
    }

    private static RunResult Measure(ContentExtractor extractor, IReadOnlyList<Page> pages, string[] expected, int threads, TimeSpan duration)
    {
        var perThread = new Dictionary<string, GroupTotals>[threads];
        var process = Process.GetCurrentProcess();
        var cpuBefore = process.TotalProcessorTime;
        var gcBefore = (GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2));
        var jitBefore = JitInfo.GetCompiledMethodCount();
        var stopwatch = Stopwatch.StartNew();
        var deadline = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        Parallel.For(0, threads, new ParallelOptions { MaxDegreeOfParallelism = threads }, worker =>
        {
            var groups = new Dictionary<string, GroupTotals>();
            // Workers start at different pages so they do not all parse the large page at once.
            var i = worker * pages.Count / threads;
            while (Stopwatch.GetTimestamp() < deadline)
            {
                var index = i++ % pages.Count;
                var page = pages[index];
                var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
                var cpuStart = ThreadCpu.Nanoseconds();
                var start = Stopwatch.GetTimestamp();
                var result = extractor.Extract(page.Body, page.ContentType, page.Url, ExtractionRules.None);
                var ticks = Stopwatch.GetTimestamp() - start;
                var cpu = cpuStart < 0 ? -1 : ThreadCpu.Nanoseconds() - cpuStart;
                var allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;
                if (result.Fingerprint != expected[index])
                    throw new InvalidOperationException($"{page.Name}: fingerprint differs between runs");
                groups[page.Group] = groups.GetValueOrDefault(page.Group)
                    + new GroupTotals(1, page.Body.Length, TimeSpan.FromSeconds(ticks / (double)Stopwatch.Frequency), cpu, allocated);
            }
            perThread[worker] = groups;
        });
        stopwatch.Stop();
        process.Refresh();
        var cpuUsed = process.TotalProcessorTime - cpuBefore;
        var collections = (GC.CollectionCount(0) - gcBefore.Item1, GC.CollectionCount(1) - gcBefore.Item2, GC.CollectionCount(2) - gcBefore.Item3);

        var merged = perThread.SelectMany(d => d).GroupBy(kv => kv.Key).ToDictionary(
            g => g.Key, g => g.Aggregate(default(GroupTotals), (sum, kv) => sum + kv.Value));
        return new RunResult(threads, stopwatch.Elapsed, cpuUsed, collections, JitInfo.GetCompiledMethodCount() - jitBefore, merged);
    }

    /// <summary>Each page once: its name, size, what one extraction allocates, and its fingerprint (to compare two builds' output).</summary>
    private static int ListPages(ContentExtractor extractor, IReadOnlyList<Page> pages)
    {
        Console.WriteLine($"{"page",-60} {"bytes",8} {"alloc bytes",12} fingerprint");
        foreach (var page in pages)
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            var result = extractor.Extract(page.Body, page.ContentType, page.Url, ExtractionRules.None);
            var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            Console.WriteLine($"{page.Name,-60} {page.Body.Length,8} {allocated,12} {result.Fingerprint}");
        }
        return 0;
    }

    private static string LoadAverage()
    {
        try
        {
            return File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";
        }
        catch (IOException)
        {
            return "n/a";
        }
    }

    /// <summary>
    /// Extracts every page until the JIT has settled: at least <paramref name="minimum"/>, then until no method was
    /// compiled for <see cref="QuietJit"/> (the runtime compiles hot methods again, optimised, on a background thread
    /// only after they have run a while; on a busy machine that thread waits its turn, and until it has run the figures
    /// are those of unoptimised code). Returns how long it took and whether the JIT settled before <paramref name="maximum"/>.
    /// </summary>
    private static (TimeSpan Took, bool Settled) Warmup(ContentExtractor extractor, IReadOnlyList<Page> pages, TimeSpan minimum, TimeSpan maximum)
    {
        var stopwatch = Stopwatch.StartNew();
        var compiled = JitInfo.GetCompiledMethodCount();
        var lastCompile = TimeSpan.Zero;
        while (stopwatch.Elapsed < maximum)
        {
            foreach (var page in pages)
                extractor.Extract(page.Body, page.ContentType, page.Url, ExtractionRules.None);
            var now = JitInfo.GetCompiledMethodCount();
            if (now != compiled)
            {
                compiled = now;
                lastCompile = stopwatch.Elapsed;
            }
            else if (stopwatch.Elapsed >= minimum && stopwatch.Elapsed - lastCompile >= QuietJit)
            {
                return (stopwatch.Elapsed, true);
            }
        }
        return (stopwatch.Elapsed, false);
    }

    private static readonly TimeSpan QuietJit = TimeSpan.FromSeconds(1);

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
