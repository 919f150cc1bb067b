using System.Text.Json.Serialization;

namespace ReviewCadence.Extraction;

/// <summary>The difference between two versions of a source's text, as hunks of lines (the form <c>diff --json</c> prints).</summary>
/// <param name="From">The label of the older version.</param>
/// <param name="To">The label of the newer version.</param>
/// <param name="LinesAdded">Lines only in the newer version.</param>
/// <param name="LinesRemoved">Lines only in the older version.</param>
/// <param name="Hunks">The changed regions with their context, in order.</param>
public sealed record DiffResult(string From, string To, int LinesAdded, int LinesRemoved, IReadOnlyList<DiffHunk> Hunks)
{
    /// <summary>True when the versions differ.</summary>
    [JsonIgnore]
    public bool HasChanges => Hunks.Count > 0;
}

/// <summary>One changed region. Starts are 1-based; a zero count means the range is empty (start is then the line before it).</summary>
public sealed record DiffHunk(int OldStart, int OldCount, int NewStart, int NewCount, IReadOnlyList<DiffLine> Lines);

/// <summary>One line of a hunk with its line numbers in the old and new text (null on the side where it does not exist).</summary>
public sealed record DiffLine(DiffLineKind Kind, string Text, int? OldLine, int? NewLine);

/// <summary>Which side of the diff a line is on.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<DiffLineKind>))]
public enum DiffLineKind
{
    /// <summary>In both versions (context around a change).</summary>
    [JsonStringEnumMemberName("context")]
    Context,
    /// <summary>Only in the newer version.</summary>
    [JsonStringEnumMemberName("added")]
    Added,
    /// <summary>Only in the older version.</summary>
    [JsonStringEnumMemberName("removed")]
    Removed,
}
