
namespace ReviewCadence.Storage;

/// <summary>A held run lease. Dispose does not release it: call <see cref="IReviewStore.ReleaseLeaseAsync"/>.</summary>
public sealed record RunLease(string Name, string Holder, DateTimeOffset ExpiresAt, string Version);
