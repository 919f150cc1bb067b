
namespace ReviewCadence.Storage;

/// <summary>Thrown when the store cannot be opened or reached; the message says which store and why, without secrets.</summary>
public sealed class StoreUnavailableException(string message, Exception? inner = null) : Exception(message, inner);
