using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using ReviewCadence.Diagnostics;

namespace ReviewCadence.Benchmarks.Check;

/// <summary>
/// ReviewCadence and urlwatch (the Debian package) on the same generated pages in the same run, each as a whole
/// process (start-up included): the published <c>reviewcadence</c> CLI (<see cref="CliBuild"/>) running
/// <c>check --json</c>, and urlwatch with one job per page (<c>filter: html2text</c>, its own jobs/config/cache files,
/// reporters off). Phases: cold (every page new), warm (the site answers the stored validators with 304s; urlwatch
/// sends the stored ETag too), changed-5% (5 % of the pages edited, the rest 304). Next to them the loopback floor:
/// curl fetching the same conditional requests 32 at a time (<c>--parallel</c>), and an HttpClient loop doing the same.
/// Each repetition starts a fresh site, store and urlwatch cache; the tools alternate who goes first, so both see the
/// same machine load. The CLI runs with <c>REVIEWCADENCE_TIMINGS</c> set and its breakdown of each cold check is printed.
/// </summary>
internal static class SideBySide
{
    private static readonly string[] Phases = ["cold", "warm-304", "changed-5%"];

    public static async Task RunAsync(int size, int seed, PageShape shape, IReadOnlyList<string> stores, int repeat, string cli, bool withUrlwatch, string work)
    {
        var urlwatch = withUrlwatch ? ExternalRun.FindOnPath("urlwatch") : null;
        if (urlwatch is null && withUrlwatch)
            Console.WriteLine("urlwatch is not installed (apt-get install urlwatch): only ReviewCadence and the loopback floor are measured.");
        var curl = ExternalRun.FindOnPath("curl");

        var rows = new List<Row>();
        var breakdowns = new List<(string Store, string Phase, double Wall, IReadOnlyDictionary<string, StepTime> Steps)>();
        var pageBytes = 0L;
        for (var round = 1; round <= repeat; round++)
        {
            var roundWork = Path.Combine(work, $"round-{round}");
            Directory.CreateDirectory(roundWork);
            await Console.Error.WriteLineAsync($"side by side N={size} ({shape.Name} pages), round {round} of {repeat}...");
            var tools = new List<Func<Task>>();
            if (urlwatch is not null)
                tools.Add(async () => rows.AddRange(await RunUrlwatchAsync(urlwatch, size, seed, shape, round, Path.Combine(roundWork, "urlwatch"))));
            foreach (var store in stores)
            {
                tools.Add(async () =>
                {
                    var (ours, steps, bytes, floors) = await RunReviewCadenceAsync(cli, store, size, seed, shape, round, curl, Path.Combine(roundWork, store));
                    rows.AddRange(ours);
                    rows.AddRange(floors);
                    breakdowns.AddRange(steps.Select(s => (store, s.Phase, s.Wall, s.Steps)));
                    pageBytes = bytes;
                });
            }
            // Alternate the order so neither tool always runs on the busier or the quieter side of the machine's load.
            if (round % 2 == 0)
                tools.Reverse();
            foreach (var tool in tools)
                await tool();
        }
        Print(size, shape, pageBytes, stores, repeat, rows, breakdowns, urlwatch is null ? null : Version(urlwatch));
    }

