using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;
using ReviewCadence.Tests.Infrastructure;

namespace ReviewCadence.Tests.EndToEnd;

/// <summary>Failures from the stores and hosts through the real CLI: one line on stderr, exit 1, no stack trace, no secret, no forged lines.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class OneLineFailureTests(AzuriteFixture azurite) : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("rc-oneline-").FullName;

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    private string Catalog()
    {
        var path = Path.Combine(_dir, "catalog.yaml");
        File.WriteAllText(path, """
            sources:
              - id: a
                url: https://example.com/a
            owners:
              - id: ops
            runbooks:
              - id: r1
                title: R1
                owner: ops
                sources: [a]
            """);
        return path;
    }

    private string Database(int userVersion, string tables)
    {
        var path = Path.Combine(_dir, $"other-{userVersion}-{Guid.NewGuid():n}.db");
        using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"{tables} PRAGMA user_version = {userVersion};";
        command.ExecuteNonQuery();
        return path;
    }

    private static IReadOnlyList<string> Tables(string path)
    {
        using var connection = new SqliteConnection($"Data Source={path};Pooling=False;Mode=ReadOnly");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name;";
        using var reader = command.ExecuteReader();
        var names = new List<string>();
        while (reader.Read())
        {
            names.Add(reader.GetString(0));
        }
        return names;
    }

    [Fact]
    public async Task Another_applications_sqlite_file_is_refused_and_left_as_it_was()
    {
        var other = Database(0, "CREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT);");

        var result = await CliRunner.RunAsync("status", "--catalog", Catalog(), "--store", other);

        CliRunner.AssertOneLineError(result, "another application's database (it holds tables such as 'users'");
        Assert.Equal(["users"], Tables(other));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public async Task A_sqlite_file_whose_tables_have_another_schema_is_one_line(int userVersion)
    {
        var other = Database(userVersion, "CREATE TABLE sources (source_id TEXT PRIMARY KEY, something_else TEXT);");

        var result = await CliRunner.RunAsync("check", "--catalog", Catalog(), "--store", other, "--json");

        CliRunner.AssertOneLineError(result, "its table 'sources' has another schema (no column 'url')");
    }

    [Fact]
    public async Task A_connection_string_naming_an_account_the_endpoint_lacks_is_one_line_without_the_key()
    {
        var endpoint = Regex.Match(azurite.ConnectionString, "TableEndpoint=(http://[^/;]+)").Groups[1].Value;
        const string key = "bm90LWEtcmVhbC1rZXktYnV0LWJhc2U2NC1lbm91Z2gtdG8tc2lnbi13aXRoLTY0Ynl0ZXMhIQ==";
        var connectionString = $"DefaultEndpointsProtocol=http;AccountName=nosuchaccount;AccountKey={key};TableEndpoint={endpoint}/nosuchaccount;";

        var result = await CliRunner.RunAsync("status", "--catalog", Catalog(), "--store", connectionString);

        CliRunner.AssertOneLineError(result);
        Assert.DoesNotContain(key, result.Stderr);
        Assert.Contains("Azure Table store", result.Stderr);
    }

    [Theory]
    [InlineData("check", "--source", "a\nerror: forged line")]
    [InlineData("review", "no-such\nforged", "--reviewer", "ops")]
    [InlineData("status", "--now", "2026-12-01\nforged")]
    [InlineData("diff", "no-such\nerror: forged line")]
    [InlineData("history", "no-such\nerror: forged line")]
    [InlineData("check", "--now", "2026-12-01", "--source", "a\r\nforged\u2028line")]
    public async Task A_value_echoed_in_an_error_keeps_to_one_line(params string[] args)
    {
        var result = await CliRunner.RunAsync([.. args, "--catalog", Catalog(), "--store", Path.Combine(_dir, "state.db")]);

        // The value is echoed (escaped, or its lines joined), inside the one line: it never starts a line of its own.
        CliRunner.AssertOneLineError(result, "forged");
    }
}
