using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ReviewCadence.Catalog;
using ReviewCadence.Checking;
using ReviewCadence.Runbooks;
using ReviewCadence.Storage;
using ReviewCadence.Vocabulary;

namespace ReviewCadence.Benchmarks.Check;

/// <summary>
/// The child process of the check benchmark: one catalog size on one store, in a process of its own so its
/// memory peak and CPU time are its own. Writes the catalog, then runs whole checks through the real
/// <see cref="CheckRunner"/> (services built as the CLI builds them, the store wrapped in
/// <see cref="CountingReviewStore"/>) in the phases cold, warm with validators, 5 % changed, warm without
/// validators, driving the parent's <see cref="DocsSite"/> between phases. Prints one JSON line on stdout.
/// </summary>
internal static class CheckPhases
{
    public const string StoreVariable = "REVIEWCADENCE_BENCH_STORE";

    public static readonly string[] AllPhases = ["cold", "warm-304", "changed-5%", "warm-200"];

    public static async Task<int> RunAsync(string[] args)
    {
        var options = ParseOptions(args);
        var size = int.Parse(options["size"], CultureInfo.InvariantCulture);
        var site = new Uri(options["site"]);
        var work = options["work"];
        var phases = options.TryGetValue("phases", out var list) ? list.Split(',') : AllPhases;
        var concurrency = int.Parse(options.GetValueOrDefault("concurrency", "16"), CultureInfo.InvariantCulture);
        var perHost = int.Parse(options.GetValueOrDefault("per-host", options.GetValueOrDefault("concurrency", "16")), CultureInfo.InvariantCulture);
        var store = Environment.GetEnvironmentVariable(StoreVariable)
            ?? throw new InvalidOperationException($"{StoreVariable} is not set: the parent passes the store this way.");

        var startWorkingSet = Environment.WorkingSet;
        Directory.CreateDirectory(work);
        var catalogPath = Path.Combine(work, "catalog.yaml");
        await File.WriteAllTextAsync(catalogPath, BenchmarkCatalog.Yaml(size, site, concurrency, perHost));

        using var control = new HttpClient { BaseAddress = site };
        // One host for every phase, as the Functions app runs its timer checks (the CLI starts a process per check,
        // which never holds more than a single phase does): a phase's peak includes what earlier runs left behind.
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ReviewCadence:CatalogPath"] = catalogPath,
            ["ReviewCadence:Store"] = store,
        }).Build();
        var counting = new CountingReviewStore(ReviewStoreFactory.Open(store));
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        // Warnings to stderr: stdout carries the result line.
        services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Warning).AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace));
        services.AddSingleton<IReviewStore>(counting);
        services.AddReviewCadence(configuration);
        await using var provider = services.BuildServiceProvider();

        var results = new List<PhaseResult>();
        var changeRound = 0;
        foreach (var phase in phases)
        {
            switch (phase)
            {
                case "cold" or "warm-304":
                    await control.PostAsync("/_bench/validators/on", null);
                    break;
                case "changed-5%":
                    await control.PostAsync("/_bench/validators/on", null);
                    await control.PostAsync($"/_bench/change?percent=5&round={++changeRound}", null);
                    break;
                case "warm-200":
                    await control.PostAsync("/_bench/validators/off", null);
                    break;
                default:
                    throw new ArgumentException($"unknown phase '{phase}'");
            }
            var result = await RunPhaseAsync(phase, provider, counting, control);
            await Console.Error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"  {size} {Label(store)} {phase}: {result.WallSeconds:F1} s, {string.Join(", ", result.Outcomes.Select(o => $"{o.Key} {o.Value}"))}, {result.RunbooksNeedingReview} runbooks need review"));
            results.Add(result);
        }

        using var self = Process.GetCurrentProcess();
        Console.WriteLine(JsonSerializer.Serialize(new CombinationResult(size, Label(store), results, self.PeakWorkingSet64, startWorkingSet)));
        return 0;
    }

    private static string Label(string store) => store.Contains("TableEndpoint=", StringComparison.Ordinal) ? "tables" : "sqlite";

    private static async Task<PhaseResult> RunPhaseAsync(string phase, IServiceProvider provider, CountingReviewStore counting, HttpClient control)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        var siteBefore = await control.GetFromJsonAsync<SiteStats>("/_bench/stats");
        using var memory = new WorkingSetSampler();
        using var self = Process.GetCurrentProcess();
        var cpuBefore = self.TotalProcessorTime;
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        var pauseBefore = GC.GetTotalPauseDuration();
        var gen2Before = GC.CollectionCount(2);
        var machineBefore = MachineCpu.Read();
        var wall = Stopwatch.StartNew();

        var catalog = provider.GetRequiredService<CatalogProvider>().Get();
        var catalogSeconds = wall.Elapsed.TotalSeconds;
        await provider.GetRequiredService<IReviewStore>().InitializeAsync(CancellationToken.None);
        var report = await provider.GetRequiredService<CheckRunner>().RunAsync(catalog, CheckScope.All, null, CancellationToken.None);

        wall.Stop();
        var machine = MachineCpu.Read().BusyShareSince(machineBefore);
        var heapPeak = memory.PeakManagedHeap;
        // What the run keeps once it is over (the catalog, the report, the services): not per-run garbage.
        var retained = GC.GetTotalMemory(forceFullCollection: true);
        self.Refresh();
        var cpu = self.TotalProcessorTime - cpuBefore;
        var siteAfter = await control.GetFromJsonAsync<SiteStats>("/_bench/stats");
        return new PhaseResult(
            phase,
            wall.Elapsed.TotalSeconds,
            catalogSeconds,
            cpu.TotalSeconds,
            memory.Peak,
            GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore,
            siteAfter!.Since(siteBefore!),
            counting.TakeCounts(),
            report.Sources.GroupBy(s => s.Outcome.Name()).ToDictionary(g => g.Key, g => g.Count()),
            report.Runbooks.Count(r => r.Status == RunbookStatusKind.NeedsReview),
            report.Conclusive,
            (GC.GetTotalPauseDuration() - pauseBefore).TotalSeconds,
            GC.CollectionCount(2) - gen2Before,
            machine,
            heapPeak,
            memory.GcCommittedAtPeak,
            retained);
    }

    private static Dictionary<string, string> ParseOptions(string[] args)
    {
        var options = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal))
                throw new ArgumentException($"expected --name value pairs, got '{args[i]}'");
            options[args[i][2..]] = args[i + 1];
        }
        foreach (var required in new[] { "size", "site", "work" })
        {
            if (!options.ContainsKey(required))
                throw new ArgumentException($"--{required} is required");
        }
        return options;
    }

    /// <summary>Samples this process's working set and managed heap every 20 ms until disposed; <see cref="Peak"/> is the largest working set seen.</summary>
    private sealed class WorkingSetSampler : IDisposable
    {
        private readonly CancellationTokenSource _stop = new();
        private readonly Task _sampling;
        private long _peak = Environment.WorkingSet;
        private long _peakHeap = GC.GetTotalMemory(false);
        private long _gcCommittedAtPeak;

        public WorkingSetSampler() => _sampling = Task.Run(async () =>
        {
            while (!_stop.IsCancellationRequested)
            {
                Sample();
                try
                {
                    await Task.Delay(20, _stop.Token);
                }
                catch (OperationCanceledException)
                {
                }
            }
        });

        public long Peak
        {
            get
            {
                Sample();
                return Interlocked.Read(ref _peak);
            }
        }

        /// <summary>The memory the GC had committed (heap, free space it keeps, bookkeeping) when the working set peaked.</summary>
        public long GcCommittedAtPeak => Interlocked.Read(ref _gcCommittedAtPeak);

        /// <summary>The largest managed heap seen (live objects and garbage not yet collected).</summary>
        public long PeakManagedHeap
        {
            get
            {
                Sample();
                return Interlocked.Read(ref _peakHeap);
            }
        }

        private void Sample()
        {
            var workingSet = Environment.WorkingSet;
            if (workingSet > Interlocked.Read(ref _peak))
            {
                // What the GC had committed when the working set peaked; the rest is the runtime, code and native memory.
                Interlocked.Exchange(ref _gcCommittedAtPeak, GC.GetGCMemoryInfo().TotalCommittedBytes);
            }
            Raise(ref _peak, workingSet);
            Raise(ref _peakHeap, GC.GetTotalMemory(false));
        }

        private static void Raise(ref long peak, long now)
        {
            long seen;
            while (now > (seen = Interlocked.Read(ref peak)) && Interlocked.CompareExchange(ref peak, now, seen) != seen)
            {
            }
        }

        public void Dispose()
        {
            _stop.Cancel();
            _sampling.Wait();
            _stop.Dispose();
        }
    }
}

