using System.Text.Json;
using System.Text.Json.Serialization;
using ReviewCadence.Checking;
using ReviewCadence.Storage;

namespace ReviewCadence;

/// <summary>
/// Compile-time JSON metadata for what every check writes: the report (<c>check --json</c>) and the last-check record
/// both stores keep. Without it the serializer builds the metadata by reflection and emits IL for the accessors on
/// first use, tens of milliseconds of a CLI process that lives well under a second. The shapes are those of the options
/// that use it (<see cref="ReviewCadenceJson.Options"/>, <see cref="LastCheckRecord"/>'s stored shape); other types
/// still go by reflection.
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(CheckReport))]
[JsonSerializable(typeof(LastCheckRecord))]
internal sealed partial class ReviewCadenceJsonContext : JsonSerializerContext;
