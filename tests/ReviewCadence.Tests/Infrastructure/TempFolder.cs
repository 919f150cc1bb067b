namespace ReviewCadence.Tests.Infrastructure;

/// <summary>A test's temporary folder, removed when the test ends.</summary>
internal static class TempFolder
{
    /// <summary>
    /// Deletes <paramref name="path"/> and everything in it. A file still held open (SQLite may keep its database a
    /// moment after the command ends) leaves the folder behind, which a temporary folder may.
    /// </summary>
    public static void Delete(string path)
    {
        try
        {
            Directory.Delete(path, recursive: true);
        }
        catch (IOException)
        {
            // The temp folder is disposable.
        }
    }
}
