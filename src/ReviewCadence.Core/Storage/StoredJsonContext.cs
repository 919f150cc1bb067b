using System.Text.Json;
using System.Text.Json.Serialization;

namespace ReviewCadence.Storage;

/// <summary>
/// Compile-time JSON metadata for the record every check writes (<see cref="LastCheckRecord"/>), so writing it costs no
/// reflection metadata or emitted IL in a short CLI process.
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(LastCheckRecord))]
internal sealed partial class StoredJsonContext : JsonSerializerContext;
