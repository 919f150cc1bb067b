using System.Diagnostics;
using System.Globalization;
using System.Runtime;
using System.Text.Json;
using Azure.Storage.Queues;
using Microsoft.Extensions.DependencyInjection;
using ReviewCadence.Checking.Batching;
using ReviewCadence.Diagnostics;
using ReviewCadence.Storage;

namespace ReviewCadence.Benchmarks;

/// <summary>
/// A fan-out worker process (<c>fanout-worker</c> mode), standing in for one Functions instance running
/// <c>CheckSourceBatch</c>: takes messages from the queue as the host does with <c>host.json</c>'s queue settings
/// (<see cref="QueueTriggerSettings"/>), runs <see cref="BatchCheckRunner"/> on each, deletes it; the worker whose batch completes a run writes the run's report
/// to <c>REPORT.RUNID.json</c>. Prints <c>ready</c> once its services are up; ends when its stdin closes, printing
/// <c>jit SECONDS</c>: the time its JIT compiled for (every thread), a cost each process pays for itself.
/// </summary>
internal static class FanOutWorker
{
    private static readonly TimeSpan Visibility = TimeSpan.FromMinutes(5);

    public static async Task<int> RunAsync(string[] args)
    {
        var (catalog, store, queueName, report) = (args[0], args[1], args[2], args[3]);
        var trigger = new QueueTriggerSettings(int.Parse(args[4], CultureInfo.InvariantCulture), int.Parse(args[5], CultureInfo.InvariantCulture));
        await using var provider = FanOutServices.Build(catalog, store, queueName, batchSize: 0);
        await provider.GetRequiredService<IReviewStore>().InitializeAsync(CancellationToken.None);
        var runner = provider.GetRequiredService<BatchCheckRunner>();
        var queue = new QueueClient(store, queueName, new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });

