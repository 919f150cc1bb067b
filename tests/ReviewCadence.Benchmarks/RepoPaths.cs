namespace ReviewCadence.Benchmarks;

/// <summary>Finds files of the repository the benchmark runs from, wherever its build output lives.</summary>
internal static class RepoPaths
{
    /// <summary>The nearest directory holding <c>ReviewCadence.sln</c>, searched up from the working directory and then from the binaries.</summary>
    public static string Root { get; } = FindRoot();

    public static string TestFixtures => Path.Combine(Root, "tests", "ReviewCadence.Tests", "Fixtures");

    private static string FindRoot()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "ReviewCadence.sln")))
                    return dir.FullName;
            }
        }
        throw new DirectoryNotFoundException("ReviewCadence.sln was not found above the working directory or the benchmark's binaries.");
    }
}
