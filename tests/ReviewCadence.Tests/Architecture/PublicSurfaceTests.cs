using System.Reflection;
using ReviewCadence.Catalog;

namespace ReviewCadence.Tests.Architecture;

/// <summary>
/// Core's public surface (docs/DESIGN.md, "Layering", public surface): what the hosts consume stays public, the pipeline
/// behind it is internal, so a pipeline type made public by accident fails here rather than becoming a contract.
/// </summary>
public class PublicSurfaceTests
{
    private static readonly Assembly Core = typeof(CatalogLoader).Assembly;

    /// <summary>Folders that are pipeline all through: nothing in them is for a host.</summary>
    private static readonly string[] InternalFolders =
    [
        "ReviewCadence.Api.Dashboard",
        "ReviewCadence.Catalog.Loading",
        "ReviewCadence.Checking.Fetching",
        "ReviewCadence.Checking.Rendering",
        "ReviewCadence.Extraction.Families",
        "ReviewCadence.Networking",
        "ReviewCadence.Notifications",
        "ReviewCadence.Storage.Sqlite",
        "ReviewCadence.Storage.Tables",
    ];

    [Fact]
    public void The_pipelines_folders_export_nothing()
    {
        var exported = Core.GetExportedTypes()
            .Where(t => InternalFolders.Contains(t.Namespace))
            .Select(t => t.FullName)
            .Order(StringComparer.Ordinal)
            .ToList();
        Assert.True(exported.Count == 0, "public types in internal folders (make them internal):\n" + string.Join("\n", exported));
    }

    [Theory]
    [InlineData("ReviewCadence.Checking.CheckRunner")]
    [InlineData("ReviewCadence.Checking.Batching.BatchCheckRunner")]
    [InlineData("ReviewCadence.Reminders.ReminderRunner")]
    [InlineData("ReviewCadence.Api.ReviewCadenceApi")]
    [InlineData("ReviewCadence.Scheduling.ScheduledRuns")]
    [InlineData("ReviewCadence.Sources.SourceHistoryService")]
    [InlineData("ReviewCadence.Storage.RunLeases")]
    [InlineData("ReviewCadence.Catalog.CatalogProvider")]
    public void A_host_facing_service_is_public_and_built_only_by_the_wiring(string name)
    {
        var type = Core.GetType(name, throwOnError: true)!;
        Assert.True(type.IsPublic, $"{name} is what a host resolves: it stays public");
        Assert.Empty(type.GetConstructors());
        Assert.Single(type.GetConstructors(BindingFlags.Instance | BindingFlags.NonPublic), c => c.IsAssembly);
    }

    [Fact]
    public void The_pipeline_steps_behind_the_services_are_internal()
    {
        string[] steps =
        [
            "ReviewCadence.Checking.SourceChecker", "ReviewCadence.Checking.CheckApplier", "ReviewCadence.Checking.CheckReportBuilder",
            "ReviewCadence.Checking.IPageFetcher", "ReviewCadence.Checking.Batching.CheckFanOut", "ReviewCadence.Extraction.IContentExtractor",
            "ReviewCadence.Reminders.ReminderPlanner", "ReviewCadence.Reminders.IReminderChannels", "ReviewCadence.Storage.GuardedReviewStore",
        ];
        var publicOnes = steps.Where(s => Core.GetType(s, throwOnError: true)!.IsPublic).ToList();
        Assert.True(publicOnes.Count == 0, "pipeline steps made public: " + string.Join(", ", publicOnes));
    }
}
