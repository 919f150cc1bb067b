using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using ReviewCadence.Cli.Serve;
using ReviewCadence.Storage;
using ReviewCadence.Storage.Sqlite;

namespace ReviewCadence.Tests.EndToEnd;

/// <summary>Limits on what a user may store: review notes, the reviewer, and an empty <c>--store</c>.</summary>
public sealed class InputLimitTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("rc-limits-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Store => Path.Combine(_dir, "state.db");

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
                lastReviewed: 2026-11-01
                sources: [a]
            """);
        return path;
    }

    private async Task<int> Reviews()
    {
        await using var store = new SqliteReviewStore(Store);
        return (await store.GetReviewsAsync("r1", CancellationToken.None)).Count;
    }

    [Fact]
    public async Task Notes_over_10000_characters_are_refused_and_not_stored()
    {
        var refused = await CliRunner.RunAsync("review", "r1", "--reviewer", "ops", "--notes", new string('n', 10_001), "--catalog", Catalog(), "--store", Store, "--now", "2026-12-01");
        CliRunner.AssertOneLineError(refused, "notes must be at most 10,000 characters");
        Assert.Equal(0, await Reviews());

        var accepted = await CliRunner.RunAsync("review", "r1", "--reviewer", "ops", "--notes", new string('n', 10_000), "--catalog", Catalog(), "--store", Store, "--now", "2026-12-01");
        Assert.True(accepted.ExitCode == 0, accepted.ToString());
        Assert.Equal(1, await Reviews());
    }

    [Theory]
    [InlineData(201)]
    [InlineData(-1)]
    public async Task A_reviewer_longer_than_200_characters_or_on_several_lines_is_refused(int length)
    {
        var reviewer = length > 0 ? new string('r', length) : "ops\nforged";
        var refused = await CliRunner.RunAsync("review", "r1", "--reviewer", reviewer, "--catalog", Catalog(), "--store", Store, "--now", "2026-12-01");
        CliRunner.AssertOneLineError(refused, "reviewer must be one line of at most 200 characters");
        Assert.Equal(0, await Reviews());
    }

    [Fact]
    public async Task The_api_refuses_long_notes_naming_the_field()
    {
        await using var app = ServeApp.Build(new ServeApp.ServeSettings(Catalog(), Store, "http://127.0.0.1:0", null));
        await app.StartAsync();
        using var http = new HttpClient { BaseAddress = LoopbackHost.BaseUrl(app) };

        using var response = await http.PostAsJsonAsync("/api/runbooks/r1/reviews", new { reviewer = "ops", notes = new string('n', 10_001) });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var body = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.True(body.GetProperty("errors").TryGetProperty("notes", out _));
        Assert.Empty(await app.Services.GetRequiredService<IReviewStore>().GetReviewsAsync("r1", CancellationToken.None));
        await app.StopAsync();
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public async Task An_empty_store_is_an_error_not_the_default_store(string store)
    {
        var result = await CliRunner.RunAsync("status", "--catalog", Catalog(), "--store", store);

        CliRunner.AssertOneLineError(result, "--store is empty");
    }
}