        using var stop = new CancellationTokenSource();
        // The parent closes our stdin to stop us (and if it dies, the pipe closes too).
        _ = Task.Run(async () =>
        {
            await Console.In.ReadToEndAsync();
            await stop.CancelAsync();
        });
        Console.WriteLine("ready");
        var idle = TimeSpan.FromMilliseconds(10);
        var running = new List<Task>();
        while (!stop.IsCancellationRequested)
        {
            // Finished batches leave; a failed one ends the worker, so the parent reports it instead of waiting for its message to reappear.
            foreach (var done in running.Where(batch => batch.IsCompleted).ToList())
            {
                running.Remove(done);
                await done;
            }
            if (running.Count > trigger.NewBatchThreshold)
            {
                await Task.WhenAny(running);
                continue;
            }
            var received = (await queue.ReceiveMessagesAsync(trigger.BatchSize, Visibility, CancellationToken.None)).Value;
            if (received.Length == 0)
            {
                // Polling backs off while the queue is empty, as the host's does (here capped low: runs are short).
                try
                {
                    await Task.Delay(idle, stop.Token);
                }
                catch (OperationCanceledException)
                {
                }
                idle = TimeSpan.FromMilliseconds(Math.Min(200, idle.TotalMilliseconds * 2));
                continue;
            }
            idle = TimeSpan.FromMilliseconds(10);
            running.AddRange(received.Select(message => Task.Run(async () =>
            {
                var result = await runner.RunAsync(CheckBatchMessage.Parse(message.Body.ToString()), CancellationToken.None);
                await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt, CancellationToken.None);
                if (result.Report is { } finished)
                {
                    var path = $"{report}.{finished.RunId}.json";
                    await File.WriteAllTextAsync(path + ".tmp", ReviewCadenceJson.Serialize(finished));
                    File.Move(path + ".tmp", path);
                }
            })));
        }
        await Task.WhenAll(running);
        CheckTimings.WriteToConfiguredFile();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"jit {JitInfo.GetCompilationTime().TotalSeconds}"));
        return 0;
    }

    /// <param name="cores">
    /// The cores this worker stands for (<c>DOTNET_PROCESSOR_COUNT</c>: its parse slots, thread pool and GC follow it).
    /// </param>
    /// <param name="pinnedTo">
    /// The machine's cores it may run on (<c>taskset</c>, which execs the worker, so it keeps the process id and every
    /// thread inherits the mask), or null to leave it unpinned.
    /// </param>
    public static Handle Start(string catalog, string store, string queueName, string report, QueueTriggerSettings trigger, int cores, IReadOnlyList<int>? pinnedTo)
    {
        var self = Environment.ProcessPath ?? throw new InvalidOperationException("cannot tell this program's path");
        var start = new ProcessStartInfo(pinnedTo is null ? self : "taskset")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (pinnedTo is not null)
        {
            start.ArgumentList.Add("--cpu-list");
            start.ArgumentList.Add(string.Join(",", pinnedTo));
            start.ArgumentList.Add(self);
        }
        if (Path.GetFileNameWithoutExtension(self).Equals("dotnet", StringComparison.OrdinalIgnoreCase))
            start.ArgumentList.Add(typeof(FanOutWorker).Assembly.Location);
        foreach (var argument in new[] { "fanout-worker", catalog, store, queueName, report,
                     trigger.BatchSize.ToString(CultureInfo.InvariantCulture), trigger.NewBatchThreshold.ToString(CultureInfo.InvariantCulture) })
            start.ArgumentList.Add(argument);
        // Where its time went (the steps of its batches), written when it ends.
        start.Environment[CheckTimings.Variable] = report + ".timings.json";
        start.Environment["DOTNET_PROCESSOR_COUNT"] = cores.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return new Handle(Process.Start(start) ?? throw new InvalidOperationException("cannot start a fan-out worker"), report);
    }

    /// <summary>
    /// Closes the workers' stdin and waits for them; their CPU time in total, the JIT's time (wall time spent compiling,
    /// which counts a compiling thread's waits for a core, so on a shared machine it can read more than the CPU it took),
    /// the largest peak working set, their CPU by kind of thread and their steps' times, both summed over the workers.
    /// </summary>
    public static async Task<(double CpuSeconds, double JitSeconds, long PeakWorkingSet, Dictionary<string, double> CpuByThread, Dictionary<string, StepTime> Steps)> StopAllAsync(IReadOnlyList<Handle> workers)
    {
        double cpu = 0;
        long peak = 0;
        var byThread = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var worker in workers)
        {
            (var workerCpu, var workerPeak) = worker.Sample();
            peak = Math.Max(peak, workerPeak);
            cpu += workerCpu;
            foreach (var (kind, seconds) in Machine.ThreadCpuByKind(worker.Process.Id))
                byThread[kind] = byThread.GetValueOrDefault(kind) + seconds;
            worker.Process.StandardInput.Close();
        }
        var steps = new Dictionary<string, StepTime>(StringComparer.Ordinal);
        double jit = 0;
        foreach (var worker in workers)
        {
            await worker.Process.WaitForExitAsync();
            jit += worker.JitSeconds;
            var path = worker.Report + ".timings.json";
            if (!File.Exists(path))
                continue;
            foreach (var (step, time) in JsonSerializer.Deserialize<Dictionary<string, StepTime>>(await File.ReadAllTextAsync(path))!)
                steps[step] = steps.TryGetValue(step, out var sum) ? new StepTime(sum.Seconds + time.Seconds, sum.Count + time.Count, sum.CpuSeconds + time.CpuSeconds) : time;
        }
        return (cpu, jit, peak, byThread, steps);
    }

    internal sealed class Handle : IDisposable
    {
        private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly System.Text.StringBuilder _errors = new();
        private readonly string _report;

        public Handle(Process process, string report)
        {
            Process = process;
            _report = report;
            process.OutputDataReceived += (_, e) =>
            {
                if (e.Data == "ready")
                    _ready.TrySetResult();
                else if (e.Data?.StartsWith("jit ", StringComparison.Ordinal) == true)
                    JitSeconds = double.Parse(e.Data.AsSpan(4), CultureInfo.InvariantCulture);
            };
            process.ErrorDataReceived += (_, e) =>
            {
                if (e.Data is null)
                    return;
                lock (_errors)
                    _errors.AppendLine(e.Data);
                Console.Error.WriteLine($"  worker {process.Id}: {e.Data}");
            };
            process.Exited += (_, _) => _ready.TrySetException(new InvalidOperationException($"a fan-out worker exited before it was ready: {Errors}"));
            process.EnableRaisingEvents = true;
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
        }

        public Process Process { get; }

        /// <summary>The JIT's time in this worker, as it printed when it ended (0 until then).</summary>
        public double JitSeconds { get; private set; }

        public string Report => _report;

        public Task Ready => _ready.Task;

        public bool HasExited => Process.HasExited;

        public string Errors
        {
            get
            {
                lock (_errors)
                    return _errors.ToString();
            }
        }

        public JsonElement? TryTakeReport(string runId)
        {
            var path = $"{_report}.{runId}.json";
            return File.Exists(path) ? JsonDocument.Parse(File.ReadAllText(path)).RootElement.Clone() : null;
        }

        /// <summary>The worker's CPU time and peak working set so far (/proc, while it still runs).</summary>
        public (double CpuSeconds, long PeakWorkingSet) Sample()
        {
            Process.Refresh();
            return (Process.TotalProcessorTime.TotalSeconds, Process.PeakWorkingSet64);
        }

        public void Dispose()
        {
            if (!Process.HasExited)
            {
                try
                {
                    Process.StandardInput.Close();
                }
                catch (IOException)
                {
                }
                if (!Process.WaitForExit(TimeSpan.FromSeconds(10)))
                    Process.Kill(entireProcessTree: true); // this process started it
            }
            Process.Dispose();
        }
    }
}
