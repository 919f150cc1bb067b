using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using ReviewCadence.Checking;
using ReviewCadence.Notifications;
using ReviewCadence.Reminders;
using ReviewCadence.Runbooks;
using ReviewCadence.Sources;
using ReviewCadence.Storage;

namespace ReviewCadence.Api;

/// <summary>
/// Compile-time JSON metadata for every contract body (<see cref="ReviewCadenceJson.Options"/>: CLI <c>--json</c>, the
/// HTTP API, webhooks). The published CLI is compiled ahead of time (Native AOT), where the reflection serializer
/// cannot build converters over value types (a record's <c>int?</c> constructor parameter, a
/// <c>Dictionary&lt;string, int&gt;</c>) and fails at run time; from this metadata nothing is built by reflection.
/// A body type the contracts serialize is listed here (the end-to-end tests of the published CLI fail otherwise).
/// It lives with the API, above every folder whose types it names; <see cref="ContractJsonRegistration"/> hands it to
/// the shared options below them.
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(CheckReport))]
[JsonSerializable(typeof(RunbookStatus))]
[JsonSerializable(typeof(IReadOnlyList<RunbookStatus>))]
[JsonSerializable(typeof(IReadOnlyList<ReviewRecord>))]
[JsonSerializable(typeof(ReminderReport))]
[JsonSerializable(typeof(SourceHistory))]
[JsonSerializable(typeof(SourceDiff))]
[JsonSerializable(typeof(WebhookChannel.WebhookPayload))]
[JsonSerializable(typeof(ReviewCadenceApi.ReviewRequest))]
[JsonSerializable(typeof(ApiBodies.CheckStarted))]
[JsonSerializable(typeof(ApiBodies.CheckRunning))]
[JsonSerializable(typeof(ApiBodies.RunbookList))]
[JsonSerializable(typeof(ApiBodies.ReviewRecorded))]
[JsonSerializable(typeof(ApiBodies.SourceList))]
[JsonSerializable(typeof(ApiBodies.Health))]
[JsonSerializable(typeof(ApiBodies.Problem))]
[JsonSerializable(typeof(JsonObject))]
internal sealed partial class ContractJsonContext : JsonSerializerContext;

/// <summary>Puts <see cref="ContractJsonContext"/> first in <see cref="ReviewCadenceJson.Options"/> when Core loads, before any use.</summary>
internal static class ContractJsonRegistration
{
    // A module initializer, not host wiring: every host (and every test) serializes contracts, some before or without
    // AddReviewCadence, and options cannot change once used.
#pragma warning disable CA2255 // ModuleInitializer in a library: deliberate (above).
    [ModuleInitializer]
    internal static void Register() => ReviewCadenceJson.UseCompiledMetadataFirst(ContractJsonContext.Default);
#pragma warning restore CA2255
}
