namespace ReviewCadence.Tests;

internal static class TestPaths
{
    /// <summary>The repository root (the folder holding ReviewCadence.sln).</summary>
    public static string RepoRoot { get; } = FindRoot();

    public static string Fixtures => Path.Combine(AppContext.BaseDirectory, "Fixtures");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "ReviewCadence.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException("ReviewCadence.sln not found above " + AppContext.BaseDirectory);
    }
}
