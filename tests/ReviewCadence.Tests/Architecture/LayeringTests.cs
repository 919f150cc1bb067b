using System.Reflection;
using ReviewCadence.Catalog;
using ReviewCadence.Checking;
using ReviewCadence.Networking;
using ReviewCadence.Runbooks;

namespace ReviewCadence.Tests.Architecture;

/// <summary>
/// The one-way stack of Core's folders (docs/DESIGN.md, "Layering"): a folder's types use their own folder's types
/// and those of the layers below it, never a sibling's in the same layer or anything above. Checked on the compiled
/// assembly (<see cref="TypeReferences"/>), so no spelling of a reference escapes it.
/// </summary>
public class LayeringTests
{
    /// <summary>Bottom to top. <c>(shared)</c> is the root namespace's options and JSON shape; <c>(wiring)</c> the root's host wiring, which uses everything.</summary>
    internal static readonly string[][] Layers =
    [
        ["(shared)", "Vocabulary", "Networking", "Diagnostics"],
        ["Extraction"],
        ["Catalog"],
        ["Storage", "Import"],
        ["Checking"],
        ["Runbooks", "Sources"],
        ["Reminders"],
        ["Notifications"],
        ["Api"],
        ["Scheduling"],
        ["(wiring)"],
    ];

    /// <summary>The root namespace's types that wire Core into a host (<c>AddReviewCadence</c>): the top of the stack.</summary>
    private static readonly HashSet<string> WiringTypes = ["ReviewCadenceServiceCollectionExtensions", "StoreInitializer"];

    private static readonly Assembly Core = typeof(CatalogLoader).Assembly;

    [Fact]
    public void Every_folder_of_core_uses_only_its_own_types_and_the_layers_below()
    {
        var layerOf = Layers.SelectMany((folders, layer) => folders.Select(f => (f, layer))).ToDictionary(p => p.f, p => p.layer);
        var violations = new List<string>();
        var unplaced = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var (from, to, where) in TypeReferences.Of(Core))
        {
            if (FolderOf(from) is not { } source || FolderOf(to) is not { } target || source == target)
            {
                continue;
            }
            if (!layerOf.TryGetValue(source, out var sourceLayer))
            {
                unplaced.Add(source);
                continue;
            }
            if (!layerOf.TryGetValue(target, out var targetLayer))
            {
                unplaced.Add(target);
                continue;
            }
            if (targetLayer >= sourceLayer)
            {
                violations.Add($"{source} -> {target}: {Name(from)} uses {Name(to)} ({where})");
            }
        }
        Assert.True(unplaced.Count == 0, $"folders not placed in the layering (add them to {nameof(Layers)} and docs/DESIGN.md): {string.Join(", ", unplaced)}");
        Assert.True(violations.Count == 0,
            "a folder of Core uses a folder above it or beside it:\n" + string.Join("\n", violations.Distinct().Order(StringComparer.Ordinal).Take(60)));
    }

    [Fact]
    public void The_scan_sees_references_in_signatures_and_in_method_bodies()
    {
        var references = TypeReferences.Of(Core).ToList();
        // A signature: the runbooks implement the interface Checking asks through.
        Assert.Contains(references, r => r.From == typeof(CitingRunbooks) && r.To == typeof(ICitingRunbooks) && r.Where == "interface");
        // A method body only: fetching calls the network guard inside its retry policy.
        Assert.Contains(references, r => r.From.Namespace == "ReviewCadence.Checking.Fetching" && r.To == typeof(NetworkGuard) && !r.Where.StartsWith("field", StringComparison.Ordinal));
        // Through a lambda's closure and an async state machine (compiler-made nested types count as their outer type's folder).
        Assert.Contains(references, r => r.From.DeclaringType == typeof(CheckRunner) && FolderOf(r.To) == "Storage");
        Assert.Equal("(wiring)", FolderOf(typeof(ReviewCadenceServiceCollectionExtensions)));
        Assert.Equal("(shared)", FolderOf(typeof(ReviewCadenceOptions)));
        Assert.Equal("Checking", FolderOf(typeof(NetworkGuard).Assembly.GetType("ReviewCadence.Checking.Fetching.HttpPageFetcher")!));
    }

    /// <summary>The top folder under <c>src/ReviewCadence.Core</c> a type's namespace names; null for types of other assemblies or generated ones.</summary>
    internal static string? FolderOf(Type type)
    {
        if (type.Assembly != Core || type.Namespace is not { } ns || !(ns == "ReviewCadence" || ns.StartsWith("ReviewCadence.", StringComparison.Ordinal)))
        {
            return null;
        }
        if (ns == "ReviewCadence")
        {
            var outer = type;
            while (outer.DeclaringType is { } declaring)
            {
                outer = declaring;
            }
            return WiringTypes.Contains(outer.Name) ? "(wiring)" : "(shared)";
        }
        return ns.Split('.')[1];
    }

    private static string Name(Type type) => type.FullName?.Replace("ReviewCadence.", "", StringComparison.Ordinal) ?? type.Name;
}
