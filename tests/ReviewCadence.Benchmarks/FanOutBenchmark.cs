using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Azure.Storage.Queues;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ReviewCadence.Benchmarks.Check;
using ReviewCadence.Catalog;
using ReviewCadence.Checking;
using ReviewCadence.Checking.Batching;
using ReviewCadence.Diagnostics;
using ReviewCadence.Storage;
using ReviewCadence.Testing;

namespace ReviewCadence.Benchmarks;

/// <summary>
/// One fanned-out check over real Azurite queues and tables, with K worker processes consuming its batches
/// concurrently, for each K given: the parent starts the run as the <c>CheckSources</c> timer does
/// (<see cref="CheckFanOut"/> through <see cref="StorageCheckBatchQueue"/>), each worker (<see cref="FanOutWorker"/>,
/// this program's <c>fanout-worker</c> mode) takes messages as the Functions host does with <c>host.json</c>'s queue
/// settings (<see cref="QueueTriggerSettings"/>) on the cores of one instance (<see cref="InstanceCores"/>), and runs <see cref="BatchCheckRunner"/>, the
/// code <c>CheckSourceBatch</c> runs. Two runs per K on a fresh site and store: cold (every page new), then with 5 % of
/// the pages edited. Their reports (from the worker that finished each run) are compared with those of single
/// in-process <see cref="CheckRunner"/> checks of the same pages: per-source outcome, HTTP status and detail, and each
/// runbook's status and findings. 1 % of the sources point at missing pages, so the runs have broken findings too.
/// </summary>
public static class FanOutBenchmark
{
    private const int Seed = 20261201;
    // A fixed clock for statuses (due dates), the same in every process; leases keep the wall clock.
    internal static readonly DateTimeOffset Now = new(2026, 11, 15, 9, 0, 0, TimeSpan.Zero);

