using DiffPlex;
using DiffPlex.Model;

namespace ReviewCadence.Extraction;

/// <summary>The line-level difference of two normalised texts (DiffPlex, Myers): the blocks where they differ.</summary>
internal static class LineDiff
{
    public sealed record Result(IReadOnlyList<string> Before, IReadOnlyList<string> After, IReadOnlyList<DiffBlock> Blocks);

    public static Result Compute(string before, string after)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        var diff = Differ.Instance.CreateDiffs(before, after, ignoreWhiteSpace: false, ignoreCase: false, NewlineChunker.Instance);
        return new Result(diff.PiecesOld, diff.PiecesNew, diff.DiffBlocks.ToList());
    }

    /// <summary>Splits on <c>\n</c> only (the texts are normalised), and an empty text has no lines rather than one empty line.</summary>
    private sealed class NewlineChunker : IChunker
    {
        public static NewlineChunker Instance { get; } = new();

        public IReadOnlyList<string> Chunk(string text) => text.Length == 0 ? [] : text.Split('\n');
    }
}
