using System.Text.RegularExpressions;

namespace ReviewCadence.Catalog;

/// <summary>The <c>settings:</c> block. Defaults are the documented ones.</summary>
public sealed record CatalogSettings
{
    /// <summary>The <c>userAgent</c> sent when the catalog names none.</summary>
    public const string DefaultUserAgent = "ReviewCadence/1.0 (+https://github.com/reviewcadence/ReviewCadence)";

    /// <summary>Lets sources and webhooks resolve to loopback or private addresses (tests, intranets).</summary>
    public bool AllowPrivateNetworks { get; init; }
    /// <summary>Fetches in flight overall.</summary>
    public int MaxConcurrency { get; init; } = 16;
    /// <summary>Fetches in flight per host.</summary>
    public int PerHostConcurrency { get; init; } = 4;
    /// <summary>Consecutive failing runs before an unreachable source counts as broken.</summary>
    public int BrokenAfterFailures { get; init; } = 2;
    /// <summary>The limit of one fetch attempt, in seconds.</summary>
    public int TimeoutSeconds { get; init; } = 30;
    /// <summary>Retries of a transient failure within one run.</summary>
    public int Retries { get; init; } = 3;
    /// <summary>Larger bodies are not parsed: the source fails this run and the run goes on.</summary>
    public long MaxPageBytes { get; init; } = 5_000_000;
    /// <summary>The User-Agent header of every fetch.</summary>
    public string UserAgent { get; init; } = DefaultUserAgent;
    /// <summary>The Chromium that renders <c>render: browser</c> sources.</summary>
    public BrowserSettings Browser { get; init; } = new();
}
