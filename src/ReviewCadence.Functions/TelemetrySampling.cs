using Microsoft.ApplicationInsights.Channel;
using Microsoft.ApplicationInsights.DataContracts;
using Microsoft.ApplicationInsights.Extensibility;
using Microsoft.ApplicationInsights.WindowsServer.TelemetryChannel;
using Microsoft.Extensions.Options;

namespace ReviewCadence.Functions;

/// <summary>Sampling of the worker's telemetry (configuration section <c>ApplicationInsights:Sampling</c>).</summary>
public sealed class TelemetrySamplingOptions
{
    public const string SectionName = "ApplicationInsights:Sampling";

    /// <summary>The rate adaptive sampling aims at for everything that is not a warning or a failure (the SDK's default: 5).</summary>
    public double MaxTelemetryItemsPerSecond { get; set; } = 5;

    /// <summary>The share kept before sampling has measured the rate (the SDK's default: 100).</summary>
    public double InitialSamplingPercentage { get; set; } = 100;
}

/// <summary>
/// The worker's adaptive sampling, except that warnings and failures are never sampled away: a trace at Warning or
/// above, an exception, a failed request and a failed dependency always go on; everything else goes through the
/// Application Insights SDK's <see cref="AdaptiveSamplingTelemetryProcessor"/>. The SDK's own adaptive sampling is
/// turned off (<c>EnableAdaptiveSampling = false</c> in <see cref="FunctionsApp"/>), or it would sample them after us.
/// </summary>
public sealed class TelemetrySampling : ITelemetryProcessor
{
    private readonly ITelemetryProcessor _next;
    private readonly AdaptiveSamplingTelemetryProcessor _sampler;

    public TelemetrySampling(ITelemetryProcessor next, IOptions<TelemetrySamplingOptions> options)
    {
        _next = next;
        _sampler = new AdaptiveSamplingTelemetryProcessor(next)
        {
            MaxTelemetryItemsPerSecond = options.Value.MaxTelemetryItemsPerSecond,
            InitialSamplingPercentage = options.Value.InitialSamplingPercentage,
        };
    }

    public void Process(ITelemetry item)
    {
        if (IsWarningOrFailure(item))
        {
            _next.Process(item);
        }
        else
        {
            _sampler.Process(item);
        }
    }

    public static bool IsWarningOrFailure(ITelemetry item) => item switch
    {
        TraceTelemetry trace => trace.SeverityLevel is SeverityLevel.Warning or SeverityLevel.Error or SeverityLevel.Critical,
        ExceptionTelemetry => true,
        RequestTelemetry request => request.Success == false,
        DependencyTelemetry dependency => dependency.Success == false,
        _ => false,
    };
}