/// <summary>The generated catalog: N sources on the benchmark site, N/2 runbooks citing 6 sources each, 20 owners.</summary>
internal static class BenchmarkCatalog
{
    public const int SourcesPerRunbook = 6;

    public static string Yaml(int size, Uri site, int maxConcurrency, int perHostConcurrency)
    {
        var yaml = new StringBuilder();
        // One loopback host serves every page, so the per-host limit applies to all of them: set to the overall limit,
        // as many fetches are in flight as overall; a real catalog spread over many hosts keeps the polite default of 4.
        yaml.Append(CultureInfo.InvariantCulture, $"""
            settings:
              allowPrivateNetworks: true
              maxConcurrency: {maxConcurrency}
              perHostConcurrency: {perHostConcurrency}
              timeoutSeconds: 60
              retries: 1
            owners:

            """);
        for (var owner = 0; owner < 20; owner++)
            yaml.Append(CultureInfo.InvariantCulture, $"  - id: owner-{owner:D2}\n");
        yaml.Append("sources:\n");
        for (var page = 0; page < size; page++)
            yaml.Append(CultureInfo.InvariantCulture, $"  - id: guide-{page:D5}\n    url: {new Uri(site, DocsPages.PathOf(page))}\n");
        yaml.Append("runbooks:\n");
        var random = new Random(size);
        for (var runbook = 0; runbook < size / 2; runbook++)
        {
            var cited = new SortedSet<int>();
            while (cited.Count < Math.Min(SourcesPerRunbook, size))
                cited.Add(random.Next(size));
            yaml.Append(CultureInfo.InvariantCulture, $"""
                  - id: runbook-{runbook:D5}
                    title: Runbook {runbook}
                    owner: owner-{runbook % 20:D2}
                    cadenceDays: 30
                    lastReviewed: 2026-11-01
                    sources: [{string.Join(", ", cited.Select(p => $"guide-{p:D5}"))}]

                """);
        }
        return yaml.ToString();
    }
}

