using System.Text.Json.Serialization;

namespace ReviewCadence.Vocabulary;

public static class CheckNames
{
    public static string Name(this CheckOutcome outcome) => outcome.ToString().ToLowerInvariant();
    public static string Name(this FindingKind kind) => kind == FindingKind.FailedReview ? "failed-review" : kind.ToString().ToLowerInvariant();

    public static CheckOutcome ParseOutcome(string value) => Enum.Parse<CheckOutcome>(value, ignoreCase: true);
    public static FindingKind ParseFindingKind(string value) => Enum.Parse<FindingKind>(value, ignoreCase: true);
}
