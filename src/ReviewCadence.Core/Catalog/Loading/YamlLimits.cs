using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.RepresentationModel;

namespace ReviewCadence.Catalog.Loading;

/// <summary>
/// What a catalog may use of YAML, checked on the event stream as the node tree is built from it, before each node is
/// (the tree is built recursively, and 50,000 nested brackets would overflow the stack and kill the process): one
/// document, at most <see cref="MaxDepth"/> levels of nesting, at most <see cref="MaxAliases"/> aliases expanding to at
/// most <see cref="MaxExpandedNodes"/> nodes in all (an alias bomb is a few hundred bytes), and no tags
/// (<c>!!python/object</c>, <c>!custom</c>): a catalog is plain data. One pass: the checks sit between the parser and
/// the tree (<see cref="YamlStream.Load(IParser)"/>), and the first limit broken stops the load with
/// <see cref="YamlLimitException"/>.
/// </summary>
internal sealed class YamlLimits(string yaml, string file) : IParser
{
    public const int MaxDepth = 64;
    public const int MaxAliases = 1_000;
    public const long MaxExpandedNodes = 100_000;

    private readonly Scanner _scanner = new(new StringReader(yaml), skipComments: true);
    private Parser? _parser;
    private readonly Stack<Frame> _open = new();
    private readonly Dictionary<string, long> _anchorSizes = new(StringComparer.Ordinal);
    /// <summary>The values the aliases so far stand for, nested aliases expanded.</summary>
    private long _expanded;
    private int _aliases;
    private int _documents;

    private Parser Parser => _parser ??= new Parser(_scanner);

    public ParsingEvent? Current => Parser.Current;

    /// <summary>Where the scanner is: the place to point at when the parser gives up without a <see cref="YamlException"/>.</summary>
    public Mark Position => _scanner.CurrentPosition;

    public bool MoveNext()
    {
        if (!Parser.MoveNext())
            return false;
        if (Check(Parser.Current!) is { } broken)
            throw new YamlLimitException(broken);
        return true;
    }

    /// <summary>The limit <paramref name="current"/> breaks, with its line; null when it keeps to them.</summary>
    private CatalogError? Check(ParsingEvent current)
    {
        var line = (int)current.Start.Line;
        switch (current)
        {
            case DocumentStart:
                if (++_documents > 1)
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
                if (++_aliases > MaxAliases)
                {
                    return new CatalogError(file, line, $"more than {MaxAliases:N0} YAML aliases (*name); write the values out");
                }
                // Only what aliases add counts: a long catalog written out has as many values as it has text.
                var expansion = _anchorSizes.GetValueOrDefault(alias.Value.Value, 1);
                _expanded += expansion;
                Add(expansion);
                if (_expanded > MaxExpandedNodes)
                {
                    return TooLarge(line);
                }
                break;
            case Scalar scalar:
                if (!scalar.Anchor.IsEmpty)
                {
                    _anchorSizes[scalar.Anchor.Value] = 1;
                }
                Add(1);
                break;
            case SequenceStart or MappingStart:
                if (_open.Count >= MaxDepth)
                {
                    return new CatalogError(file, line, $"the YAML nests deeper than {MaxDepth} levels; a catalog needs a handful");
                }
                _open.Push(new Frame(((NodeEvent)current).Anchor.IsEmpty ? null : ((NodeEvent)current).Anchor.Value));
                break;
            case SequenceEnd or MappingEnd:
                var closed = _open.Pop();
                if (closed.Anchor is not null)
                {
                    _anchorSizes[closed.Anchor] = closed.Size;
                }
                Add(closed.Size);
                break;
        }
        return null;
    }

    /// <summary>Counts nodes (an alias: the nodes it stands for) into the innermost open collection, whose size an anchor on it records.</summary>
    private void Add(long nodes)
    {
        if (_open.Count > 0)
        {
            _open.Peek().Size += nodes;
        }
    }

    /// <summary>The non-specific tag '!' (quoted scalars) is how YAML marks "no tag": allowed.</summary>
    private static bool IsImplicitTag(NodeEvent node) => node.Tag.Value == "!";

    private CatalogError TooLarge(int line) =>
        new(file, line, $"the YAML's aliases (*name) expand to more than {MaxExpandedNodes:N0} values; write the catalog out without them");

    private sealed class Frame(string? anchor)
    {
        public string? Anchor { get; } = anchor;
        public long Size { get; set; } = 1;
    }
}

/// <summary>A YAML limit of <see cref="YamlLimits"/> broken: the load stops with its error.</summary>
internal sealed class YamlLimitException(CatalogError error) : Exception(error.Message)
{
    public CatalogError Error { get; } = error;
}
