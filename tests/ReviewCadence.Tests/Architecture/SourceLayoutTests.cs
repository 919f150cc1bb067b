using System.Text.RegularExpressions;

namespace ReviewCadence.Tests.Architecture;

/// <summary>The layout rules of <c>src/</c>: namespaces match folders, each file is named after its main type, and no file is a big room.</summary>
public partial class SourceLayoutTests
{
    /// <summary>Each project folder and its root namespace.</summary>
    private static readonly (string Folder, string Namespace)[] Projects =
    [
        ("src/ReviewCadence.Core", "ReviewCadence"),
        ("src/ReviewCadence.Cli", "ReviewCadence.Cli"),
        ("src/ReviewCadence.Functions", "ReviewCadence.Functions"),
    ];

    [Fact]
    public void Every_file_declares_the_namespace_of_its_folder()
    {
        var wrong = new List<string>();
        foreach (var (file, project, root) in SourceFiles())
        {
            var folder = Path.GetRelativePath(project, Path.GetDirectoryName(file)!);
            var expected = folder == "." ? root : root + "." + folder.Replace(Path.DirectorySeparatorChar, '.');
            var declared = NamespaceLine().Match(File.ReadAllText(file));
            if (declared.Success && declared.Groups[1].Value != expected)
            {
                wrong.Add($"{Path.GetRelativePath(TestPaths.RepoRoot, file)}: namespace {declared.Groups[1].Value}, folder says {expected}");
            }
        }
        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
    }

    [Fact]
    public void Every_file_is_named_after_a_type_it_declares()
    {
        var wrong = new List<string>();
        foreach (var (file, _, _) in SourceFiles())
        {
            var types = TopLevelType().Matches(File.ReadAllText(file)).Select(m => m.Groups[1].Value).ToList();
            var name = Path.GetFileNameWithoutExtension(file).Split('.')[0];
            if (types.Count > 0 && !types.Contains(name))
            {
                wrong.Add($"{Path.GetRelativePath(TestPaths.RepoRoot, file)} declares {string.Join(", ", types)}");
            }
        }
        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
    }

    /// <summary>A file past this many lines holds more than one concern: split it by concern (partial files, a folder).</summary>
    private const int MaxLines = 450;

    [Fact]
    public void No_file_passes_the_line_limit()
    {
        var tooLong = SourceFiles()
            .Select(f => (f.File, Lines: File.ReadLines(f.File).Count()))
            .Where(f => f.Lines > MaxLines)
            .Select(f => $"{Path.GetRelativePath(TestPaths.RepoRoot, f.File)}: {f.Lines} lines")
            .ToList();
        Assert.True(tooLong.Count == 0, $"over {MaxLines} lines:\n" + string.Join("\n", tooLong));
    }

    private static IEnumerable<(string File, string Project, string Namespace)> SourceFiles()
    {
        foreach (var (folder, ns) in Projects)
        {
            var project = Path.Combine(TestPaths.RepoRoot, folder);
            foreach (var file in Directory.EnumerateFiles(project, "*.cs", SearchOption.AllDirectories))
            {
                var relative = Path.GetRelativePath(project, file).Split(Path.DirectorySeparatorChar)[0];
                if (relative is not ("bin" or "obj"))
                {
                    yield return (file, project, ns);
                }
            }
        }
    }

    [GeneratedRegex(@"^namespace ([\w.]+)", RegexOptions.Multiline)]
    private static partial Regex NamespaceLine();

    /// <summary>Types declared at the top level of a file-scoped namespace (unindented).</summary>
    [GeneratedRegex(@"^(?:(?:public|internal|sealed|static|abstract|partial|readonly|file)\s+)*(?:class|record|struct|interface|enum)\s+(?:struct\s+|class\s+)?([A-Za-z_]\w*)", RegexOptions.Multiline)]
    private static partial Regex TopLevelType();
}
