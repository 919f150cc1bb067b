using System.Text.Json;
using System.Text.Json.Nodes;

namespace ReviewCadence.Functions.Tests;

/// <summary>
/// The functions.metadata the worker SDK generates from the attributes is what the Functions host reads to bind
/// triggers: its names are what Application Insights, alerts (infra/) and users' URLs use, its routes are the
/// HTTP API of docs/DESIGN.md, and its %settings% are the app settings infra/app/api.bicep sets. Pinned here as a
/// contract, read from the build output (the file deployed with the app).
/// </summary>
public sealed class FunctionMetadataTests
{
    /// <summary>One line per function: name | entry point | trigger | what binds it | who may call it.</summary>
    private static readonly string[] Contract =
    [
        "CheckSourceBatch | CheckSourceBatch.RunAsync | queueTrigger | queue %CheckQueueName% on AzureWebJobsStorage, dataType String",
        "CheckSourceBatchPoison | CheckSourceBatch.AbandonAsync | queueTrigger | queue %CheckQueueName%-poison on AzureWebJobsStorage, dataType String",
        "CheckSources | CheckSources.RunAsync | timerTrigger | schedule %CheckSchedule%, runOnStartup False",
        "Dashboard | HttpApi.Dashboard | httpTrigger | GET dashboard | Anonymous",
        "GetCheck | HttpApi.GetCheckAsync | httpTrigger | GET checks/{runId} | Function",
        "GetRunbook | HttpApi.GetRunbookAsync | httpTrigger | GET runbooks/{id} | Function",
        "GetSourceDiff | HttpApi.GetSourceDiffAsync | httpTrigger | GET sources/{id}/diff | Function",
        "GetSourceHistory | HttpApi.GetSourceHistoryAsync | httpTrigger | GET sources/{id}/history | Function",
        "Health | HttpApi.Health | httpTrigger | GET health | Anonymous",
        "ListRunbooks | HttpApi.ListRunbooksAsync | httpTrigger | GET runbooks | Function",
        "ListSources | HttpApi.ListSourcesAsync | httpTrigger | GET sources | Function",
        "RecordReview | HttpApi.RecordReviewAsync | httpTrigger | POST runbooks/{id}/reviews | Function",
        "RunReminders | HttpApi.RunRemindersAsync | httpTrigger | POST reminders | Function",
        "SendReminders | SendReminders.RunAsync | timerTrigger | schedule %ReminderSchedule%, runOnStartup False",
        "StartCheck | HttpApi.StartCheckAsync | httpTrigger | POST checks | Function",
    ];

    private static JsonArray Metadata { get; } = JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "functions.metadata")))!.AsArray();

    [Fact]
    public void Each_function_has_the_name_trigger_binding_and_auth_level_of_the_contract()
    {
        var actual = Metadata.Select(f => Describe(f!.AsObject())).Order(StringComparer.Ordinal).ToArray();

        Assert.Equal(Contract, actual);
    }

    [Fact]
    public void Every_http_function_returns_its_response_and_every_function_runs_in_the_isolated_worker()
    {
        Assert.All(Metadata.Select(f => f!.AsObject()), function =>
        {
            Assert.Equal("ReviewCadence.Functions.dll", (string?)function["scriptFile"]);
            Assert.Equal("dotnet-isolated", (string?)function["language"]);
            var bindings = function["bindings"]!.AsArray().Select(b => b!.AsObject()).ToList();
            Assert.Single(bindings, b => (string?)b["direction"] == "In");
            if ((string?)bindings[0]["type"] == "httpTrigger")
            {
                var output = Assert.Single(bindings, b => (string?)b["direction"] == "Out");
                Assert.Equal(("http", "$return"), ((string?)output["type"], (string?)output["name"]));
            }
            else
            {
                Assert.Single(bindings);
            }
        });
    }

    [Fact]
    public void Reminder_links_land_on_the_dashboard_function_under_the_hosts_route_prefix()
    {
        // The Functions host puts every HTTP route under host.json's extensions.http.routePrefix ("api" when unset).
        var hostJson = JsonNode.Parse(File.ReadAllText(Path.Combine(RepositoryRoot.Find(), "host.json")))!;
        var prefix = (string?)hostJson["extensions"]?["http"]?["routePrefix"] ?? "api";
        var dashboard = Metadata.Select(f => f!.AsObject()).Single(f => (string?)f["name"] == "Dashboard");
        var trigger = dashboard["bindings"]!.AsArray().Single(b => (string?)b!["direction"] == "In")!;
        var publicBase = new Uri("https://reviewcadence-app.azurewebsites.net/");

        var runbookLink = ReviewCadence.Reminders.ReminderContent.DashboardLink(publicBase, "budget gate/2")!;
        var diffLink = ReviewCadence.Reminders.ReminderContent.SourceDiffLink(publicBase, "pricing")!;

        Assert.Equal("anonymous", ((string?)trigger["authLevel"])?.ToLowerInvariant());
        Assert.Equal($"/{prefix}/{trigger["route"]}", runbookLink.AbsolutePath);
        Assert.Equal("#runbook=budget%20gate%2F2", runbookLink.Fragment);
        Assert.Equal($"/{prefix}/{trigger["route"]}", diffLink.AbsolutePath);
        Assert.Equal("#source=pricing&diff=last", diffLink.Fragment);
    }

    [Fact]
    public void The_worker_config_starts_this_assembly_with_worker_indexing()
    {
        var config = JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "worker.config.json")))!["description"]!;

        Assert.Equal("ReviewCadence.Functions.dll", (string?)config["defaultWorkerPath"]);
        Assert.Equal("dotnet", (string?)config["defaultExecutablePath"]);
        Assert.Equal("dotnet-isolated", (string?)config["language"]);
        Assert.Equal("true", config["workerIndexing"]?.ToString());
    }

    private static string Describe(JsonObject function)
    {
        var name = (string)function["name"]!;
        var entryPoint = ((string)function["entryPoint"]!).Replace("ReviewCadence.Functions.", "", StringComparison.Ordinal);
        var trigger = function["bindings"]!.AsArray().Select(b => b!.AsObject()).Single(b => (string?)b["direction"] == "In");
        var type = (string)trigger["type"]!;
        var binds = type switch
        {
            "httpTrigger" => $"{string.Join(",", trigger["methods"]!.AsArray().Select(m => ((string)m!).ToUpperInvariant()))} {trigger["route"]} | {trigger["authLevel"]}",
            "timerTrigger" => $"schedule {trigger["schedule"]}, runOnStartup {trigger["runOnStartup"]?.GetValue<bool>()}",
            "queueTrigger" => $"queue {trigger["queueName"]} on {trigger["connection"]}, dataType {trigger["dataType"]}",
            _ => trigger.ToJsonString(new JsonSerializerOptions { WriteIndented = false }),
        };
        return $"{name} | {entryPoint} | {type} | {binds}";
    }
}
