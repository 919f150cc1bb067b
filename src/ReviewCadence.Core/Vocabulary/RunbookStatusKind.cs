using System.Text.Json.Serialization;

namespace ReviewCadence.Vocabulary;

/// <summary>The status ladder, most urgent first: needs-review &gt; overdue &gt; due-soon &gt; current.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<RunbookStatusKind>))]
public enum RunbookStatusKind
{
    [JsonStringEnumMemberName("current")] Current,
    [JsonStringEnumMemberName("due-soon")] DueSoon,
    [JsonStringEnumMemberName("overdue")] Overdue,
    [JsonStringEnumMemberName("needs-review")] NeedsReview,
}
