using System.Runtime.CompilerServices;

namespace ReviewCadence.Tests.Infrastructure;

/// <summary>
/// Points the user's cache folder (<c>XDG_CACHE_HOME</c>) at a temporary folder for this test process, before any test
/// runs: CLI commands on a Table store keep their parsed catalog there, and tests must not write into the home folder
/// of whoever runs them.
/// </summary>
internal static class TestCacheFolder
{
    public static string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"rc-tests-cache-{Environment.ProcessId}");

#pragma warning disable CA2255 // A module initializer is what sets a process-wide variable before the first test reads it.
    [ModuleInitializer]
#pragma warning restore CA2255
    internal static void Use()
    {
        Environment.SetEnvironmentVariable("XDG_CACHE_HOME", Path);
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try
            {
                Directory.Delete(Path, recursive: true);
            }
            catch (IOException)
            {
                // Nothing was cached, or a file is still open: the temporary folder goes with the others.
            }
        };
    }
}
