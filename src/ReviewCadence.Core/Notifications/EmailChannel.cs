using System.Net;
using System.Net.Sockets;
using System.Text;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;
using ReviewCadence.Catalog;
using ReviewCadence.Reminders;

namespace ReviewCadence.Notifications;

/// <summary>
/// The <c>email</c> channel: a multipart/alternative message (plain text and HTML) to the entry's
/// <c>to</c> (one address or a comma-separated list, possibly a <c>${NAME}</c> reference), sent through
/// the SMTP server of <see cref="SmtpOptions"/>. Everything page-derived is HTML-encoded.
/// </summary>
[NotifyType(TypeName, "to")]
internal sealed class EmailChannel(IOptions<SmtpOptions> options, SettingResolver settings) : INotificationChannel
{
    /// <summary>The catalog's <c>notify</c> <c>type</c> of this channel.</summary>
    public const string TypeName = "email";

    public string Type => TypeName;

    public async Task SendAsync(ReminderDigest digest, ChannelDefinition channel, NotificationContext context, CancellationToken cancellationToken)
    {
        var smtp = options.Value;
        if (smtp.ConfigurationProblem() is { } problem)
        {
            throw new NotificationFailedException(problem);
        }
        // ConfigurationProblem has checked that both are set and the sender parses.
        var host = smtp.Host!;
        var from = MailboxAddress.Parse(smtp.From!);
        var to = Recipients(channel);
        var message = Message(context.Content, from, to, context.DeliveryId);

        using var client = new SmtpClient { Timeout = (int)context.Timeout.TotalMilliseconds };
        try
        {
            await client.ConnectAsync(host, smtp.Port, Socket(smtp.Security), cancellationToken);
            if (!string.IsNullOrEmpty(smtp.User))
            {
                await client.AuthenticateAsync(smtp.User, smtp.Password ?? "", cancellationToken);
            }
            await client.SendAsync(message, cancellationToken);
            await client.DisconnectAsync(quit: true, cancellationToken);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested && Describe(ex) is { } reason)
        {
            // MailKit messages may quote server replies; the reason names only the step and the code.
            throw new NotificationFailedException(reason);
        }
    }

    private InternetAddressList Recipients(ChannelDefinition channel)
    {
        var raw = channel.Get("to") ?? throw new NotificationFailedException("the 'to' setting is missing");
        if (!InternetAddressList.TryParse(settings.Resolve(raw), out var list) || list.Mailboxes.Count() != list.Count || list.Count == 0)
        {
            throw new NotificationFailedException("'to' is not a list of e-mail addresses");
        }
        return list;
    }

    private static string? Describe(Exception ex) => ex switch
    {
        AuthenticationException => "the SMTP server refused the configured user's credentials",
        SmtpCommandException command => $"the SMTP server refused the message ({(int)command.StatusCode} {command.ErrorCode})",
        SslHandshakeException => "the TLS handshake with the SMTP server failed",
        SmtpProtocolException => "the SMTP server broke the protocol",
        SocketException socket => $"could not reach the SMTP server ({socket.SocketErrorCode})",
        ServiceNotConnectedException or IOException => "the connection to the SMTP server was lost",
        OperationCanceledException or TimeoutException => "the SMTP server did not answer in time",
        NotSupportedException => "the SMTP server does not support what the configured security needs",
        _ => null,
    };

    private static SecureSocketOptions Socket(SmtpSecurity security) => security switch
    {
        SmtpSecurity.None => SecureSocketOptions.None,
        SmtpSecurity.SslOnConnect => SecureSocketOptions.SslOnConnect,
        SmtpSecurity.Auto => SecureSocketOptions.Auto,
        _ => SecureSocketOptions.StartTls,
    };

    /// <summary>
    /// The message, named by the digest's delivery id twice: in <see cref="ReminderDigest.DeliveryHeader"/>, and as its
    /// Message-ID (<c>&lt;rcd_…@sender-domain&gt;</c>), so a retried digest is the same message to mail systems that
    /// drop a Message-ID they already hold, and threads as one in clients.
    /// </summary>
    internal static MimeMessage Message(ReminderContent content, MailboxAddress from, InternetAddressList to, string deliveryId)
    {
        var message = new MimeMessage { Subject = "ReviewCadence: " + content.Headline };
        message.MessageId = $"{deliveryId}@{MessageIdDomain(from)}";
        message.Headers.Add(ReminderDigest.DeliveryHeader, deliveryId);
        message.From.Add(from);
        message.To.AddRange(to);
        message.Body = new BodyBuilder { TextBody = PlainText(content), HtmlBody = Html(content) }.ToMessageBody();
        return message;
    }

