using ReviewCadence.Storage;
using ReviewCadence.Storage.Sqlite;
using ReviewCadence.Storage.Tables;
using ReviewCadence.Tests.Infrastructure;

namespace ReviewCadence.Tests.Storage;

[Collection(AzuriteCollection.Name)]
public sealed class ReviewStoreFactoryTests(AzuriteFixture azurite) : IDisposable
{
    private const string SecretKey = "c2VjcmV0LWtleS10aGF0LW11c3Qtbm90LWxlYWstMTIzNDU2Nzg5MA==";
    private readonly string _directory = Directory.CreateTempSubdirectory("reviewcadence-factory-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task A_relative_path_opens_sqlite_under_the_base_directory_and_creates_its_folder()
    {
        await using var store = ReviewStoreFactory.Open(ReviewStoreFactory.DefaultSqlitePath, _directory);

        var sqlite = Assert.IsType<SqliteReviewStore>(store);
        Assert.Equal(Path.Combine(_directory, ".reviewcadence", "state.db"), sqlite.DatabasePath);
        await store.InitializeAsync(CancellationToken.None);
        Assert.True(File.Exists(sqlite.DatabasePath));
    }

    [Fact]
    public void A_directory_is_not_a_sqlite_store()
    {
        var error = Assert.Throws<StoreUnavailableException>(() => ReviewStoreFactory.Open(_directory));

        Assert.Contains("SQLite store", error.Message);
        Assert.Contains("is a directory", error.Message);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void An_empty_spec_is_refused(string spec)
    {
        Assert.Contains("No store given", Assert.Throws<StoreUnavailableException>(() => ReviewStoreFactory.Open(spec)).Message);
    }

    [Fact]
    public async Task UseDevelopmentStorage_means_azurite_on_its_default_table_port()
    {
        await using var store = ReviewStoreFactory.Open("UseDevelopmentStorage=true");

        Assert.Equal("http://127.0.0.1:10002/devstoreaccount1", Assert.IsType<TableReviewStore>(store).Endpoint);
    }

    [Fact]
    public async Task A_connection_string_opens_a_working_table_store()
    {
        await using var store = ReviewStoreFactory.Open(azurite.ConnectionString);
        Assert.IsType<TableReviewStore>(store);

        await store.SaveSnapshotAsync("factory-source", "fp", "hello", CancellationToken.None);

        Assert.Equal("hello", await store.GetSnapshotAsync("factory-source", "fp", CancellationToken.None));
    }

    [Theory]
    [InlineData("https://myaccount.table.core.windows.net")]
    [InlineData("https://myaccount.table.core.windows.net/")]
    public async Task A_table_endpoint_opens_a_table_store_signed_in_with_an_azure_identity(string spec)
    {
        await using var store = ReviewStoreFactory.Open(spec);

        Assert.Equal("https://myaccount.table.core.windows.net", Assert.IsType<TableReviewStore>(store).Endpoint);
    }

    [Theory]
    [InlineData("https://example.com/state", "not a Table service endpoint")]
    [InlineData("https://myaccount.table.core.windows.net/tables", "not a Table service endpoint")]
    [InlineData("http://myaccount.table.core.windows.net", "not an https Table endpoint")]
    public void A_url_that_is_not_a_table_endpoint_is_refused(string spec, string problem)
    {
        var error = Assert.Throws<StoreUnavailableException>(() => ReviewStoreFactory.Open(spec));

        Assert.Contains("Azure Table store", error.Message);
        Assert.Contains(problem, error.Message);
    }

    [Fact]
    public void A_sas_token_in_a_url_is_not_repeated()
    {
        var error = Assert.Throws<StoreUnavailableException>(() =>
            ReviewStoreFactory.Open("https://myaccount.table.core.windows.net/?sv=2024&sig=c2VjcmV0"));

        Assert.DoesNotContain("sig=", error.Message);
        Assert.DoesNotContain("c2VjcmV0", error.Message);
    }

    [Theory]
    [InlineData("DefaultEndpointsProtocol=https;AccountName=acct;AccountKey=hunter2!*not-base64;EndpointSuffix=core.windows.net", "hunter2!*not-base64")]
    [InlineData("DefaultEndpointsProtocol=https;AccountKey=" + SecretKey, SecretKey)]
    public void A_malformed_connection_string_is_refused_without_its_key(string connectionString, string secret)
    {
        var error = Assert.Throws<StoreUnavailableException>(() => ReviewStoreFactory.Open(connectionString));

        Assert.Contains("Azure Table store", error.Message);
        Assert.Contains("connection string is not valid", error.Message);
        Assert.DoesNotContain(secret, error.Message);
        Assert.Null(error.InnerException);
    }

    [Fact]
    public async Task An_unreachable_table_store_is_reported_with_its_endpoint_but_not_its_key()
    {
        var port = FreeTcpPort.Find();
        var connectionString = $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={SecretKey};TableEndpoint=http://127.0.0.1:{port}/devstoreaccount1;";
        await using var store = ReviewStoreFactory.Open(connectionString);

        var error = await Assert.ThrowsAsync<StoreUnavailableException>(() => store.InitializeAsync(CancellationToken.None));

        Assert.Contains($"Azure Table store http://127.0.0.1:{port}/devstoreaccount1 cannot be reached", error.Message);
        Assert.DoesNotContain(SecretKey, error.Message);
        Assert.DoesNotContain(SecretKey, error.ToString());
    }
}
