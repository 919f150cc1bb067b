using System.Diagnostics;
using System.Globalization;

namespace ReviewCadence.Storage;

/// <summary>
/// Who holds a run lease: the host, the process and when its run started (real time), written into the lease's
/// holder text (<c>host=…;pid=…;started=…;run=…</c>) so a refusal can say who holds it and for how long, and a
/// holder on this host whose process is gone can be told at once.
/// </summary>
internal sealed record LeaseHolder(string Host, int ProcessId, DateTimeOffset StartedAt, string RunId)
{
    /// <summary>This process, starting a run now.</summary>
    public static LeaseHolder ThisProcess(string runId, DateTimeOffset startedAt) =>
        new(Environment.MachineName, Environment.ProcessId, startedAt, runId);

    /// <summary>
    /// A holder not bound to a process (a fanned-out check: its batches run on other instances after the starting
    /// invocation ended), judged by the lease's expiry only.
    /// </summary>
    public static LeaseHolder Detached(string runId, DateTimeOffset startedAt) =>
        new(Environment.MachineName, 0, startedAt, runId);

    public string Format() =>
        $"host={Field(Host)};pid={ProcessId.ToString(CultureInfo.InvariantCulture)};started={StartedAt.UtcDateTime.ToString("O", CultureInfo.InvariantCulture)};run={Field(RunId)}";

    private static string Field(string value) => value.Replace(';', '_').Replace('=', '_');

    /// <summary>Reads a holder text; null for one written before holders were recorded (just a run id).</summary>
    public static LeaseHolder? Parse(string holder)
    {
        var fields = holder.Split(';').Select(p => p.Split('=', 2)).Where(p => p.Length == 2).ToDictionary(p => p[0], p => p[1]);
        if (!fields.TryGetValue("host", out var host) || !fields.TryGetValue("pid", out var pidText)
            || !int.TryParse(pidText, NumberStyles.None, CultureInfo.InvariantCulture, out var pid)
            || !fields.TryGetValue("started", out var startedText)
            || !DateTimeOffset.TryParse(startedText, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var started))
        {
            return null;
        }
        return new LeaseHolder(host, pid, started, fields.GetValueOrDefault("run") ?? "");
    }

    /// <summary>
    /// True when this machine can tell the holder is gone: it ran here and its process has exited (or the id now
    /// belongs to a process started after the run). Another host's holder is judged by the lease's expiry.
    /// </summary>
    public bool IsGoneFromThisHost()
    {
        if (ProcessId <= 0 || !Host.Equals(Environment.MachineName, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }
        if (ProcessId == Environment.ProcessId)
        {
            return false;
        }
        try
        {
            using var process = Process.GetProcessById(ProcessId);
            if (process.HasExited)
            {
                return true;
            }
            // A reused id: that process started after the run did (a second of slack for clock granularity).
            return process.StartTime.ToUniversalTime() > StartedAt.UtcDateTime.AddSeconds(1);
        }
        catch (ArgumentException)
        {
            return true; // no such process
        }
        catch (Exception ex) when (ex is InvalidOperationException or System.ComponentModel.Win32Exception or NotSupportedException)
        {
            return false; // cannot tell
        }
    }

    /// <summary>"process 4242 on build-7, started 2026-12-01 10:15:02Z (3 min ago)".</summary>
    public string Describe(DateTimeOffset now)
    {
        var who = ProcessId > 0 ? $"process {ProcessId} on {Printable.Clip(Host)}" : $"run {Printable.Clip(RunId)} started on {Printable.Clip(Host)}";
        return $"{who}, started {StartedAt.UtcDateTime:yyyy-MM-dd HH:mm:ss}Z ({Age(now - StartedAt)} ago)";
    }

    internal static string Age(TimeSpan age)
    {
        if (age < TimeSpan.Zero)
        {
            age = TimeSpan.Zero;
        }
        return age.TotalSeconds < 90 ? $"{(int)age.TotalSeconds} s"
            : age.TotalMinutes < 90 ? $"{(int)age.TotalMinutes} min"
            : age.TotalHours < 48 ? $"{(int)age.TotalHours} h"
            : $"{(int)age.TotalDays} days";
    }
}
