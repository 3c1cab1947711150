using System.Text.Json;
using System.Text.Json.Serialization;

namespace SikkerKey;

// Source-generated so the SDK stays trimmable for the Native AOT CLI; a missing required field is an error,
// never a silent null.
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, RespectNullableAnnotations = true, RespectRequiredConstructorParameters = true)]
[JsonSerializable(typeof(ValueResponse))]
[JsonSerializable(typeof(SecretsResponse))]
[JsonSerializable(typeof(PollResponse))]
[JsonSerializable(typeof(ProjectRequest))]
[JsonSerializable(typeof(PollRequest))]
[JsonSerializable(typeof(ErrorResponse))]
[JsonSerializable(typeof(CliSecretsResponse))]
[JsonSerializable(typeof(CliProjectsResponse))]
[JsonSerializable(typeof(AccessCheck))]
[JsonSerializable(typeof(List<string>))]
internal sealed partial class WireJson : JsonSerializerContext;
