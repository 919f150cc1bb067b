using ReviewCadence.Runbooks;
using ReviewCadence.Vocabulary;

namespace ReviewCadence.Tests.Runbooks;

public class StatusLadderTests
{
    private static readonly DateOnly Due = new(2026, 12, 1);

    [Theory]
    [InlineData("2026-11-01", RunbookStatusKind.Current)]
    [InlineData("2026-11-23", RunbookStatusKind.Current)]
    [InlineData("2026-11-24", RunbookStatusKind.DueSoon)]
    [InlineData("2026-12-01", RunbookStatusKind.DueSoon)]
    [InlineData("2026-12-02", RunbookStatusKind.Overdue)]
    public void Cadence_decides_without_findings(string today, RunbookStatusKind expected) =>
        Assert.Equal(expected, RunbookStatusNames.Evaluate(false, Due, 7, DateOnly.Parse(today)));

    [Fact]
    public void A_finding_outranks_everything() =>
        Assert.Equal(RunbookStatusKind.NeedsReview, RunbookStatusNames.Evaluate(true, Due, 7, new DateOnly(2027, 1, 1)));

    [Fact]
    public void Never_reviewed_is_overdue() =>
        Assert.Equal(RunbookStatusKind.Overdue, RunbookStatusNames.Evaluate(false, null, 7, new DateOnly(2026, 1, 1)));

    [Theory]
    [InlineData(RunbookStatusKind.NeedsReview, "needs-review")]
    [InlineData(RunbookStatusKind.DueSoon, "due-soon")]
    public void Names_are_the_contract_names(RunbookStatusKind kind, string name)
    {
        Assert.Equal(name, kind.Name());
        Assert.Equal($"\"{name}\"", System.Text.Json.JsonSerializer.Serialize(kind));
    }
}
