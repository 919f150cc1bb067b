using System.Diagnostics;
using ReviewCadence.Cli;

namespace ReviewCadence.Tests.EndToEnd;

/// <summary>The real <c>reviewcadence</c> in a child process, for what needs another process: a run killed with SIGKILL.</summary>
internal sealed class CliProcess : IDisposable
{
    private readonly Process _process;
    private readonly System.Text.StringBuilder _stdout = new();
    private readonly System.Text.StringBuilder _stderr = new();

    private CliProcess(Process process) => _process = process;

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    public static CliProcess Start(params string[] args) => Start(new Dictionary<string, string>(), args);

    /// <summary>Runs to the end with extra environment variables (settings such as <c>ReviewCadence__Smtp__Host</c>, which only the environment carries).</summary>
    public static async Task<CliRunner.Result> RunAsync(IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        using var process = Start(environment, args);
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process._process.WaitForExitAsync(timeout.Token);
        // The parameterless wait also waits for the redirected streams to reach their end.
        process._process.WaitForExit();
        lock (process._stdout)
        {
            return new CliRunner.Result(process._process.ExitCode, process._stdout.ToString(), process._stderr.ToString());
        }
    }

    public static CliProcess Start(IReadOnlyDictionary<string, string> environment, params string[] args) =>
        Start(PublishedCli.FromEnvironment?.Executable, environment, args);

    /// <summary>Starts the executable at <paramref name="executable"/> (a published CLI), or, when null, this build's CLI on <c>dotnet</c>.</summary>
    public static CliProcess Start(string? executable, IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var start = new ProcessStartInfo
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        if (executable is not null)
        {
            start.FileName = executable;
        }
        else
        {
            start.FileName = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet";
            start.ArgumentList.Add(typeof(CliApp).Assembly.Location);
        }
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        start.Environment.Remove("REVIEWCADENCE_API_KEY");
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }
        var process = Process.Start(start) ?? throw new InvalidOperationException("cannot start reviewcadence");
        var child = new CliProcess(process);
        // Read as it comes, so a chatty child never blocks on a full pipe.
        process.OutputDataReceived += (_, e) => child.Append(child._stdout, e.Data);
        process.ErrorDataReceived += (_, e) => child.Append(child._stderr, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return child;
    }

    private void Append(System.Text.StringBuilder output, string? line)
    {
        if (line is not null)
        {
            lock (_stdout)
            {
                output.Append(line).Append('\n');
            }
        }
    }

    /// <summary>What it has written so far (a long-running command such as <c>serve</c>).</summary>
    public string StdoutSoFar
    {
        get
        {
            lock (_stdout)
            {
                return _stdout.ToString();
            }
        }
    }

    /// <summary>
    /// SIGTERM, as a service manager or <c>docker stop</c> ends <c>serve</c>, then its result once it has exited
    /// (within <paramref name="grace"/>, else it is killed and the wait throws).
    /// </summary>
    public async Task<CliRunner.Result> TerminateAsync(TimeSpan grace)
    {
        using (var kill = Process.Start(new ProcessStartInfo("kill") { ArgumentList = { "-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture) }, UseShellExecute = false })
            ?? throw new InvalidOperationException("cannot run kill"))
        {
            await kill.WaitForExitAsync();
        }
        using var timeout = new CancellationTokenSource(grace);
        try
        {
            await _process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"reviewcadence did not stop within {grace.TotalSeconds:0} s of SIGTERM:\n{StdoutSoFar}");
        }
        _process.WaitForExit();
        lock (_stdout)
        {
            return new CliRunner.Result(_process.ExitCode, _stdout.ToString(), _stderr.ToString());
        }
    }

    /// <summary>SIGKILL: no finally blocks, no lease released.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }
        await _process.WaitForExitAsync();
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }
        _process.Dispose();
    }
}
