using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace ReviewCadence.Testing;

/// <summary>
/// A real Azurite (blob, queue and table services, in memory, on free loopback ports) from the repository's
/// <c>node_modules</c> (root <c>package.json</c>; install with <c>npm ci</c>). Used by the tests' shared fixture and
/// by the check benchmark; linked into both projects from <c>tests/Shared</c>.
/// </summary>
public sealed class AzuriteServer : IAsyncDisposable
{
    /// <summary>Azurite's well-known development account (public, documented; not a secret).</summary>
    public const string AccountName = "devstoreaccount1";
    public const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);
    private const int StartAttempts = 3;

    // Preloaded into Azurite's node process: it exits when our end of its stdin closes, so a host that dies
    // without disposing (crash, kill) does not leave Azurite running.
    private const string ParentWatchdog = """
        process.stdin.on('end', () => process.exit(0));
        process.stdin.on('error', () => process.exit(0));
        process.stdin.resume();
        """;

    private readonly string _workDirectory;
    private readonly StringBuilder _output = new();
    private Process? _process;

    private AzuriteServer(string workDirectory) => _workDirectory = workDirectory;

    /// <summary>An account-key connection string with explicit blob, queue and table endpoints.</summary>
    public string ConnectionString { get; private set; } = null!;

    /// <summary>The emulator's CPU time so far (one Node.js process: what a benchmark's runs cost it).</summary>
    public TimeSpan ProcessorTime
    {
        get
        {
            _process?.Refresh();
            return _process?.TotalProcessorTime ?? TimeSpan.Zero;
        }
    }

    /// <param name="nodeOptions">Options for node itself (e.g. a larger heap for a benchmark's many entities).</param>
    public static async Task<AzuriteServer> StartAsync(params string[] nodeOptions)
    {
        var root = RepositoryRoot.Find();
        var azurite = Path.Combine(root, "node_modules", "azurite", "dist", "src", "azurite.js");
        if (!File.Exists(azurite))
        {
            throw new InvalidOperationException($"Azurite is not installed ({azurite} is missing): run npm ci at the repo root ({root}).");
        }

        var server = new AzuriteServer(Directory.CreateTempSubdirectory("reviewcadence-azurite-").FullName);
        var watchdog = Path.Combine(server._workDirectory, "parent-watchdog.js");
        await File.WriteAllTextAsync(watchdog, ParentWatchdog);
        for (var attempt = 1; ; attempt++)
        {
            // Another process may take a free port between our probe and Azurite's bind: then Azurite exits
            // and we try again with new ports.
            var (blob, queue, table) = (FreeTcpPort.Find(), FreeTcpPort.Find(), FreeTcpPort.Find());
            var failure = await server.TryStartAsync([.. nodeOptions, "--require", watchdog, azurite], blob, queue, table);
            if (failure is null)
            {
                server.ConnectionString = $"DefaultEndpointsProtocol=http;AccountName={AccountName};AccountKey={AccountKey};" +
                    $"BlobEndpoint=http://127.0.0.1:{blob}/{AccountName};QueueEndpoint=http://127.0.0.1:{queue}/{AccountName};" +
                    $"TableEndpoint=http://127.0.0.1:{table}/{AccountName};";
                return server;
            }
            await server.StopAsync();
            if (attempt == StartAttempts)
            {
                await server.DisposeAsync();
                throw new InvalidOperationException(failure);
            }
        }
    }

    private async Task<string?> TryStartAsync(string[] script, int blob, int queue, int table)
    {
        var start = new ProcessStartInfo("node")
        {
            WorkingDirectory = _workDirectory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in script.Concat(
                 [
                     "--inMemoryPersistence",
                     "--blobHost", "127.0.0.1", "--blobPort", blob.ToString(),
                     "--queueHost", "127.0.0.1", "--queuePort", queue.ToString(),
                     "--tableHost", "127.0.0.1", "--tablePort", table.ToString(),
                     "--skipApiVersionCheck", "--loose", "--silent", "--disableTelemetry",
                 ]))
        {
            start.ArgumentList.Add(argument);
        }

        lock (_output)
        {
            _output.Clear();
        }
        var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => Record(e.Data);
        process.ErrorDataReceived += (_, e) => Record(e.Data);
        try
        {
            process.Start();
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            process.Dispose();
            throw new InvalidOperationException($"Cannot start Azurite: Node.js ('node') is not on PATH ({e.Message}).", e);
        }
        _process = process;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var deadline = Stopwatch.StartNew();
        var pending = new List<int> { blob, queue, table };
        while (pending.Count > 0)
        {
            if (process.HasExited)
            {
                return $"Azurite exited with code {process.ExitCode} before listening on ports {blob}/{queue}/{table}. Its output:\n{Output()}";
            }
            if (deadline.Elapsed > StartTimeout)
            {
                return $"Azurite did not listen on ports {string.Join("/", pending)} within {StartTimeout.TotalSeconds:0} s. Its output:\n{Output()}";
            }
            // Azurite prints each service's URL once it listens: that tells its port from someone else's.
            var output = Output();
            pending.RemoveAll(port => output.Contains($"127.0.0.1:{port}", StringComparison.Ordinal) && Accepts(port));
            if (pending.Count > 0)
            {
                await Task.Delay(100);
            }
        }
        return null;
    }

    private void Record(string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (_output)
        {
            _output.AppendLine(line);
        }
    }

    private string Output()
    {
        lock (_output)
        {
            return _output.Length == 0 ? "(nothing)" : _output.ToString();
        }
    }

    private static bool Accepts(int port)
    {
        try
        {
            using var client = new TcpClient();
            client.Connect(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        try
        {
            Directory.Delete(_workDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A temp folder left behind is harmless.
        }
    }

    private async Task StopAsync()
    {
        if (_process is null)
        {
            return;
        }
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
                await _process.WaitForExitAsync(timeout.Token);
            }
        }
        catch (Exception e) when (e is InvalidOperationException or OperationCanceledException)
        {
            // Already gone, or it would not die in time: nothing more we can do from here.
        }
        finally
        {
            _process.Dispose();
            _process = null;
        }
    }
}
