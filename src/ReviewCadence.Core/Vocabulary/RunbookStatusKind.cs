using System.Text.Json.Serialization;

namespace ReviewCadence.Vocabulary;

/// <summary>The status ladder, most urgent first: needs-review &gt; overdue &gt; due-soon &gt; current.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<RunbookStatusKind>))]
public enum RunbookStatusKind
{
    /// <summary>Reviewed within its cadence, nothing open.</summary>
    [JsonStringEnumMemberName("current")] Current,
    /// <summary>Its cadence review falls due within <c>dueSoonDays</c>.</summary>
    [JsonStringEnumMemberName("due-soon")] DueSoon,
    /// <summary>Past its cadence review date.</summary>
    [JsonStringEnumMemberName("overdue")] Overdue,
    /// <summary>A finding is open: a cited source changed, moved or broke, or the last review failed.</summary>
    [JsonStringEnumMemberName("needs-review")] NeedsReview,
}
