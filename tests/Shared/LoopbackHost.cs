using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ReviewCadence.Testing;

/// <summary>Kestrel on <c>127.0.0.1</c> and a free port, for the sites and receivers tests and benchmarks serve.</summary>
public static class LoopbackHost
{
    /// <summary>Starts a quiet host that answers every request with <paramref name="handle"/>.</summary>
    public static async Task<WebApplication> StartAsync(RequestDelegate handle, Action<KestrelServerOptions>? configure = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(IPAddress.Loopback, 0);
            configure?.Invoke(kestrel);
        });
        var app = builder.Build();
        app.Run(handle);
        await app.StartAsync();
        return app;
    }

    /// <summary><c>http://127.0.0.1:PORT/</c> of a started host.</summary>
    public static Uri BaseUrl(WebApplication app)
    {
        var bound = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        return new Uri($"http://127.0.0.1:{bound.Port}/");
    }
}