    // The sender's domain makes the id globally unique; a literal or odd one ([10.0.0.1], IDN) falls back to a reserved name.
    private static string MessageIdDomain(MailboxAddress from) =>
        from.Domain is { Length: > 0 } domain && domain.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '.') ? domain : "reviewcadence.invalid";

    internal static string PlainText(ReminderContent content)
    {
        var text = new StringBuilder();
        text.AppendLine(content.Headline).AppendLine().AppendLine(content.Introduction);
        foreach (var item in content.Items)
        {
            text.AppendLine().AppendLine($"{item.Title} ({item.RunbookId})");
            text.AppendLine($"  {item.StatusLine}");
            text.AppendLine($"  {item.Why}");
            foreach (var reason in item.Reasons)
            {
                text.AppendLine($"  - {reason.Summary}{(reason.Detail is { } d ? ": " + d : "")}");
                foreach (var line in reason.Removed)
                {
                    text.AppendLine($"    - removed: {line}");
                }
                foreach (var line in reason.Added)
                {
                    text.AppendLine($"    + added: {line}");
                }
                if (reason.SourceUrl is { } source)
                {
                    text.AppendLine($"    page: {source.AbsoluteUri}");
                }
                if (reason.DiffUrl is { } diff)
                {
                    text.AppendLine($"    diff: {diff.AbsoluteUri}");
                }
            }
            if ((item.DocumentUrl?.AbsoluteUri ?? item.Document) is { } document)
            {
                text.AppendLine($"  Runbook: {document}");
            }
            if (item.DashboardUrl is { } dashboard)
            {
                text.AppendLine($"  Review in the dashboard: {dashboard.AbsoluteUri}");
            }
            text.AppendLine($"  Record the review: {item.RecordCommand}");
            text.AppendLine($"                 or: {item.RecordRoute}");
        }
        text.AppendLine().AppendLine(content.Footer);
        return text.ToString();
    }

    internal static string Html(ReminderContent content)
    {
        static string E(string text) => WebUtility.HtmlEncode(text);
        static string A(Uri url, string label) => $"<a href=\"{E(url.AbsoluteUri)}\">{E(label)}</a>";

        var html = new StringBuilder();
        html.Append("<!DOCTYPE html><html><body style=\"font-family:Segoe UI,Helvetica,Arial,sans-serif\">");
        html.Append($"<h2>{E(content.Headline)}</h2><p>{E(content.Introduction)}</p>");
        foreach (var item in content.Items)
        {
            var title = item.DocumentUrl is { } doc ? A(doc, item.Title) : E(item.Title);
            html.Append("<hr>");
            html.Append($"<h3>{title} <code>{E(item.RunbookId)}</code></h3>");
            html.Append($"<p><strong>{E(item.StatusLine)}</strong><br>{E(item.Why)}</p>");
            if (item.Reasons.Count > 0)
            {
                html.Append("<ul>");
                foreach (var reason in item.Reasons)
                {
                    html.Append($"<li>{E(reason.Summary)}");
                    if (reason.Detail is { } detail)
                    {
                        html.Append($": {E(detail)}");
                    }
                    if (reason.Removed.Count + reason.Added.Count > 0)
                    {
                        // The section's change as quoted lines, marked in words as well as colour.
                        html.Append("<ul style=\"font-family:monospace\">");
                        foreach (var line in reason.Removed)
                        {
                            html.Append($"<li style=\"color:#a1260d\"><del>removed: {E(line)}</del></li>");
                        }
                        foreach (var line in reason.Added)
                        {
                            html.Append($"<li style=\"color:#1a7f37\"><ins>added: {E(line)}</ins></li>");
                        }
                        html.Append("</ul>");
                    }
                    var links = new List<string>();
                    if (reason.SourceUrl is { } source)
                    {
                        links.Add(A(source, "page"));
                    }
                    if (reason.DiffUrl is { } diff)
                    {
                        links.Add(A(diff, "diff"));
                    }
                    if (links.Count > 0)
                    {
                        html.Append(" (").AppendJoin(" · ", links).Append(')');
                    }
                    html.Append("</li>");
                }
                html.Append("</ul>");
            }
            if (item.DocumentUrl is null && item.Document is { } document)
            {
                html.Append($"<p>Runbook: {E(document)}</p>");
            }
            if (item.DashboardUrl is { } dashboard)
            {
                html.Append($"<p>{A(dashboard, "Review in the dashboard")}</p>");
            }
            html.Append($"<p>Record the review: <code>{E(item.RecordCommand)}</code> or <code>{E(item.RecordRoute)}</code></p>");
        }
        html.Append($"<p style=\"color:#666\">{E(content.Footer)}</p></body></html>");
        return html.ToString();
    }
}
