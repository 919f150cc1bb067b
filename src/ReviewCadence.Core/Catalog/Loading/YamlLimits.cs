using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace ReviewCadence.Catalog.Loading;

/// <summary>
/// What a catalog may use of YAML, checked on the event stream before any node tree is built (the tree is built
/// recursively, and 50,000 nested brackets would overflow the stack and kill the process): one document, at most
/// <see cref="MaxDepth"/> levels of nesting, at most <see cref="MaxAliases"/> aliases expanding to at most
/// <see cref="MaxExpandedNodes"/> nodes in all (an alias bomb is a few hundred bytes), and no tags
/// (<c>!!python/object</c>, <c>!custom</c>): a catalog is plain data.
/// </summary>
internal static class YamlLimits
{
    public const int MaxDepth = 64;
    public const int MaxAliases = 1_000;
    public const long MaxExpandedNodes = 100_000;

    /// <summary>The first limit broken, with its line; null when the text keeps to them (or is not YAML, which the loader reports).</summary>
    public static CatalogError? Check(string yaml, string file)
    {
        var parser = new Parser(new StringReader(yaml));
        var open = new Stack<Frame>();
        var anchorSizes = new Dictionary<string, long>(StringComparer.Ordinal);
        long total = 0;
        var aliases = 0;
        var documents = 0;
        try
        {
            while (parser.MoveNext())
            {
                var current = parser.Current!;
                var line = (int)current.Start.Line;
                switch (current)
                {
                    case DocumentStart:
                        if (++documents > 1)
                        {
                            return new CatalogError(file, line, "a catalog is one YAML document; remove the second one that starts here (---)");
                        }
                        break;
                    case NodeEvent { Tag.IsEmpty: false } tagged when !IsImplicitTag(tagged):
                        return new CatalogError(file, line, $"YAML tags such as '{Printable.Clip(tagged.Tag.Value)}' are not allowed in a catalog; write plain values");
                }
                switch (current)
                {
                    case AnchorAlias alias:
                        if (++aliases > MaxAliases)
                        {
                            return new CatalogError(file, line, $"more than {MaxAliases:N0} YAML aliases (*name); write the values out");
                        }
                        if (Add(open, ref total, anchorSizes.GetValueOrDefault(alias.Value.Value, 1)))
                        {
                            return TooLarge(file, line);
                        }
                        break;
                    case Scalar scalar:
                        if (!scalar.Anchor.IsEmpty)
                        {
                            anchorSizes[scalar.Anchor.Value] = 1;
                        }
                        if (Add(open, ref total, 1))
                        {
                            return TooLarge(file, line);
                        }
                        break;
                    case SequenceStart or MappingStart:
                        if (open.Count >= MaxDepth)
                        {
                            return new CatalogError(file, line, $"the YAML nests deeper than {MaxDepth} levels; a catalog needs a handful");
                        }
                        open.Push(new Frame(((NodeEvent)current).Anchor.IsEmpty ? null : ((NodeEvent)current).Anchor.Value));
                        break;
                    case SequenceEnd or MappingEnd:
                        var closed = open.Pop();
                        if (closed.Anchor is not null)
                        {
                            anchorSizes[closed.Anchor] = closed.Size;
                        }
                        if (Add(open, ref total, closed.Size))
                        {
                            return TooLarge(file, line);
                        }
                        break;
                }
            }
        }
        catch (YamlException)
        {
            return null; // not YAML: the loader reports it with its own message and line
        }
        return null;
    }

    /// <summary>Counts nodes into the innermost open collection (or the document); true once past the limit.</summary>
    private static bool Add(Stack<Frame> open, ref long total, long nodes)
    {
        if (open.Count == 0)
        {
            total += nodes;
            return total > MaxExpandedNodes;
        }
        var frame = open.Peek();
        frame.Size += nodes;
        return frame.Size > MaxExpandedNodes;
    }

    /// <summary>The non-specific tag '!' (quoted scalars) is how YAML marks "no tag": allowed.</summary>
    private static bool IsImplicitTag(NodeEvent node) => node.Tag.Value == "!";

    private static CatalogError TooLarge(string file, int line) =>
        new(file, line, $"the YAML's aliases (*name) expand to more than {MaxExpandedNodes:N0} values; write the catalog out without them");

    private sealed class Frame(string? anchor)
    {
        public string? Anchor { get; } = anchor;
        public long Size { get; set; } = 1;
    }
}