    public static async Task<int> RunAsync(string[] args)
    {
        var sources = 2_000;
        int[] workers = [1, 4];
        var batchSize = 100;
        var shape = PageShape.Medium;
        var instance = InstanceCores.Deployed;
        var trigger = QueueTriggerSettings.FromHostJson();
        for (var i = 0; i < args.Length; i++)
        {
            var value = i + 1 < args.Length ? args[i + 1] : null;
            switch (args[i])
            {
                case "--sources" when int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= 2:
                    sources = n;
                    break;
                case "--workers" when value is not null && value.Split(',').All(w => int.TryParse(w, NumberStyles.None, CultureInfo.InvariantCulture, out var k) && k > 0):
                    workers = [.. value.Split(',').Select(w => int.Parse(w, CultureInfo.InvariantCulture))];
                    break;
                case "--batch-size" when int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var b) && b > 0:
                    batchSize = b;
                    break;
                case "--shape" when value is "medium" or "large":
                    shape = PageShape.Parse(value);
                    break;
                case "--instance-cores" when InstanceCores.TryParse(value, out var cores):
                    instance = cores;
                    break;
                case "--new-batch-threshold" when int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var threshold):
                    trigger = trigger with { NewBatchThreshold = threshold };
                    break;
                default:
                    await Console.Error.WriteLineAsync($"fanout: unknown or invalid option '{args[i]}' (expected --sources 2000 --workers 1,4 --batch-size 100 --shape medium|large --instance-cores 1|2|shared --new-batch-threshold N, host.json's by default)");
                    return 1;
            }
            i++;
        }

        if (instance.Cores is not null && !InstanceCores.CanPin)
        {
            await Console.Error.WriteLineAsync("fanout: --instance-cores N pins each worker to its cores with taskset (util-linux), which is not on PATH here; install it, or run with --instance-cores shared");
            return 1;
        }

        var work = Directory.CreateTempSubdirectory("reviewcadence-fanout-").FullName;
        try
        {
            Console.WriteLine(Machine.Describe());
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Fan-out: {sources} sources ({shape.Name} pages, 1 % missing), {sources / 2} runbooks citing 6 each, batches of {batchSize}; Azurite queue and tables; each worker a process taking batches as the Functions host does ({trigger}), {instance.Describe()}."));
            Console.WriteLine(IsReadyToRun(typeof(FanOutBenchmark).Assembly)
                ? "Workers: ReadyToRun, as the Functions app is published."
                : "Workers: JIT-compiled (a build, not a publish); the Functions app is published ReadyToRun: publish this benchmark (dotnet publish tests/ReviewCadence.Benchmarks -c Release -o DIR) and run DIR/ReviewCadence.Benchmarks fanout to measure it as deployed.");
            await Console.Error.WriteLineAsync("reference: single in-process checks...");
            var reference = await ReferenceAsync(sources, shape, Path.Combine(work, "reference"));
            var previousWall = double.MaxValue;
            var slower = new List<int>();
            foreach (var k in workers)
            {
                await Console.Error.WriteLineAsync($"fan-out with {k} worker(s)...");
                var result = await FanOutAsync(sources, shape, k, batchSize, trigger, instance, Path.Combine(work, $"workers-{k}"));
                var differences = Compare(reference.Cold, result.Cold.Report, "cold").Concat(Compare(reference.Changed, result.Changed.Report, "changed-5%")).ToList();
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"fanout workers={k} sources={sources} batches={result.Cold.Batches} wall={result.Cold.WallSeconds:F1}s outcomes={(differences.Count == 0 ? "identical" : "DIFFERENT")}"));
                Console.WriteLine("  " + instance.Placement(k));
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  cold {result.Cold.WallSeconds:F1} s, changed-5% {result.Changed.WallSeconds:F1} s; {Summary(result.Changed.Report)}; workers' CPU {result.WorkerCpuSeconds:F1} s (start-up {result.WorkerStartUpCpuSeconds:F1} s; JIT {result.WorkerJitSeconds:F1} s), Azurite's {result.AzuriteCpuSeconds:F1} s, peak {result.WorkerPeakMb:F0} MB per worker; the machine's cores {result.MachineBusy:P0} busy over both runs; load average {Machine.LoadAverage()}"));
                Console.WriteLine("  workers' CPU by thread, summed over workers (s): " + string.Join(" | ",
                    result.WorkerCpuByThread.OrderByDescending(t => t.Value).Select(t => string.Create(CultureInfo.InvariantCulture, $"{t.Key} {t.Value:F1}"))));
                Console.WriteLine("  workers' steps over both runs, summed over workers (s): " + string.Join(" | ",
                    new[] { CheckStep.BatchStart, CheckStep.Sources, CheckStep.Fetch, CheckStep.Extract, CheckStep.SnapshotWrite, CheckStep.BatchSave, CheckStep.BatchFinishRead, CheckStep.Apply, CheckStep.Report }
                        .Select(s => result.Steps.TryGetValue(s.ToString(), out var t) ? string.Create(CultureInfo.InvariantCulture, $"{s} {t.Seconds:F1}") : $"{s} -")));
                foreach (var difference in differences.Take(10))
                    Console.WriteLine($"  differs: {difference}");
                if (differences.Count > 10)
                    Console.WriteLine($"  ... {differences.Count - 10} more differences");
                if (result.Cold.WallSeconds > previousWall)
                    slower.Add(k);
                previousWall = result.Cold.WallSeconds;
            }
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Reference (one in-process CheckRunner on SQLite): cold {reference.ColdSeconds:F1} s, changed-5% {reference.ChangedSeconds:F1} s."));
            if (slower.Count > 0)
                Console.WriteLine($"NOTE: more workers were slower than fewer in this run (workers={string.Join(",", slower)}){(slower.All(instance.SharesCores) ? ", each time with more workers than this machine has cores for, so that they shared cores" : "")}: where fewer already kept the cores busy, more only add what each process pays for itself (its start-up is before the timed runs): compiling, on its thread pool, what its precompiled code leaves to the JIT, and loading its types, each process on its own; see the CPU by thread, the cores' busy share and the load average.");
            return 0;
        }
        finally
        {
            try
            {
                Directory.Delete(work, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    /// <summary>True when the assembly carries ahead-of-time compiled code (ReadyToRun), not IL alone.</summary>
    private static bool IsReadyToRun(System.Reflection.Assembly assembly)
    {
        using var pe = new System.Reflection.PortableExecutable.PEReader(File.OpenRead(assembly.Location));
        return pe.PEHeaders.CorHeader?.ManagedNativeHeaderDirectory.Size > 0;
    }

    private sealed record Reference(JsonElement Cold, JsonElement Changed, double ColdSeconds, double ChangedSeconds);

    private static async Task<Reference> ReferenceAsync(int sources, PageShape shape, string work)
    {
        Directory.CreateDirectory(work);
        await using var site = await DocsSite.StartAsync(sources, Seed, shape);
        var catalog = Path.Combine(work, "catalog.yaml");
        await File.WriteAllTextAsync(catalog, FanOutCatalog.Yaml(sources, site.BaseUrl));
        await using var provider = FanOutServices.Build(catalog, Path.Combine(work, "state.db"), queueName: null, batchSize: 0);
        await provider.GetRequiredService<IReviewStore>().InitializeAsync(CancellationToken.None);
        var runner = provider.GetRequiredService<CheckRunner>();
        var definitions = provider.GetRequiredService<CatalogProvider>().Get();

        var wall = Stopwatch.StartNew();
        var cold = await runner.RunAsync(definitions, CheckScope.All, null, CancellationToken.None);
        var coldSeconds = wall.Elapsed.TotalSeconds;
        site.Change(5, 1);
        wall.Restart();
        var changed = await runner.RunAsync(definitions, CheckScope.All, null, CancellationToken.None);
        var changedSeconds = wall.Elapsed.TotalSeconds;
        return new Reference(ToJson(cold), ToJson(changed), coldSeconds, changedSeconds);
    }

    private static JsonElement ToJson(CheckReport report) => JsonDocument.Parse(ReviewCadenceJson.Serialize(report)).RootElement.Clone();

    private sealed record RunResult(double WallSeconds, int Batches, JsonElement Report);

    private sealed record FanOutResult(RunResult Cold, RunResult Changed, double WorkerCpuSeconds, double WorkerJitSeconds, double WorkerPeakMb, double AzuriteCpuSeconds, double WorkerStartUpCpuSeconds, double MachineBusy, Dictionary<string, double> WorkerCpuByThread, Dictionary<string, StepTime> Steps);

    private static async Task<FanOutResult> FanOutAsync(int sources, PageShape shape, int workerCount, int batchSize, QueueTriggerSettings trigger, InstanceCores instance, string work)
    {
        Directory.CreateDirectory(work);
        await using var site = await DocsSite.StartAsync(sources, Seed, shape);
        await using var azurite = await AzuriteServer.StartAsync("--max-old-space-size=4096");
        var catalog = Path.Combine(work, "catalog.yaml");
        await File.WriteAllTextAsync(catalog, FanOutCatalog.Yaml(sources, site.BaseUrl));
        const string queueName = "fanout-benchmark";
        await using var provider = FanOutServices.Build(catalog, azurite.ConnectionString, queueName, batchSize);
        await provider.GetRequiredService<IReviewStore>().InitializeAsync(CancellationToken.None);
        await new QueueClient(azurite.ConnectionString, queueName).CreateIfNotExistsAsync();

        var workers = new List<FanOutWorker.Handle>();
        try
        {
            for (var i = 0; i < workerCount; i++)
                workers.Add(FanOutWorker.Start(catalog, azurite.ConnectionString, queueName, Path.Combine(work, $"report-{i}"), trigger, instance.ProcessorCount(workerCount), instance.CoresOf(i)));
            foreach (var worker in workers)
                await worker.Ready;
            // What the workers' start-up cost (runtime, services, store and queue clients), before any batch.
            var startUpCpu = workers.Sum(w => w.Sample().CpuSeconds);

            // The emulator's CPU over both runs (and the workers' idle polling), not its start-up or the store's creation.
            var azuriteIdle = azurite.ProcessorTime;
            var machineBefore = Machine.CpuTicks();
            var fanOut = provider.GetRequiredService<CheckFanOut>();
            var definitions = provider.GetRequiredService<CatalogProvider>().Get();
            var cold = await RunOnceAsync(fanOut, definitions, workers);
            site.Change(5, 1);
            var changed = await RunOnceAsync(fanOut, definitions, workers);
            var machineAfter = Machine.CpuTicks();
            var busy = machineAfter.Total > machineBefore.Total ? (double)(machineAfter.Busy - machineBefore.Busy) / (machineAfter.Total - machineBefore.Total) : double.NaN;
            var (cpu, jit, peak, byThread, steps) = await FanOutWorker.StopAllAsync(workers);
            return new FanOutResult(cold, changed, cpu, jit, peak / 1048576.0, (azurite.ProcessorTime - azuriteIdle).TotalSeconds, startUpCpu, busy, byThread, steps);
        }
        finally
        {
            foreach (var worker in workers)
                worker.Dispose();
        }
    }

    /// <summary>Starts one fanned-out run and waits until a worker has applied it (its report file appears).</summary>
    private static async Task<RunResult> RunOnceAsync(CheckFanOut fanOut, ReviewCatalog catalog, List<FanOutWorker.Handle> workers)
    {
        var wall = Stopwatch.StartNew();
        var started = await fanOut.StartAsync(catalog, CancellationToken.None);
        while (true)
        {
            foreach (var worker in workers)
            {
                if (worker.TryTakeReport(started.RunId) is { } report)
                {
                    wall.Stop();
                    return new RunResult(wall.Elapsed.TotalSeconds, started.Batches, report);
                }
                if (worker.HasExited)
                    throw new InvalidOperationException($"a fan-out worker exited early: {worker.Errors}");
            }
            await Task.Delay(20);
        }
    }

    /// <summary>Where a fanned-out report differs from the reference: per source and per runbook.</summary>
    private static IEnumerable<string> Compare(JsonElement expected, JsonElement actual, string phase)
    {
        if (expected.GetProperty("conclusive").GetBoolean() != actual.GetProperty("conclusive").GetBoolean())
            yield return $"{phase}: conclusive {expected.GetProperty("conclusive")} vs {actual.GetProperty("conclusive")}";
        var wantSources = Sources(expected);
        var haveSources = Sources(actual);
        foreach (var (id, want) in wantSources)
        {
            if (!haveSources.TryGetValue(id, out var have))
                yield return $"{phase}: source {id} missing from the fan-out's report";
            else if (have != want)
                yield return $"{phase}: source {id}: {want} in the single check, {have} fanned out";
        }
        foreach (var id in haveSources.Keys.Except(wantSources.Keys))
            yield return $"{phase}: source {id} only in the fan-out's report";
        var wantRunbooks = Runbooks(expected);
        var haveRunbooks = Runbooks(actual);
        foreach (var (id, want) in wantRunbooks)
        {
            if (!haveRunbooks.TryGetValue(id, out var have))
                yield return $"{phase}: runbook {id} missing from the fan-out's report";
            else if (have != want)
                yield return $"{phase}: runbook {id}: {want} in the single check, {have} fanned out";
        }
        foreach (var id in haveRunbooks.Keys.Except(wantRunbooks.Keys))
            yield return $"{phase}: runbook {id} only in the fan-out's report";
    }

    private static Dictionary<string, string> Sources(JsonElement report) =>
        report.GetProperty("sources").EnumerateArray().ToDictionary(
            s => s.GetProperty("id").GetString()!,
            s => $"{s.GetProperty("outcome")} {Optional(s, "httpStatus")} {Optional(s, "detail")}");

    private static Dictionary<string, string> Runbooks(JsonElement report) =>
        report.GetProperty("runbooks").EnumerateArray().ToDictionary(
            r => r.GetProperty("id").GetString()!,
            r => $"{r.GetProperty("status")} [{string.Join(", ", r.GetProperty("findings").EnumerateArray().Select(f => $"{f.GetProperty("source")} {f.GetProperty("kind")}").Order(StringComparer.Ordinal))}]");

    private static string Optional(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null ? value.ToString() : "-";

    private static string Summary(JsonElement report)
    {
        var outcomes = report.GetProperty("sources").EnumerateArray().GroupBy(s => s.GetProperty("outcome").GetString())
            .OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Key} {g.Count()}");
        var findings = report.GetProperty("runbooks").EnumerateArray().Sum(r => r.GetProperty("findings").GetArrayLength());
        return $"changed-5% outcomes {string.Join(", ", outcomes)}, {findings} runbook findings";
    }
}

/// <summary>The fan-out's catalog: N sources on the site (every 100th a page the site does not have), N/2 runbooks citing 6 each.</summary>
internal static class FanOutCatalog
{
    public static string Yaml(int size, Uri site)
    {
        var yaml = new StringBuilder("""
            settings:
              allowPrivateNetworks: true
              maxConcurrency: 16
              perHostConcurrency: 16
              timeoutSeconds: 60
              retries: 1
            owners:
              - id: owner-00
            sources:

            """);
        for (var page = 0; page < size; page++)
        {
            // A missing page (404): broken at once, so the runs have broken findings as well as changed ones.
            var path = page % 100 == 99 ? DocsPages.PathOf(size + page) : DocsPages.PathOf(page);
            yaml.Append(CultureInfo.InvariantCulture, $"  - id: guide-{page:D5}\n    url: {new Uri(site, path)}\n");
        }
        yaml.Append("runbooks:\n");
        var random = new Random(size);
        for (var runbook = 0; runbook < size / 2; runbook++)
        {
            var cited = new SortedSet<int>();
            while (cited.Count < Math.Min(6, size))
                cited.Add(random.Next(size));
            yaml.Append(CultureInfo.InvariantCulture, $"""
                  - id: runbook-{runbook:D5}
                    title: Runbook {runbook}
                    owner: owner-00
                    cadenceDays: 30
                    lastReviewed: 2026-11-01
                    sources: [{string.Join(", ", cited.Select(p => $"guide-{p:D5}"))}]

                """);
        }
        return yaml.ToString();
    }
}

/// <summary>Core's services as the Functions app builds them, with a fixed clock, for the parent and the workers alike.</summary>
internal static class FanOutServices
{
    public static ServiceProvider Build(string catalogPath, string store, string? queueName, int batchSize)
    {
        var settings = new Dictionary<string, string?>
        {
            ["ReviewCadence:CatalogPath"] = catalogPath,
            ["ReviewCadence:Store"] = store,
            ["ReviewCadence:Check:QueueBatchSize"] = batchSize.ToString(CultureInfo.InvariantCulture),
        };
        if (queueName is not null)
        {
            settings[StorageCheckBatchQueue.ConnectionSetting] = store;
            settings[StorageCheckBatchQueue.QueueNameSetting] = queueName;
        }
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Warning).AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace));
        services.AddSingleton<TimeProvider>(new FixedClock(FanOutBenchmark.Now));
        services.AddReviewCadence(configuration);
        return services.BuildServiceProvider();
    }
}
