namespace ReviewCadence.Testing;

/// <summary>The repository root: the nearest folder holding ReviewCadence.sln above the binaries (or else the working directory).</summary>
public static class RepositoryRoot
{
    public static string Find()
    {
        foreach (var start in new[] { AppContext.BaseDirectory, Directory.GetCurrentDirectory() })
        {
            for (var directory = new DirectoryInfo(start); directory is not null; directory = directory.Parent)
            {
                if (File.Exists(Path.Combine(directory.FullName, "ReviewCadence.sln")))
                {
                    return directory.FullName;
                }
            }
        }
        throw new InvalidOperationException($"No ReviewCadence.sln above {AppContext.BaseDirectory} or the working directory: run from the repository's build output.");
    }
}
