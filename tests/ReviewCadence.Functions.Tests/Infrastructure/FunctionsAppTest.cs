using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.AspNetCore.Routing;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Middleware;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using ReviewCadence.Tests.Infrastructure;

namespace ReviewCadence.Functions.Tests.Infrastructure;

/// <summary>What an HTTP function answered, read back from the response its <see cref="IActionResult"/> wrote.</summary>
internal sealed record HttpAnswer(int Status, string? ContentType, IHeaderDictionary Headers, string Body)
{
    /// <summary>False when the request guard answered and the function never ran.</summary>
    public bool FunctionRan { get; init; } = true;

    public JsonElement Json => JsonDocument.Parse(Body).RootElement;

    public override string ToString() => $"{Status} {ContentType}\n{Body}";
}

/// <summary>
/// A Functions app (its real composition) over a SQLite store in a temporary folder and a catalog whose sources live
/// on a loopback <see cref="TestSite"/>; the clock is a <see cref="FakeTimeProvider"/> the test moves.
/// </summary>
public abstract class FunctionsAppTest : IAsyncLifetime
{
    /// <summary>A Monday; the catalogs' lastReviewed dates are a few days before it, so runbooks start current.</summary>
    protected static readonly DateTimeOffset Start = new(2026, 3, 2, 6, 0, 0, TimeSpan.Zero);

    private readonly string _dir = Directory.CreateTempSubdirectory("rc-functions-").FullName;
    private FunctionsTestHost? _host;

    internal TestSite Site { get; private set; } = null!;

    internal FunctionsTestHost Host => _host ?? throw new InvalidOperationException("Call StartAppAsync first.");

    protected FakeTimeProvider Clock { get; } = new(Start);

    protected string CatalogPath => Path.Combine(_dir, "catalog.yaml");

    public virtual async Task InitializeAsync() => Site = await TestSite.StartAsync();

    public virtual async Task DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }
        await Site.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    /// <summary>Builds the app over the catalog; <paramref name="settings"/> adds or overrides app settings.</summary>
    internal async Task<FunctionsTestHost> StartAppAsync(IReadOnlyDictionary<string, string?>? settings = null)
    {
        var all = new Dictionary<string, string?>
        {
            ["ReviewCadence:CatalogPath"] = CatalogPath,
            ["ReviewCadence:Store"] = Path.Combine(_dir, "state.db"),
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            all[key] = value;
        }
        _host = await FunctionsTestHost.StartAsync(all, Clock);
        return _host;
    }

    /// <summary>
    /// A catalog: settings for a loopback site, one owner "ops" (with <paramref name="notify"/> channels, YAML), and the
    /// runbooks given as (id, owner, cited source ids) over sources (id, URL), last reviewed two days before <see cref="Start"/>.
    /// </summary>
    protected Task WriteCatalogAsync(IEnumerable<(string Id, Uri Url)> sources, IEnumerable<(string Id, string[] Sources)> runbooks, string? notify = null)
    {
        var yaml = new StringBuilder("""
            settings:
              allowPrivateNetworks: true
              retries: 0
              timeoutSeconds: 5
            owners:
              - id: ops

            """);
        if (notify is not null)
        {
            yaml.Append("    notify:\n").Append(notify);
        }
        yaml.Append("sources:\n");
        foreach (var (id, url) in sources)
        {
            yaml.Append($"  - id: {id}\n    url: {url}\n");
        }
        yaml.Append("runbooks:\n");
        var lastReviewed = Start.AddDays(-2).ToString("yyyy-MM-dd");
        foreach (var (id, cited) in runbooks)
        {
            yaml.Append($"  - id: {id}\n    title: Runbook {id}\n    owner: ops\n    cadenceDays: 30\n    lastReviewed: {lastReviewed}\n    sources: [{string.Join(", ", cited)}]\n");
        }
        return File.WriteAllTextAsync(CatalogPath, yaml.ToString());
    }

    /// <summary>A documentation-like page (enough text not to count as a thin or soft-404 page).</summary>
    protected static string Doc(string title, params string[] paragraphs) =>
        $"<!doctype html><html><head><title>{title}</title></head><body><nav><a href=\"/\">Home</a></nav><main><article><h1>{title}</h1>"
        + string.Concat(paragraphs.Select(p => $"<p>{p}</p>")) + "</article></main></body></html>";

    /// <summary>
    /// Calls an <see cref="HttpApi"/> function as the worker's ASP.NET Core integration does: a real
    /// <see cref="HttpContext"/> whose services are the invocation's, the function's <see cref="IActionResult"/>
    /// executed into the response. A body is sent as <c>application/json</c> unless <paramref name="setup"/> says otherwise.
    /// </summary>
    /// <param name="setup">Sets what else the request carries (headers, another content type).</param>
    /// <param name="guarded">Runs the function behind the app's <see cref="RequestGuardMiddleware"/>, the instance its composition registered, as the worker's pipeline does.</param>
    internal async Task<HttpAnswer> CallAsync(Func<HttpApi, HttpRequest, Task<IActionResult>> function, string method, string path, string? query = null, string? body = null,
        Action<HttpRequest>? setup = null, bool guarded = false)
    {
        var (instance, services) = Host.Invocation(typeof(HttpApi));
        var context = new DefaultHttpContext { RequestServices = services };
        context.Request.Method = method;
        context.Request.Scheme = "https";
        context.Request.Host = new HostString("reviewcadence.azurewebsites.net");
        context.Request.Path = path;
        context.Request.QueryString = new QueryString(query);
        if (body is not null)
        {
            var bytes = Encoding.UTF8.GetBytes(body);
            context.Request.ContentType = "application/json";
            context.Request.ContentLength = bytes.Length;
            context.Request.Body = new MemoryStream(bytes);
        }
        setup?.Invoke(context.Request);
        var response = new MemoryStream();
        context.Response.Body = response;

        var ran = false;
        FunctionExecutionDelegate run = async _ =>
        {
            ran = true;
            var result = await function((HttpApi)instance, context.Request);
            await result.ExecuteResultAsync(new ActionContext(context, new RouteData(), new ActionDescriptor()));
        };
        if (guarded)
        {
            await Host.Services.GetRequiredService<RequestGuardMiddleware>().Invoke(new FunctionsTestHost.InvocationContext(services, context), run);
        }
        else
        {
            await run(null!);
        }

        return new HttpAnswer(context.Response.StatusCode, context.Response.ContentType, context.Response.Headers, Encoding.UTF8.GetString(response.ToArray())) { FunctionRan = ran };
    }

    internal Task<HttpAnswer> CallAsync(Func<HttpApi, HttpRequest, IActionResult> function, string method, string path) =>
        CallAsync((api, request) => Task.FromResult(function(api, request)), method, path);
}
