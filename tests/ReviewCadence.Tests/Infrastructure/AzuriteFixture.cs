namespace ReviewCadence.Tests.Infrastructure;

/// <summary>
/// One <see cref="AzuriteServer"/> shared by every class in the <see cref="AzuriteCollection"/>; each test isolates
/// itself with its own table (or queue) names.
/// </summary>
public sealed class AzuriteFixture : IAsyncLifetime
{
    private AzuriteServer? _server;

    /// <summary>An account-key connection string with explicit blob, queue and table endpoints.</summary>
    public string ConnectionString => _server?.ConnectionString ?? throw new InvalidOperationException("Azurite has not started.");

    public async Task InitializeAsync() => _server = await AzuriteServer.StartAsync();

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class AzuriteCollection : ICollectionFixture<AzuriteFixture>
{
    public const string Name = "Azurite";
}
