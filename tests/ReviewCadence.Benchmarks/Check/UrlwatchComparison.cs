using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace ReviewCadence.Benchmarks.Check;

/// <summary>
/// urlwatch (the Debian package) and ReviewCadence on the same generated pages in the same run: one urlwatch job
/// per page with <c>filter: html2text</c>, its own jobs/config/cache files, reporters off; cold, then warm
/// (urlwatch sends the stored ETag too, so warm is 304s for both). ReviewCadence runs the same phases on SQLite.
/// </summary>
internal static class UrlwatchComparison
{
    public static async Task RunAsync(int size, int seed, string work)
    {
        var urlwatch = FindOnPath("urlwatch");
        if (urlwatch is null)
        {
            Console.WriteLine("urlwatch is not installed (apt-get install urlwatch): the side-by-side comparison was left out.");
            return;
        }

        await Console.Error.WriteLineAsync($"running urlwatch and ReviewCadence on N={size}...");
        var reviewCadence = await CheckBenchmark.RunCombinationAsync(size, "sqlite", ["cold", "warm-304"], concurrency: 16, perHost: 16, Path.Combine(work, "reviewcadence"));

        await using var site = await DocsSite.StartAsync(size, seed);
        Directory.CreateDirectory(work);
        var jobs = Path.Combine(work, "jobs.yaml");
        var config = Path.Combine(work, "urlwatch.yaml");
        var cache = Path.Combine(work, "cache.db");
        await File.WriteAllTextAsync(jobs, Jobs(site, size));
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

        var runs = new List<(string Phase, ExternalRun Run, SiteStats Site)>();
        foreach (var phase in new[] { "cold", "warm-304" })
        {
            var before = site.Stats();
            var run = await ExternalRun.StartAsync(urlwatch, ["--urls", jobs, "--config", config, "--cache", cache], work);
            runs.Add((phase, run, site.Stats().Since(before)));
            await Console.Error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"  urlwatch {phase}: {run.WallSeconds:F1} s (exit {run.ExitCode})"));
        }

        var cores = Environment.ProcessorCount;
        Console.WriteLine($"Side by side on the same {size} pages (urlwatch {Version(urlwatch)}, filter html2text, 10 worker threads; ReviewCadence on SQLite):");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{"tool",-14} {"phase",-9} {"wall s",7} {"pages/s",8} {"CPU s",6} {"CPU %",6} {"peak MB",8} {"200/304",11}"));
        foreach (var (phase, run, served) in runs)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{"urlwatch",-14} {phase,-9} {run.WallSeconds,7:F1} {size / run.WallSeconds,8:F0} {run.CpuSeconds,6:F1} {100 * run.CpuSeconds / (run.WallSeconds * cores),5:F0}% {run.PeakRss / 1048576.0,8:F0} {$"{served.FullResponses}/{served.NotModified}",11}"));
        }
        foreach (var phase in reviewCadence.Phases)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{"ReviewCadence",-14} {phase.Phase,-9} {phase.WallSeconds,7:F1} {size / phase.WallSeconds,8:F0} {phase.CpuSeconds,6:F1} {100 * phase.CpuSeconds / (phase.WallSeconds * cores),5:F0}% {phase.PeakWorkingSet / 1048576.0,8:F0} {$"{phase.Site.FullResponses}/{phase.Site.NotModified}",11}"));
        }
        foreach (var (phase, run, _) in runs)
        {
            var ours = reviewCadence.Phases.Single(p => p.Phase == phase);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{phase}: ReviewCadence is {run.WallSeconds / ours.WallSeconds:F1}x urlwatch's speed"));
        }
        Console.WriteLine("urlwatch CPU and peak are of its process (sampled from /proc every 20 ms); ReviewCadence's include catalog load and store work.");
        Console.WriteLine();
    }

    private static string Jobs(DocsSite site, int size)
    {
        var yaml = new StringBuilder();
        for (var page = 0; page < size; page++)
        {
            if (page > 0)
                yaml.Append("---\n");
            yaml.Append(CultureInfo.InvariantCulture, $"name: guide-{page:D5}\nurl: {site.PageUrl(page)}\nfilter:\n  - html2text\n");
        }
        return yaml.ToString();
    }

    private static string Version(string urlwatch)
    {
        using var process = Process.Start(new ProcessStartInfo(urlwatch, "--version") { RedirectStandardOutput = true })!;
        var text = process.StandardOutput.ReadToEnd().Trim();
        process.WaitForExit();
        return text.Replace("urlwatch ", "", StringComparison.Ordinal);
    }

    private static string? FindOnPath(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator)
            .Select(dir => Path.Combine(dir, program))
            .FirstOrDefault(File.Exists);

    /// <summary>Another program run to its end, with its wall time, and CPU time and peak RSS read from /proc while it ran.</summary>
    private sealed record ExternalRun(double WallSeconds, double CpuSeconds, long PeakRss, int ExitCode)
    {
        public static async Task<ExternalRun> StartAsync(string program, IReadOnlyList<string> arguments, string workingDirectory)
        {
            var start = new ProcessStartInfo(program)
            {
                WorkingDirectory = workingDirectory,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (var argument in arguments)
                start.ArgumentList.Add(argument);
            start.Environment["HOME"] = workingDirectory; // keep its default folders out of the user's

            var wall = Stopwatch.StartNew();
            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEndAsync();
            var errors = process.StandardError.ReadToEndAsync();
            double cpu = 0;
            long peak = 0;
            var ticksPerSecond = 100.0; // USER_HZ on Linux
            while (!process.HasExited)
            {
                try
                {
                    var stat = (await File.ReadAllTextAsync($"/proc/{process.Id}/stat")).Split(')')[1].Split(' ', StringSplitOptions.RemoveEmptyEntries);
                    cpu = (long.Parse(stat[11], CultureInfo.InvariantCulture) + long.Parse(stat[12], CultureInfo.InvariantCulture)) / ticksPerSecond;
                    var rss = File.ReadLines($"/proc/{process.Id}/status").FirstOrDefault(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
                    if (rss is not null)
                        peak = Math.Max(peak, long.Parse(rss.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
                {
                    // It ended between the check and the read.
                }
                await Task.Delay(20);
            }
            await process.WaitForExitAsync();
            wall.Stop();
            await output;
            var stderr = await errors;
            if (process.ExitCode != 0)
                await Console.Error.WriteLineAsync($"urlwatch exited with {process.ExitCode}: {stderr}");
            return new ExternalRun(wall.Elapsed.TotalSeconds, cpu, peak, process.ExitCode);
        }
    }
}
