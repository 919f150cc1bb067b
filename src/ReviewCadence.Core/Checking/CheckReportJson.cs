using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace ReviewCadence.Checking;

/// <summary>
/// <c>check --json</c>: the report in the contracts' JSON shape (<see cref="ReviewCadenceJson.Options"/>), from
/// compile-time metadata. Without it the serializer builds the report's metadata by reflection and emits IL for its
/// accessors on first use: tens of milliseconds of a CLI process that lives well under a second.
/// </summary>
public static class CheckReportJson
{
    /// <summary>The contracts' options (<see cref="ReviewCadenceJson.Options"/>) with the report's compile-time metadata first.</summary>
    public static JsonSerializerOptions Options { get; } = new(ReviewCadenceJson.Options)
    {
        TypeInfoResolver = JsonTypeInfoResolver.Combine(CheckReportJsonContext.Default, ReviewCadenceJson.Options.TypeInfoResolver ?? new DefaultJsonTypeInfoResolver()),
    };

    /// <summary>The report as <c>check --json</c> prints it.</summary>
    public static string Serialize(CheckReport report) => JsonSerializer.Serialize(report, Options);
}

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(CheckReport))]
internal sealed partial class CheckReportJsonContext : JsonSerializerContext;
