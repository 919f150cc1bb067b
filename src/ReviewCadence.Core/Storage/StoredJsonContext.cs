using System.Text.Json;
using System.Text.Json.Serialization;

namespace ReviewCadence.Storage;

/// <summary>
/// Compile-time JSON metadata for what the stores keep as JSON text: the record every check writes
/// (<see cref="LastCheckRecord"/>), so writing it costs no reflection metadata or emitted IL in a short CLI process, and
/// the id lists, batch indexes, anchors and section findings, which the natively compiled CLI cannot serialize by
/// reflection (converters over value types are not built at run time there).
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(LastCheckRecord))]
[JsonSerializable(typeof(string[]))]
[JsonSerializable(typeof(int[]))]
[JsonSerializable(typeof(Dictionary<string, int>))]
[JsonSerializable(typeof(SectionFinding))]
internal sealed partial class StoredJsonContext : JsonSerializerContext;
