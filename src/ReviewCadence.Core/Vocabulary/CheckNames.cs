using System.Text.Json.Serialization;

namespace ReviewCadence.Vocabulary;

/// <summary>The contract names of outcomes and finding kinds (<c>check --json</c>, the store), and parsing them back.</summary>
public static class CheckNames
{
    /// <summary>The outcome's contract name, e.g. <c>unreachable</c>.</summary>
    public static string Name(this CheckOutcome outcome) => outcome.ToString().ToLowerInvariant();
    /// <summary>The finding kind's contract name, e.g. <c>failed-review</c>.</summary>
    public static string Name(this FindingKind kind) => kind == FindingKind.FailedReview ? "failed-review" : kind.ToString().ToLowerInvariant();

    /// <summary>The outcome a stored name stands for (case-insensitive).</summary>
    public static CheckOutcome ParseOutcome(string value) => Enum.Parse<CheckOutcome>(value, ignoreCase: true);
    /// <summary>The finding kind a stored name stands for (case-insensitive).</summary>
    public static FindingKind ParseFindingKind(string value) => Enum.Parse<FindingKind>(value, ignoreCase: true);
}
