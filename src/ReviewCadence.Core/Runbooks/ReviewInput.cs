
namespace ReviewCadence.Runbooks;

/// <summary>What a reviewer says about a runbook.</summary>
public sealed record ReviewInput(string RunbookId, string Reviewer, string Result = "pass", string? Notes = null);
