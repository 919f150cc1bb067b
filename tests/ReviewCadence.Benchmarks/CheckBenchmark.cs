using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using ReviewCadence.Benchmarks.Check;

namespace ReviewCadence.Benchmarks;

/// <summary>
/// Whole check runs through the real <c>CheckRunner</c> against a local documentation site of ~100 KB pages:
/// cold, warm with validators (304s), 5 % changed, warm without validators (full downloads, same content),
/// for each catalog size on each store, each (size, store) in a fresh child process (<see cref="CheckPhases"/>).
/// With <c>urlwatch</c> installed it also runs urlwatch on the same pages (<see cref="UrlwatchComparison"/>).
/// </summary>
public static class CheckBenchmark
{
    private const int Seed = 20261123;

    public static async Task<int> RunAsync(string[] args)
    {
        int[] sizes = [1_000, 10_000];
        string[] stores = ["sqlite", "tables"];
        var urlwatchSize = 2_000;
        int[]? sideBySideSizes = null;
        var shape = PageShape.Medium;
        var repeat = 3;
        string? cli = null;
        var withUrlwatch = true;
        IReadOnlyList<string> phases = CheckPhases.AllPhases;
        // The product's default overall limit; one loopback host serves every page, so the per-host limit matches it
        // (with the polite default of 4 per host the run takes as long on loopback: parsing is the limit).
        var concurrency = 16;
        int? perHost = null;
        for (var i = 0; i < args.Length; i++)
        {
            var value = i + 1 < args.Length ? args[i + 1] : null;
            switch (args[i])
            {
                case "--sizes" when value is not null && TryParseSizes(value, out var parsed):
                    sizes = parsed;
                    break;
                case "--stores" when value is not null && value.Split(',').All(s => s is "sqlite" or "tables"):
                    stores = value.Split(',');
                    break;
                case "--phases" when value is not null && value.Split(',').All(CheckPhases.AllPhases.Contains):
                    phases = value.Split(',');
                    break;
                case "--concurrency" when int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var overall) && overall > 0:
                    concurrency = overall;
                    break;
                case "--per-host" when int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var limit) && limit > 0:
                    perHost = limit;
                    break;
                case "--urlwatch-size" when int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n):
                    urlwatchSize = n; // 0 leaves the side-by-side run out
                    break;
                case "--side-by-side-sizes" when value is not null && TryParseSizes(value, out var sideSizes):
                    sideBySideSizes = sideSizes;
                    break;
                case "--shape" when value is "medium" or "large":
                    shape = PageShape.Parse(value);
                    break;
                case "--repeat" when int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var rounds) && rounds > 0:
                    repeat = rounds;
                    break;
                case "--cli" when value is not null:
                    cli = value;
                    break;
                case "--without-urlwatch":
                    withUrlwatch = false; // ReviewCadence and the floor only (profiling)
                    i--;
                    break;
                default:
                    await Console.Error.WriteLineAsync($"check: unknown or invalid option '{args[i]}' (expected --sizes 1000,10000 --stores sqlite,tables --phases cold,warm-304,changed-5%,warm-200 --concurrency 16 --per-host 16 --urlwatch-size 2000 --side-by-side-sizes 2000,10000 --shape medium|large --repeat 3 --cli PATH; --sizes 0 runs only the side-by-side)");
                    return 1;
            }
            i++;
        }

        var work = Directory.CreateTempSubdirectory("reviewcadence-bench-").FullName;
        try
        {
            Console.WriteLine(Machine.Describe());
            Console.WriteLine("Pages ~100 KB (docs shell, sidebar, 5 Next.js payload scripts, 12 content sections); N sources, N/2 runbooks citing 6 each;");
            Console.WriteLine($"maxConcurrency {concurrency}, perHostConcurrency {perHost ?? concurrency} (one loopback host); each (N, store) in a fresh process with the hosts' GC settings,");
            Console.WriteLine("its phases run one after another on one set of services, as the Functions app runs its timer checks.");
            Console.WriteLine();

            var results = new List<CombinationResult>();
            foreach (var size in sizes.Where(s => s > 0))
            {
                foreach (var store in stores)
                {
                    await Console.Error.WriteLineAsync($"running N={size} on {store}...");
                    results.Add(await RunCombinationAsync(size, store, phases, concurrency, perHost ?? concurrency, Path.Combine(work, $"{size}-{store}")));
                }
            }
            if (results.Count > 0)
                Report.Print(results);

            if (urlwatchSize > 0)
            {
                var cliPath = await CliBuild.PublishAsync(cli);
                foreach (var size in sideBySideSizes ?? [urlwatchSize])
                    await SideBySide.RunAsync(size, Seed, shape, stores, repeat, cliPath, withUrlwatch, Path.Combine(work, $"side-by-side-{size}"));
            }
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

    internal static async Task<CombinationResult> RunCombinationAsync(int size, string store, IReadOnlyList<string> phases, int concurrency, int perHost, string work)
    {
        await using var site = await DocsSite.StartAsync(size, Seed);
        await using var azurite = store == "tables" ? await AzuriteServer.StartAsync("--max-old-space-size=4096") : null;
        var storeSpec = azurite?.ConnectionString ?? Path.Combine(work, "state.db");
        var output = await ChildProcess.RunAsync(
            ["check-run", "--size", size.ToString(CultureInfo.InvariantCulture), "--site", site.BaseUrl.ToString(), "--work", work, "--phases", string.Join(',', phases),
                "--concurrency", concurrency.ToString(CultureInfo.InvariantCulture), "--per-host", perHost.ToString(CultureInfo.InvariantCulture)],
            // The child has the hosts' runtime settings (GC, PGO: src/CheckHost.props, in its runtimeconfig); DOTNET_* variables
            // set around this program pass through to try others.
            new Dictionary<string, string> { [CheckPhases.StoreVariable] = storeSpec });
        return JsonSerializer.Deserialize<CombinationResult>(output.Trim().Split('\n')[^1])
            ?? throw new InvalidOperationException("the child printed no result");
    }

    private static bool TryParseSizes(string value, out int[] sizes)
    {
        var parts = value.Split(',');
        sizes = new int[parts.Length];
        for (var i = 0; i < parts.Length; i++)
        {
            if (!int.TryParse(parts[i], NumberStyles.None, CultureInfo.InvariantCulture, out sizes[i]) || sizes[i] is 1 or < 0)
                return false;
        }
        return true;
    }

    /// <summary>Prints the results table and, below it, the store calls of each phase.</summary>
    private static class Report
    {
        public static void Print(IReadOnlyList<CombinationResult> results)
        {
            var cores = Environment.ProcessorCount;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{"N",6} {"store",-6} {"phase",-10} {"wall s",7} {"src/s",7} {"CPU s",6} {"CPU %",6} {"all %",6} {"GC s",5} {"peak MB",8} {"alloc MB",9} {"served MB",9} {"200/304",11} {"store calls",11} {"written",8}"));
            foreach (var combination in results)
            {
                foreach (var phase in combination.Phases)
                {
                    var calls = phase.Store.Where(kv => kv.Key != "InitializeAsync").Sum(kv => kv.Value.Calls);
                    var written = phase.Store.Sum(kv => kv.Value.EntitiesWritten);
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"{combination.Size,6} {combination.Store,-6} {phase.Phase,-10} {phase.WallSeconds,7:F1} {combination.Size / phase.WallSeconds,7:F0} {phase.CpuSeconds,6:F1} {100 * phase.CpuSeconds / (phase.WallSeconds * cores),5:F0}% {100 * phase.MachineBusyShare,5:F0}% {phase.GcPauseSeconds,5:F1} {phase.PeakWorkingSet / 1048576.0,8:F0} {phase.AllocatedBytes / 1048576.0,9:F0} {phase.Site.Bytes / 1048576.0,9:F0} {$"{phase.Site.FullResponses}/{phase.Site.NotModified}",11} {calls,11} {written,8}"));
                }
            }
            Console.WriteLine();
            Console.WriteLine($"CPU %: user+sys time of the checking process over wall time, out of {cores} cores (the site and Azurite run in other processes);");
            Console.WriteLine("all %: the whole machine's busy share in the phase (the checker, the site, Azurite, and anything else running). GC s: GC pause time.");
            Console.WriteLine("peak MB: largest working set sampled (20 ms) during the phase. served: body bytes the site sent. written: entities the store calls wrote.");
            Console.WriteLine();
            Console.WriteLine("Store calls per phase (calls, and entities written where a call writes several):");
            foreach (var combination in results)
            {
                foreach (var phase in combination.Phases)
                {
                    var calls = phase.Store.Where(kv => kv.Key != "InitializeAsync").OrderBy(kv => kv.Key, StringComparer.Ordinal)
                        .Select(kv => kv.Value.EntitiesWritten > kv.Value.Calls ? $"{Trim(kv.Key)} {kv.Value.Calls} ({kv.Value.EntitiesWritten})" : $"{Trim(kv.Key)} {kv.Value.Calls}");
                    Console.WriteLine($"  {combination.Size,6} {combination.Store,-6} {phase.Phase,-10} {string.Join(", ", calls)}");
                }
            }
            Console.WriteLine();
            Console.WriteLine("Outcomes, catalog load time (inside wall), the site's CPU time, full GCs and managed heap per phase:");
            foreach (var combination in results)
            {
                foreach (var phase in combination.Phases)
                {
                    var outcomes = string.Join(", ", phase.Outcomes.OrderBy(o => o.Key, StringComparer.Ordinal).Select(o => $"{o.Key} {o.Value}"));
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"  {combination.Size,6} {combination.Store,-6} {phase.Phase,-10} {outcomes}; {phase.RunbooksNeedingReview} runbooks need review{(phase.Conclusive ? "" : "; INCONCLUSIVE")}; catalog load {phase.CatalogSeconds:F1} s; site CPU {phase.Site.CpuSeconds:F1} s; gen2 GCs {phase.Gen2Collections}; managed heap peak {phase.PeakManagedHeap / 1048576.0:F0} MB, GC committed at the working-set peak {phase.GcCommittedAtPeak / 1048576.0:F0} MB, retained after {phase.RetainedHeap / 1048576.0:F0} MB"));
                }
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {combination.Size,6} {combination.Store,-6} working set {combination.StartWorkingSet / 1048576.0:F0} MB at start, process peak {combination.ProcessPeakWorkingSet / 1048576.0:F0} MB"));
            }
            Console.WriteLine();
        }

        private static string Trim(string method) => method.EndsWith("Async", StringComparison.Ordinal) ? method[..^5] : method;
    }
}

