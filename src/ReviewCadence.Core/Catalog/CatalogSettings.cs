using System.Text.RegularExpressions;

namespace ReviewCadence.Catalog;

/// <summary>The <c>settings:</c> block. Defaults are the documented ones.</summary>
public sealed record CatalogSettings
{
    public const string DefaultUserAgent = "ReviewCadence/1.0 (+https://github.com/reviewcadence/ReviewCadence)";

    /// <summary>Lets sources and webhooks resolve to loopback or private addresses (tests, intranets).</summary>
    public bool AllowPrivateNetworks { get; init; }
    public int MaxConcurrency { get; init; } = 16;
    public int PerHostConcurrency { get; init; } = 4;
    public int BrokenAfterFailures { get; init; } = 2;
    public int TimeoutSeconds { get; init; } = 30;
    public int Retries { get; init; } = 3;
    public long MaxPageBytes { get; init; } = 5_000_000;
    public string UserAgent { get; init; } = DefaultUserAgent;
    /// <summary>The Chromium that renders <c>render: browser</c> sources.</summary>
    public BrowserSettings Browser { get; init; } = new();
}
