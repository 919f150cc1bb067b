using System.Globalization;
using ReviewCadence.Benchmarks.Check;

namespace ReviewCadence.Benchmarks;

/// <summary>
/// The side-by-side run's site and catalog, left running for profiling one phase by hand: prints the catalog's path,
/// then serves until stdin ends; a line <c>change</c> on stdin edits 5 % of the pages (as the changed-5% phase does).
/// Run the published CLI against it with <c>REVIEWCADENCE_TIMINGS=FILE</c> to read one check's breakdown.
/// </summary>
public static class SiteMode
{
    public static async Task<int> RunAsync(string[] args)
    {
        var size = args.Length > 1 && args[0] == "--size" && int.TryParse(args[1], NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 1 ? n : 2_000;
        await using var site = await DocsSite.StartAsync(size, 20261123, PageShape.Medium);
        var work = Directory.CreateTempSubdirectory("reviewcadence-site-").FullName;
        var catalog = Path.Combine(work, "catalog.yaml");
        await File.WriteAllTextAsync(catalog, BenchmarkCatalog.Yaml(size, site.BaseUrl, 16, 16));
        Console.WriteLine(catalog);
        var round = 0;
        while (await Console.In.ReadLineAsync() is { } line)
        {
            if (line.Trim() == "change")
                Console.WriteLine($"changed {site.Change(5, ++round)} pages");
            var stats = site.Stats();
            Console.WriteLine($"served {stats.Requests} requests, {stats.FullResponses}/{stats.NotModified} (200/304)");
        }
        Directory.Delete(work, recursive: true);
        return 0;
    }
}
