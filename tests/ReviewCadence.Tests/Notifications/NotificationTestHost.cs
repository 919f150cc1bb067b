using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ReviewCadence.Catalog;
using ReviewCadence.Notifications;
using ReviewCadence.Reminders;
using ReviewCadence.Runbooks;
using ReviewCadence.Vocabulary;

namespace ReviewCadence.Tests.Notifications;

/// <summary>The real notification services (AddReminders) with given configuration and a capturing logger.</summary>
internal sealed class NotificationTestHost : IAsyncDisposable
{
    public static readonly DateTimeOffset SentAt = new(2026, 11, 20, 9, 0, 0, TimeSpan.Zero);

    private readonly ServiceProvider _services;

    public NotificationTestHost(IDictionary<string, string?>? configuration = null, Action<IServiceCollection>? configure = null)
    {
        Configuration = new ConfigurationBuilder().AddInMemoryCollection(configuration ?? new Dictionary<string, string?>()).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(Configuration);
        services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Trace).AddProvider(Logs));
        services.AddReminders();
        configure?.Invoke(services);
        _services = services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true });
    }

    public IConfiguration Configuration { get; }

    public CapturingLoggerProvider Logs { get; } = new();

    public IServiceProvider Services => _services;

    public INotificationChannel Channel(string type) => _services.GetRequiredService<NotificationChannelRegistry>().Get(type);

    public Task SendAsync(string type, ReminderDigest digest, ChannelDefinition channel, ReviewCatalog? catalog = null, Uri? publicBaseUrl = null,
        bool allowPrivateNetworks = true)
    {
        catalog ??= Catalog();
        var content = ReminderContent.Build(digest, catalog, publicBaseUrl);
        var context = new NotificationContext(channel.Label(0), content, allowPrivateNetworks, TimeSpan.FromSeconds(10), digest.DeliveryId);
        return Channel(type).SendAsync(digest, channel, context, CancellationToken.None);
    }

    public ValueTask DisposeAsync() => _services.DisposeAsync();

    public static ChannelDefinition Entry(string type, params (string Key, string Value)[] settings) =>
        new() { Type = type, Settings = settings.ToDictionary(s => s.Key, s => s.Value) };

    /// <summary>Page text a hostile or careless page could produce.</summary>
    public const string PageDetail = "Volume pricing <script>alert(1)</script> & [sign in](https://evil.example/login) removed";

    public static ReviewCatalog Catalog() => new()
    {
        FilePath = "catalog.yaml",
        Sources =
        [
            new SourceDefinition { Id = "cometapi-pricing-docs", Url = new Uri("https://apidoc.cometapi.com/pricing/about-pricing"), Title = "CometAPI pricing documentation" },
            new SourceDefinition { Id = "finops-allocation", Url = new Uri("https://www.finops.org/framework/capabilities/allocation/") },
        ],
        Owners = [new OwnerDefinition { Id = "platform-cost-operator", EscalateTo = "finops-lead" }, new OwnerDefinition { Id = "finops-lead" }],
        Runbooks =
        [
            new RunbookDefinition { Id = "token-budget-quality-gate", Title = "AI API token budget quality gate", Owner = "platform-cost-operator", SourceIds = ["cometapi-pricing-docs", "finops-allocation"], Document = "https://wiki.example.com/runbooks/gate" },
            new RunbookDefinition { Id = "allocation-tags", Title = "Allocation tags", Owner = "platform-cost-operator", SourceIds = ["finops-allocation"], Document = "docs/runbooks/allocation-tags.md" },
        ],
    };

    public static ReminderDigest Digest(bool escalation = false) => new()
    {
        RecipientId = escalation ? "finops-lead" : "platform-cost-operator",
        OwnerId = "platform-cost-operator",
        Escalation = escalation,
        SentAt = SentAt,
        Items =
        [
            new ReminderItem
            {
                StateKey = "needs-review:x",
                ReminderNumber = 2,
                OutstandingSince = new DateOnly(2026, 11, 3),
                Runbook = new RunbookStatus
                {
                    Id = "token-budget-quality-gate",
                    Title = "AI API token budget quality gate",
                    Owner = "platform-cost-operator",
                    Status = RunbookStatusKind.NeedsReview,
                    LastReviewed = new DateOnly(2026, 11, 1),
                    NextReviewDue = new DateOnly(2026, 12, 1),
                    Document = "https://wiki.example.com/runbooks/gate",
                    Findings =
                    [
                        new RunbookFinding("cometapi-pricing-docs", "https://apidoc.cometapi.com/pricing/about-pricing", FindingKind.Changed,
                            new DateTimeOffset(2026, 11, 3, 6, 0, 0, TimeSpan.Zero), PageDetail),
                    ],
                },
            },
            new ReminderItem
            {
                StateKey = "overdue:2026-11-10",
                ReminderNumber = 1,
                OutstandingSince = new DateOnly(2026, 11, 11),
                Runbook = new RunbookStatus
                {
                    Id = "allocation-tags",
                    Title = "Allocation tags",
                    Owner = "platform-cost-operator",
                    Status = RunbookStatusKind.Overdue,
                    LastReviewed = new DateOnly(2026, 10, 11),
                    NextReviewDue = new DateOnly(2026, 11, 10),
                    Document = "docs/runbooks/allocation-tags.md",
                    Findings = [],
                },
            },
        ],
    };
}