internal sealed record PhaseResult(
    string Phase,
    double WallSeconds,
    double CatalogSeconds,
    double CpuSeconds,
    long PeakWorkingSet,
    long AllocatedBytes,
    SiteStats Site,
    IReadOnlyDictionary<string, StoreCallCount> Store,
    IReadOnlyDictionary<string, int> Outcomes,
    int RunbooksNeedingReview,
    bool Conclusive,
    double GcPauseSeconds,
    int Gen2Collections,
    double MachineBusyShare,
    long PeakManagedHeap,
    long GcCommittedAtPeak,
    long RetainedHeap);

/// <summary>The whole machine's CPU counters (/proc/stat), to tell waiting from sharing the cores with others.</summary>
internal sealed record MachineCpu(long Busy, long Total)
{
    public static MachineCpu Read()
    {
        if (!File.Exists("/proc/stat"))
            return new MachineCpu(0, 0);
        var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(long.Parse).ToArray();
        var idle = fields[3] + fields[4]; // idle + iowait
        var total = fields.Take(8).Sum();
        return new MachineCpu(total - idle, total);
    }

    /// <summary>The share of all cores' time that was busy (anyone's work) since <paramref name="before"/>.</summary>
    public double BusyShareSince(MachineCpu before) =>
        Total == before.Total ? 0 : (double)(Busy - before.Busy) / (Total - before.Total);
}

internal sealed record CombinationResult(int Size, string Store, IReadOnlyList<PhaseResult> Phases, long ProcessPeakWorkingSet, long StartWorkingSet);
