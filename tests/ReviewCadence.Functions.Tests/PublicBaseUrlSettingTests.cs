using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using ReviewCadence.Functions.Tests.Infrastructure;
using ReviewCadence.Reminders;

namespace ReviewCadence.Functions.Tests;

/// <summary>
/// The setting reminders link with, as deployed: the app setting infra/app/api.bicep sets (and the one
/// local.settings.example.json lists) is the one the worker's composition binds to <see cref="ReminderOptions"/>.
/// </summary>
public sealed partial class PublicBaseUrlSettingTests
{
    [Fact]
    public async Task The_app_setting_the_bicep_sets_is_the_one_the_worker_reads()
    {
        var root = RepositoryRoot.Find();
        var bicep = await File.ReadAllTextAsync(Path.Combine(root, "infra", "app", "api.bicep"));
        var setting = Assert.Single(BicepPublicBaseUrlSetting().Matches(bicep)).Groups["name"].Value;
        Assert.Equal("ReviewCadence__PublicBaseUrl", setting);
        var local = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(root, "local.settings.example.json")))!["Values"]!.AsObject();
        Assert.True(local.ContainsKey(setting), $"local.settings.example.json does not list {setting}");

        var dir = Directory.CreateTempSubdirectory("rc-publicbase-").FullName;
        try
        {
            await File.WriteAllTextAsync(Path.Combine(dir, "catalog.yaml"), """
                owners:
                  - id: ops
                sources:
                  - id: docs
                    url: https://docs.example.com/
                runbooks:
                  - id: rb
                    title: Runbook
                    owner: ops
                    cadenceDays: 30
                    lastReviewed: 2026-01-15
                    sources: [docs]
                """);
            // App settings reach configuration as environment variables: "__" is the section separator.
            await using var host = await FunctionsTestHost.StartAsync(new Dictionary<string, string?>
            {
                ["ReviewCadence:CatalogPath"] = Path.Combine(dir, "catalog.yaml"),
                ["ReviewCadence:Store"] = Path.Combine(dir, "state.db"),
                [setting.Replace("__", ":", StringComparison.Ordinal)] = "https://reviewcadence-app.azurewebsites.net",
            }, new FakeTimeProvider(new DateTimeOffset(2026, 3, 2, 6, 0, 0, TimeSpan.Zero)));

            var options = host.Services.GetRequiredService<IOptions<ReminderOptions>>().Value;
            Assert.Equal("https://reviewcadence-app.azurewebsites.net", options.PublicBaseUrl);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [GeneratedRegex(@"^\s*(?<name>ReviewCadence__\w*PublicBaseUrl)\s*:", RegexOptions.Multiline)]
    private static partial Regex BicepPublicBaseUrlSetting();
}