/// <summary>The machine the figures come from, and how busy it was.</summary>
internal static class Machine
{
    public static string Describe()
    {
        var model = ReadField("/proc/cpuinfo", "model name") ?? "unknown CPU";
        var memory = ReadField("/proc/meminfo", "MemTotal") is { } total && long.TryParse(total.Split(' ')[0], out var kb) ? $"{kb / 1048576.0:F0} GiB" : "unknown memory";
        return $"Machine: {Environment.ProcessorCount} cores ({model}), {memory}; load average {LoadAverage()} at start; .NET {Environment.Version}";
    }

    /// <summary>The 1, 5 and 15 minute load averages (<c>uptime</c>'s figures).</summary>
    public static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "?";

    /// <summary>
    /// The machine's CPU time so far, busy and in all, in clock ticks summed over its cores (<c>/proc/stat</c>'s first
    /// line; busy is user, nice, system, irq, softirq and steal, the rest idle and iowait); (0, 0) where there is none.
    /// </summary>
    public static (long Busy, long Total) CpuTicks()
    {
        if (!File.Exists("/proc/stat"))
            return (0, 0);
        var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1)
            .Select(f => long.Parse(f, CultureInfo.InvariantCulture)).ToArray();
        var idle = fields[3] + fields[4];
        var busy = fields[0] + fields[1] + fields[2] + fields[5] + fields[6] + fields[7];
        return (busy, busy + idle);
    }

    /// <summary>
    /// A process's CPU time so far by kind of thread, in seconds (<c>/proc/PID/task/*/stat</c>, the kernel's user and
    /// system ticks): the runtime names its threads, so the thread pool's (where a check's work, its first-call JIT and
    /// a workstation GC's gen0 collections run), the tiered compiler's background thread (its re-compiling of hot
    /// methods) and the GC's background thread can be told apart;
    /// empty where there is no <c>/proc</c> or the process has gone.
    /// </summary>
    public static Dictionary<string, double> ThreadCpuByKind(int processId)
    {
        var byKind = new Dictionary<string, double>(StringComparer.Ordinal);
        var tasks = $"/proc/{processId}/task";
        if (!Directory.Exists(tasks))
            return byKind;
        foreach (var task in Directory.EnumerateDirectories(tasks))
        {
            string stat;
            try
            {
                stat = File.ReadAllText(Path.Combine(task, "stat"));
            }
            catch (IOException)
            {
                continue; // the thread ended meanwhile
            }
            // "TID (NAME) STATE ...": the name may hold spaces and parentheses, so it ends at the last ')'; utime and
            // stime are the 14th and 15th fields, the 12th and 13th after the name.
            var close = stat.LastIndexOf(')');
            var name = stat[(stat.IndexOf('(') + 1)..close];
            var fields = stat[(close + 2)..].Split(' ');
            var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
            var kind = ThreadKind(name, task.EndsWith("/" + processId.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal));
            byKind[kind] = byKind.GetValueOrDefault(kind) + ticks / (double)ClockTicksPerSecond;
        }
        return byKind;
    }

    private static string ThreadKind(string name, bool isMainThread) => name switch
    {
        _ when isMainThread => "main",
        ".NET TP Worker" or ".NET TP Gate" or ".NET TP Wait" or ".NET Long Runni" => "thread pool",
        ".NET Tiered Com" => "tiered compilation",
        ".NET BGC" or ".NET Server GC" or ".NET Finalizer" => "GC",
        ".NET Sockets" => "sockets",
        _ => "other",
    };

    // The kernel's clock ticks per second (USER_HZ), in which /proc reports CPU time; sysconf(_SC_CLK_TCK), 2 on Linux.
    private static readonly long ClockTicksPerSecond = SystemConfiguration(2) is > 0 and var hz ? hz : 100;

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "sysconf")]
    private static extern long SystemConfiguration(int name);

    private static string? ReadField(string file, string name)
    {
        if (!File.Exists(file))
            return null;
        return File.ReadLines(file).Where(l => l.StartsWith(name, StringComparison.Ordinal)).Select(l => l[(l.IndexOf(':') + 1)..].Trim()).FirstOrDefault();
    }
}

/// <summary>Runs this benchmark program again as a child process; its stderr passes through, its stdout is returned.</summary>
internal static class ChildProcess
{
    public static async Task<string> RunAsync(IReadOnlyList<string> arguments, IReadOnlyDictionary<string, string> environment)
    {
        var self = Environment.ProcessPath ?? throw new InvalidOperationException("cannot tell this program's path");
        var start = new ProcessStartInfo(self)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        // Under `dotnet ReviewCadence.Benchmarks.dll` the host is dotnet itself: pass the assembly first.
        if (Path.GetFileNameWithoutExtension(self).Equals("dotnet", StringComparison.OrdinalIgnoreCase))
            start.ArgumentList.Add(typeof(ChildProcess).Assembly.Location);
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        foreach (var (name, value) in environment)
            start.Environment[name] = value;

        using var process = Process.Start(start) ?? throw new InvalidOperationException("cannot start the child process");
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
                Console.Error.WriteLine(e.Data);
        };
        process.BeginErrorReadLine();
        var stdout = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"the child process ({string.Join(' ', arguments)}) exited with {process.ExitCode}");
        return stdout;
    }
}
