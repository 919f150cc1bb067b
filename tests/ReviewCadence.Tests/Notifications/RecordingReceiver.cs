using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http;

namespace ReviewCadence.Tests.Notifications;

/// <summary>A request the receiver got: path, query, headers and the exact body bytes.</summary>
internal sealed record ReceivedRequest(string Method, string Path, string Query, IReadOnlyDictionary<string, string> Headers, byte[] Body)
{
    public string BodyText => System.Text.Encoding.UTF8.GetString(Body);

    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;
}

/// <summary>
/// A webhook receiver on 127.0.0.1 (Kestrel, port 0) that records every request and answers with
/// <see cref="Respond"/> (200 by default).
/// </summary>
internal sealed class RecordingReceiver : IAsyncDisposable
{
    private readonly ConcurrentQueue<ReceivedRequest> _requests = new();
    private WebApplication _app = null!;

    /// <summary>Decides the answer to a request (status code, optional text body).</summary>
    public Func<ReceivedRequest, (int Status, string? Body)> Respond { get; set; } = _ => (200, "ok");

    public IReadOnlyList<ReceivedRequest> Requests => _requests.ToList();

    public Uri BaseAddress { get; private set; } = null!;

    public string Url(string pathAndQuery) => new Uri(BaseAddress, pathAndQuery).ToString();

    public static async Task<RecordingReceiver> StartAsync()
    {
        var receiver = new RecordingReceiver();
        receiver._app = await LoopbackHost.StartAsync(async context =>
        {
            using var body = new MemoryStream();
            await context.Request.Body.CopyToAsync(body);
            var request = new ReceivedRequest(
                context.Request.Method,
                context.Request.Path.Value ?? "",
                context.Request.QueryString.Value ?? "",
                context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase),
                body.ToArray());
            receiver._requests.Enqueue(request);
            var (status, text) = receiver.Respond(request);
            context.Response.StatusCode = status;
            if (text is not null)
            {
                await context.Response.WriteAsync(text);
            }
        });
        receiver.BaseAddress = LoopbackHost.BaseUrl(receiver._app);
        return receiver;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
