
namespace ReviewCadence.Runbooks;

/// <summary>A review request that cannot be recorded as given (the message says what to change).</summary>
public sealed class ReviewRejectedException(string field, string message) : Exception(message)
{
    public string Field { get; } = field;
}
