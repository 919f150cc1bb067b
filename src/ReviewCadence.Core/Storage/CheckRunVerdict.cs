namespace ReviewCadence.Storage;

/// <summary>One source's verdict in a fanned-out run, as the checker serialised it (small: no page content).</summary>
public sealed record CheckRunVerdict(string SourceId, string Verdict);
