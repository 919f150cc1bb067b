using System.Text.Json;
using System.Text.Json.Serialization;

namespace ReviewCadence.Checking.Batching;

/// <summary>
/// Compile-time JSON metadata for what a fanned-out run keeps and queues as JSON (a source's verdict, a batch message):
/// the natively compiled CLI (<c>serve</c> fans out in-process) cannot serialize these records by reflection.
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(SourceVerdict))]
[JsonSerializable(typeof(CheckBatchMessage))]
internal sealed partial class BatchJsonContext : JsonSerializerContext;
