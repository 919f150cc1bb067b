using System.Text.Json.Serialization;
using ReviewCadence.Vocabulary;

namespace ReviewCadence.Runbooks;

/// <summary>Why a runbook needs re-review: one source that changed, moved or broke since its last review.</summary>
public sealed record RunbookFinding(string Source, string Url, FindingKind Kind, DateTimeOffset DetectedAt, string? Detail);
