using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text;
using ReviewCadence.Catalog;
using ReviewCadence.Reminders;
using ReviewCadence.Vocabulary;

namespace ReviewCadence.Notifications;

/// <summary>
/// The generic <c>webhook</c> channel: a JSON POST of the digest in the documented shape, signed with
/// <c>X-ReviewCadence-Signature: sha256=HEX</c> (HMAC-SHA256 of the exact body bytes) when the entry
/// has a <c>secret</c>. <c>owner</c> is the runbooks' follow-up owner; on an escalation the payload
/// goes to the escalation owner's webhook with <c>escalation: true</c>, and <c>ownerUnreachable: true</c> when it is sent
/// because the owner could not be reached.
/// </summary>
[NotifyType(TypeName, "url", "secret")]
internal sealed class WebhookChannel(NotificationHttp http, SettingResolver settings) : INotificationChannel
{
    public const string SignatureHeader = "X-ReviewCadence-Signature";
    /// <summary>The digest's stable id (<see cref="ReminderDigest.DeliveryId"/>), the same on every retry: receivers de-duplicate on it.</summary>
    public const string DeliveryHeader = ReminderDigest.DeliveryHeader;

    private static readonly JsonSerializerOptions Json = new(ReviewCadenceJson.Options) { WriteIndented = false };

    /// <summary>The catalog's <c>notify</c> <c>type</c> of this channel.</summary>
    public const string TypeName = "webhook";

    public string Type => TypeName;

    public async Task SendAsync(ReminderDigest digest, ChannelDefinition channel, NotificationContext context, CancellationToken cancellationToken)
    {
        var url = settings.ResolveHttpUrl(channel, "url");
        var secret = channel.Get("secret") is { } raw ? settings.Resolve(raw) : null;
        var body = JsonSerializer.SerializeToUtf8Bytes(Payload(digest), Json);
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        await http.PostAsync(url, content, context, cancellationToken, request =>
        {
            if (secret is not null)
            {
                request.Headers.TryAddWithoutValidation(SignatureHeader, Signature(secret, body));
            }
        });
    }

    /// <summary><c>sha256=</c> and the lowercase hex HMAC-SHA256 of <paramref name="body"/> keyed with the UTF-8 secret.</summary>
    public static string Signature(string secret, ReadOnlySpan<byte> body) =>
        "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body));

    internal static WebhookPayload Payload(ReminderDigest digest) => new(
        digest.DeliveryId,
        digest.OwnerId,
        digest.Escalation,
        digest.OwnerUnreachable,
        digest.SentAt,
        digest.Items.Select(i => new WebhookRunbook(
            i.Runbook.Id,
            i.Runbook.Title,
            i.Runbook.Status,
            i.Runbook.NextReviewDue,
            i.Runbook.Overdue,
            i.Runbook.DaysOverdue,
            i.Runbook.Findings.Select(f => new WebhookFinding(f.Source, f.Url, f.Kind, f.DetectedAt, f.Detail) { Section = f.Section, Claims = f.Claims }).ToList())).ToList());

    internal sealed record WebhookPayload(string DeliveryId, string Owner, bool Escalation, bool OwnerUnreachable, DateTimeOffset SentAt, IReadOnlyList<WebhookRunbook> Runbooks);

    internal sealed record WebhookRunbook(string Id, string Title, RunbookStatusKind Status, DateOnly? NextReviewDue, bool Overdue, int? DaysOverdue, IReadOnlyList<WebhookFinding> Findings);

    internal sealed record WebhookFinding(string? Source, string? Url, FindingKind Kind, DateTimeOffset DetectedAt, string? Detail)
    {
        /// <summary>The cited section the finding is about; absent for the whole page.</summary>
        [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
        public string? Section { get; init; }

        /// <summary>The cited claims no longer found in the section; absent when none is missing.</summary>
        [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
        public IReadOnlyList<string>? Claims { get; init; }
    }
}
