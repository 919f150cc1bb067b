using System.Reflection;
using Microsoft.ApplicationInsights;
using Microsoft.AspNetCore.Http;
using Microsoft.ApplicationInsights.Channel;
using Microsoft.ApplicationInsights.DataContracts;
using Microsoft.ApplicationInsights.Extensibility;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using ReviewCadence.Functions.Tests.Infrastructure;

namespace ReviewCadence.Functions.Tests;

/// <summary>The worker's real composition (<see cref="FunctionsApp.Configure"/>): what it resolves, logs and samples.</summary>
public sealed class CompositionTests : IAsyncLifetime
{
    private readonly string _dir = Directory.CreateTempSubdirectory("rc-functions-").FullName;
    private FunctionsTestHost _host = null!;

    public async Task InitializeAsync()
    {
        await File.WriteAllTextAsync(Path.Combine(_dir, "catalog.yaml"), """
            owners:
              - id: ops
            sources:
              - id: docs
                url: https://docs.example.com/
            runbooks:
              - id: rb
                title: Runbook
                owner: ops
                cadenceDays: 30
                lastReviewed: 2026-01-15
                sources: [docs]
            """);
        _host = await FunctionsTestHost.StartAsync(new Dictionary<string, string?>
        {
            ["ReviewCadence:CatalogPath"] = Path.Combine(_dir, "catalog.yaml"),
            ["ReviewCadence:Store"] = Path.Combine(_dir, "state.db"),
            // A connection string makes the telemetry pipeline real; nothing is sent (the channel is replaced below).
            ["APPLICATIONINSIGHTS_CONNECTION_STRING"] = "InstrumentationKey=00000000-0000-0000-0000-000000000001;IngestionEndpoint=http://127.0.0.1:9/",
            ["ApplicationInsights:Sampling:InitialSamplingPercentage"] = "1",
            ["ApplicationInsights:Sampling:MaxTelemetryItemsPerSecond"] = "0.01",
        }, new FakeTimeProvider(new DateTimeOffset(2026, 3, 2, 6, 0, 0, TimeSpan.Zero)));
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        Directory.Delete(_dir, recursive: true);
    }

    public static TheoryData<string> FunctionClasses()
    {
        var data = new TheoryData<string>();
        foreach (var type in FunctionTypes())
        {
            data.Add(type.Name);
        }
        return data;
    }

    [Fact]
    public void The_function_classes_are_the_four_of_the_app()
    {
        Assert.Equal(["CheckSourceBatch", "CheckSources", "HttpApi", "SendReminders"], FunctionTypes().Select(t => t.Name).Order(StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(FunctionClasses))]
    public void Each_function_class_is_created_from_the_built_hosts_services_as_the_worker_creates_it(string name)
    {
        var type = FunctionTypes().Single(t => t.Name == name);

        var instance = _host.Create(type);

        Assert.IsType(type, instance);
    }

    [Fact]
    public void The_catalog_path_setting_reaches_core_and_a_relative_one_is_anchored_beside_the_app()
    {
        var options = _host.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<ReviewCadenceOptions>>().Value;
        Assert.Equal(Path.Combine(_dir, "catalog.yaml"), options.CatalogPath);
        Assert.Equal("rb", Assert.Single(_host.Services.GetRequiredService<Catalog.CatalogProvider>().Get().Runbooks).Id);
    }

    [Fact]
    public async Task HttpClients_log_requests_at_warning_only_while_the_apps_own_information_logs_stay()
    {
        await using var site = await LoopbackHost.StartAsync(context => context.Response.WriteAsync("ok"));
        var client = _host.Services.GetRequiredService<IHttpClientFactory>().CreateClient("any");
        _host.Logs.Clear();

        Assert.Equal("ok", await client.GetStringAsync(LoopbackHost.BaseUrl(site)));

        Assert.DoesNotContain(_host.Logs.Entries, e => e.Category.StartsWith(FunctionsApp.HttpClientLogCategory, StringComparison.Ordinal));
        var factory = _host.Services.GetRequiredService<ILoggerFactory>();
        Assert.False(factory.CreateLogger($"{FunctionsApp.HttpClientLogCategory}.any.LogicalHandler").IsEnabled(LogLevel.Information));
        Assert.True(factory.CreateLogger($"{FunctionsApp.HttpClientLogCategory}.any.LogicalHandler").IsEnabled(LogLevel.Warning));
        Assert.True(factory.CreateLogger(typeof(Scheduling.ScheduledRuns).FullName!).IsEnabled(LogLevel.Information));
    }

    [Fact]
    public void Sampling_keeps_every_warning_and_failure_and_samples_the_rest()
    {
        var configuration = _host.Services.GetRequiredService<TelemetryConfiguration>();
        var sent = new CapturingChannel();
        configuration.TelemetryChannel = sent;
        var client = _host.Services.GetRequiredService<TelemetryClient>();

        for (var i = 0; i < 400; i++)
        {
            client.TrackTrace($"routine {i}", SeverityLevel.Information);
            client.TrackRequest(new RequestTelemetry($"ok {i}", DateTimeOffset.UnixEpoch, TimeSpan.FromMilliseconds(5), "200", success: true));
        }
        for (var i = 0; i < 50; i++)
        {
            client.TrackTrace($"warning {i}", SeverityLevel.Warning);
            client.TrackTrace($"error {i}", SeverityLevel.Error);
            client.TrackException(new InvalidOperationException($"failure {i}"));
            client.TrackRequest(new RequestTelemetry($"failed {i}", DateTimeOffset.UnixEpoch, TimeSpan.FromMilliseconds(5), "500", success: false));
            client.TrackDependency(new DependencyTelemetry("HTTP", "docs.example.com", $"GET {i}", "") { Success = false });
        }
        client.Flush();

        var items = sent.Items;
        Assert.Equal(50, items.OfType<TraceTelemetry>().Count(t => t.SeverityLevel == SeverityLevel.Warning));
        Assert.Equal(50, items.OfType<TraceTelemetry>().Count(t => t.SeverityLevel == SeverityLevel.Error));
        Assert.Equal(50, items.OfType<ExceptionTelemetry>().Count());
        Assert.Equal(50, items.OfType<RequestTelemetry>().Count(r => r.Success == false));
        Assert.Equal(50, items.OfType<DependencyTelemetry>().Count(d => d.Success == false));
        // At 1 %, routine items are sampled down: proof that sampling is on for them.
        Assert.InRange(items.OfType<TraceTelemetry>().Count(t => t.SeverityLevel == SeverityLevel.Information), 0, 100);
        Assert.InRange(items.OfType<RequestTelemetry>().Count(r => r.Success == true), 0, 100);
    }

    private static IEnumerable<Type> FunctionTypes() =>
        typeof(FunctionsApp).Assembly.GetTypes()
            .Where(t => t.GetMethods().Any(m => m.GetCustomAttribute<FunctionAttribute>() is not null));

    /// <summary>Stands in for the channel that would send to Application Insights: the one true seam here.</summary>
    private sealed class CapturingChannel : ITelemetryChannel
    {
        private readonly System.Collections.Concurrent.ConcurrentQueue<ITelemetry> _items = new();

        public IReadOnlyList<ITelemetry> Items => [.. _items];
        public bool? DeveloperMode { get; set; }
        public string EndpointAddress { get; set; } = "";

        public void Send(ITelemetry item) => _items.Enqueue(item);

        public void Flush()
        {
        }

        public void Dispose()
        {
        }
    }
}
