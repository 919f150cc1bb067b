
namespace ReviewCadence.Runbooks;

/// <summary>A review request that cannot be recorded as given (the message says what to change).</summary>
public sealed class ReviewRejectedException(string field, string message) : Exception(message)
{
    /// <summary>The request field to change (<c>reviewer</c>, <c>result</c>, <c>notes</c>).</summary>
    public string Field { get; } = field;
}
