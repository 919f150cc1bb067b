using System.Text;

namespace ReviewCadence.Catalog;

/// <summary>
/// The last catalog that validated, kept in a compact binary form (<see cref="CatalogCacheFormat"/>) in one file beside
/// the embedded store (or, for a Table store, in the user's cache folder), for the CLI: each command is a new process, and reading 2,000 sources and 1,000 runbooks from
/// YAML is most of a warm check's start. The copy is used only for the very bytes it was made from (kept in the file
/// and compared whole: no hash to trust, and no cryptography library to load) and by the very build that made it
/// (<see cref="Build"/>), so it gives what parsing those bytes again would: loading is a pure function of the text (no
/// environment variables or files are read; <c>${NAME}</c> references stay unresolved until used). Only catalogs
/// without errors are kept, so every error is always found by parsing. A copy that is missing, stale, unreadable or
/// for other bytes is ignored, and the catalog is parsed.
/// </summary>
/// <remarks>
/// The file holds what the catalog holds (webhook settings included), so it is created readable by its owner only,
/// and it is trusted as the store beside it is.
/// </remarks>
/// <param name="file">The cache file's path.</param>
/// <param name="createsFolder">
/// Whether a write creates the file's folder (owner-only) when it is missing: true for the user's cache folder, false
/// beside a store, whose folder the store creates.
/// </param>
internal sealed class CatalogCache(string file, bool createsFolder = false)
{
    /// <summary>
    /// The code that turns catalog text into a catalog: this assembly, the YAML and CSS selector parsers it validates
    /// with, and the runtime (<see cref="Uri"/>, <see cref="System.Text.RegularExpressions.Regex"/>).
    /// </summary>
    private static readonly string Build = string.Join('/',
        ((Type[])[typeof(CatalogCache), typeof(YamlDotNet.Core.Parser), typeof(AngleSharp.Css.Parser.CssSelectorParser)])
            .Select(type => type.Assembly.ManifestModule.ModuleVersionId.ToString("n"))
            .Append(Environment.Version.ToString()));

    /// <summary>The cache file's path.</summary>
    public string File => file;

    /// <summary>
    /// The copy for a catalog whose store has no folder of its own (a Table store): in the user's cache folder
    /// (<c>$XDG_CACHE_HOME/reviewcadence</c>, else <c>~/.cache/reviewcadence</c>; on Windows under the local application
    /// data folder), one file per catalog path; null when there is no such folder.
    /// </summary>
    public static CatalogCache? InUserCacheFolder(string catalogPath)
    {
        var cacheHome = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
        var root = !string.IsNullOrEmpty(cacheHome) && Path.IsPathFullyQualified(cacheHome) ? cacheHome
            : OperatingSystem.IsWindows() ? Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData)
            : Environment.GetFolderPath(Environment.SpecialFolder.UserProfile) is { Length: > 0 } home ? Path.Combine(home, ".cache")
            : null;
        return string.IsNullOrEmpty(root) ? null : InFolder(Path.Combine(root, "reviewcadence"), catalogPath);
    }

    /// <summary>
    /// The copy for the catalog at <paramref name="catalogPath"/> in <paramref name="folder"/>, named after a hash of the
    /// catalog's full path (so two catalogs do not take turns overwriting one file; a collision only costs a parse,
    /// since the copy is compared with the catalog's bytes).
    /// </summary>
    public static CatalogCache InFolder(string folder, string catalogPath) =>
        new(Path.Combine(folder, $"catalog-{PathHash(Path.GetFullPath(catalogPath)):x16}.cache"), createsFolder: true);

    /// <summary>64-bit FNV-1a of the path's characters: stable across processes, unlike <see cref="string.GetHashCode()"/>.</summary>
    private static ulong PathHash(string path)
    {
        var hash = 14695981039346656037UL;
        foreach (var c in path)
        {
            hash = (hash ^ c) * 1099511628211UL;
        }
        return hash;
    }

    /// <summary>The catalog kept for <paramref name="catalogBytes"/>, named <paramref name="fileName"/>; null when there is none for them.</summary>
    public ReviewCatalog? TryRead(ReadOnlySpan<byte> catalogBytes, string fileName)
    {
        try
        {
            using var reader = new BinaryReader(new MemoryStream(ReadWhole(), writable: false), Encoding.UTF8);
            if (reader.ReadString() != CatalogCacheFormat.Version || reader.ReadString() != Build || !SameBytes(reader, catalogBytes))
            {
                return null;
            }
            return CatalogCacheFormat.Read(reader, fileName);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or ArgumentException or OverflowException)
        {
            return null; // no copy, a torn or foreign one: parse
        }
    }

    /// <summary>
    /// The file's bytes, read in one go: the reader asks the stream's length once per list (a bound on its count), and a
    /// file shared for deletion does not cache its length, so reading from the file took one <c>fstat</c> per list
    /// (~14,000 for 2,000 sources).
    /// </summary>
    private byte[] ReadWhole()
    {
        using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, bufferSize: 0);
        var bytes = new byte[stream.Length <= Array.MaxLength ? (int)stream.Length : throw new FormatException("the catalog cache is too large")];
        stream.ReadExactly(bytes);
        return bytes;
    }

    /// <summary>
    /// Keeps <paramref name="catalog"/>, parsed from <paramref name="catalogBytes"/>, replacing the copy before. Nothing
    /// when the folder does not exist yet and this copy does not create it (beside a store: the store creates it), or
    /// when it cannot be written: the copy only saves time.
    /// </summary>
    public void Write(ReadOnlySpan<byte> catalogBytes, ReviewCatalog catalog)
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(file));
        if (folder is null || (!createsFolder && !Directory.Exists(folder)))
        {
            return;
        }
        // Written whole under another name and moved over the old copy: a process reading meanwhile sees one or the other.
        var partial = $"{file}.{Environment.ProcessId}.{Guid.NewGuid():n}.tmp";
        try
        {
            if (createsFolder)
            {
                CreateOwnerOnlyFolder(folder);
            }
            using (var writer = new BinaryWriter(OwnerOnly(partial), Encoding.UTF8))
            {
                writer.Write(CatalogCacheFormat.Version);
                writer.Write(Build);
                writer.Write(catalogBytes.Length);
                writer.Write(catalogBytes);
                CatalogCacheFormat.Write(writer, catalog);
            }
            System.IO.File.Move(partial, file, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException)
        {
            TryDelete(partial);
        }
    }

    private static void CreateOwnerOnlyFolder(string folder)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(folder);
        }
        else
        {
            Directory.CreateDirectory(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }

    private static FileStream OwnerOnly(string path)
    {
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, BufferSize = 64 * 1024 };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }
        return new FileStream(path, options);
    }

    private static void TryDelete(string path)
    {
        try
        {
            System.IO.File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A stray temporary file is harmless; the next write uses another name.
        }
    }

    /// <summary>True when the catalog bytes the file was made from are <paramref name="catalogBytes"/>.</summary>
    private static bool SameBytes(BinaryReader reader, ReadOnlySpan<byte> catalogBytes)
    {
        if (reader.ReadInt32() != catalogBytes.Length)
        {
            return false;
        }
        var kept = reader.ReadBytes(catalogBytes.Length);
        return kept.AsSpan().SequenceEqual(catalogBytes);
    }
}
