using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using ReviewCadence.Cli.Serve;
using ReviewCadence.Tests.EndToEnd;

namespace ReviewCadence.Tests.Serve;

/// <summary>Where <c>serve</c> listens: keyless only on loopback addresses it resolved itself, whatever the URL says.</summary>
public sealed class ServeBindingTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("rc-bind-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Catalog()
    {
        var path = Path.Combine(_dir, "catalog.yaml");
        File.WriteAllText(path, """
            sources:
              - id: a
                url: https://example.com/a
            owners:
              - id: ops
            runbooks:
              - id: r1
                title: R1
                owner: ops
                sources: [a]
            """);
        return path;
    }

    [Theory]
    [InlineData("http://evil@127.0.0.1:{0}")]
    [InlineData("http://user:pass@localhost:{0}")]
    [InlineData("http://[::ffff:127.0.0.1]:{0}")]
    [InlineData("http://127.0.0.1:{0}/base")]
    [InlineData("http://0.0.0.0:{0}")]
    [InlineData("http://*:{0}")]
    [InlineData("http://example.com:{0}")]
    [InlineData("http://127.0.0.1:{0};http://192.0.2.1:{0}")]
    public async Task Keyless_serve_refuses_anything_but_loopback_with_one_line_and_listens_nowhere(string template)
    {
        Assert.True(string.IsNullOrEmpty(Environment.GetEnvironmentVariable(ServeApp.KeyVariable)), "the test needs no API key in the environment");
        var port = FreeTcpPort.Find();
        var urls = string.Format(System.Globalization.CultureInfo.InvariantCulture, template, port);
        // Before the fix some of these served (on every interface) until stopped: the token ends such a run.
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var serving = CliRunner.RunAsync(stop.Token, "serve", "--catalog", Catalog(), "--store", Path.Combine(_dir, "state.db"), "--urls", urls);
        var finished = await Task.WhenAny(serving, Task.Delay(TimeSpan.FromSeconds(15)));
        Assert.False(IsListening(port), $"something listens on {port} for --urls {urls}");
        Assert.Same(serving, finished);
        CliRunner.AssertOneLineError(await serving);
    }

    [Theory]
    [InlineData("http://evil@127.0.0.1:7080", "user info")]
    [InlineData("http://127.0.0.1:7080/base", "path")]
    [InlineData("http://[::ffff:127.0.0.1]:7080", "IPv4-mapped")]
    [InlineData("ftp://127.0.0.1:7080", "http://")]
    public void With_a_key_malformed_urls_are_refused_too(string urls, string reason)
    {
        var ex = Assert.Throws<ArgumentException>(() => ServeApp.Build(new ServeApp.ServeSettings(Catalog(), null, urls, "k")));
        Assert.Contains(reason, ex.Message);
        Assert.DoesNotContain('\n', ex.Message);
    }

    /// <summary>What a user with a key meets (the key only comes from the environment, hence a child process): one line, exit 1, never the key.</summary>
    [Theory]
    [InlineData("http://127.0.0.1:{0}/base", "path")]
    [InlineData("http://[::ffff:127.0.0.1]:{0}", "IPv4-mapped")]
    [InlineData("http://evil@127.0.0.1:{0}", "user info")]
    [InlineData("http://127.0.0.1:{0}/\nerror: forged line", "\\n")]
    public async Task With_a_key_serve_refuses_a_malformed_url_in_one_line_through_the_cli(string template, string reason)
    {
        const string key = "serve-key-5c1e90";
        var port = FreeTcpPort.Find();
        var urls = string.Format(System.Globalization.CultureInfo.InvariantCulture, template, port);

        var result = await CliProcess.RunAsync(new Dictionary<string, string> { [ServeApp.KeyVariable] = key },
            "serve", "--catalog", Catalog(), "--store", Path.Combine(_dir, "keyed.db"), "--urls", urls);

        CliRunner.AssertOneLineError(result, reason);
        Assert.DoesNotContain(key, result.Stderr);
        Assert.False(IsListening(port));
    }

    [Fact]
    public void A_url_with_a_newline_is_echoed_on_one_line()
    {
        var ex = Assert.Throws<ArgumentException>(() => ServeApp.Build(new ServeApp.ServeSettings(Catalog(), null, "http://0.0.0.0:7080/\nforged: line", null)));
        Assert.DoesNotContain('\n', ex.Message);
        Assert.Contains("\\n", ex.Message);
    }

    [Theory]
    [InlineData("http://127.0.0.1:0")]
    [InlineData("http://localhost:0")]
    [InlineData("http://[::1]:0")]
    public async Task Keyless_serve_listens_on_loopback_only(string urls)
    {
        if (urls.Contains("::1") && !Socket.OSSupportsIPv6)
        {
            return; // no IPv6 loopback on this machine: nothing to bind
        }
        await using var app = ServeApp.Build(new ServeApp.ServeSettings(Catalog(), Path.Combine(_dir, "state.db"), urls, null));
        await app.StartAsync();
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        Assert.NotEmpty(addresses);
        Assert.All(addresses, a =>
        {
            var host = new Uri(a).Host.Trim('[', ']');
            Assert.True(IPAddress.TryParse(host, out var ip) && IPAddress.IsLoopback(ip), $"bound {a}");
        });
        await app.StopAsync();
    }

    private static bool IsListening(int port)
    {
        foreach (var address in new[] { IPAddress.Loopback, IPAddress.IPv6Loopback })
        {
            try
            {
                using var client = new TcpClient(address.AddressFamily);
                client.Connect(address, port);
                return true;
            }
            catch (SocketException)
            {
            }
        }
        return false;
    }
}
