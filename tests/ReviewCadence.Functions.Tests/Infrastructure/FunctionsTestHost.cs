using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using ReviewCadence.Storage;

namespace ReviewCadence.Functions.Tests.Infrastructure;

/// <summary>
/// The Functions worker's host as Program.cs builds it (<see cref="FunctionsApp.Configure"/>), over the test's settings
/// and clock, built but not started: starting would connect to a Functions host over gRPC, and what the host does
/// (keys, triggers, retries) is not this code. Function classes come from it the way the worker creates one per
/// invocation: the registered <see cref="IFunctionActivator"/> over a per-invocation service scope.
/// </summary>
internal sealed class FunctionsTestHost : IAsyncDisposable
{
    private readonly List<AsyncServiceScope> _scopes = [];

    private FunctionsTestHost(IHost host, LogCapture logs)
    {
        Host = host;
        Logs = logs;
    }

    public IHost Host { get; }

    public IServiceProvider Services => Host.Services;

    /// <summary>Every entry the app logged, with its structured properties.</summary>
    public LogCapture Logs { get; }

    public IReviewStore Store => Services.GetRequiredService<IReviewStore>();

    /// <param name="settings">App settings, as the Functions host passes them (":" for "__").</param>
    public static async Task<FunctionsTestHost> StartAsync(IReadOnlyDictionary<string, string?> settings, TimeProvider clock)
    {
        var builder = FunctionsApplication.CreateBuilder([]);
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddSingleton(clock);
        var logs = new LogCapture();
        builder.Logging.AddProvider(logs);
        FunctionsApp.Configure(builder);
        var host = builder.Build();
        // What the store initializer (a hosted service) does when the worker starts.
        await host.Services.GetRequiredService<IReviewStore>().InitializeAsync(CancellationToken.None);
        return new FunctionsTestHost(host, logs);
    }

    /// <summary>A function class as the worker creates it for one invocation.</summary>
    public T Create<T>() where T : class => (T)Create(typeof(T));

    public object Create(Type functionClass) => Invocation(functionClass).Function;

    /// <summary>A function class for one invocation, and that invocation's services (an HTTP request's RequestServices).</summary>
    public (object Function, IServiceProvider Services) Invocation(Type functionClass)
    {
        var scope = Services.CreateAsyncScope();
        _scopes.Add(scope);
        var activator = Services.GetRequiredService<IFunctionActivator>();
        var function = activator.CreateInstance(functionClass, new InvocationContext(scope.ServiceProvider))
            ?? throw new InvalidOperationException($"The worker's activator made no {functionClass.Name}.");
        return (function, scope.ServiceProvider);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var scope in _scopes)
        {
            await scope.DisposeAsync();
        }
        if (Host is IAsyncDisposable disposable)
        {
            await disposable.DisposeAsync();
        }
        else
        {
            Host.Dispose();
        }
    }

    /// <summary>
    /// The part of an invocation's <see cref="FunctionContext"/> the activator and middleware read: its services, and
    /// for an HTTP trigger the request's HttpContext, where the ASP.NET Core integration puts it (the
    /// <c>HttpRequestContext</c> item <c>GetHttpContext()</c> reads). The rest belongs to the host's gRPC invocation,
    /// which these tests do not have; touching it fails loudly.
    /// </summary>
    internal sealed class InvocationContext(IServiceProvider services, Microsoft.AspNetCore.Http.HttpContext? http = null) : FunctionContext
    {
        public override IServiceProvider InstanceServices { get; set; } = services;
        public override IDictionary<object, object> Items { get; set; } =
            http is null ? new Dictionary<object, object>() : new Dictionary<object, object> { ["HttpRequestContext"] = http };
        public override CancellationToken CancellationToken => CancellationToken.None;
        public override string InvocationId => throw NotInvoked();
        public override string FunctionId => throw NotInvoked();
        public override TraceContext TraceContext => throw NotInvoked();
        public override BindingContext BindingContext => throw NotInvoked();
        public override RetryContext RetryContext => throw NotInvoked();
        public override FunctionDefinition FunctionDefinition => throw NotInvoked();
        public override Microsoft.Azure.Functions.Worker.IInvocationFeatures Features => throw NotInvoked();

        private static NotSupportedException NotInvoked() => new("Only InstanceServices exists outside a host invocation.");
    }
}
