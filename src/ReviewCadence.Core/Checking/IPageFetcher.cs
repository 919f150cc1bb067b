using System.Text.Json.Serialization;

namespace ReviewCadence.Checking;

/// <summary>Fetches one source's page over HTTP: retries, redirects, validators, limits and the network guard.</summary>
internal interface IPageFetcher
{
    /// <summary>Never throws for a page fault (those are <see cref="FetchStatus"/> values); throws only when cancelled.</summary>
    Task<FetchResult> FetchAsync(FetchRequest request, CancellationToken cancellationToken);
}
