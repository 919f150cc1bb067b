namespace ReviewCadence.Api;

/// <summary>
/// A host-neutral HTTP response: the Functions app and <c>serve</c> copy it onto their own response
/// types, so status codes and bodies are decided once, here.
/// </summary>
public sealed record ApiResponse(int StatusCode, string ContentType, string Body)
{
    public const string Json = "application/json; charset=utf-8";
    public const string ProblemJson = "application/problem+json; charset=utf-8";

    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();

    public static ApiResponse Ok<T>(T value) => new(200, Json, ReviewCadenceJson.Serialize(value));

    /// <summary>Copies this response onto an ASP.NET Core response (what both hosts' middleware and <c>serve</c>'s routes do).</summary>
    public async Task WriteToAsync(Microsoft.AspNetCore.Http.HttpResponse response, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(response);
        response.StatusCode = StatusCode;
        response.ContentType = ContentType;
        foreach (var (name, value) in Headers)
        {
            response.Headers[name] = value;
        }
        await Microsoft.AspNetCore.Http.HttpResponseWritingExtensions.WriteAsync(response, Body, cancellationToken);
    }

    /// <summary>An RFC 9457 problem body. <paramref name="errors"/> maps field names to messages (for forms).</summary>
    public static ApiResponse Problem(int status, string title, string detail, IReadOnlyDictionary<string, string>? errors = null) =>
        new(status, ProblemJson, ReviewCadenceJson.Serialize(new { type = "about:blank", title, status, detail, errors }));
}
