using System.Text.Json;
using System.Text.Json.Serialization;

namespace SikkerKey.Cli.Connecting;

/// <summary>cli.json as the bundle holds it; every key optional, other keys ignored.</summary>
internal sealed record CliConfigJson(string? ApiUrl, string? VaultId, string? MachineId, string? ProjectId, string? IdentityPath);

// Source-generated: the CLI is a Native AOT binary.
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(CliConfigJson))]
internal sealed partial class CliJson : JsonSerializerContext;
