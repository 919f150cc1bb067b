using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.WebUtilities;
using ReviewCadence.Networking;
using ReviewCadence.Reminders;

namespace ReviewCadence.Notifications;

/// <summary>
/// Posts a channel's payload and turns every failure into a <see cref="NotificationFailedException"/>
/// naming the HTTP status or the kind of network error, never the URL: webhook URLs carry their
/// secret in the path or query, and <see cref="HttpRequestException"/> messages may include them.
/// </summary>
internal sealed partial class NotificationHttp(IHttpClientFactory clients)
{
    /// <summary>
    /// The named client for catalogs that keep webhooks off private networks (the default): its
    /// handler is <see cref="NetworkGuard"/>'s, which connects to public addresses only. Neither
    /// client follows redirects: a webhook that redirects is misconfigured, and following it would
    /// send the payload somewhere not configured.
    /// </summary>
    internal const string PublicNetworksClient = "ReviewCadence.Notifications";
    /// <summary>The named client for catalogs with <c>settings.allowPrivateNetworks: true</c>.</summary>
    internal const string PrivateNetworksClient = "ReviewCadence.Notifications.PrivateNetworks";

    private static readonly System.Text.Json.JsonSerializerOptions WebJson = new(System.Text.Json.JsonSerializerDefaults.Web);

    /// <summary>
    /// A JSON body serialised up front, so the request carries a Content-Length: <c>JsonContent</c> streams with chunked
    /// transfer encoding, which some receivers (PHP among them) read as an empty body (dotnet/runtime#49357).
    /// </summary>
    public static HttpContent JsonBody<T>(T payload)
    {
        var content = new ByteArrayContent(System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(payload, WebJson));
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        return content;
    }

    /// <summary>
    /// Posts and returns when the receiver answered 2xx. Every request carries the digest's id in
    /// <see cref="ReminderDigest.DeliveryHeader"/>: Teams and Slack ignore it, a relay or proxy in front of them can
    /// de-duplicate on it, and the generic webhook repeats it in its body.
    /// </summary>
    public async Task PostAsync(Uri url, HttpContent content, NotificationContext context, CancellationToken cancellationToken,
        Action<HttpRequestMessage>? configure = null)
    {
        var client = clients.CreateClient(context.AllowPrivateNetworks ? PrivateNetworksClient : PublicNetworksClient);
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = content };
        request.Headers.TryAddWithoutValidation(ReminderDigest.DeliveryHeader, context.DeliveryId);
        configure?.Invoke(request);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(context.Timeout);
        HttpResponseMessage response;
        try
        {
            response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        }
        catch (HttpRequestException ex) when (NetworkGuard.IsRefusal(ex))
        {
            throw new NotificationFailedException(NetworkGuard.RefusalDetail);
        }
        catch (HttpRequestException ex)
        {
            throw new NotificationFailedException($"could not deliver: {Describe(ex.HttpRequestError)}");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new NotificationFailedException($"no answer within {context.Timeout.TotalSeconds:0.#} seconds");
        }
        using (response)
        {
            if (response.IsSuccessStatusCode)
            {
                return;
            }
            var code = (int)response.StatusCode;
            var error = await ErrorCodeAsync(response, timeout.Token);
            throw new NotificationFailedException(
                $"the receiver answered HTTP {code} ({ReasonPhrases.GetReasonPhrase(code)}){(error is null ? "" : $": {error}")}");
        }
    }

    private static string Describe(HttpRequestError error) => error switch
    {
        HttpRequestError.NameResolutionError => "the host name did not resolve",
        HttpRequestError.ConnectionError => "the connection failed",
        HttpRequestError.SecureConnectionError => "the TLS handshake failed",
        HttpRequestError.ProxyTunnelError => "the proxy tunnel failed",
        HttpRequestError.ResponseEnded => "the receiver closed the connection",
        HttpRequestError.InvalidResponse or HttpRequestError.HttpProtocolError => "the receiver's answer was not valid HTTP",
        _ => "the request failed",
    };

    /// <summary>
    /// Slack and similar receivers answer a failure with a short code (<c>invalid_payload</c>,
    /// <c>no_service</c>) that says what to fix. Only such a bare token is passed on; any other body
    /// could echo anything, so it is dropped.
    /// </summary>
    private static async Task<string?> ErrorCodeAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
            var buffer = new byte[64];
            var read = await stream.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, cancellationToken);
            var body = System.Text.Encoding.UTF8.GetString(buffer, 0, read).Trim();
            return read < buffer.Length && ErrorToken().IsMatch(body) ? body : null;
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException or OperationCanceledException)
        {
            return null;
        }
    }

    [GeneratedRegex("^[a-z][a-z_]{1,59}$")]
    private static partial Regex ErrorToken();
}
