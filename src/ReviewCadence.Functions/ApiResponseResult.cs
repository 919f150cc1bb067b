using Microsoft.AspNetCore.Mvc;
using ReviewCadence.Api;

namespace ReviewCadence.Functions;

/// <summary>
/// Writes a Core <see cref="ApiResponse"/> (status, content type, headers, body) as the HTTP response,
/// so the Functions app answers exactly as <c>reviewcadence serve</c> does.
/// </summary>
internal sealed class ApiResponseResult(ApiResponse response) : IActionResult
{
    public Task ExecuteResultAsync(ActionContext context)
    {
        foreach (var (name, value) in response.Headers)
        {
            context.HttpContext.Response.Headers[name] = value;
        }

        var content = new ContentResult
        {
            StatusCode = response.StatusCode,
            ContentType = response.ContentType,
            Content = response.Body,
        };
        return content.ExecuteResultAsync(context);
    }
}
