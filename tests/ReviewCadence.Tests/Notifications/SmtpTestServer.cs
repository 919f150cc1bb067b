using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace ReviewCadence.Tests.Notifications;

/// <summary>A message the test SMTP server accepted.</summary>
internal sealed record SmtpMessage(string MailFrom, IReadOnlyList<string> RcptTo, string? AuthenticatedUser, byte[] Data);

/// <summary>
/// A minimal SMTP server on 127.0.0.1 for tests: 220 greeting, EHLO/HELO, optional AUTH PLAIN,
/// MAIL/RCPT, DATA (dot-unstuffed) and QUIT. Records each accepted message.
/// </summary>
internal sealed class SmtpTestServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentQueue<SmtpMessage> _messages = new();
    private readonly Task _loop;

    public SmtpTestServer((string User, string Password)? credentials = null)
    {
        Credentials = credentials;
        _listener.Start();
        _loop = AcceptAsync();
    }

    public (string User, string Password)? Credentials { get; }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public IReadOnlyList<SmtpMessage> Messages => _messages.ToList();

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            _ = Task.Run(() => ServeAsync(client));
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using var _ = client;
        var stream = client.GetStream();
        var reader = new StreamReader(stream, Encoding.ASCII);
        var writer = new StreamWriter(stream, Encoding.ASCII) { NewLine = "\r\n", AutoFlush = true };
        await writer.WriteLineAsync("220 localhost ESMTP test");
        string? from = null, user = null;
        var rcpt = new List<string>();
        while (await reader.ReadLineAsync(_stop.Token) is { } line)
        {
            var verb = line.Split(' ', 2)[0].ToUpperInvariant();
            switch (verb)
            {
                case "EHLO":
                    await writer.WriteLineAsync(Credentials is null ? "250 localhost" : "250-localhost\r\n250 AUTH PLAIN");
                    break;
                case "HELO":
                case "NOOP":
                case "RSET":
                    await writer.WriteLineAsync("250 OK");
                    break;
                case "AUTH":
                    var parts = line.Split(' ');
                    var decoded = Encoding.UTF8.GetString(Convert.FromBase64String(parts.Length > 2 ? parts[2] : "")).Split('\0');
                    if (Credentials is { } expected && decoded.Length == 3 && decoded[1] == expected.User && decoded[2] == expected.Password)
                    {
                        user = decoded[1];
                        await writer.WriteLineAsync("235 2.7.0 Authentication successful");
                    }
                    else
                    {
                        await writer.WriteLineAsync("535 5.7.8 Authentication credentials invalid");
                    }
                    break;
                case "MAIL":
                    if (Credentials is not null && user is null)
                    {
                        await writer.WriteLineAsync("530 5.7.0 Authentication required");
                        break;
                    }
                    from = Address(line);
                    await writer.WriteLineAsync("250 OK");
                    break;
                case "RCPT":
                    rcpt.Add(Address(line));
                    await writer.WriteLineAsync("250 OK");
                    break;
                case "DATA":
                    await writer.WriteLineAsync("354 End data with <CR><LF>.<CR><LF>");
                    var data = new StringBuilder();
                    while (await reader.ReadLineAsync(_stop.Token) is { } dataLine && dataLine != ".")
                    {
                        data.Append(dataLine.StartsWith("..", StringComparison.Ordinal) ? dataLine[1..] : dataLine).Append("\r\n");
                    }
                    _messages.Enqueue(new SmtpMessage(from ?? "", rcpt.ToList(), user, Encoding.UTF8.GetBytes(data.ToString())));
                    rcpt.Clear();
                    await writer.WriteLineAsync("250 OK queued");
                    break;
                case "QUIT":
                    await writer.WriteLineAsync("221 Bye");
                    return;
                default:
                    await writer.WriteLineAsync("502 Command not implemented");
                    break;
            }
        }
    }

    private static string Address(string line)
    {
        var start = line.IndexOf('<');
        var end = line.IndexOf('>');
        return start >= 0 && end > start ? line[(start + 1)..end] : "";
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _loop;
        _stop.Dispose();
    }
}
