using System.Diagnostics;
using System.Globalization;

namespace ReviewCadence.Benchmarks.Check;

/// <summary>Another program run to its end: wall time from before its process starts to its exit, and CPU time and peak RSS read from /proc while it ran.</summary>
internal sealed record ExternalRun(double WallSeconds, double CpuSeconds, long PeakRss, int ExitCode, string Stdout, string Stderr)
{
    public static async Task<ExternalRun> StartAsync(string program, IReadOnlyList<string> arguments, string workingDirectory, IReadOnlyDictionary<string, string>? environment = null)
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
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
            start.Environment[name] = value;

        var wall = Stopwatch.StartNew();
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        double cpu = 0;
        long peak = 0;
        const double ticksPerSecond = 100.0; // USER_HZ on Linux
        var exited = process.WaitForExitAsync();
        while (!exited.IsCompleted)
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
            await Task.WhenAny(exited, Task.Delay(20));
        }
        wall.Stop();
        // The process's own total (children waited for included), more exact than the last sample.
        try
        {
            cpu = Math.Max(cpu, process.TotalProcessorTime.TotalSeconds);
        }
        catch (InvalidOperationException)
        {
        }
        return new ExternalRun(wall.Elapsed.TotalSeconds, cpu, peak, process.ExitCode, await output, await errors);
    }

    public static string? FindOnPath(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator)
            .Select(dir => Path.Combine(dir, program))
            .FirstOrDefault(File.Exists);
}
