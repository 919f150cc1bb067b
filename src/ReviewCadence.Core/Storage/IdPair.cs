namespace ReviewCadence.Storage;

/// <summary>
/// Two ids that name one thing together (a citation's source and runbook, a store entity's partition and row), as a
/// set or dictionary key. A class, so collections of it share the precompiled code of collections of references.
/// </summary>
internal sealed record IdPair(string First, string Second);
