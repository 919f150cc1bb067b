using System.Text;

namespace ReviewCadence.Import;

/// <summary>Turns the paths given on the command line into documents: files as named, folders searched recursively.</summary>
internal static class DocumentFileCollector
{
    public static (IReadOnlyList<DocumentFile> Files, IReadOnlyList<ImportFileError> Errors) Collect(IEnumerable<string> paths)
    {
        var files = new List<DocumentFile>();
        var errors = new List<ImportFileError>();
        var seen = new HashSet<string>(StringComparer.Ordinal);

        foreach (var given in paths)
        {
            var display = ToDisplay(given);
            string fullPath;
            try
            {
                fullPath = Path.GetFullPath(given);
            }
            catch (Exception ex) when (ex is ArgumentException or NotSupportedException or PathTooLongException)
            {
                errors.Add(new ImportFileError(display, "not a valid path"));
                continue;
            }

            if (Directory.Exists(fullPath))
            {
                var errorsBefore = errors.Count;
                var found = WalkFolder(fullPath, display.TrimEnd('/'), files, errors, seen);
                if (found == 0 && errors.Count == errorsBefore)
                    errors.Add(new ImportFileError(display, $"no runbook documents ({string.Join(", ", DocumentFormats.Extensions)}) in this folder"));
            }
            else if (File.Exists(fullPath))
            {
                if (seen.Add(fullPath))
                    files.Add(new DocumentFile(fullPath, display));
            }
            else
            {
                errors.Add(new ImportFileError(display, "no such file or folder"));
            }
        }

        return (files, errors);
    }

    /// <returns>The documents found under the folder, including ones already collected from another argument.</returns>
    private static int WalkFolder(string folder, string display, List<DocumentFile> files, List<ImportFileError> errors, HashSet<string> seen)
    {
        string[] childFiles, childFolders;
        try
        {
            childFiles = Directory.GetFiles(folder);
            childFolders = Directory.GetDirectories(folder);
        }
        catch (UnauthorizedAccessException)
        {
            errors.Add(new ImportFileError(display, "permission denied"));
            return 0;
        }
        catch (IOException ex)
        {
            errors.Add(new ImportFileError(display, $"cannot list the folder: {ex.Message}"));
            return 0;
        }

        var found = 0;
        // Ordinal order makes the output the same on every machine and every run.
        foreach (var file in childFiles.Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileName(file);
            if (IsHidden(name) || !DocumentFormats.IsRunbookExtension(name))
                continue;
            found++;
            if (seen.Add(file))
                files.Add(new DocumentFile(file, $"{display}/{name}"));
        }

        foreach (var child in childFolders.Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileName(child);
            // Linked folders are not followed: a link back up the tree would never end.
            if (IsHidden(name) || new DirectoryInfo(child).LinkTarget is not null)
                continue;
            found += WalkFolder(child, $"{display}/{name}", files, errors, seen);
        }
        return found;
    }

    private static bool IsHidden(string name) => name.StartsWith('.');

    private static string ToDisplay(string path) => path.Replace('\\', '/');
}
