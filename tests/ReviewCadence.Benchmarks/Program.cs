namespace ReviewCadence.Benchmarks;

/// <summary>
/// <c>dotnet run -c Release --project tests/ReviewCadence.Benchmarks -- MODE [options]</c>. Each mode is one class
/// with a static <c>RunAsync(string[] args)</c> returning the exit code; add a mode by adding its file and a line here.
/// </summary>
public static class Program
{
    private static readonly Dictionary<string, (string Summary, Func<string[], Task<int>> Run)> Modes = new(StringComparer.OrdinalIgnoreCase)
    {
        ["extract"] = ("extraction + fingerprint throughput on the change corpus and a large docs page [--seconds N]", ExtractBenchmark.RunAsync),
        ["check"] = ("whole check runs (cold, warm 304, 5 % changed, warm 200) on SQLite and Azurite, and urlwatch side by side [--sizes 1000,10000] [--stores sqlite,tables] [--urlwatch-size 2000|0]", CheckBenchmark.RunAsync),
        ["pairs"] = ("false alarms and missed edits on labelled page pairs kept outside the repository --dir DIR [--verbose]", RealPairsBenchmark.RunAsync),
        ["check-run"] = ("(used by check) one size on one store, in its own process", Check.CheckPhases.RunAsync),
        ["fanout"] = ("one fanned-out check over Azurite queues and tables with K worker processes, per K, compared with a single check [--sources 2000] [--workers 1,4] [--batch-size 100] [--instance-cores 1|shared] [--new-batch-threshold N]", FanOutBenchmark.RunAsync),
        ["site"] = ("the side-by-side run's site and catalog, serving until stdin ends (profiling one check by hand) [--size 2000]", SiteMode.RunAsync),
        ["fanout-worker"] = ("(used by fanout) one worker process consuming batches", FanOutWorker.RunAsync),
    };

    public static async Task<int> Main(string[] args)
    {
        if (args.Length == 0 || !Modes.TryGetValue(args[0], out var mode))
        {
            await Console.Error.WriteLineAsync("usage: ReviewCadence.Benchmarks MODE [options]");
            foreach (var (name, (summary, _)) in Modes)
                await Console.Error.WriteLineAsync($"  {name,-10} {summary}");
            return 1;
        }
        return await mode.Run(args[1..]);
    }
}
