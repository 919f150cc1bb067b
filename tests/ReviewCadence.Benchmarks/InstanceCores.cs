using System.Globalization;

namespace ReviewCadence.Benchmarks;

/// <summary>
/// The cores of the Functions instance each fan-out worker stands for (<c>--instance-cores</c>). Flex Consumption gives
/// an instance cores by its memory: 512 MB 0.25, 2,048 MB 1, 4,096 MB 2, and <c>infra/main.bicep</c> deploys 2,048 MB
/// instances, so by default a worker is pinned to one core of its own (<c>taskset</c>, which its threads inherit) while
/// the machine has one to give; more workers than that share the machine's cores round-robin. <c>shared</c> is the
/// model before: no pinning, the machine's cores divided among the K workers (<c>DOTNET_PROCESSOR_COUNT</c>), so that
/// one worker has the whole machine.
/// </summary>
internal sealed record InstanceCores(int? Cores)
{
    /// <summary>As <c>infra/main.bicep</c> deploys: 2,048 MB instances, one core each.</summary>
    public static readonly InstanceCores Deployed = new(1);

    public static bool CanPin { get; } = (Environment.GetEnvironmentVariable("PATH") ?? "")
        .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
        .Any(directory => File.Exists(Path.Combine(directory, "taskset")));

    public static bool TryParse(string? value, out InstanceCores instance)
    {
        instance = Deployed;
        if (value == "shared")
            instance = new InstanceCores((int?)null);
        else if (int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var cores) && cores > 0)
            instance = new InstanceCores(cores);
        else
            return false;
        return true;
    }

    /// <summary>The processor count worker processes are given (<c>DOTNET_PROCESSOR_COUNT</c>) when there are K of them.</summary>
    public int ProcessorCount(int workers) => Cores ?? Math.Max(1, Environment.ProcessorCount / workers);

    /// <summary>The cores worker <paramref name="index"/> is pinned to, or null when workers are not pinned.</summary>
    public IReadOnlyList<int>? CoresOf(int index) => Cores is { } cores
        ? [.. Enumerable.Range(index * cores, cores).Select(core => core % Environment.ProcessorCount).Distinct()]
        : null;

    /// <summary>True when K workers want more cores than the machine has, so that some of them share.</summary>
    public bool SharesCores(int workers) => workers * (Cores ?? 1) > Environment.ProcessorCount;

    public string Describe() => Cores is { } cores
        ? string.Create(CultureInfo.InvariantCulture, $"standing for one Flex Consumption instance of {cores} core(s) (infra/main.bicep deploys 2,048 MB instances: 1 core each): pinned to cores of its own (taskset; DOTNET_PROCESSOR_COUNT = {cores}) while this machine's {Environment.ProcessorCount} last, then sharing them round-robin")
        : "with this machine's cores shared among the workers (not pinned; DOTNET_PROCESSOR_COUNT = cores / K, at least 1)";

    /// <summary>Where K workers run, for the per-K lines.</summary>
    public string Placement(int workers)
    {
        if (Cores is null)
            return string.Create(CultureInfo.InvariantCulture, $"workers not pinned, each told of {ProcessorCount(workers)} core(s)");
        var placement = string.Join(" | ", Enumerable.Range(0, workers).Select(i => string.Join(",", CoresOf(i)!)));
        return SharesCores(workers)
            ? string.Create(CultureInfo.InvariantCulture, $"workers on cores {placement}: {workers} × {Cores} core(s) wanted, {Environment.ProcessorCount} here, so they share cores: {workers} instances with cores of their own would take no longer than this")
            : $"workers on cores {placement}: each on cores of its own";
    }
}
