using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using ReviewCadence.Storage;

namespace ReviewCadence.Tests.Infrastructure;

/// <summary>
/// The pipeline's services as a host builds them (<c>AddReviewCadence</c>), on a SQLite store, for tests that run
/// checks through the real runner, fetcher and store: "now" is the given clock (statuses and cadences on a known
/// day), leases run on a fixed one, timers and delays stay real.
/// </summary>
internal static class CheckingServices
{
    /// <param name="databasePath">The SQLite store's file.</param>
    /// <param name="clock">The pipeline's clock.</param>
    /// <param name="settings">More configuration (keys under <c>ReviewCadence:</c>, without it), if any.</param>
    public static ServiceProvider Build(string databasePath, TimeProvider clock, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var values = new Dictionary<string, string?> { ["ReviewCadence:Store"] = databasePath };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            values["ReviewCadence:" + key] = value;
        }
        return new ServiceCollection()
            .AddSingleton(clock)
            .AddSingleton(new LeaseClock(new FixedClock()))
            .AddReviewCadence(new ConfigurationBuilder().AddInMemoryCollection(values).Build())
            .BuildServiceProvider();
    }
}
