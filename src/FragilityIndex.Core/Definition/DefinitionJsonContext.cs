using System.Text.Json;
using System.Text.Json.Serialization;

namespace FragilityIndex.Definition;

/// <summary>
/// The definition types' JSON contract, generated at compile time: no reflection, so the CLI can be compiled ahead of
/// time (Native AOT) and starts without building serializers. Camel-case names, comments and trailing commas allowed,
/// unknown members refused, as definition files are written by hand.
/// </summary>
/// <remarks>
/// The source generator sets only the members a file names when they have a setter; an init-only member would be reset
/// to its type's default (dotnet/runtime#84484), which is why the definition records' members are settable.
/// </remarks>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    ReadCommentHandling = JsonCommentHandling.Skip,
    AllowTrailingCommas = true,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow)]
[JsonSerializable(typeof(IndexDefinition))]
internal sealed partial class DefinitionJsonContext : JsonSerializerContext;
