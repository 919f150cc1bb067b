namespace ReviewCadence.Api;

/// <summary>
/// A host-neutral HTTP response: the Functions app and <c>serve</c> copy it onto their own response
/// types, so status codes and bodies are decided once, here.
/// </summary>
public sealed record ApiResponse(int StatusCode, string ContentType, string Body)
{
    /// <summary>The content type of a JSON body.</summary>
    public const string Json = "application/json; charset=utf-8";
    /// <summary>The content type of an RFC 9457 problem body.</summary>
    public const string ProblemJson = "application/problem+json; charset=utf-8";

    /// <summary>Headers to send besides the content type (e.g. <c>Location</c> of a started run).</summary>
    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();

    /// <summary>A 200 with <paramref name="value"/> as the contracts' JSON.</summary>
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
        new(status, ProblemJson, ReviewCadenceJson.Serialize(new ApiBodies.Problem("about:blank", title, status, detail, errors)));
}
