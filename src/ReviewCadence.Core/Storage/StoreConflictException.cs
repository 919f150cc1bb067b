
namespace ReviewCadence.Storage;

/// <summary>Thrown when a write lost an optimistic-concurrency race (the entity changed since it was read).</summary>
internal sealed class StoreConflictException(string message, Exception? inner = null) : Exception(message, inner);