    private static async Task<(List<Row> Runs, List<(string Phase, double Wall, IReadOnlyDictionary<string, StepTime> Steps)> PhaseSteps, long PageBytes, List<Row> Floors)> RunReviewCadenceAsync(
        string cli, string store, int size, int seed, PageShape shape, int round, string? curl, string work)
    {
        Directory.CreateDirectory(work);
        await using var site = await DocsSite.StartAsync(size, seed, shape);
        await using var azurite = store == "tables" ? await AzuriteServer.StartAsync("--max-old-space-size=4096") : null;
        var storeSpec = azurite?.ConnectionString ?? Path.Combine(work, "state.db");
        var catalog = Path.Combine(work, "catalog.yaml");
        await File.WriteAllTextAsync(catalog, BenchmarkCatalog.Yaml(size, site.BaseUrl, 16, 16));

        var runs = new List<Row>();
        var phaseSteps = new List<(string Phase, double Wall, IReadOnlyDictionary<string, StepTime> Steps)>();
        long pageBytes = 0;
        foreach (var phase in Phases)
        {
            if (phase == "changed-5%")
                site.Change(5, round);
            var timings = Path.Combine(work, $"timings-{phase}.json");
            var before = site.Stats();
            var run = await ExternalRun.StartAsync(cli, ["check", "--catalog", catalog, "--store", storeSpec, "--json"], work,
                new Dictionary<string, string> { [CheckTimings.Variable] = timings });
            var served = site.Stats().Since(before);
            if (run.ExitCode is not (0 or 2))
                throw new InvalidOperationException($"reviewcadence check exited {run.ExitCode}: {run.Stderr}");
            var outcomes = Outcomes(run.Stdout);
            runs.Add(new Row("ReviewCadence", store, phase, round, run, served, outcomes));
            phaseSteps.Add((phase, run.WallSeconds, JsonSerializer.Deserialize<Dictionary<string, StepTime>>(await File.ReadAllTextAsync(timings))!));
            if (phase == "cold")
                pageBytes = served.Bytes / Math.Max(1, served.FullResponses);
            await Console.Error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"  ReviewCadence {store} {phase}: {run.WallSeconds:F2} s, {served.FullResponses}/{served.NotModified} (200/304), {outcomes}"));
        }

        // The floor: the same conditional requests, as the site now answers them (all 304), 32 at a time.
        var floors = new List<Row>();
        if (curl is not null)
        {
            var config = Path.Combine(work, "curl.txt");
            var lines = new StringBuilder();
            // Each request's options end at `next` (else every header would go with every request); options such as
            // --write-out are per request too, so each entry repeats it.
            for (var page = 0; page < size; page++)
            {
                if (page > 0)
                    lines.Append("next\n");
                lines.Append(CultureInfo.InvariantCulture, $"url = \"{site.PageUrl(page)}\"\nheader = \"If-None-Match: {site.ETagOf(page).Replace("\"", "\\\"", StringComparison.Ordinal)}\"\noutput = \"/dev/null\"\nwrite-out = \"%{{http_code}}\\n\"\nsilent\nshow-error\n");
            }
            await File.WriteAllTextAsync(config, lines.ToString());
            var before = site.Stats();
            var run = await ExternalRun.StartAsync(curl, ["--parallel", "--parallel-max", "32", "--config", config], work);
            var codes = run.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).GroupBy(c => c).Select(g => $"{g.Key} x{g.Count()}");
            await Console.Error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"  curl floor: {run.WallSeconds:F2} s, exit {run.ExitCode}, answers {string.Join(", ", codes)} {run.Stderr.Split('\n')[0]}"));
            floors.Add(new Row("curl", store, "floor-304", round, run, site.Stats().Since(before), ""));
        }
        floors.Add(await HttpClientFloorAsync(site, size, store, round));
        return (runs, phaseSteps, pageBytes, floors);
    }

    /// <summary>The in-process floor: one HttpClient sending the conditional requests 32 at a time (no process start).</summary>
    private static async Task<Row> HttpClientFloorAsync(DocsSite site, int size, string store, int round)
    {
        using var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 32 });
        var before = site.Stats();
        using var self = Process.GetCurrentProcess();
        var wall = Stopwatch.StartNew();
        var notModified = 0;
        await Parallel.ForEachAsync(Enumerable.Range(0, size), new ParallelOptions { MaxDegreeOfParallelism = 32 }, async (page, ct) =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, site.PageUrl(page));
            request.Headers.TryAddWithoutValidation("If-None-Match", site.ETagOf(page));
            using var response = await client.SendAsync(request, ct);
            if (response.StatusCode == HttpStatusCode.NotModified)
                Interlocked.Increment(ref notModified);
        });
        wall.Stop();
        return new Row("HttpClient", store, "floor-304", round, new ExternalRun(wall.Elapsed.TotalSeconds, 0, 0, 0, "", ""), site.Stats().Since(before), "");
    }

    private static async Task<List<Row>> RunUrlwatchAsync(string urlwatch, int size, int seed, PageShape shape, int round, string work)
    {
        await using var site = await DocsSite.StartAsync(size, seed, shape);
        Directory.CreateDirectory(work);
        var jobs = Path.Combine(work, "jobs.yaml");
        var config = Path.Combine(work, "urlwatch.yaml");
        var cache = Path.Combine(work, "cache.db");
        var yaml = new StringBuilder();
        for (var page = 0; page < size; page++)
        {
            if (page > 0)
                yaml.Append("---\n");
            yaml.Append(CultureInfo.InvariantCulture, $"name: guide-{page:D5}\nurl: {site.PageUrl(page)}\nfilter:\n  - html2text\n");
        }
        await File.WriteAllTextAsync(jobs, yaml.ToString());
        await File.WriteAllTextAsync(config, """
            display:
              new: false
              error: true
              unchanged: false
              empty-diff: false
            report:
              stdout:
                enabled: false
              email:
                enabled: false
            """);

        var rows = new List<Row>();
        foreach (var phase in Phases)
        {
            if (phase == "changed-5%")
                site.Change(5, round);
            var before = site.Stats();
            var run = await ExternalRun.StartAsync(urlwatch, ["--urls", jobs, "--config", config, "--cache", cache], work);
            var served = site.Stats().Since(before);
            if (run.ExitCode != 0)
                await Console.Error.WriteLineAsync($"urlwatch exited with {run.ExitCode}: {run.Stderr}");
            rows.Add(new Row("urlwatch", "", phase, round, run, served, ""));
            await Console.Error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"  urlwatch {phase}: {run.WallSeconds:F2} s, {served.FullResponses}/{served.NotModified} (200/304)"));
        }
        return rows;
    }

    private static string Outcomes(string json)
    {
        using var document = JsonDocument.Parse(json);
        var counts = document.RootElement.GetProperty("sources").EnumerateArray()
            .GroupBy(s => s.GetProperty("outcome").GetString() ?? "?")
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => $"{g.Key} {g.Count()}");
        var review = document.RootElement.GetProperty("runbooks").EnumerateArray().Count(r => r.GetProperty("status").GetString() == "needs-review");
        return $"{string.Join(", ", counts)}; {review} runbooks need review";
    }

    private static void Print(int size, PageShape shape, long pageBytes, IReadOnlyList<string> stores, int repeat, List<Row> rows,
        List<(string Store, string Phase, double Wall, IReadOnlyDictionary<string, StepTime> Steps)> breakdowns, string? urlwatchVersion)
    {
        var cores = Environment.ProcessorCount;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Side by side, whole processes (start-up included): N={size} pages of ~{pageBytes / 1024} KB ({shape.Name}), {size / 2} runbooks citing 6 each; {repeat} rounds, ranges min-max; load average {Machine.LoadAverage()} now"));
        Console.WriteLine($"urlwatch {urlwatchVersion ?? "(not installed)"} (filter html2text); ReviewCadence: the published CLI (`reviewcadence check --json`), stores {string.Join(", ", stores)}");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{"tool",-14} {"store",-6} {"phase",-10} {"wall s",13} {"pages/s",13} {"CPU s",11} {"CPU %",9} {"peak MB",11} {"200/304",11}"));
        foreach (var group in rows.GroupBy(r => (r.Tool, r.Store, r.Phase)))
        {
            var runs = group.ToList();
            var served = runs[0].Served;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{group.Key.Tool,-14} {group.Key.Store,-6} {group.Key.Phase,-10} {Range(runs, r => r.Run.WallSeconds, "F2"),13} {Range(runs, r => size / r.Run.WallSeconds, "F0"),13} {Range(runs, r => r.Run.CpuSeconds, "F1"),11} {Range(runs, r => 100 * r.Run.CpuSeconds / (r.Run.WallSeconds * cores), "F0"),9} {Range(runs, r => r.Run.PeakRss / 1048576.0, "F0"),11} {$"{served.FullResponses}/{served.NotModified}",11}"));
        }
        Console.WriteLine();
        Console.WriteLine("Ratios, each within one round (same load), min-max over the rounds:");
        foreach (var store in stores)
        {
            foreach (var phase in Phases)
            {
                var ratios = Paired(rows, ("urlwatch", "", phase), ("ReviewCadence", store, phase));
                if (ratios.Count > 0)
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {store,-6} {phase,-10} ReviewCadence is {RangeOf(ratios, "F1")}x faster than urlwatch"));
            }
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {store,-6} warm-304 takes {RangeOf(Paired(rows, ("ReviewCadence", store, "warm-304"), ("curl", store, "floor-304")), "F1")}x curl's loopback floor, {RangeOf(Paired(rows, ("ReviewCadence", store, "warm-304"), ("HttpClient", store, "floor-304")), "F1")}x HttpClient's"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {store,-6} changed-5% takes {RangeOf(Paired(rows, ("ReviewCadence", store, "changed-5%"), ("ReviewCadence", store, "warm-304")), "F1")}x warm-304"));
            if (store != "sqlite" && stores.Contains("sqlite"))
            {
                foreach (var phase in Phases)
                {
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"  {store,-6} {phase,-10} takes {RangeOf(Paired(rows, ("ReviewCadence", store, phase), ("ReviewCadence", "sqlite", phase)), "F1")}x SQLite's time"));
                }
            }
        }
        Console.WriteLine();
        Console.WriteLine("Outcomes (ReviewCadence, round 1): " + string.Join(" | ", rows.Where(r => r.Tool == "ReviewCadence" && r.Round == 1).Select(r => $"{r.Store} {r.Phase}: {r.Outcomes}")));
        Console.WriteLine();
        Console.WriteLine("Breakdown of each check (REVIEWCADENCE_TIMINGS), min-max over the rounds. Stages in order, wall seconds ('exit' is the");
        Console.WriteLine("process's wall time in no stage: the runtime's exit, the timings file written, the benchmark's fork and wait); the per-source");
        Console.WriteLine("steps inside 'sources' are summed over the sources checked concurrently (16 fetches in flight, one parse per core). The CPU line");
        Console.WriteLine("is the process's CPU time during each stage, which a busy machine inflates less than wall time (start-up's includes the runtime's);");
        Console.WriteLine("the JIT line counts the methods compiled at run time meanwhile, on any thread (the warm-up's run beside the catalog load):");
        foreach (var store in stores)
        {
            foreach (var phase in Phases)
            {
                var mine = breakdowns.Where(b => b.Store == store && b.Phase == phase).ToList();
                string Step(CheckStep step) => mine.Count > 0 && mine.All(m => m.Steps.ContainsKey(step.ToString()))
                    ? RangeOf([.. mine.Select(m => m.Steps[step.ToString()].Seconds)], "F2")
                    : "-";
                string Count(CheckStep step) => mine.Count > 0 && mine.All(m => m.Steps.ContainsKey(step.ToString()))
                    ? RangeOf([.. mine.Select(m => (double)m.Steps[step.ToString()].Count)], "F0")
                    : "-";
                var exit = RangeOf([.. mine.Select(m => m.Wall - StageSteps.Sum(s => m.Steps.TryGetValue(s.ToString(), out var t) ? t.Seconds : 0))], "F2");
                Console.WriteLine($"  {store,-6} {phase,-10} start-up {Step(CheckStep.StartUp)} | command line {Step(CheckStep.CommandLine)} | host {Step(CheckStep.Host)} | catalog load {Step(CheckStep.CatalogLoad)} | store open {Step(CheckStep.StoreOpen)} | run start (lease, states) {Step(CheckStep.RunStart)} | sources {Step(CheckStep.Sources)} | citation sync {Step(CheckStep.CitationSync)} | apply {Step(CheckStep.Apply)} | report {Step(CheckStep.Report)} | lease release {Step(CheckStep.LeaseRelease)} | output {Step(CheckStep.Output)} | shutdown {Step(CheckStep.Shutdown)} | exit {exit}");
                string Cpu(CheckStep step) => mine.Count > 0 && mine.All(m => m.Steps.ContainsKey(step.ToString()))
                    ? RangeOf([.. mine.Select(m => m.Steps[step.ToString()].CpuSeconds)], "F2")
                    : "-";
                var stagesCpu = RangeOf([.. mine.Select(m => StageSteps.Sum(s => m.Steps.TryGetValue(s.ToString(), out var t) ? t.CpuSeconds : 0))], "F2");
                Console.WriteLine($"  {store,-6} {phase,-10}   CPU s (the process's, all threads): start-up {Cpu(CheckStep.StartUp)} | command line {Cpu(CheckStep.CommandLine)} | host {Cpu(CheckStep.Host)} | catalog load {Cpu(CheckStep.CatalogLoad)} | store open {Cpu(CheckStep.StoreOpen)} | run start {Cpu(CheckStep.RunStart)} | sources {Cpu(CheckStep.Sources)} | citation sync {Cpu(CheckStep.CitationSync)} | apply {Cpu(CheckStep.Apply)} | report {Cpu(CheckStep.Report)} | output {Cpu(CheckStep.Output)} | shutdown {Cpu(CheckStep.Shutdown)} | all stages {stagesCpu}");
                string Jit(CheckStep step) => mine.Count > 0 && mine.All(m => m.Steps.ContainsKey(step.ToString()))
                    ? $"{RangeOf([.. mine.Select(m => (double)m.Steps[step.ToString()].JitMethods)], "F0")} ({RangeOf([.. mine.Select(m => m.Steps[step.ToString()].JitSeconds)], "F2")} s)"
                    : "-";
                Console.WriteLine($"  {store,-6} {phase,-10}   JIT-compiled methods (and the JIT's time, all threads): start-up {Jit(CheckStep.StartUp)} | command line {Jit(CheckStep.CommandLine)} | host {Jit(CheckStep.Host)} | catalog load {Jit(CheckStep.CatalogLoad)} | store open {Jit(CheckStep.StoreOpen)} | run start {Jit(CheckStep.RunStart)} | sources {Jit(CheckStep.Sources)} | citation sync {Jit(CheckStep.CitationSync)} | apply {Jit(CheckStep.Apply)} | report {Jit(CheckStep.Report)} | output {Jit(CheckStep.Output)} | shutdown {Jit(CheckStep.Shutdown)}");
                Console.WriteLine($"  {store,-6} {phase,-10}   inside sources, summed: fetch {Step(CheckStep.Fetch)} | waiting for a core {Step(CheckStep.ParseQueue)} | decode+parse+extract {Step(CheckStep.Extract)} (of which fingerprint {Step(CheckStep.Fingerprint)}) | compression {Step(CheckStep.Compression)} | snapshot writes {Step(CheckStep.SnapshotWrite)} (in {Count(CheckStep.SnapshotTransaction)} transactions taking {Step(CheckStep.SnapshotTransaction)})");
            }
        }
        Console.WriteLine();
    }

    /// <summary>The stages of a check that follow one another (the per-source steps overlap inside <see cref="CheckStep.Sources"/>).</summary>
    private static readonly CheckStep[] StageSteps =
        [CheckStep.StartUp, CheckStep.CommandLine, CheckStep.Host, CheckStep.CatalogLoad, CheckStep.StoreOpen, CheckStep.RunStart, CheckStep.Sources, CheckStep.CitationSync,
            CheckStep.Apply, CheckStep.Report, CheckStep.LeaseRelease, CheckStep.Output, CheckStep.Shutdown];

    private static List<double> Paired(List<Row> rows, (string Tool, string Store, string Phase) numerator, (string Tool, string Store, string Phase) denominator) =>
        [.. rows.Where(r => (r.Tool, r.Store, r.Phase) == numerator)
            .Join(rows.Where(r => (r.Tool, r.Store, r.Phase) == denominator), r => r.Round, r => r.Round, (n, d) => n.Run.WallSeconds / d.Run.WallSeconds)];

    private static string Range(List<Row> runs, Func<Row, double> value, string format) => RangeOf([.. runs.Select(value)], format);

    private static string RangeOf(List<double> values, string format)
    {
        if (values.Count == 0)
            return "-";
        var (min, max) = (values.Min(), values.Max());
        var low = min.ToString(format, CultureInfo.InvariantCulture);
        var high = max.ToString(format, CultureInfo.InvariantCulture);
        return low == high ? low : $"{low}-{high}";
    }

    private static string Version(string urlwatch)
    {
        using var process = Process.Start(new ProcessStartInfo(urlwatch, "--version") { RedirectStandardOutput = true })!;
        var text = process.StandardOutput.ReadToEnd().Trim();
        process.WaitForExit();
        return text.Replace("urlwatch ", "", StringComparison.Ordinal);
    }

    private sealed record Row(string Tool, string Store, string Phase, int Round, ExternalRun Run, SiteStats Served, string Outcomes);
}

/// <summary>
/// The <c>reviewcadence</c> CLI as users run it: published (<c>dotnet publish -c Release -r linux-x64</c>, which the
/// project builds with Native AOT) into the benchmark's output folder, or an existing one given with <c>--cli PATH</c>.
/// </summary>
internal static class CliBuild
{
    public static async Task<string> PublishAsync(string? given)
    {
        if (given is not null)
            return File.Exists(given) ? given : Path.Combine(given, "reviewcadence");
        var root = RepositoryRoot.Find();
        var output = Path.Combine(AppContext.BaseDirectory, "cli");
        await Console.Error.WriteLineAsync($"publishing the CLI to {output}...");
        var run = await ExternalRun.StartAsync("dotnet",
            ["publish", Path.Combine(root, "src", "ReviewCadence.Cli"), "-c", "Release", "-r", "linux-x64", "-o", output, "--nologo", "-v", "q"], root,
            new Dictionary<string, string> { ["HOME"] = Environment.GetEnvironmentVariable("HOME") ?? root });
        if (run.ExitCode != 0)
            throw new InvalidOperationException($"dotnet publish of the CLI failed ({run.ExitCode}): {run.Stdout}{run.Stderr}");
        return Path.Combine(output, "reviewcadence");
    }
}
